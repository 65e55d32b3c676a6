"""What goes with the removed uses, decided on the original tree before anything changes.

    if rating is not None:                      # removed: its block empties and its test
        ticket.satisfaction_rating = rating     #   has no side effects
    eta = payload.eta                           # removed: it only fed the removed keyword
    task = Task(title=title, eta=eta)           # the keyword eta= is the use removed

- A block whose statements all go empties. An ``if`` (or ``elif``) whose block empties goes
  with it when its test has no side effects and nothing follows it (no ``else``, or one that
  empties too); an emptied ``else`` goes. Any other emptied block (a loop, a ``with``, a
  function, an ``if`` whose test calls something) keeps ``pass`` and is marked for a person.
- A local variable of a function whose every read was inside removed code goes too: its
  assignments are removed when their values have no side effects; otherwise the value stays
  as a statement of its own (``compute(x)``), since the call may do something.

This repeats until nothing more goes: a removed local can empty a block, a removed ``if``
can leave a local unread. The functions here are pure: they take the removal units (nodes
of the original tree) and answer with more of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import Assignment, FunctionScope, Scope

from colretire.codemods.base import Parents, ancestors, statement_of

#: Calls that only look: a test that makes only these has no side effects.
PURE_CALLS = frozenset(
    {"isinstance", "issubclass", "len", "bool", "hasattr", "callable", "min", "max", "abs"}
)
LITERALS = (
    cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis,
)  # fmt: skip


def pure(expression: cst.CSTNode) -> bool:
    """Whether evaluating ``expression`` has no side effect: names, attributes, literals,
    comparisons, ``not``/``and``/``or``, arithmetic on those, and calls of ``len`` and the
    like. A subscript, another call, a ``:=`` or an ``await`` may do something."""
    if isinstance(expression, (cst.Name, *LITERALS)):
        return True
    if isinstance(expression, cst.Attribute):
        return pure(expression.value)
    if isinstance(expression, cst.Comparison):
        return pure(expression.left) and all(pure(c.comparator) for c in expression.comparisons)
    if isinstance(expression, cst.BooleanOperation):
        return pure(expression.left) and pure(expression.right)
    if isinstance(expression, cst.UnaryOperation):
        return pure(expression.expression)
    if isinstance(expression, cst.BinaryOperation):
        return pure(expression.left) and pure(expression.right)
    if isinstance(expression, (cst.Tuple, cst.List, cst.Set)):
        return all(pure(e.value) for e in expression.elements)
    if isinstance(expression, cst.FormattedString):
        return all(
            pure(part.expression)
            for part in expression.parts
            if isinstance(part, cst.FormattedStringExpression)
        )
    if isinstance(expression, cst.Call) and isinstance(expression.func, cst.Name):
        return expression.func.value in PURE_CALLS and all(pure(a.value) for a in expression.args)
    return False


@dataclass
class Cleanup:
    """The units that go with the removals (``removed``), the emptied blocks left for a
    person (``emptied``: the statement that owns the block), and the assignments whose
    target goes while their value stays (``kept_values``), each with a note."""

    removed: dict[cst.CSTNode, str] = field(default_factory=dict)
    emptied: dict[cst.CSTNode, str] = field(default_factory=dict)
    kept_values: dict[cst.CSTNode, str] = field(default_factory=dict)


def clean_up(
    units: Iterable[cst.CSTNode],
    parents: Parents,
    scopes: Mapping[cst.CSTNode, Scope | None],
) -> Cleanup:
    """What goes with ``units`` (the removal units of one file), to a fixed point."""
    doomed = set(units)
    found = Cleanup()
    emptied: dict[cst.CSTNode, str] = {}
    while True:
        before = len(doomed) + len(found.kept_values)
        for owner, what in _emptied_owners(doomed, parents):
            if _removable(owner, doomed, parents):
                doomed.add(owner)
                found.removed[owner] = f"removed this {what}: its block is empty now"
            else:
                emptied[owner] = what
        for assignment, name in _dead_locals(doomed, parents, scopes, found.kept_values):
            statement = statement_of(assignment, parents)
            value = assignment.value
            if value is not None and pure(value):
                doomed.add(statement)
                found.removed[statement] = f"removed local {name}: it only fed removed code"
            else:
                found.kept_values[assignment] = (
                    f"local {name} only fed removed code: its value is still computed, for "
                    "what the call may do"
                )
        if len(doomed) + len(found.kept_values) == before:
            break
    for owner, what in emptied.items():
        if owner not in doomed and not any(a in doomed for a in ancestors(owner, parents)):
            found.emptied[owner] = (
                f"the block of this {what} is empty once the uses are removed: marked for a person"
            )
    return found


# --- emptied blocks ------------------------------------------------------------------------


def _emptied_owners(doomed: set[cst.CSTNode], parents: Parents) -> list[tuple[cst.CSTNode, str]]:
    """The statements (and ``else`` clauses) whose block every doomed statement empties."""
    blocks = {_block_of(node, parents) for node in doomed}
    owners = []
    for block in blocks:
        if block is None or not all(_gone(s, doomed) for s in block.body):
            continue
        owner = parents.get(block)
        if owner is not None and not isinstance(owner, cst.Module):
            owners.append((owner, _what(owner, parents)))
    return owners


def _block_of(
    node: cst.CSTNode, parents: Parents
) -> cst.IndentedBlock | cst.SimpleStatementSuite | None:
    parent = parents.get(node)
    if isinstance(parent, cst.SimpleStatementLine):
        parent = parents.get(parent)
    if isinstance(parent, (cst.IndentedBlock, cst.SimpleStatementSuite)):
        return parent
    return None


def _gone(statement: cst.CSTNode, doomed: set[cst.CSTNode]) -> bool:
    if statement in doomed:
        return True
    if isinstance(statement, cst.SimpleStatementLine):
        return all(small in doomed for small in statement.body)
    return False


def _what(owner: cst.CSTNode, parents: Parents) -> str:
    if isinstance(owner, cst.If):
        return "elif" if isinstance(parents.get(owner), cst.If) else "if"
    names = {
        cst.Else: "else", cst.For: "for loop", cst.While: "while loop", cst.With: "with",
        cst.FunctionDef: "function", cst.ClassDef: "class", cst.Try: "try",
        cst.ExceptHandler: "except", cst.Finally: "finally",
    }  # fmt: skip
    return names.get(type(owner), "block")


def _removable(owner: cst.CSTNode, doomed: set[cst.CSTNode], parents: Parents) -> bool:
    """Whether the owner of an emptied block can go: an ``else`` of an ``if`` can; an
    ``if`` can when its test has no side effects and what follows it goes too."""
    if isinstance(owner, cst.Else):
        return isinstance(parents.get(owner), cst.If)
    if isinstance(owner, cst.If):
        return (owner.orelse is None or owner.orelse in doomed) and pure(owner.test)
    return False


# --- dead locals ---------------------------------------------------------------------------


def _dead_locals(
    doomed: set[cst.CSTNode],
    parents: Parents,
    scopes: Mapping[cst.CSTNode, Scope | None],
    handled: Mapping[cst.CSTNode, str],
) -> list[tuple[cst.Assign | cst.AnnAssign, str]]:
    """The assignments of the function locals whose every read is inside doomed code, when
    every assignment of the name is a plain ``name = value`` not already doomed."""
    functions = {s for s in scopes.values() if isinstance(s, FunctionScope)}
    found: list[tuple[cst.Assign | cst.AnnAssign, str]] = []
    for scope in functions:
        by_name: dict[str, list[Assignment]] = {}
        for assignment in scope.assignments:
            if isinstance(assignment, Assignment) and assignment.scope is scope:
                by_name.setdefault(assignment.name, []).append(assignment)
        for name, assignments in by_name.items():
            statements = [_plain(a.node, parents) for a in assignments]
            if any(s is None for s in statements):
                continue
            plain = [s for s in statements if s is not None]
            if all(s in handled or _inside(s, doomed, parents) for s in plain):
                continue
            reads = [access.node for a in assignments for access in a.references]
            if reads and all(_inside(read, doomed, parents) for read in reads):
                found += [
                    (s, name) for s in plain if s not in handled and not _inside(s, doomed, parents)
                ]
    return found


def _plain(target: cst.CSTNode, parents: Parents) -> cst.Assign | cst.AnnAssign | None:
    """The statement ``target = value`` (one target, a name) that ``target`` is assigned by."""
    parent = parents.get(target)
    if isinstance(parent, cst.AnnAssign) and parent.target is target and parent.value is not None:
        return parent
    if isinstance(parent, cst.AssignTarget) and parent.target is target:
        assign = parents.get(parent)
        if isinstance(assign, cst.Assign) and len(assign.targets) == 1:
            return assign
    return None


def _inside(node: cst.CSTNode, doomed: set[cst.CSTNode], parents: Parents) -> bool:
    return node in doomed or any(a in doomed for a in ancestors(node, parents))
