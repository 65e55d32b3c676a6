"""Remove a keyword argument that writes the column.

    Task(title="x", expected_completion_time=30)          ->  Task(title="x")
    TaskOut(id=t.id, expected_completion_time=t.expected_completion_time)
                                                           ->  TaskOut(id=t.id)
    insert(Task).values(title="x", expected_completion_time=30)
                                                           ->  insert(Task).values(title="x")

The keyword is the reference (the finder proved the callee builds the model or a schema
that mirrors it); what its value reads goes with it. A keyword of ``filter_by`` is a
condition, which is never removed (it decides which rows the query reads), and
``.values(col=...)`` with nothing else is not mechanical (a statement without values): both
are left for a person.
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import Parents, ReferenceCodemod, last_name
from colretire.codemods.edits import without_args

#: Calls whose keywords are conditions, not values: never removed.
CONDITIONS = frozenset({"filter_by"})
#: Calls that must keep an argument.
NEVER_EMPTY = frozenset({"values", "ordered_values"})


class RemoveKeyword(ReferenceCodemod):
    """Reference positions: the keyword's name (``col`` in ``col=...``)."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if not isinstance(node, cst.Name):
            return None
        argument = parents.get(node)
        if isinstance(argument, cst.Arg) and argument.keyword is node:
            return argument if _may_lose(argument, parents) else None
        return None

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not any(arg in self.units for arg in original_node.args):
            return updated_node
        return without_args(updated_node, lambda i: original_node.args[i] in self.units)


def _may_lose(argument: cst.Arg, parents: Parents) -> bool:
    call = parents.get(argument)
    if not isinstance(call, cst.Call) or last_name(call.func) in CONDITIONS:
        return False
    return len(call.args) > 1 or last_name(call.func) not in NEVER_EMPTY
