"""The static lint of migration scripts: what it reports, where, and what it lets pass."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from colretire.alembic.history import lint_migrations
from colretire.alembic.lint import CODES, lint_script
from colretire.errors import MigrationError
from colretire.model import ColumnRef, Diagnostic, Stage, State
from colretire.project import Project

from .conftest import ALEMBIC_INI, BASE, PYPROJECT, record_stage

HEADER = (
    'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "0002"\ndown_revision = "0001"\n'
)


def script(upgrade: str, downgrade: str = "pass") -> str:
    return (
        HEADER
        + "\n\ndef upgrade():\n"
        + textwrap.indent(textwrap.dedent(upgrade).strip(), "    ")
        + "\n\n\ndef downgrade():\n"
        + textwrap.indent(textwrap.dedent(downgrade).strip(), "    ")
        + "\n"
    )


def state_at(tmp_path: Path, stage: Stage | None, revision: str = "0002") -> State:
    return record_stage(
        tmp_path / "columns.toml", ColumnRef("tasks", "expected_completion_time"), stage, revision
    )


def lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.path}:{d.line}:{d.col}: {d.code} {d.message}" for d in diagnostics]


INVALID = {
    "CR201": ('op.drop_column("tasks", "title")', None),
    "CR202": ('op.drop_column("tasks", "expected_completion_time")', Stage.UNREFERENCED),
    "CR203": ('op.execute("ALTER TABLE tasks DROP COLUMN expected_completion_time")', Stage.WAITED),
    "CR204": ('op.drop_table("tasks")', Stage.DEPRECATED),
    "CR205": ("name = make_name()\nop.drop_column('tasks', name)", None),
}


@pytest.mark.parametrize("code", INVALID)
def test_each_code_has_an_example(tmp_path: Path, code: str) -> None:
    source, stage = INVALID[code]
    found = lint_script("v/0002.py", script(source), state_at(tmp_path, stage))
    assert [d.code for d in found] == [code]
    assert (found[0].path, found[0].line) == ("v/0002.py", 9 + source.count("\n"))


def test_findings_read_like_every_linter(tmp_path: Path) -> None:
    source = script(
        """
        op.add_column("tasks", sa.Column("eta_minutes", sa.Integer))
        with op.batch_alter_table("tasks") as batch_op:
            batch_op.drop_column("expected_completion_time")
        op.execute('ALTER TABLE "tasks" DROP COLUMN "title"; ALTER TABLE tasks DROP INDEX ix')
        """
    )
    assert lines(
        lint_script("migrations/versions/0002_x.py", source, state_at(tmp_path, Stage.DEPRECATED))
    ) == [
        "migrations/versions/0002_x.py:11:9: CR202 refusing to drop tasks.expected_completion_time: "
        "its stage is 'deprecated'; remove its references and run colretire advance; it can be "
        "dropped one release after it is unreferenced (see docs/lifecycle.md)",
        "migrations/versions/0002_x.py:12:16: CR203 refusing to drop tasks.title: it is not "
        "tracked by colretire; start its retirement with: colretire deprecate tasks.title "
        "(see docs/lifecycle.md)",
    ]


VALID = {
    "a drop written by colretire drop": (
        'op.drop_column("tasks", "expected_completion_time")',
        Stage.DROPPED,
    ),
    "a docstring that mentions a drop": ('"""ALTER TABLE tasks DROP COLUMN title"""', None),
    "a string that is never executed": (
        'print("TODO: ALTER TABLE tasks DROP COLUMN expected_completion_time")',
        Stage.DEPRECATED,
    ),
    "a constraint, not a column": ('op.execute("ALTER TABLE tasks DROP CONSTRAINT ck")', None),
    "a table without tracked columns": ('op.drop_table("notes")', Stage.DEPRECATED),
}


@pytest.mark.parametrize("case", VALID)
def test_what_passes(tmp_path: Path, case: str) -> None:
    source, stage = VALID[case]
    assert lint_script("v.py", script(source), state_at(tmp_path, stage)) == []


def test_a_downgrade_may_drop_what_its_upgrade_added(tmp_path: Path) -> None:
    text = script(
        'op.add_column("tasks", sa.Column("eta", sa.Integer))',
        downgrade='op.drop_column("tasks", "eta")\nop.drop_column("notes", "body")',
    )
    assert lint_script("v.py", text, state_at(tmp_path, Stage.DEPRECATED)) == []


def test_a_downgrade_that_drops_a_tracked_column_is_a_finding(tmp_path: Path) -> None:
    text = script("pass", downgrade='op.drop_column("tasks", "expected_completion_time")')
    (found,) = lint_script("v.py", text, state_at(tmp_path, Stage.DEPRECATED))
    assert (found.code, found.line) == ("CR202", 13)
    assert found.message.startswith(
        "downgrade(): refusing to drop tasks.expected_completion_time: its stage is 'deprecated'"
    )


def test_a_same_named_column_on_another_table_is_not_covered_by_its_record(tmp_path: Path) -> None:
    text = script('op.drop_column("notes", "expected_completion_time")')
    (found,) = lint_script("v.py", text, state_at(tmp_path, Stage.DROPPED))
    assert found.code == "CR201" and found.column == ColumnRef("notes", "expected_completion_time")


def test_a_drop_retired_by_another_revision_is_a_finding(tmp_path: Path) -> None:
    text = script('op.drop_column("tasks", "expected_completion_time")')
    (found,) = lint_script("v.py", text, state_at(tmp_path, Stage.DROPPED, revision="0009"))
    assert (found.code, found.message) == (
        "CR202",
        "refusing to drop tasks.expected_completion_time: it was retired by revision 0009, "
        "not by 0002; remove this drop from the migration",
    )


def test_a_script_that_does_not_parse_is_a_finding_and_the_walk_goes_on(tmp_path: Path) -> None:
    (found,) = lint_script("v.py", "def upgrade(:\n", State())
    assert (found.code, found.line) == ("CR200", 1)


def test_lint_migrations_walks_the_versions_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "alembic.ini").write_text(ALEMBIC_INI.format(url="sqlite://"))
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_base.py").write_text(BASE)
    (versions / "0002_drop.py").write_text(script('op.drop_column("tasks", "title")'))
    (versions / "0003_broken.py").write_text("def upgrade(:\n")
    project = Project.locate(tmp_path)

    found = lint_migrations(project)

    assert [(d.path, d.line, d.code) for d in found] == [
        ("migrations/versions/0002_drop.py", 9, "CR201"),
        ("migrations/versions/0003_broken.py", 1, "CR200"),
    ]


def test_lint_migrations_reads_a_script_as_python_imports_it(tmp_path: Path) -> None:
    # A byte order mark, or a declared latin-1: Python runs either script, so check reads
    # them, and finds the drop where it is.
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "alembic.ini").write_text(ALEMBIC_INI.format(url="sqlite://"))
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_base.py").write_text(BASE)
    drop = script(
        'op.execute("UPDATE tasks SET title = \'Café\'")\nop.drop_column("tasks", "title")'
    )
    (versions / "0002_bom.py").write_bytes(drop.encode("utf-8-sig"))
    latin = "# -*- coding: latin-1 -*-\n" + drop.replace('"0002"', '"0003"').replace(
        '"0001"', '"0002"'
    )
    (versions / "0003_latin.py").write_bytes(latin.encode("latin-1"))

    found = lint_migrations(Project.locate(tmp_path))

    assert [(d.path, d.line, d.code) for d in found] == [
        ("migrations/versions/0002_bom.py", 10, "CR201"),
        ("migrations/versions/0003_latin.py", 11, "CR201"),
    ]


def test_lint_migrations_without_alembic_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    with pytest.raises(MigrationError, match="no Alembic configuration at"):
        lint_migrations(Project.locate(tmp_path))


def test_the_codes_table_is_documented_in_the_module() -> None:
    import colretire.alembic.lint as module

    for code in CODES:
        assert code.code in (module.__doc__ or "")


def test_a_drop_under_a_new_name_is_judged_as_the_original(tmp_path: Path) -> None:
    state = state_at(tmp_path, Stage.DEPRECATED)
    renamed = script(
        'op.rename_table("tasks", "tasks_old")\n'
        'with op.batch_alter_table("tasks_old") as batch_op:\n'
        '    batch_op.alter_column("expected_completion_time", new_column_name="eta")\n'
        '    batch_op.drop_column("eta")'
    )
    found = lint_script("v/0002.py", renamed, state)
    assert [(d.code, d.line, str(d.column)) for d in found] == [
        ("CR202", 12, "tasks.expected_completion_time")
    ]
