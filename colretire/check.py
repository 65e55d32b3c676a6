"""``colretire check``: every finding about a project as :class:`~colretire.model.Diagnostic`
values, gathered from the stages that know them; printing is :mod:`colretire.report.check`.

Without a database (the CI gate):

* the state file parses and keeps its format (else :class:`MalformedStateFile` is raised:
  ``error: path:line: ...``, exit 2, as every command refuses a broken state file);
* every column's history verifies: replayed through the lifecycle rules, its commits and
  release tags checked with git (:mod:`colretire.verification`, codes CR501 to CR510);
* the migration scripts drop nothing before its time (the guard's static lint,
  :func:`colretire.alembic.history.lint_migrations`, codes CR200 to CR208, over the scripts
  written since the adoption baseline);
* a column at ``unreferenced`` or ``waited-one-release`` has no reference left (``CR402``),
  and no occurrence of its names the analysis cannot judge beyond those accepted when it
  became unreferenced (``CR406``);
* a column at ``dropped`` is no longer declared or used by the code (``CR404``), and the
  revision that dropped it is still among the migration scripts (``CR405``);
* a column on its way out is not NOT NULL without a server default (``CR403``), or INSERTs
  fail once the code stops writing it.

With a database, also :func:`colretire.db.compare` and :func:`colretire.db.data_evidence`;
a project without Alembic (one that applies ``colretire restore --sql`` by hand) is then
checked without the migration lint, and a note says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from colretire import lifecycle, verification
from colretire.alembic import history
from colretire.model import (
    ColumnRecord,
    Confidence,
    Diagnostic,
    Occurrence,
    Severity,
    Stage,
    State,
)
from colretire.project import Project

if TYPE_CHECKING:
    from colretire import db

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
    "CR402": "a column at unreferenced or waited-one-release is used by the code again",
    "CR403": "a column on its way out is NOT NULL without a server default (by its definition)",
    "CR404": "a column recorded as dropped is still declared or used by the code",
    "CR405": "the revision recorded as dropping a column is missing from the migrations",
    "CR406": "a column at unreferenced or waited-one-release has an occurrence of its names "
    "that the analysis cannot judge and that was not accepted when it became unreferenced",
}

#: The stages at which a column is still expected in the database.
ON_ITS_WAY_OUT = (Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED)

#: Stages whose column must have no reference left.
UNREFERENCED_STAGES = (Stage.UNREFERENCED, Stage.WAITED)


@dataclass(frozen=True)
class CheckResult:
    diagnostics: tuple[Diagnostic, ...]
    database: str | None = None
    #: One-line remarks about what the check left out, for stderr.
    notes: tuple[str, ...] = ()

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
    """The static checks, and the live-database checks when ``url`` is given.

    A malformed state file raises :class:`~colretire.errors.MalformedStateFile` (exit 2).
    """
    state = project.state()
    notes: list[str] = []
    found: list[Diagnostic] = verification.diagnostics(project, state)  # CR5xx
    if url is not None and not _has_alembic(project):
        notes.append(
            f"colretire check: no Alembic configuration at "
            f"{project.config.relative(project.config.alembic or project.root)}, so the "
            "migration lint was skipped (set 'alembic' in [tool.colretire] if the project "
            "has one)"
        )
    else:
        found += history.lint_migrations(project, state=state)  # the guard's static lint, CR2xx
        notes += _zero_line_guard(project)
    regressions, unproven = _regressions(project, state)
    found += regressions
    notes += unproven
    found += _missing_drop_revisions(project, state)
    found += _not_insert_safe(project, state)
    database = None
    if url is not None:
        from colretire import db  # SQLAlchemy's engine: loaded only to look at a database

        engine = db.create_engine(url)
        try:
            models = db.load_models(project)
            live = db.inspect_database(engine, _tables_to_inspect(models, state))
            found += db.compare(models, live, state)
            found += db.data_evidence(engine, live, state)
            database = live.database
        finally:
            engine.dispose()
    return CheckResult(tuple(found), database, tuple(notes))


def _zero_line_guard(project: Project) -> list[str]:
    """A note when the ``alembic.plugins`` entry point could not set the guard up."""
    from colretire.alembic import plugin

    note = plugin.describe()
    return [note] if note and project.config.configured else []


def _has_alembic(project: Project) -> bool:
    return project.config.alembic is not None and project.config.alembic.is_file()


def _tables_to_inspect(models: db.Models, state: State) -> list[str]:
    tables = dict.fromkeys(models.tables())
    tables.update(dict.fromkeys(r.column.table for r in state.columns.values()))
    return list(tables)


def descriptions() -> dict[str, str]:
    """Every code ``check`` can report, with its description (for SARIF's rules)."""
    from colretire.alembic import lint

    return {
        **{code.code: code.description for code in lint.CODES},
        **CODES,
        **lifecycle.HISTORY_CODES,
    }


def _regressions(project: Project, state: State) -> tuple[list[Diagnostic], list[str]]:
    """References to a column that should have none: CR402 before the drop, CR404 after.

    Only references the finder proves (``certain``) are findings: a ``.name`` on an object of
    unknown type may belong to any table. The others (``likely`` references and the
    occurrences the finder could not judge) are counted in a note, with the command that
    lists them; except the unexplained occurrences of a column at ``unreferenced`` or
    ``waited-one-release`` that its acceptance did not list (none, if nobody accepted any):
    those appeared after a person last judged them, and are findings (CR406).
    """
    records = [
        r for r in state.columns.values() if r.stage in (*UNREFERENCED_STAGES, Stage.DROPPED)
    ]
    if not records:
        return [], []
    from colretire import analysis  # libcst is heavy; only load it when a column needs a scan
    from colretire.workflow import models_registry

    found, notes = [], []
    for record in records:
        result = analysis.scan(
            project.root,
            record.column,
            project.config.source,
            exclude=project.config.exclude,
            cache_dir=project.config.cache_dir,
            registry=models_registry(project),
        )
        counted = [reference for reference in result.references if reference.counts]
        proven = [r for r in counted if r.confidence is Confidence.CERTAIN]
        found += [_regression(record, r.message, r.path, r.line, r.col) for r in proven]
        new = lifecycle.unaccepted(record, result.unexplained)
        found += [_unaccepted(record, occurrence) for occurrence in new]
        unjudged = len(counted) - len(proven) + len(result.unexplained) - len(new)
        if unjudged:
            notes.append(
                f"colretire check: {unjudged} use(s) of {record.column}'s name that could "
                "not be judged (objects of unknown type, schemas not proven to mirror the "
                f"model) are not findings; list them with: colretire refs {record.column}"
            )
    return found, notes


def _regression(record: ColumnRecord, what: str, path: str, line: int, col: int) -> Diagnostic:
    column = record.column
    if record.stage is Stage.DROPPED:
        return Diagnostic(
            "CR404",
            Severity.ERROR,
            f"{column} is recorded as dropped but the code still declares or uses it: {what}",
            path=path,
            line=line,
            col=col,
            column=column,
            fix=(
                "remove the use (once the drop is applied, this code fails with 'column does "
                f"not exist'); if the database already lacks it, re-add it with: "
                f"colretire restore {column}"
            ),
        )
    return Diagnostic(
        "CR402",
        Severity.ERROR,
        f"{column} is at stage '{record.stage}' but the code uses it again: {what}",
        path=path,
        line=line,
        col=col,
        column=column,
        fix=f"remove the use, or record the regression with: colretire advance {column}",
    )


def _unaccepted(record: ColumnRecord, occurrence: Occurrence) -> Diagnostic:
    column = record.column
    seen = f": {occurrence.detail}" if occurrence.detail else ""
    return Diagnostic(
        "CR406",
        Severity.ERROR,
        f"{column} is at stage '{record.stage}' but the code names it where the analysis "
        f"cannot judge it, and this occurrence was not accepted when it became "
        f"unreferenced{seen}",
        path=occurrence.path,
        line=occurrence.line,
        col=occurrence.col,
        column=column,
        fix=(
            f"remove the use; or, if it does not use the column, record the regression with: "
            f"colretire advance {column}, then accept it again with: colretire advance "
            f"{column} --accept-unexplained --reason TEXT"
        ),
    )


def _missing_drop_revisions(project: Project, state: State) -> list[Diagnostic]:
    """CR405: a ``dropped`` record whose drop revision is not among the migration scripts,
    so the database the scripts build keeps the column the state says is gone."""
    dropped = [
        (record, entry.revision)
        for record in state.columns.values()
        if record.stage is Stage.DROPPED
        and (entry := record.last_entry(Stage.DROPPED)) is not None
        and entry.revision is not None
    ]
    if not dropped or not _has_alembic(project):
        return []
    known = history.revision_ids(project)
    return [
        Diagnostic(
            "CR405",
            Severity.WARNING,
            f"{record.column} is recorded as dropped by revision {revision}, but no migration "
            "script has that revision: the drop revision is missing (deleted or never "
            "committed), so databases built from the migrations keep the column",
            path=project.config.relative(project.config.state),
            line=_record_line(project, record),
            col=1 if _record_line(project, record) else 0,
            column=record.column,
            fix=(
                "restore the revision file from version control; if it was removed on "
                "purpose, set the record back to waited-one-release by hand "
                f"(docs/state-file.md) and write the drop again with: colretire drop "
                f"{record.column}"
            ),
        )
        for record, revision in dropped
        if revision not in known
    ]


def _not_insert_safe(project: Project, state: State) -> list[Diagnostic]:
    """Columns on their way out that INSERTs cannot leave out, by the recorded definition
    (or, for a record without one, the models' declaration in the static index)."""
    active = [r for r in state.columns.values() if r.stage in ON_ITS_WAY_OUT]
    if not active:
        return []
    from colretire import db

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
