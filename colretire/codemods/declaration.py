"""Remove the model attribute that maps a column.

    class Task(Base):
        id: Mapped[int] = mapped_column(primary_key=True)
        expected_completion_time: Mapped[int | None] = mapped_column(Integer)   # removed

Also an imperative table's column (``Column("col", Integer)`` in ``Table(...)``), a mixin's
``@declared_attr`` function, and the declaration of a relationship built on the column.
The rewrite removes a column's declaration only once inserts no longer need it (the column
is nullable or has a server default); that rule lives with the caller, which knows the
column's definition.
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import (
    Parents,
    StatementRemover,
    class_attribute,
    dotted_name,
    last_name,
)
from colretire.codemods.edits import without_args


class RemoveDeclaration(StatementRemover):
    """Reference positions: the attribute's name in the class body, or the start of the
    ``Column(...)`` call in an imperative ``Table(...)``."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, cst.Name):
            return class_attribute(node, parents) or _declared_attr(node, parents)
        if isinstance(node, cst.Call) and last_name(node.func) == "Column":
            return _table_argument(node, parents)
        return None

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not any(arg in self.units for arg in original_node.args):
            return updated_node
        return without_args(updated_node, lambda i: original_node.args[i] in self.units)


def _declared_attr(name: cst.Name, parents: Parents) -> cst.CSTNode | None:
    """A mixin's ``@declared_attr def col(cls): return mapped_column(...)``."""
    function = parents.get(name)
    if not isinstance(function, cst.FunctionDef) or function.name is not name:
        return None
    if any("declared_attr" in dotted_name(_decorated(d)) for d in function.decorators):
        return function
    return None


def _decorated(decorator: cst.Decorator) -> cst.BaseExpression:
    expression = decorator.decorator
    return expression.func if isinstance(expression, cst.Call) else expression


def _table_argument(column: cst.Call, parents: Parents) -> cst.CSTNode | None:
    argument = parents.get(column)
    table = parents.get(argument) if argument is not None else None
    if not isinstance(argument, cst.Arg) or not isinstance(table, cst.Call):
        return None
    return argument if last_name(table.func) == "Table" and argument.value is column else None
