"""Remove the column from a query where that changes no row the query touches: an
``order_by`` term, a loader option.

    session.query(Task).order_by(Task.expected_completion_time.desc()).all()
        ->  session.query(Task).all()                 (reported: a change of order)
    query = query.order_by(Task.expected_completion_time)             # removed
    .options(load_only(Task.id, Task.expected_completion_time))  ->  .options(load_only(Task.id))

A term is the column read with what is applied to it: a method call (``.desc()``,
``.nulls_last()``), or a function such as ``desc(...)``, ``func.lower(...)``. It goes when
it is an argument of ``order_by`` or of a loader option in ``options``; a call left empty
leaves the chain, and ``query = query.order_by(<term>)`` goes whole.

A condition is never removed: a term of ``where``/``filter``/``having``/a join, of an
``update()`` or ``delete()`` decides which rows the statement reads, updates or deletes, and
removing it widens them. Nor is a ``group_by`` term or a selected column. Those are marked
for a person with the reason (:mod:`colretire.codemods.reasons`).
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst
from libcst.codemod import CodemodContext

from colretire.codemods.base import (
    Parents,
    Position,
    StatementRemover,
    dotted_name,
    last_name,
    reassignment,
)
from colretire.codemods.edits import unchain, without_args

#: Methods whose terms can go without changing which rows a statement touches.
CLAUSES = frozenset({"order_by", "options"})
LOADERS = frozenset(
    {
        "load_only", "defer", "undefer", "joinedload", "selectinload", "subqueryload",
        "lazyload", "noload", "raiseload", "immediateload", "defaultload", "contains_eager",
    }
)  # fmt: skip
GROUPS = LOADERS
TERM_FUNCTIONS = frozenset(
    {"desc", "asc", "nulls_first", "nulls_last", "nullsfirst", "nullslast", "cast"}
)
ORDER_NOTE = "removed from an order_by: the rows may come in another order"
CHAIN = "chain"
GROUP = "group"


class RemoveQueryTerm(StatementRemover):
    """Reference positions: the attribute name of the column read (``col`` in
    ``Task.col``)."""

    def __init__(self, context: CodemodContext, positions: Iterable[Position]) -> None:
        super().__init__(context, positions)
        self._emptied: list[cst.Call] = []

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        read = parents.get(node)
        if not isinstance(node, cst.Name) or not isinstance(read, cst.Attribute):
            return None
        if read.attr is not node:
            return None
        argument = _argument(_term(read, parents), parents)
        if argument is None:
            return None
        return _whole_statement(argument, parents) or argument

    @classmethod
    def removal_note(cls, unit: cst.CSTNode, parents: Parents) -> str | None:
        call = parents.get(unit) if isinstance(unit, cst.Arg) else _assigned(unit)
        if isinstance(call, cst.Call) and last_name(call.func) == "order_by":
            return ORDER_NOTE
        return None

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        def doomed(index: int) -> bool:
            value = updated_node.args[index].value
            return original_node.args[index] in self.units or any(
                value is emptied for emptied in self._emptied
            )

        if not any(doomed(i) for i in range(len(updated_node.args))):
            return updated_node
        call = without_args(updated_node, doomed)
        if call.args:
            return call
        if kind(original_node) == CHAIN:
            return unchain(call) or call
        self._emptied.append(call)  # its own argument leaves the enclosing call
        self.forget_imports_of(original_node.func)
        return call


def kind(call: cst.Call) -> str | None:
    """``chain`` for a method that can leave its chain once empty (``.where()``,
    ``.options()``, ``Load(A).load_only()``), ``group`` for a function whose arguments
    are terms (``and_``, ``load_only``), else ``None``."""
    name = last_name(call.func)
    chained = isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Call)
    if isinstance(call.func, cst.Attribute) and (name in CLAUSES or (name in LOADERS and chained)):
        return CHAIN
    return GROUP if name in GROUPS else None


def _term(expression: cst.BaseExpression, parents: Parents) -> cst.CSTNode:
    """The outermost expression that only applies things to ``expression``."""
    node: cst.CSTNode = expression
    while True:
        parent = parents.get(node)
        if isinstance(parent, cst.ComparisonTarget):
            parent = parents.get(parent)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            call = parents.get(parent)
            if not isinstance(call, cst.Call) or call.func is not parent:
                return node
            node = call
        elif isinstance(parent, cst.Arg) and _positional(parent) and _applies(parent, parents):
            node = parents[parent]
        else:
            return node


def _applies(argument: cst.Arg, parents: Parents) -> bool:
    call = parents.get(argument)
    if not isinstance(call, cst.Call) or len(call.args) != 1:
        return False
    name = last_name(call.func)
    return name in TERM_FUNCTIONS or ".func." in f".{dotted_name(call.func)}."


def _positional(argument: cst.Arg) -> bool:
    return argument.keyword is None and not argument.star


def _argument(term: cst.CSTNode, parents: Parents) -> cst.Arg | None:
    argument = parents.get(term)
    if not isinstance(argument, cst.Arg) or not _positional(argument):
        return None
    call = parents.get(argument)
    if isinstance(call, cst.Call) and _may_leave(call, parents):
        return argument
    return None


def _may_leave(call: cst.Call, parents: Parents) -> bool:
    """Whether an argument may leave ``call``: a chain method can go once empty, a group
    only when it can itself leave where it stands."""
    found = kind(call)
    if found == CHAIN:
        return True
    if found == GROUP:
        return _argument(call, parents) is not None
    return False


def _whole_statement(argument: cst.Arg, parents: Parents) -> cst.CSTNode | None:
    """``query = query.filter(<term>)``: the statement, which would do nothing after."""
    call = parents[argument]
    if not isinstance(call, cst.Call) or len(call.args) != 1 or kind(call) != CHAIN:
        return None
    return reassignment(call, parents)


def _assigned(statement: cst.CSTNode) -> cst.BaseExpression | None:
    """The value of ``query = <value>``, the statement or its only small statement."""
    if isinstance(statement, cst.SimpleStatementLine):
        statement = statement.body[0]
    return statement.value if isinstance(statement, cst.Assign) else None
