"""The drop rule as the three guard points ask it: by the names a migration uses.

A migration names a column as (schema, table, column), with or without a schema and in any
letter case; the state file names it ``table.column`` or ``schema.table.column``. This module
finds the record, then asks :func:`colretire.lifecycle.check_drop`, the one rule. A table drop
drops every column in it, so it is refused while any of its tracked columns is short of the
stage the moment requires, or while the models still map the table.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from colretire.lifecycle import DOCS, Moment, check_drop
from colretire.model import ColumnRecord, ColumnRef, Stage, State, Verdict


def column_ref(table: str, column: str, schema: str | None = None) -> ColumnRef:
    return ColumnRef(f"{schema}.{table}" if schema else table, column)


def _same(left: str | None, right: str | None) -> bool:
    return left is None or right is None or left.lower() == right.lower()


def table_records(state: State, table: str, schema: str | None = None) -> list[ColumnRecord]:
    """The tracked columns of ``table``; a missing schema on either side matches any."""
    return [
        record
        for _, record in sorted(state.columns.items())
        if record.column.table_name.lower() == table.lower() and _same(record.column.schema, schema)
    ]


def find_record(state: State, column: ColumnRef) -> ColumnRecord | None:
    """The record for ``column``: the exact name first, then ignoring case and schema."""
    exact = state.get(column)
    if exact is not None:
        return exact
    for record in table_records(state, column.table_name, column.schema):
        if record.column.column.lower() == column.column.lower():
            return record
    return None


def column_verdict(
    state: State, column: ColumnRef, moment: Moment, revision: str | None = None
) -> Verdict:
    """May this drop happen now? The verdict names the column as the state file does."""
    record = find_record(state, column)
    return check_drop(record, record.column if record else column, moment, revision)


@dataclass(frozen=True)
class TableVerdict:
    """The answer for a table drop, with the records that stand in its way."""

    table: str
    allowed: bool
    reason: str = ""
    blocking: tuple[ColumnRecord, ...] = ()

    def message(self) -> str:
        return f"refusing to drop table {self.table}: {self.reason}"


def table_verdict(
    state: State,
    table: str,
    schema: str | None,
    moment: Moment,
    mapped_tables: Collection[str] = (),
) -> TableVerdict:
    """May ``table`` be dropped now?

    While a migration is written its tracked columns must be at ``waited-one-release`` or
    ``dropped``; while one runs they must all be ``dropped``. ``mapped_tables`` are the
    tables the models still declare (``schema.table`` or ``table``), when known.
    """
    name = f"{schema}.{table}" if schema else table
    if {name.lower(), table.lower()} & {t.lower() for t in mapped_tables}:
        return TableVerdict(name, False, "the models still map it; remove its model first")
    ready = {Stage.DROPPED} | ({Stage.WAITED} if moment is Moment.GENERATE else set())
    blocking = tuple(r for r in table_records(state, table, schema) if r.stage not in ready)
    if not blocking:
        return TableVerdict(name, True)
    listed = ", ".join(f"{r.column} (stage '{r.stage}')" for r in blocking)
    reason = (
        f"colretire still tracks {listed}; retire the columns first, each through "
        f"colretire drop once it has waited one release ({DOCS})"
    )
    return TableVerdict(name, False, reason, blocking)


#: A rename, as :class:`Renames` replays it: ("table", old, new) or ("column", table, old, new).
RenameEvent = tuple[str, ...]


@dataclass
class Renames:
    """Tables and columns renamed so far, so that a drop under a new name is judged as a
    drop of the original column: ``rename_table("items", "items_old")`` then
    ``drop_table("items_old")`` drops ``items``. Names compare case-insensitively; schemas
    are not told apart.

    ``history`` gives the renames of the revisions already applied to the database, before
    this run; it is read only when a drop names a table colretire does not track (reading
    every applied script costs time), and replayed before the run's own renames.
    """

    events: list[RenameEvent] = field(default_factory=list)
    history: Callable[[], list[RenameEvent]] | None = None
    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    loaded: bool = False

    def table(self, name: str) -> str:
        """The original name of the table now called ``name``."""
        return self.tables.get(name.lower(), name)

    def column(self, table: str, name: str) -> str:
        """The original name of the column now called ``name`` in ``table`` (new name)."""
        return self.columns.get((self.table(table).lower(), name.lower()), name)

    def rename_table(self, old: str, new: str) -> None:
        self.events.append(("table", old, new))
        self._table(old, new)

    def rename_column(self, table: str, old: str, new: str) -> None:
        self.events.append(("column", table, old, new))
        self._column(table, old, new)

    def alias(self, table: str, original: str) -> None:
        """``table`` now holds the rows of ``original`` (a table rebuilt under a new name)."""
        self.events.append(("alias", table, original))
        self.tables[table.lower()] = self.table(original)

    def original_table(self, name: str, state: State) -> str:
        """The original name of ``name``, reading the applied history when the name is not
        one colretire tracks."""
        found = self.table(name)
        if not table_records(state, found) and self._load():
            found = self.table(name)
        return found

    def original(self, table: str, column: str, state: State) -> tuple[str, str]:
        original = self.original_table(table, state)
        return original, self.columns.get((original.lower(), column.lower()), column)

    def names_of_tracked(self, state: State) -> list[tuple[str, str]]:
        """(name now, original name) for every tracked table, under each of its names."""
        tracked = {r.column.table_name.lower(): r.column.table_name for r in state.columns.values()}
        pairs = [(name, name) for name in tracked.values()]
        pairs += [
            (now, tracked[o.lower()]) for now, o in self.tables.items() if o.lower() in tracked
        ]
        return pairs

    def _load(self) -> bool:
        if self.loaded or self.history is None:
            return False
        self.loaded = True
        earlier = self.history()
        if not earlier:
            return False
        self.tables.clear()
        self.columns.clear()
        for event in [*earlier, *self.events]:
            self._replay(event)
        return True

    def _replay(self, event: RenameEvent) -> None:
        if event[0] == "table":
            self._table(event[1], event[2])
        elif event[0] == "column":
            self._column(event[1], event[2], event[3])
        elif event[0] == "alias":
            self.tables[event[1].lower()] = self.table(event[2])

    def _table(self, old: str, new: str) -> None:
        self.tables[new.lower()] = self.table(old)
        if old.lower() != new.lower():
            self.tables.pop(old.lower(), None)

    def _column(self, table: str, old: str, new: str) -> None:
        original = self.table(table).lower()
        self.columns[(original, new.lower())] = self.column(table, old)
