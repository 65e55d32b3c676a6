"""The emergency override: let a refused drop through, on the record.

    COLRETIRE_ALLOW_DROP="tasks.expected_completion_time:the column holds PII, legal asked"

Several entries are separated by ``;``; ``TABLE.*`` names every column of a table (for a
``drop_table``). Each entry needs a reason. When the guard meets a drop that the rules refuse
and an entry names its column, it lets the drop through, records it in the state file as an
override (``dropped``, ``override = true``, who from git or ``COLRETIRE_USER``, when, the
reason and the revision) and prints a loud warning. An entry that names a column no pending
drop touches does nothing.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from colretire import identifiers
from colretire.errors import ConfigError

if TYPE_CHECKING:  # loaded on use: every guarded `alembic upgrade` imports this module
    from colretire.model import ColumnRecord, ColumnRef
    from colretire.project import Project

VARIABLE = "COLRETIRE_ALLOW_DROP"


@dataclass(frozen=True)
class Override:
    """One ``TABLE.COLUMN:reason`` entry; ``column == "*"`` covers the whole table."""

    table: str
    column: str
    reason: str

    def covers(self, column: ColumnRef) -> bool:
        """Whether this entry names ``column``; a schema missing on either side matches any."""
        from colretire.model import ColumnRef

        named = ColumnRef(self.table, self.column)
        if named.table_name.lower() != column.table_name.lower():
            return False
        if named.schema and column.schema and named.schema.lower() != column.schema.lower():
            return False
        return self.column == "*" or self.column.lower() == column.column.lower()


def parse(text: str) -> tuple[Override, ...]:
    """The entries of the variable's value; raises :class:`ConfigError` on a malformed one."""
    overrides = []
    for entry in (part.strip() for part in text.split(";")):
        if not entry:
            continue
        name, sep, reason = entry.partition(":")
        table, dot, column = name.strip().rpartition(".")
        if not sep or not reason.strip() or not dot or not table or not column:
            raise ConfigError(
                f"{VARIABLE} entry {entry!r} must read TABLE.COLUMN:REASON (or TABLE.*:REASON), "
                "e.g. tasks.expected_completion_time:restoring service after incident 42"
            )
        named = f"{table.strip()}.{'_' if column == '*' else column}"
        if not identifiers.is_valid(named):
            raise ConfigError(
                f"{VARIABLE} entry names {identifiers.shown(name.strip())}, which is not a "
                "column name colretire supports (regular SQL identifiers, see docs/trust.md)"
            )
        overrides.append(Override(table.strip(), column, reason.strip()))
    return tuple(overrides)


def from_environment() -> tuple[Override, ...]:
    return parse(os.environ.get(VARIABLE, ""))


def find(overrides: tuple[Override, ...], column: ColumnRef) -> Override | None:
    return next((o for o in overrides if o.covers(column)), None)


def record(
    project: Project | None,
    column: ColumnRef,
    override: Override,
    revision: str | None,
    refused: str,
) -> ColumnRecord:
    """Record the overridden drop in the state file and say so, loudly, on stderr."""
    if project is None:
        raise ConfigError(
            f"{VARIABLE} names {column}, but no colretire project (pyproject.toml) was found "
            "above alembic.ini to record the override in; run from the project checkout"
        )
    stored = _mark(project, column, override.reason, revision)
    entry = stored.history[-1]
    where = project.config.relative(project.config.state)
    banner = "!" * 78
    print(
        f"{banner}\n"
        f"!! colretire OVERRIDE: dropping {column} against the rules\n"
        f"!!   the rule said: {refused}\n"
        f"!!   reason: {override.reason}\n"
        f"!!   by {entry.stamp.by} at {entry.stamp.at:%Y-%m-%d %H:%M:%S}Z"
        + (f", revision {revision}" if revision else "")
        + "\n"
        f"!!   recorded in {where}: commit it so the team sees it\n"
        f"{banner}",
        file=sys.stderr,
    )
    return stored


def _mark(project: Project, column: ColumnRef, reason: str, revision: str | None) -> ColumnRecord:
    if revision is not None:
        # Imported here: only an override that is used needs the workflow (and tomlkit);
        # every guarded `alembic upgrade` imports this module.
        from colretire import workflow

        return workflow.mark_dropped(project, column, revision, override_reason=reason)
    # workflow.mark_dropped takes a revision; a drop met only when it runs (a name computed
    # at run time) may have none, and the override is recorded all the same.
    from colretire import lifecycle, statefile

    event = lifecycle.OverrideDrop(reason)
    stamp = project.stamp()
    state = statefile.update(
        project.config.state,
        lambda s: s.with_record(lifecycle.apply(s.get(column), column, event, stamp)),
    )
    stored = state.get(column)
    assert stored is not None
    return stored
