"""Remove a statement that writes the column.

    task.expected_completion_time = payload.expected_completion_time     # removed
    task.expected_completion_time += 5                                   # removed
    del task.expected_completion_time                                    # removed
    setattr(task, "expected_completion_time", 30)                        # removed
    eta = task.expected_completion_time = 30   ->   eta = 30

What the right-hand side computed is dropped with it. A block left empty gets ``pass``.
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import Parents, StatementRemover, last_name, statement_of
from colretire.codemods.dict_entry import STRINGS

WRITERS = frozenset({"setattr", "delattr"})


class RemoveAssignment(StatementRemover):
    """Reference positions: the attribute name of the written attribute (``col`` in
    ``task.col = ...``), or the string in ``setattr(task, "col", ...)``."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, cst.Name):
            target = parents.get(node)
            if isinstance(target, cst.Attribute) and target.attr is node:
                return _written(target, parents)
        if isinstance(node, STRINGS):
            return _setattr_call(node, parents)
        return None

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        if not any(target in self.units for target in original_node.targets):
            return updated_node
        targets = [
            new
            for old, new in zip(original_node.targets, updated_node.targets, strict=True)
            if old not in self.units
        ]
        return updated_node.with_changes(targets=targets)


def _written(target: cst.Attribute, parents: Parents) -> cst.CSTNode | None:
    parent = parents.get(target)
    if isinstance(parent, cst.AssignTarget) and parent.target is target:
        assign = parents[parent]
        if isinstance(assign, cst.Assign) and len(assign.targets) > 1:
            return parent
        return statement_of(assign, parents)
    if isinstance(parent, (cst.AugAssign, cst.AnnAssign, cst.Del)) and parent.target is target:
        return statement_of(parent, parents)
    return None


def _setattr_call(string: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
    argument = parents.get(string)
    call = parents.get(argument) if argument is not None else None
    if not isinstance(call, cst.Call) or last_name(call.func) not in WRITERS:
        return None
    if len(call.args) < 2 or call.args[1] is not argument:
        return None
    statement = parents.get(call)
    if isinstance(statement, cst.Expr) and statement.value is call:
        return statement_of(statement, parents)
    return None
