"""The emergency override lets a refused drop through, on the record: who, when, why."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.util import CommandError

from colretire import statefile
from colretire.alembic import override
from colretire.errors import ConfigError
from colretire.model import ColumnRef, Stage

from .conftest import COLUMN, Demo, make_demo

REASON = "incident 42: the column holds data we must not keep"


def test_an_override_drops_the_column_and_records_who_when_and_why(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    demo.revision(
        "0002",
        "0001",
        'op.add_column("tasks", sa.Column("eta_minutes", sa.Integer))\n'
        'op.drop_column("tasks", "expected_completion_time")',
    )
    demo.stage(Stage.UNREFERENCED)
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", f"tasks.expected_completion_time:{REASON}")
    started = datetime.now(timezone.utc) - timedelta(seconds=2)

    demo.upgrade()

    assert "expected_completion_time" not in [c[0] for c in demo.dump()["tasks"]["columns"]]
    record = statefile.read(demo.state_path).get(COLUMN)
    assert record is not None and record.stage is Stage.DROPPED
    entry = record.history[-1]
    assert (entry.override, entry.note, entry.revision, entry.previous) == (
        True,
        REASON,
        "0002",
        Stage.UNREFERENCED,
    )
    assert entry.stamp.by == "Ada Lovelace <ada@example.com>"
    assert entry.stamp.at >= started.replace(microsecond=0)
    err = capfd.readouterr().err
    assert "colretire OVERRIDE: dropping tasks.expected_completion_time against the rules" in err
    assert f"reason: {REASON}" in err and "by Ada Lovelace <ada@example.com>" in err


def test_an_override_of_an_untracked_column_starts_its_record_at_dropped(
    sqlite_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_demo.revision("0002", "0001", 'op.execute("ALTER TABLE tasks DROP COLUMN legacy_code")')
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", f"tasks.legacy_code:{REASON}")
    sqlite_demo.upgrade()
    record = statefile.read(sqlite_demo.state_path).get(ColumnRef("tasks", "legacy_code"))
    assert record is not None
    assert [(e.stage, e.override, e.revision) for e in record.history] == [
        (Stage.DROPPED, True, "0002")
    ]


def test_an_override_of_another_column_changes_nothing(
    sqlite_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_demo.revision("0002", "0001", 'op.drop_column("tasks", "expected_completion_time")')
    sqlite_demo.stage(Stage.DEPRECATED)
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", f"tasks.legacy_code:{REASON}")
    with pytest.raises(CommandError, match="its stage is 'deprecated'"):
        sqlite_demo.upgrade()
    assert statefile.read(sqlite_demo.state_path).get(ColumnRef("tasks", "legacy_code")) is None


def test_a_table_drop_needs_every_tracked_column_overridden(
    sqlite_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_demo.revision("0002", "0001", 'op.drop_table("tasks")')
    sqlite_demo.stage(Stage.DEPRECATED)
    sqlite_demo.stage(Stage.WAITED, column=ColumnRef("tasks", "legacy_code"))
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", f"tasks.legacy_code:{REASON}")
    with pytest.raises(CommandError, match="refusing to drop table tasks"):
        sqlite_demo.upgrade()
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", f"tasks.*:{REASON}")
    sqlite_demo.upgrade()
    state = statefile.read(sqlite_demo.state_path)
    assert {r.stage for r in state.columns.values()} == {Stage.DROPPED}
    assert "tasks" not in sqlite_demo.dump()


def test_the_console_script_prints_the_override_loudly(sqlite_demo: Demo) -> None:
    sqlite_demo.revision("0002", "0001", 'op.drop_column("tasks", "expected_completion_time")')
    sqlite_demo.stage(Stage.WAITED)
    done = sqlite_demo.alembic("upgrade", "head")
    assert done.returncode != 0  # no override: refused
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "COLRETIRE_ALLOW_DROP": f"tasks.expected_completion_time:{REASON}"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("alembic")), "upgrade", "head"],
        cwd=sqlite_demo.root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "!! colretire OVERRIDE: dropping tasks.expected_completion_time" in done.stderr
    assert "recorded in state/columns.toml: commit it" in done.stderr


@pytest.mark.parametrize(
    "text",
    ["tasks.expected_completion_time", "tasks.expected_completion_time:  ", "tasks:why", ":why"],
)
def test_a_malformed_override_is_an_error(text: str) -> None:
    with pytest.raises(Exception, match=r"must read TABLE\.COLUMN:REASON"):
        override.parse(text)


@pytest.mark.parametrize(
    "name", ['tasks."x"', "tasks.a b", "tasks.*x", "t a.*", "tasks." + "x" * 500]
)
def test_an_override_naming_an_unsupported_identifier_is_an_error(name: str) -> None:
    with pytest.raises(ConfigError, match="not a column name colretire supports") as refused:
        override.parse(f"{name}:reason")
    assert len(str(refused.value)) < 400


def test_a_malformed_override_stops_the_upgrade(
    sqlite_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "tasks.expected_completion_time")
    with pytest.raises(CommandError, match="COLRETIRE_ALLOW_DROP entry"):
        sqlite_demo.upgrade()


def test_several_overrides_and_reasons_with_colons() -> None:
    parsed = override.parse("tasks.a:why: because ; public.notes.*:cleanup;")
    assert parsed == (
        override.Override("tasks", "a", "why: because"),
        override.Override("public.notes", "*", "cleanup"),
    )
    assert parsed[1].covers(ColumnRef("notes", "body"))
    assert not parsed[0].covers(ColumnRef("tasks", "b"))


FAILS_AFTER_THE_DROP = (
    'op.drop_column("tasks", "expected_completion_time")\n'
    'op.execute("UPDATE no_such_table SET x = 1")'
)


def test_an_override_is_recorded_only_once_its_revision_is_applied(
    postgres_demo: Demo, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    postgres_demo.revision("0002", "0001", FAILS_AFTER_THE_DROP)
    postgres_demo.stage(Stage.UNREFERENCED)
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "tasks.expected_completion_time:incident 8")
    before = postgres_demo.dump()
    with pytest.raises(Exception, match="no_such_table"):
        postgres_demo.upgrade()
    assert postgres_demo.dump() == before  # PostgreSQL rolled the drop back
    record = statefile.read(postgres_demo.state_path).get(COLUMN)
    assert record is not None and record.stage is Stage.UNREFERENCED
    assert "colretire OVERRIDE" not in capfd.readouterr().err

    postgres_demo.revision("0002", "0001", 'op.drop_column("tasks", "expected_completion_time")')
    postgres_demo.upgrade()
    record = statefile.read(postgres_demo.state_path).get(COLUMN)
    assert record is not None and record.stage is Stage.DROPPED
    assert (record.history[-1].override, record.history[-1].revision) == (True, "0002")


def test_in_zero_line_mode_an_override_is_recorded_once_the_drop_ran(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLRETIRE_USER", "Ada Lovelace <ada@example.com>")
    plain = make_demo(tmp_path / "plain", sqlite_url, guarded=False)
    plain.revision("0002", "0001", 'op.drop_column("tasks", "expected_completion_time")')
    plain.stage(Stage.UNREFERENCED)
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "tasks.expected_completion_time:incident 8")
    plain.upgrade()
    plain.close()
    record = statefile.read(plain.state_path).get(COLUMN)
    assert record is not None and record.stage is Stage.DROPPED
    assert (record.history[-1].override, record.history[-1].revision) == (True, "0002")
