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
    dotted_name,
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
        self.needs_import = False

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, cst.Name):
            return class_attribute(node, parents)
        if isinstance(node, cst.Call) and last_name(node.func) == "Column":
            return enclosing_statement(node, parents)
        return None

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        result = super().transform_module_impl(tree)
        if not self.needs_import:
            return result
        joined = import_into_existing(result, "sqlalchemy.orm", "deferred")
        if joined is not None:
            return joined
        AddImportsVisitor.add_needed_import(self.context, "sqlalchemy.orm", "deferred")
        return AddImportsVisitor(self.context).transform_module(result)

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
            self.needs_import = True
            return cst.Call(func=cst.Name("deferred"), args=[cst.Arg(value=call)])
        if name != "deferred":
            self.warn(
                f"{name or 'this declaration'}(...) cannot be deferred: only the comment was "
                "added; defer the column where the class is mapped"
            )
        return call


def import_into_existing(module: cst.Module, package: str, name: str) -> cst.Module | None:
    """``module`` with ``name`` added to its ``from package import ...`` where the sorted
    order of the names is kept; ``None`` when there is no such import to join."""
    for index, statement in enumerate(module.body):
        found = _import_from(statement, package)
        if found is None:
            continue
        assert isinstance(statement, cst.SimpleStatementLine)
        names = found.names
        assert not isinstance(names, cst.ImportStar)
        if any(alias.evaluated_name == name and alias.asname is None for alias in names):
            return module
        joined = found.with_changes(names=_with_alias(list(names), name))
        line = statement.with_changes(body=[joined])
        return module.with_changes(body=[*module.body[:index], line, *module.body[index + 1 :]])
    return None


def _import_from(statement: cst.BaseStatement, package: str) -> cst.ImportFrom | None:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    found = statement.body[0]
    if not isinstance(found, cst.ImportFrom) or found.relative or found.module is None:
        return None
    if isinstance(found.names, cst.ImportStar) or dotted_name(found.module) != package:
        return None
    return found


def _sort_key(name: str) -> tuple[int, str]:
    """isort's and ruff's default order: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return (kind, name.lower())


def _with_alias(names: list[cst.ImportAlias], name: str) -> list[cst.ImportAlias]:
    keys = [_sort_key(alias.evaluated_name) for alias in names]
    index = len(names)
    if keys == sorted(keys):
        index = next((i for i, key in enumerate(keys) if key > _sort_key(name)), len(names))
    separator = next(
        (a.comma for a in names if isinstance(a.comma, cst.Comma)),
        cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
    )
    new = cst.ImportAlias(name=cst.Name(name), comma=separator)
    if index == len(names):
        last = names[-1]
        new = new.with_changes(comma=last.comma)
        names[-1] = last.with_changes(comma=separator)
    return [*names[:index], new, *names[index:]]
