"""Mark a deprecated column in its model: stop loading it by default, and say why.

    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
        ->
    # colretire: deprecated, see state/columns.toml
    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True, deferred=True)

``mapped_column(...)`` and ``column_property(...)`` get ``deferred=True``; a classic
``Column(...)`` in a declarative class is wrapped in ``deferred(...)`` (imported from
``sqlalchemy.orm``). A plain ``SELECT`` of the model then leaves the column out, which is
what kept the dashboards of the outage alive. A column of an imperative ``Table(...)`` or a
field that is not a SQLAlchemy column only gets the comment, with a warning. Marking twice
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from colretire.codemods.base import (
    Parents,
    Position,
    ReferenceCodemod,
    class_attribute,
    enclosing_statement,
    last_name,
)
from colretire.codemods.edits import add_comment_above, set_keyword

DEFAULT_NOTE = "colretire: deprecated, see state/columns.toml"
TAKES_DEFERRED = frozenset({"mapped_column", "column_property"})


class MarkDeferred(ReferenceCodemod):
    """Reference positions: the declaration's attribute name, or the start of the
    ``Column(...)`` call in an imperative ``Table(...)``."""

    REMOVES: ClassVar[bool] = False

    def __init__(
        self, context: CodemodContext, positions: Iterable[Position], note: str = DEFAULT_NOTE
    ) -> None:
        super().__init__(context, positions)
        self.note = note

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, cst.Name):
            return class_attribute(node, parents)
        if isinstance(node, cst.Call) and last_name(node.func) == "Column":
            return enclosing_statement(node, parents)
        return None

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        result = super().transform_module_impl(tree)
        if AddImportsVisitor.CONTEXT_KEY in self.context.scratch:
            result = AddImportsVisitor(self.context).transform_module(result)
        return result

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        if original_node not in self.units:
            return updated_node
        statement = updated_node.body[0]
        if isinstance(statement, (cst.Assign, cst.AnnAssign)) and isinstance(
            statement.value, cst.Call
        ):
            deferred = self._deferred(statement.value)
            updated_node = updated_node.with_changes(
                body=[statement.with_changes(value=deferred), *updated_node.body[1:]]
            )
        return add_comment_above(updated_node, self.note)

    def _deferred(self, call: cst.Call) -> cst.Call:
        name = last_name(call.func)
        if name in TAKES_DEFERRED:
            return set_keyword(call, "deferred", cst.Name("True"))
        if name == "Column":
            AddImportsVisitor.add_needed_import(self.context, "sqlalchemy.orm", "deferred")
            return cst.Call(func=cst.Name("deferred"), args=[cst.Arg(value=call)])
        if name != "deferred":
            self.warn(
                f"{name or 'this declaration'}(...) cannot be deferred: only the comment was "
                "added; defer the column where the class is mapped"
            )
        return call
