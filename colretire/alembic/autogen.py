"""Generation time: ``alembic revision --autogenerate`` proposes no drop before its time.

* ``include_object`` keeps a column (or table) that exists only in the database out of the
  comparison unless the rule allows its drop now (``waited-one-release``). It says so in one
  line each time, so a column that has left the models while still ``deprecated`` or
  ``unreferenced`` is neither dropped nor proposed again and again, and ``alembic check``
  stays quiet about it.
* ``process_revision_directives`` walks each generated script: a drop the rule allows is
  rebuilt from the column's recorded definition, so the downgrade re-creates it exactly (type,
  nullability, server default); a drop it refuses (one that reached the script some other
  way) is taken out, together with its reverse in the downgrade. It walks the script itself
  rather than through ``Rewriter``, whose per-type callbacks cannot tell an upgrade drop from a
  downgrade one.
* The record moves to ``dropped`` with the revision id when the revision file is rendered,
  not before: ``alembic check`` runs the same hooks but never renders, and must not record.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from alembic.autogenerate import renderers
from alembic.autogenerate.api import AutogenContext
from alembic.operations import ops
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError

from colretire import workflow
from colretire.alembic import ops as column_ops
from colretire.alembic import rules
from colretire.errors import ColretireError
from colretire.lifecycle import Moment
from colretire.model import ColumnRecord, ColumnRef, Stage, State
from colretire.project import Project

IncludeObject = Callable[[Any, str | None, str, bool, Any], bool]
ProcessDirectives = Callable[[MigrationContext, Any, list[ops.MigrationScript]], None]


def notice(text: str) -> None:
    print(f"colretire: {text}", file=sys.stderr)


class GuardedDropColumnOp(ops.DropColumnOp):
    """A drop the rule allowed; rendering it records the column as ``dropped``."""

    project: Project | None = None
    record: ColumnRecord | None = None
    revision: str | None = None
    description: str = ""


class GuardedDropTableOp(ops.DropTableOp):
    """A table drop the rule allowed; rendering it records its waiting columns as ``dropped``."""

    project: Project | None = None
    records: tuple[ColumnRecord, ...] = ()
    revision: str | None = None


def _record(project: Project | None, record: ColumnRecord, revision: str | None) -> None:
    if project is None or revision is None or record.stage is not Stage.WAITED:
        return
    try:
        stored = workflow.mark_dropped(project, record.column, revision)
    except ColretireError as error:
        raise CommandError(str(error)) from None
    where = project.config.relative(project.config.state)
    notice(f"recorded {stored.column} as dropped by revision {revision} in {where}")


@renderers.dispatch_for(GuardedDropColumnOp)
def _render_drop_column(context: AutogenContext, op: GuardedDropColumnOp) -> str:
    if op.record is not None:
        notice(op.description)
        _record(op.project, op.record, op.revision)
        op.record = None  # render twice, record once
    return str(renderers.dispatch(ops.DropColumnOp)(context, op))


@renderers.dispatch_for(GuardedDropTableOp)
def _render_drop_table(context: AutogenContext, op: GuardedDropTableOp) -> str:
    for record in op.records:
        _record(op.project, record, op.revision)
    op.records = ()
    return str(renderers.dispatch(ops.DropTableOp)(context, op))


class AutogenGuard:
    """The two autogenerate hooks of one ``env.py`` run, bound to the project's state."""

    def __init__(self, project: Project | None) -> None:
        self.project = project

    def state(self) -> State:
        try:
            return self.project.state() if self.project is not None else State()
        except ColretireError as error:
            raise CommandError(str(error)) from None

    # -- include_object -------------------------------------------------------------------

    def include_object(self, user: IncludeObject | None = None) -> IncludeObject:
        def include(
            obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
        ) -> bool:
            if user is not None and not user(obj, name, type_, reflected, compare_to):
                return False
            if not reflected or compare_to is not None or name is None:
                return True
            if type_ == "column":
                return self._may_drop_column(
                    rules.column_ref(obj.table.name, name, obj.table.schema)
                )
            if type_ == "table":
                return self._may_drop_table(name, obj.schema)
            return True

        return include

    def _may_drop_column(self, column: ColumnRef) -> bool:
        verdict = rules.column_verdict(self.state(), column, Moment.GENERATE)
        if not verdict.allowed:
            notice(
                f"leaving out the drop of {verdict.column}: {verdict.reason}; {verdict.next_step}"
            )
        return verdict.allowed

    def _may_drop_table(self, table: str, schema: str | None) -> bool:
        verdict = rules.table_verdict(self.state(), table, schema, Moment.GENERATE)
        if not verdict.allowed:
            notice(f"leaving out the drop of table {verdict.table}: {verdict.reason}")
        return verdict.allowed

    # -- process_revision_directives ----------------------------------------------------------

    def process_revision_directives(
        self, user: ProcessDirectives | None = None
    ) -> ProcessDirectives:
        def process(
            context: MigrationContext, revision: Any, directives: list[ops.MigrationScript]
        ) -> None:
            if user is not None:
                user(context, revision, directives)
            for script in directives:
                pairs = zip(script.upgrade_ops_list, script.downgrade_ops_list, strict=False)
                for upgrade, downgrade in pairs:
                    self._rewrite(upgrade, downgrade, script.rev_id)

        return process

    def _rewrite(
        self, upgrade: ops.UpgradeOps, downgrade: ops.DowngradeOps, revision: str | None
    ) -> None:
        kept: list[ops.MigrateOperation] = []
        for op in upgrade.ops:
            if isinstance(op, ops.ModifyTableOps):
                op.ops = [
                    new for each in op.ops for new in self._column_op(each, downgrade, revision)
                ]
                if not op.ops:
                    continue
            elif isinstance(op, ops.DropTableOp) and not isinstance(op, GuardedDropTableOp):
                kept += self._table_op(op, downgrade, revision)
                continue
            kept.append(op)
        upgrade.ops = kept

    def _column_op(
        self, op: ops.MigrateOperation, downgrade: ops.DowngradeOps, revision: str | None
    ) -> Sequence[ops.MigrateOperation]:
        if not isinstance(op, ops.DropColumnOp) or isinstance(op, GuardedDropColumnOp):
            return [op]
        column = rules.column_ref(op.table_name, op.column_name, op.schema)
        verdict = rules.column_verdict(self.state(), column, Moment.GENERATE)
        if not verdict.allowed:
            notice(f"took out the drop of {verdict.column}: {verdict.reason}; {verdict.next_step}")
            _replace_in_downgrade(downgrade, op, None)
            return []
        record = rules.find_record(self.state(), column)
        assert record is not None  # allowed means tracked
        guarded = self._guarded_column(op, column, record)
        guarded.project, guarded.record, guarded.revision = self.project, record, revision
        _replace_in_downgrade(downgrade, op, guarded.reverse())
        return [guarded]

    def _guarded_column(
        self, op: ops.DropColumnOp, column: ColumnRef, record: ColumnRecord
    ) -> GuardedDropColumnOp:
        definition = record.definition
        if definition is None:
            source = op.to_column()
            how = "as the database reports it (the state file records no definition)"
        else:
            source = column_ops.to_column(column, definition)
            how = f"as {definition.type}" + ("" if definition.nullable else " NOT NULL")
            if definition.server_default:
                how += f" with server_default={definition.server_default}"
        made = GuardedDropColumnOp.from_column_and_tablename(op.schema, op.table_name, source)
        assert isinstance(made, GuardedDropColumnOp)
        made.description = (
            f"{record.column} has waited one release: the revision drops it and its downgrade "
            f"re-creates it {how}"
        )
        return made

    def _table_op(
        self, op: ops.DropTableOp, downgrade: ops.DowngradeOps, revision: str | None
    ) -> list[ops.MigrateOperation]:
        state = self.state()
        verdict = rules.table_verdict(state, op.table_name, op.schema, Moment.GENERATE)
        if not verdict.allowed:
            notice(f"took out the drop of table {verdict.table}: {verdict.reason}")
            downgrade.ops = [
                each
                for each in downgrade.ops
                if not (isinstance(each, ops.CreateTableOp) and _same_table(each, op))
            ]
            return []
        waiting = tuple(
            r
            for r in rules.table_records(state, op.table_name, op.schema)
            if r.stage is Stage.WAITED
        )
        if not waiting:
            return [op]
        guarded = GuardedDropTableOp.from_table(op.to_table())
        assert isinstance(guarded, GuardedDropTableOp)
        guarded.project, guarded.records, guarded.revision = self.project, waiting, revision
        return [guarded]


def _same_table(left: Any, right: Any) -> bool:
    return bool(left.table_name == right.table_name and left.schema == right.schema)


def _replace_in_downgrade(
    downgrade: ops.DowngradeOps, drop: ops.DropColumnOp, replacement: ops.MigrateOperation | None
) -> None:
    """Swap (or remove) the ``add_column`` that reverses ``drop`` in the downgrade."""
    for container in downgrade.ops:
        if not (isinstance(container, ops.ModifyTableOps) and _same_table(container, drop)):
            continue
        new_ops: list[ops.MigrateOperation] = []
        for each in container.ops:
            if isinstance(each, ops.AddColumnOp) and each.column.name == drop.column_name:
                if replacement is not None:
                    new_ops.append(replacement)
            else:
                new_ops.append(each)
        container.ops = new_ops
    downgrade.ops = [
        each
        for each in downgrade.ops
        if not (isinstance(each, ops.ModifyTableOps) and not each.ops)
    ]
