"""The static lint of Alembic migration scripts: the drop rule, read from the source with
libcst, for CI (``colretire check``) and for the run-time pre-check of pending revisions.

A drop in a migration is allowed when the column's record is ``dropped`` by that very
revision (it went through ``colretire drop`` or a guarded autogenerate); anything else is a
finding. ``downgrade()`` (and ``downgrade_<name>()`` of multi-database templates) is not
linted: undoing an ``add_column`` drops a column by design.

=====  ========  ============================================================================
code   severity  finding
=====  ========  ============================================================================
CR200  error     the migration script does not parse, so its drops cannot be checked
CR201  error     ``op.drop_column`` / ``batch_op.drop_column`` of a column colretire does not
                 track
CR202  error     ``op.drop_column`` / ``batch_op.drop_column`` of a tracked column that has not
                 reached ``dropped`` through ``colretire drop``, or was retired by another
                 revision
CR203  error     raw SQL (``op.execute``, ``text()``, any string) that drops a column which may
                 not be dropped: ``ALTER TABLE ... DROP [COLUMN] [IF EXISTS] ...``
CR204  error     ``op.drop_table`` or ``DROP TABLE`` of a table whose columns colretire still
                 tracks short of ``dropped`` (or, at run time, that the models still map)
CR205  error     a drop whose table or column is not a literal (a variable, an f-string): which
                 column it drops cannot be told before it runs, so it is refused (unless an
                 override names a whole table, ``TABLE.*``); a name bound once to a string
                 literal in the script counts as a literal
=====  ========  ============================================================================

Findings are :class:`colretire.model.Diagnostic` values; a script that does not parse is a
finding too, and the walk goes on.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

from colretire.alembic import environment, rules
from colretire.alembic.baseline import Baseline
from colretire.lifecycle import Moment
from colretire.model import ColumnRef, Diagnostic, Severity, State
from colretire.sql import ddl


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    description: str


CODES: tuple[Code, ...] = (
    Code("CR200", Severity.ERROR, "the migration script does not parse"),
    Code("CR201", Severity.ERROR, "drop_column of a column colretire does not track"),
    Code("CR202", Severity.ERROR, "drop_column of a tracked column not retired by this revision"),
    Code("CR203", Severity.ERROR, "raw SQL that drops a column which may not be dropped"),
    Code("CR204", Severity.ERROR, "drop_table of a table with tracked columns not yet dropped"),
    Code("CR205", Severity.ERROR, "a drop whose table or column is not a literal"),
)

OP_DROP_COLUMN = "alembic.op.drop_column"
OP_DROP_TABLE = "alembic.op.drop_table"
OP_BATCH = "alembic.op.batch_alter_table"
OP_RENAME_TABLE = "alembic.op.rename_table"
OP_ALTER_COLUMN = "alembic.op.alter_column"


@dataclass(frozen=True)
class Site:
    """One drop found in a script, before it is judged. ``table``/``column`` are ``None``
    when the source does not spell them as literals."""

    kind: str  # "column", "sql-column", "table", "dynamic"
    line: int
    col: int
    table: str | None = None
    column: str | None = None
    schema: str | None = None
    what: str = ""


class _Dynamic:
    """A schema given as an expression that only has a value at run time."""


DYNAMIC = _Dynamic()
_Schema = str | None | _Dynamic


@dataclass
class _Batch:
    alias: str
    table: str | None
    schema: _Schema


def _schema(arg: cst.Arg | None) -> _Schema:
    if arg is None or _is_none(arg.value):
        return None
    return _literal(arg.value) or DYNAMIC


def _literal(node: cst.BaseExpression | None) -> str | None:
    """The text of a string literal (plain or implicitly concatenated), else ``None``."""
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _is_none(node: cst.BaseExpression | None) -> bool:
    return node is None or (isinstance(node, cst.Name) and node.value == "None")


def _argument(call: cst.Call, position: int, keyword: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    return positional[position] if position < len(positional) else None


class _Constants(cst.CSTVisitor):
    """The names a script binds exactly once, to a string literal (``TABLE = "tasks"``): a
    drop that names its table or column through one is as readable as a literal."""

    def __init__(self) -> None:
        super().__init__()
        self.bound: dict[str, list[str | None]] = {}

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self.bound.setdefault(target.value, []).append(_literal(value))
        elif isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._bind(element.value, None)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, None)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target, None)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._bind(node.name, None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, None)

    def visit_Param(self, node: cst.Param) -> None:
        self._bind(node.name, None)

    def constants(self) -> dict[str, str]:
        return {
            name: values[0]
            for name, values in self.bound.items()
            if len(values) == 1 and values[0] is not None
        }


class _Finder(cst.CSTVisitor):
    """Collects drop sites (finding, not judging: that is :func:`judge`'s job).

    Alembic's operations are matched by qualified name (``alembic.op.drop_column``, however
    ``op`` was imported); a ``batch_alter_table`` alias is known within its ``with`` block.
    """

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)

    def __init__(
        self, constants: dict[str, str] | None = None, renames: rules.Renames | None = None
    ) -> None:
        super().__init__()
        self.sites: list[Site] = []
        self.revision: str | None = None
        self.batches: list[_Batch] = []
        self.constants = constants or {}
        self.renames = renames if renames is not None else rules.Renames()

    def _text(self, node: cst.BaseExpression | None) -> str | None:
        """A literal, or a name the script binds once to one."""
        if isinstance(node, cst.Name):
            return self.constants.get(node.value)
        return _literal(node)

    # -- where to look ----------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        name = node.name.value
        return not (name == "downgrade" or name.startswith("downgrade_"))

    def visit_Expr(self, node: cst.Expr) -> bool:
        # A bare string statement (a docstring) is never sent to the database.
        return not isinstance(node.value, cst.SimpleString | cst.ConcatenatedString)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name) and target.target.value == "revision":
                self.revision = _literal(node.value) or self.revision

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.target.value == "revision":
            self.revision = _literal(node.value) or self.revision

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            call = item.item
            if not (isinstance(call, cst.Call) and item.asname is not None):
                continue
            if OP_BATCH in self._names(call.func) and isinstance(item.asname.name, cst.Name):
                table = _argument(call, 0, "table_name")
                self.batches.append(
                    _Batch(
                        item.asname.name.value,
                        self._text(table.value) if table else None,
                        _schema(_argument(call, 1, "schema")),
                    )
                )

    def leave_With(self, original_node: cst.With) -> None:
        count = sum(
            1
            for item in original_node.items
            if isinstance(item.item, cst.Call)
            and OP_BATCH in self._names(item.item.func)
            and item.asname is not None
        )
        del self.batches[len(self.batches) - count :]

    # -- what to collect --------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        names = self._names(node.func)
        attribute = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        receiver = (
            node.func.value.value
            if isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Name)
            else None
        )
        batch = next((b for b in reversed(self.batches) if b.alias == receiver), None)
        if attribute == "alter_column" and batch is not None:
            self._rename_column(batch.table, _argument(node, 0, "column_name"), node)
        elif OP_ALTER_COLUMN in names or (attribute == "alter_column" and receiver == "op"):
            table = _argument(node, 0, "table_name")
            table_name = self._text(table.value) if table else None
            self._rename_column(table_name, _argument(node, 1, "column_name"), node)
        elif OP_RENAME_TABLE in names or (attribute == "rename_table" and receiver == "op"):
            old, new = _argument(node, 0, "old_table_name"), _argument(node, 1, "new_table_name")
            old_name = self._text(old.value) if old else None
            new_name = self._text(new.value) if new else None
            if old_name and new_name:
                self.renames.rename_table(old_name, new_name)
        elif attribute == "drop_column" and batch is not None:
            self._batch_drop(node, batch)
        elif OP_DROP_COLUMN in names or (attribute == "drop_column" and receiver == "op"):
            self._drop_column(node)
        elif OP_DROP_TABLE in names or (attribute == "drop_table" and receiver == "op"):
            self._drop_table(node)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._sql(node, _literal(node))

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        text = _literal(node)
        if text is None:
            return True  # holds an f-string: its parts are visited one by one
        self._sql(node, text)
        return False

    def visit_FormattedString(self, node: cst.FormattedString) -> bool:
        literal = "{}".join(
            part.value for part in node.parts if isinstance(part, cst.FormattedStringText)
        )
        if _mentions_drop(literal):
            self._add(node, "dynamic", what=f"SQL built at run time: {literal.strip()!r}")
        return False

    # -- helpers ----------------------------------------------------------------------------

    def _rename_column(self, table: str | None, column: cst.Arg | None, call: cst.Call) -> None:
        new = next(
            (
                a
                for a in call.args
                if a.keyword is not None and a.keyword.value == "new_column_name"
            ),
            None,
        )
        old_name = self._text(column.value) if column else None
        new_name = self._text(new.value) if new else None
        if table and old_name and new_name:
            self.renames.rename_column(table, old_name, new_name)

    def _names(self, node: cst.CSTNode) -> set[str]:
        return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}

    def _add(
        self,
        node: cst.CSTNode,
        kind: str,
        table: str | None = None,
        column: str | None = None,
        schema: str | None = None,
        what: str = "",
    ) -> None:
        start = self.get_metadata(PositionProvider, node).start
        if table is not None:  # judged under the names it had before any rename
            if column is not None:
                column = self.renames.column(table, column)
            table = self.renames.table(table)
        self.sites.append(Site(kind, start.line, start.column + 1, table, column, schema, what))

    def _drop_column(self, call: cst.Call) -> None:
        table = _argument(call, 0, "table_name")
        schema = _schema(_argument(call, 2, "schema"))
        self._column_site(
            call,
            self._text(table.value) if table else None,
            _argument(call, 1, "column_name"),
            schema,
        )

    def _batch_drop(self, call: cst.Call, batch: _Batch) -> None:
        self._column_site(call, batch.table, _argument(call, 0, "column_name"), batch.schema)

    def _column_site(
        self, call: cst.Call, table: str | None, column: cst.Arg | None, schema: _Schema
    ) -> None:
        column_name = self._text(column.value) if column else None
        if table is None or column_name is None or schema is DYNAMIC:
            self._add(
                call, "dynamic", what="a drop_column whose table or column is named at run time"
            )
            return
        self._add(call, "column", table, column_name, schema if isinstance(schema, str) else None)

    def _drop_table(self, call: cst.Call) -> None:
        table = _argument(call, 0, "table_name")
        table_name = self._text(table.value) if table else None
        schema = _schema(_argument(call, 1, "schema"))
        if table_name is None or schema is DYNAMIC:
            self._add(call, "dynamic", what="a drop_table of a table named at run time")
            return
        self._add(call, "table", table_name, None, schema if isinstance(schema, str) else None)

    def _sql(self, node: cst.CSTNode, text: str | None) -> None:
        for effect in ddl.effects(text or ""):
            if isinstance(effect, ddl.DropColumn):
                table = effect.table
                self._add(node, "sql-column", table.name, effect.column, table.schema, text or "")
            elif isinstance(effect, ddl.DropTable):
                table = effect.table
                self._add(node, "sql-table", table.name, None, table.schema, text or "")


def _mentions_drop(text: str) -> bool:
    """Whether the literal parts of SQL built at run time look like a drop."""
    return bool(re.search(r"\bALTER\s+TABLE\b.*\bDROP\b|\bDROP\s+TABLE\b", text, re.I | re.S))


def find_sites(source: str, renames: rules.Renames | None = None) -> tuple[list[Site], str | None]:
    """Every drop in ``source`` outside ``downgrade()``, and the script's revision id.

    A drop of a renamed table or column is reported under its original names; ``renames``
    carries the renames of earlier scripts in, and this script's out.

    Raises :class:`libcst.ParserSyntaxError` when the source does not parse.
    """
    module = cst.parse_module(source)
    constants = _Constants()
    module.visit(constants)
    finder = _Finder(constants.constants(), renames)
    MetadataWrapper(module).visit(finder)
    return sorted(finder.sites, key=lambda s: (s.line, s.col)), finder.revision


def judge(
    site: Site,
    state: State,
    revision: str | None,
    *,
    moment: Moment = Moment.RUN,
    mapped_tables: Collection[str] = (),
) -> tuple[str, Severity, str, ColumnRef | None] | None:
    """The finding for one site, as (code, severity, message, column), or ``None`` when the
    drop is allowed."""
    if site.kind == "dynamic":
        return (
            "CR205",
            Severity.ERROR,
            f"refusing {site.what}: colretire cannot tell which column it drops before it "
            "runs; write the names as string literals, e.g. "
            'op.drop_column("tasks", "expected_completion_time")',
            None,
        )
    assert site.table is not None
    if site.column is None:
        verdict = rules.table_verdict(state, site.table, site.schema, moment, mapped_tables)
        return None if verdict.allowed else ("CR204", Severity.ERROR, verdict.message(), None)
    column = rules.column_ref(site.table, site.column, site.schema)
    column_verdict = rules.column_verdict(state, column, moment, revision)
    if column_verdict.allowed:
        return None
    if site.kind == "sql-column":
        code = "CR203"
    else:
        code = "CR201" if column_verdict.stage is None else "CR202"
    return code, Severity.ERROR, column_verdict.message(), column_verdict.column


@dataclass(frozen=True)
class Finding:
    """A diagnostic with the drop it is about (``None`` for a script that does not parse)."""

    diagnostic: Diagnostic
    site: Site | None = None


def findings(
    path: str,
    source: str,
    state: State,
    *,
    mapped_tables: Collection[str] = (),
    renames: rules.Renames | None = None,
    baseline: Baseline | None = None,
) -> list[Finding]:
    """The findings for one migration script, with their drop sites; ``renames`` carries the
    renames of the scripts that run before it. A script of the adoption ``baseline`` has
    none, and its renames are not followed (later scripts use the names it left)."""
    if baseline and baseline.covers(path, environment.revision_id(source)):
        return []
    try:
        sites, revision = find_sites(source, renames)
    except cst.ParserSyntaxError as error:
        message = f"does not parse, so its drops cannot be checked: {error.message}"
        line, col = error.raw_line, error.raw_column + 1
        return [Finding(Diagnostic("CR200", Severity.ERROR, message, path, line, col))]
    found = []
    for site in sites:
        judged = judge(site, state, revision, mapped_tables=mapped_tables)
        if judged is not None:
            code, severity, message, column = judged
            diagnostic = Diagnostic(code, severity, message, path, site.line, site.col, column)
            found.append(Finding(diagnostic, site))
    return found


def lint_script(
    path: str, source: str, state: State, *, mapped_tables: Collection[str] = ()
) -> list[Diagnostic]:
    """The findings for one migration script; ``path`` is reported as given."""
    return [f.diagnostic for f in findings(path, source, state, mapped_tables=mapped_tables)]
