"""The one judge of the guard: may this schema effect happen, here and now?

The lint (``colretire check``), the pre-check of ``alembic upgrade``/``downgrade`` and the
check at the wire (every statement the migration connection sends) read a drop each in their
own way (:mod:`colretire.alembic.reader` from the script, :mod:`colretire.sql.ddl` from SQL)
and all ask :func:`judge`, which asks :func:`colretire.lifecycle.check_drop` through
:mod:`colretire.alembic.rules`. So a drop is refused, or let through, the same everywhere.

:func:`judge` is pure: the state, the revision, the renames seen so far are all in
:class:`When`. Following renames (and table rebuilds) as a run goes on is :func:`follow`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from colretire.alembic import rules
from colretire.alembic.reader import Rebuild, Unreadable, Unresolved
from colretire.alembic.rules import Renames
from colretire.lifecycle import Moment
from colretire.model import ColumnRecord, ColumnRef, Stage, State
from colretire.sql import effects as ddl

#: How a drop reached the database: an Alembic operation, or SQL text.
OPERATION = "operation"
SQL = "sql"


@dataclass(frozen=True)
class Created:
    """What a revision's upgrade creates: its downgrade may drop it again by design."""

    tables: frozenset[str] = frozenset()
    columns: frozenset[tuple[str, str]] = frozenset()

    def has_table(self, table: str) -> bool:
        return table.lower() in self.tables

    def has_column(self, table: str, column: str) -> bool:
        return self.has_table(table) or (table.lower(), column.lower()) in self.columns

    @classmethod
    def of(cls, effects: Iterable[object]) -> Created:
        tables, columns = set(), set()
        for effect in effects:
            if isinstance(effect, ddl.CreateTable):
                tables.add(effect.table.name.lower())
            elif isinstance(effect, ddl.AddColumn):
                columns.add((effect.table.name.lower(), effect.column.lower()))
        return cls(frozenset(tables), frozenset(columns))


@dataclass
class When:
    """Where and when an effect is judged."""

    state: State
    revision: str | None = None
    moment: Moment = Moment.RUN
    #: Judging a downgrade: what the revision's upgrade created may go.
    downgrade: bool = False
    created: Created = field(default_factory=Created)
    mapped_tables: Collection[str] = ()
    renames: Renames = field(default_factory=Renames)
    #: The schema unqualified names live in (``public``, the MySQL database), when known.
    default_schema: str | None = None
    #: The revision existed when the project adopted colretire (its adoption baseline).
    adopted: bool = False


@dataclass(frozen=True)
class Refusal:
    """A refused effect: the diagnostic code, the message, and what an override must name:
    ``columns`` one by one, or ``tables`` whole (``TABLE.*``)."""

    code: str
    message: str
    kind: str  # "column", "table", "unresolved", "unjudged", "unreadable"
    columns: tuple[ColumnRef, ...] = ()
    tables: tuple[str, ...] = ()
    #: The verdict's stage, for CR201 (untracked) against CR202.
    tracked: bool = True


def judge(effect: object, when: When, via: str = OPERATION) -> Refusal | None:
    """The refusal for ``effect`` at ``when``, or ``None`` when it may happen."""
    if when.adopted:
        return None  # a revision of the adoption baseline runs as written
    if isinstance(effect, ddl.DropColumn):
        return _column(effect.table, effect.column, when, via)
    if isinstance(effect, ddl.DropTable):
        return _table(effect.table, when)
    if isinstance(effect, Rebuild):
        return _rebuild(effect, when)
    if isinstance(effect, ddl.DropSchema):
        return _schema(effect.schema, when)
    if isinstance(effect, Unresolved):
        return Refusal(
            "CR205",
            f"refusing {effect.what}: colretire cannot tell which column it drops before it "
            "runs; write the names as string literals, e.g. "
            'op.drop_column("tasks", "expected_completion_time")',
            "unresolved",
        )
    if isinstance(effect, ddl.Unjudged):
        return _unjudged(effect, when)
    if isinstance(effect, Unreadable):
        return Refusal(
            "CR207",
            f"refusing a migration colretire cannot read: {effect.reason}; ship the script's "
            ".py source so its drops can be checked",
            "unreadable",
        )
    return None


