"""Remove a keyword argument that names the column.

    Task(title="x", expected_completion_time=30)          ->  Task(title="x")
    TaskOut(id=t.id, expected_completion_time=t.expected_completion_time)
                                                           ->  TaskOut(id=t.id)
    session.query(Task).filter_by(expected_completion_time=30).all()
                                                           ->  session.query(Task).all()
    query = query.filter_by(expected_completion_time=30)   # removed

A read of the column passed as a keyword of the same name to a constructor (a capitalised
callee: a model or a schema) goes with its keyword. ``.values(col=...)`` with nothing else
is not mechanical (an UPDATE without values), so it is left for a person.
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import Parents, StatementRemover, last_name, reassignment
from colretire.codemods.edits import unchain, without_args

#: Calls that mean nothing once empty and leave the method chain.
DROPPED_WHEN_EMPTY = frozenset({"filter_by"})
#: Calls that must keep an argument.
NEVER_EMPTY = frozenset({"values"})


class RemoveKeyword(StatementRemover):
    """Reference positions: the keyword's name (``col`` in ``col=...``), or the attribute
    name of a read passed as the same-named keyword to a constructor."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if not isinstance(node, cst.Name):
            return None
        argument = parents.get(node)
        if isinstance(argument, cst.Arg) and argument.keyword is node:
            if not _may_lose(argument, parents):
                return None
            return _whole_statement(argument, parents) or argument
        return _passed_read(node, parents)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not any(arg in self.units for arg in original_node.args):
            return updated_node
        call = without_args(updated_node, lambda i: original_node.args[i] in self.units)
        if not call.args and last_name(call.func) in DROPPED_WHEN_EMPTY:
            return unchain(call) or call
        return call


def _may_lose(argument: cst.Arg, parents: Parents) -> bool:
    call = parents.get(argument)
    if not isinstance(call, cst.Call):
        return False
    return len(call.args) > 1 or last_name(call.func) not in NEVER_EMPTY


def _whole_statement(argument: cst.Arg, parents: Parents) -> cst.CSTNode | None:
    """``query = query.filter_by(col=...)``: the statement, which would do nothing after."""
    call = parents[argument]
    if not isinstance(call, cst.Call) or len(call.args) != 1:
        return None
    return reassignment(call, parents) if last_name(call.func) in DROPPED_WHEN_EMPTY else None


def _passed_read(name: cst.Name, parents: Parents) -> cst.CSTNode | None:
    """``Schema(col=task.col)``: the argument, when the read is its whole value."""
    read = parents.get(name)
    if not isinstance(read, cst.Attribute) or read.attr is not name:
        return None
    argument = parents.get(read)
    if not isinstance(argument, cst.Arg) or argument.value is not read:
        return None
    call = parents.get(argument)
    if argument.keyword is None or argument.keyword.value != name.value:
        return None
    if not isinstance(call, cst.Call) or not last_name(call.func)[:1].isupper():
        return None
    return argument
