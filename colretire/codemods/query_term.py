"""Remove the column from a query where that is mechanical: an ``order_by``/``group_by``
term, a ``where``/``filter``/``having`` clause, a loader option.

    select(Task).where(Task.done.is_(False), Task.expected_completion_time > 30)
        ->  select(Task).where(Task.done.is_(False))
    session.query(Task).order_by(Task.expected_completion_time.desc()).all()
        ->  session.query(Task).all()
    query = query.filter(Task.expected_completion_time <= limit)      # removed
    .options(load_only(Task.id, Task.expected_completion_time))  ->  .options(load_only(Task.id))

A term is the column read with what is applied to it: a method call (``.desc()``,
``.is_(None)``, ``.in_(...)``), a comparison, a unary operator, or a function such as
``desc(...)``, ``func.lower(...)``. It goes when it is an argument of a clause method, of
``and_(...)`` or of a loader option there; a call left empty leaves the chain, and
``query = query.filter(<term>)`` goes whole. A read inside ``or_(...)``, ``select(...)``,
arithmetic or anything else is not mechanical: other codemods or a person handle it.
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

CLAUSES = frozenset({"filter", "where", "having", "order_by", "group_by", "options"})
LOADERS = frozenset(
    {
        "load_only", "defer", "undefer", "joinedload", "selectinload", "subqueryload",
        "lazyload", "noload", "raiseload", "immediateload", "defaultload", "contains_eager",
    }
)  # fmt: skip
GROUPS = LOADERS | {"and_"}
TERM_FUNCTIONS = frozenset(
    {"desc", "asc", "nulls_first", "nulls_last", "nullsfirst", "nullslast", "not_", "cast"}
)
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
        elif isinstance(parent, (cst.Comparison, cst.UnaryOperation)):
            node = parent
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