def _column(table: ddl.TableName, column: str, when: When, via: str) -> Refusal | None:
    original, original_column = when.renames.original(table.name, column, when.state)
    if when.downgrade and _undone(original, original_column, when):
        return None
    ref = rules.column_ref(original, original_column, table.schema)
    verdict = rules.column_verdict(when.state, ref, when.moment, when.revision)
    if verdict.allowed:
        return None
    code = "CR203" if via == SQL else ("CR201" if verdict.stage is None else "CR202")
    return Refusal(
        code, verdict.message(), "column", (verdict.column,), tracked=verdict.stage is not None
    )


def _undone(table: str, column: str, when: When) -> bool:
    """A downgrade drops what its upgrade created, or a column colretire does not track (or
    no longer has): only a tracked column still on its way out is judged."""
    if when.created.has_column(table, column):
        return True
    record = rules.find_record(when.state, rules.column_ref(table, column))
    return record is None or record.stage is Stage.DROPPED


def _table(table: ddl.TableName, when: When) -> Refusal | None:
    original = when.renames.original_table(table.name, when.state)
    if when.downgrade and (
        when.created.has_table(original) or not _unfinished(when.state, original, table.schema)
    ):
        return None
    verdict = rules.table_verdict(
        when.state, original, table.schema, when.moment, when.mapped_tables
    )
    if verdict.allowed:
        return None
    columns = tuple(r.column for r in verdict.blocking)
    return Refusal("CR204", verdict.message(), "table", columns)


def _unfinished(state: State, table: str, schema: str | None) -> list[ColumnRecord]:
    return [r for r in rules.table_records(state, table, schema) if r.stage is not Stage.DROPPED]


def _rebuild(effect: Rebuild, when: When) -> Refusal | None:
    """A table recreated with only ``kept`` columns drops every other tracked column."""
    original = when.renames.original_table(effect.table.name, when.state)
    kept = {when.renames.column(original, k).lower() for k in effect.kept}
    for record in rules.table_records(when.state, original, effect.table.schema):
        if record.column.column.lower() not in kept:
            refusal = _column(ddl.TableName(original), record.column.column, when, OPERATION)
            if refusal is not None:
                return refusal
    return None


def _schema(schema: str, when: When) -> Refusal | None:
    """``DROP SCHEMA``/``DROP DATABASE``: every tracked table in it goes."""
    unqualified = when.default_schema is None or schema.lower() == when.default_schema.lower()
    tables = sorted(
        {
            r.column.table_name
            for r in when.state.columns.values()
            if (r.column.schema or "").lower() == schema.lower()
            or (r.column.schema is None and unqualified)
        }
    )
    for table in tables:
        refusal = _table(ddl.TableName(table), when)
        if refusal is not None:
            return refusal
    return None


def _unjudged(effect: ddl.Unjudged, when: When) -> Refusal | None:
    """A statement that cannot be read is refused when it names a tracked table (under its
    name now or before a rename), unless its columns have all been dropped."""
    named = sorted(
        {
            original
            for current, original in when.renames.names_of_tracked(when.state)
            if effect.names(current) and _unfinished(when.state, original, None)
        }
    )
    if not named:
        return None
    listed = ", ".join(named)
    return Refusal(
        "CR206",
        f"refusing a statement colretire cannot judge that names {listed}, whose columns it "
        f"tracks: {effect.reason}: {_short(effect.text)}; write the drop so it can be read "
        "(a literal ALTER TABLE ... DROP COLUMN, or op.drop_column), or let it through on "
        "the record with COLRETIRE_ALLOW_DROP='" + ";".join(f"{t}.*:REASON" for t in named) + "'",
        "unjudged",
        tables=tuple(named),
    )


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 160 else flat[:157] + "...")


# -- following the schema as a run changes it ---------------------------------------------------


def follow(effect: object, renames: Renames, state: State) -> None:
    """Note what ``effect`` renames, so that later drops are judged under the original names.
    A batch recreate keeps its table's name; a rebuild through SQL is followed by the wire."""
    if isinstance(effect, ddl.RenameTable):
        renames.rename_table(effect.old.name, effect.new.name)
    elif isinstance(effect, ddl.RenameColumn):
        renames.rename_column(effect.table.name, effect.old, effect.new)


HistoryLoader = Callable[[], list[object]]
