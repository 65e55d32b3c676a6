"""``colretire check``: every finding about a project as :class:`~colretire.model.Diagnostic`
values, gathered from the stages that know them; printing is :mod:`colretire.report.check`.

Without a database (the CI gate):

* the state file parses and keeps its format (``CR401``);
* the migration scripts drop nothing before its time (the guard's static lint,
  :func:`colretire.alembic.lint.lint_migrations`, codes CR200 to CR205);
* a column at ``unreferenced`` or ``waited-one-release`` has no reference left (``CR402``);
* a column on its way out is not NOT NULL without a server default (``CR403``), or INSERTs
  fail once the code stops writing it.

With a database, also :func:`colretire.db.compare` and :func:`colretire.db.data_evidence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from colretire import db
from colretire.alembic import lint
from colretire.errors import MalformedStateFile
from colretire.model import ColumnRecord, Diagnostic, Severity, Stage, State
from colretire.project import Project

#: The codes of ``check``'s own findings, one line each; docs/check.md lists them.
CODES: dict[str, str] = {
    "CR301": "a column the models map is missing from the database: the outage",
    "CR302": "a table the models map is missing from the database",
    "CR303": "a database column that the models do not map and colretire does not track",
    "CR304": "a column recorded as dropped is still in the database",
    "CR305": "a column on its way out was dropped from the database outside colretire",
    "CR306": "a column on its way out is NOT NULL without a default in the database",
    "CR307": "rows still hold values in a column about to be dropped",
    "CR308": "pg_stat_statements has statements naming a column about to be dropped",
    "CR401": "the state file does not parse or breaks its format",
    "CR402": "a column at unreferenced or waited-one-release is used by the code again",
    "CR403": "a column on its way out is NOT NULL without a server default (by its definition)",
}

#: Stages whose column must have no reference left.
UNREFERENCED_STAGES = (Stage.UNREFERENCED, Stage.WAITED)


@dataclass(frozen=True)
class CheckResult:
    diagnostics: tuple[Diagnostic, ...]
    database: str | None = None

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 1 errors (or warnings with ``strict``)."""
        return 1 if self.errors or (strict and self.warnings) else 0


def run(project: Project, url: str | None = None) -> CheckResult:
    """The static checks, and the live-database checks when ``url`` is given."""
    try:
        state = project.state()
    except MalformedStateFile as error:
        return CheckResult((_state_file_diagnostic(project, error),))
    found = [
        *lint.lint_migrations(project, state=state),  # the guard's static lint, CR2xx
        *_regressions(project, state),
        *_not_insert_safe(project, state),
    ]
    database = None
    if url is not None:
        engine = db.create_engine(url)
        try:
            models = db.load_models(project)
            live = db.inspect_database(engine, _tables_to_inspect(models, state))
            found += db.compare(models, live, state)
            found += db.data_evidence(engine, live, state)
            database = live.database
        finally:
            engine.dispose()
    return CheckResult(tuple(found), database)


def _tables_to_inspect(models: db.Models, state: State) -> list[str]:
    tables = dict.fromkeys(models.tables())
    tables.update(dict.fromkeys(r.column.table for r in state.columns.values()))
    return list(tables)


def _state_file_diagnostic(project: Project, error: MalformedStateFile) -> Diagnostic:
    return Diagnostic(
        "CR401",
        Severity.ERROR,
        error.problem,
        path=project.config.relative(project.config.state),
        line=error.line or 0,
        col=1 if error.line else 0,
        fix="fix the file by hand (docs/state-file.md) or restore it from version control",
    )


def descriptions() -> dict[str, str]:
    """Every code ``check`` can report, with its description (for SARIF's rules)."""
    return {**{code.code: code.description for code in lint.CODES}, **CODES}


def _regressions(project: Project, state: State) -> list[Diagnostic]:
    records = [r for r in state.columns.values() if r.stage in UNREFERENCED_STAGES]
    if not records:
        return []
    from colretire import analysis  # libcst is heavy; only load it when a column needs a scan

    found = []
    for record in records:
        result = analysis.scan(
            project.root,
            record.column,
            project.config.source,
            exclude=project.config.exclude,
            cache_dir=project.config.cache_dir,
        )
        found += [
            Diagnostic(
                "CR402",
                Severity.ERROR,
                f"{record.column} is at stage '{record.stage}' but the code uses it again: "
                f"{reference.message}",
                path=reference.path,
                line=reference.line,
                col=reference.col,
                column=record.column,
                fix=f"remove the use, or record the regression with: colretire advance {record.column}",
            )
            for reference in result.references
            if reference.counts
        ]
    return found


def _not_insert_safe(project: Project, state: State) -> list[Diagnostic]:
    """Columns on their way out that INSERTs cannot leave out, by the recorded definition
    (or, for a record without one, the models' declaration in the static index)."""
    active = [r for r in state.columns.values() if r.stage in db.ON_ITS_WAY_OUT]
    declared = db.index_models(project) if any(r.definition is None for r in active) else None
    found = []
    for record in active:
        definition = record.definition or (declared.definition(record.column) if declared else None)
        if definition is not None and not definition.insert_safe:
            found.append(_relax_needed(project, record))
    return found


def _relax_needed(project: Project, record: ColumnRecord) -> Diagnostic:
    deprecated = record.stage is Stage.DEPRECATED
    when = (
        "once the code stops writing it" if deprecated else "now that the code no longer writes it"
    )
    return Diagnostic(
        "CR403",
        Severity.WARNING if deprecated else Severity.ERROR,
        f"{record.column} is NOT NULL without a server default; INSERTs fail {when}",
        path=project.config.relative(project.config.state),
        line=_record_line(project, record),
        col=1 if _record_line(project, record) else 0,
        column=record.column,
        fix=f"colretire relax {record.column} (or --server-default SQL)",
    )


def _record_line(project: Project, record: ColumnRecord) -> int:
    """The line of the record's table header in the state file, 0 when not found."""
    try:
        lines = project.config.state.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    header = re.compile(rf'^\[columns\."?{re.escape(str(record.column))}"?\]\s*$')
    return next((number for number, line in enumerate(lines, 1) if header.match(line)), 0)
