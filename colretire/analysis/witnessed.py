"""The attributes an object has already answered before a read of it, and those that only
a wrapper of the models' rows binds.

``user.server`` on an object of unknown type may be any object's ``server``. Where the
function has already read another attribute of that same object (``if
user.spawn_pending:``, ``if not user.waiting_for_response:``) on every path that reaches
the read, the object has that attribute, or the read would have raised. Where no class of
the project but a wrapper that hands the attributes it lacks on to the rows of the column's
models (:mod:`~colretire.analysis.forwarding`) binds that attribute (:func:`witness_names`,
searched as :mod:`~colretire.analysis.exclusive` searches the models' names), the object
is such a wrapper, or a library's object with that attribute: ``user.server`` is likely
the row's (see :meth:`~colretire.analysis.finder.attributes.Attributes.witnessed_verdict`).

A read witnesses where

- the name holds one object throughout: bound once in the function (a parameter never
  assigned again, or one assignment) and never ``global`` or ``nonlocal``, the read in no
  lambda, comprehension or class body; where the one assignment is in a loop, only reads
  after it in the same pass count;
- it runs before the read whatever the values: in an earlier statement of the read's
  block or of a block around it (the whole of an expression statement or an assignment;
  the test of an ``if`` or a ``while``), or in the test of an ``if`` or a ``while`` around
  the read; never inside a conditional expression, the right of ``and``/``or``, a
  comprehension or a lambda.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from colretire.analysis.answering import bound_once, enclosing, is_parameter, statement_blocks
from colretire.analysis.exclusive import exclusive_names
from colretire.analysis.target import Target

#: Expressions with names of their own.
_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

#: Statements that evaluate their expressions whatever the values, and then go on.
_SIMPLE = (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign)

_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def witness_names(
    target: Target, files: Callable[[str], list[str]], read: Callable[[str], bytes]
) -> tuple[tuple[str, str], ...]:
    """The names (no dunder) that a wrapper handing what it lacks on to the rows of the
    column's models binds, in its body or on ``self``, and that no other class of the
    project binds (``files`` gives the files that contain a name as a word, ``read`` a
    file's bytes), each with that wrapper's key."""
    models = set(target.model_keys)
    found: dict[str, str] = {}
    for key, view in sorted(target.world.classes.items()):
        forwards = view.forwarding
        if forwards is None or not forwards.rows or not set(forwards.rows) <= models:
            continue
        names = {n for n in (*view.attrs, *view.methods) if not n.startswith("__")}
        names.discard(forwards.attr)
        for name in exclusive_names(names, files, read, frozenset({key})):
            found.setdefault(name, key)
    return tuple(sorted(found.items()))


def answered(node: ast.Attribute, up: dict[int, ast.AST]) -> list[tuple[str, int]]:
    """The attributes read on ``node``'s object (a name) before ``node`` on every path,
    with their lines; empty where the name may not hold one object throughout."""
    if not isinstance(node.value, ast.Name):
        return []
    name = node.value.id
    held = enclosing(node, up)
    if held is None:
        return []
    current, function, looped = held
    if not bound_once(function, name):
        return []
    fresh = looped and not is_parameter(function, name)  # bound anew in each pass
    found: list[tuple[str, int]] = []
    statement: ast.AST = current
    while statement is not function:
        holder = up.get(id(statement))
        if holder is None:
            return []
        if isinstance(holder, ast.If | ast.While) and statement in holder.body + holder.orelse:
            found.extend(_reads_of(holder.test, name))
        for block in statement_blocks(holder):
            index = next((i for i, s in enumerate(block) if s is statement), None)
            if index is None:
                continue
            earlier = block[:index]
            bound = [i for i, s in enumerate(earlier) if _binds(s, name)]
            if bound:
                return found + _before(earlier[bound[-1] + 1 :], name)
            found.extend(_before(earlier, name))
        if fresh and isinstance(holder, _LOOPS):
            return []  # the binding is not before the read in this pass
        statement = holder
    return [] if fresh else found


def answered_after(node: ast.Attribute, up: dict[int, ast.AST]) -> list[tuple[str, int]]:
    """The attributes read on ``node``'s object (a name) by the statements that run next
    whatever the values, once the read's statement completes (``self.log(user.server);
    if user.spawn_pending: ...``), with their lines: the later statements of the read's block,
    up to the first that may leave it or skip the rest (only the test of an ``if`` or a
    ``while`` counts, and nothing after it) or that binds the name again; where the whole
    rest of the block is such statements, those after the ``if`` around it too. Never out of
    a loop's body (its next pass may bind the name anew), a ``try`` or a ``with``, nor past a
    ``return``, ``raise``, ``break`` or ``continue``. An object that lacked the attribute
    would raise there: a function that goes on to read it is written for objects that have
    it. The read's own statement must go on to the next: an expression statement, an
    assignment, or an ``if`` whose branches neither return, raise, break nor continue
    (``if user.server: return ...`` leaves before the later reads on the values that
    matter). Empty where the name may not hold one object throughout."""
    if not isinstance(node.value, ast.Name):
        return []
    name = node.value.id
    held = enclosing(node, up)
    if held is None:
        return []
    current, function, _ = held
    if not bound_once(function, name) or not _completes(current):
        return []
    found: list[tuple[str, int]] = []
    statement: ast.AST = current
    while statement is not function:
        holder = up.get(id(statement))
        if holder is None:
            return found
        block = next((b for b in statement_blocks(holder) if any(s is statement for s in b)), None)
        if block is None:
            return found
        index = next(i for i, s in enumerate(block) if s is statement)
        for later in block[index + 1 :]:
            if _stores(later, name):
                return found
            if isinstance(later, ast.If | ast.While):
                return found + _reads_of(later.test, name)
            if not isinstance(later, _SIMPLE):
                return found
            found.extend(_reads_of(later, name))
        if not (isinstance(holder, ast.If) or holder is function):
            return found
        statement = holder
    return found


def _before(statements: list[ast.stmt], name: str) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for earlier in statements:
        if isinstance(earlier, _SIMPLE):
            found.extend(_reads_of(earlier, name))
        elif isinstance(earlier, ast.If | ast.While):
            found.extend(_reads_of(earlier.test, name))
    return found


def _binds(statement: ast.stmt, name: str) -> bool:
    """Whether ``statement`` assigns ``name`` (the one binding :func:`answered` allows)."""
    if not isinstance(statement, ast.Assign | ast.AnnAssign):
        return False
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t))


#: Statements that leave their block, or the pass of a loop.
_LEAVING = (ast.Return, ast.Raise, ast.Break, ast.Continue)


def _completes(statement: ast.stmt) -> bool:
    """Whether the read's own statement goes on to the next one whatever the values (but for
    an exception): an expression statement or an assignment, or an ``if`` none of whose
    branches holds a ``return``, ``raise``, ``break`` or ``continue``."""
    if isinstance(statement, _SIMPLE):
        return True
    if not isinstance(statement, ast.If):
        return False
    stack: list[ast.AST] = [*statement.body, *statement.orelse]
    while stack:
        inner = stack.pop()
        if isinstance(inner, _LEAVING):
            return False
        if not isinstance(
            inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
        ):
            stack.extend(ast.iter_child_nodes(inner))
    return True


def _stores(statement: ast.stmt, name: str) -> bool:
    """Whether ``statement`` binds ``name`` anywhere in it."""
    return any(
        isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
        for n in ast.walk(statement)
    )


def _reads_of(node: ast.AST, name: str) -> list[tuple[str, int]]:
    """The attributes ``node`` reads on ``name`` whatever the values."""
    found: list[tuple[str, int]] = []

    def visit(inner: ast.AST) -> None:
        if isinstance(inner, _SCOPES):
            return
        if isinstance(inner, ast.IfExp):
            visit(inner.test)
            return
        if isinstance(inner, ast.BoolOp):
            visit(inner.values[0])
            return
        if (
            isinstance(inner, ast.Attribute)
            and isinstance(inner.ctx, ast.Load)
            and isinstance(inner.value, ast.Name)
            and inner.value.id == name
        ):
            found.append((inner.attr, inner.lineno))
        for child in ast.iter_child_nodes(inner):
            visit(child)

    visit(node)
    return found
