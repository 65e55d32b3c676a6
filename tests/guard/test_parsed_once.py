"""A guarded run parses each revision script once: the tree that tells whether a script only
builds is the one the reader reads, and the applied history, when a drop needs it, is read
once for the pre-check and the wire together.

The count is of colretire's own parse functions (:mod:`colretire.alembic.parsing`), wrapped;
Alembic runs for real.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest
from alembic import command

from colretire.alembic import parsing
from colretire.model import Stage

from .conftest import Demo


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file is parsed, by file name."""
    counted: Counter[str] = Counter()
    parse, parse_as_imported = parsing.parse, parsing.parse_as_imported

    def counting_parse(path: Path, text: str | None = None) -> ast.Module:
        counted[path.name] += 1
        return parse(path, text)

    def counting_parse_as_imported(path: Path) -> ast.Module:
        counted[path.name] += 1
        return parse_as_imported(path)

    monkeypatch.setattr(parsing, "parse", counting_parse)
    monkeypatch.setattr(parsing, "parse_as_imported", counting_parse_as_imported)
    monkeypatch.setenv("COLRETIRE_GUARD_MEMO", "0")  # read every time, not remembered
    return counted


def test_an_upgrade_parses_each_script_once(sqlite_demo: Demo, parses: Counter[str]) -> None:
    sqlite_demo.stage(Stage.DEPRECATED)
    sqlite_demo.revision("0002", "0001", 'op.add_column("tasks", sa.Column("eta", sa.Integer))')
    (sqlite_demo.root / "migrations" / "reindex.py").write_text(
        "from alembic import op\n\n\ndef reindex(name):\n"
        '    op.drop_index(name, table_name="tasks")\n'
        '    op.create_index(name, "tasks", ["title"])\n'
    )
    sqlite_demo.revision(
        "0003",
        "0002",
        'op.create_index("ix_tasks_title", "tasks", ["title"])\nreindex("ix_tasks_title")',
        module="from reindex import reindex",
    )

    sqlite_demo.upgrade()

    # 0002 only builds and is not read further; 0003 is read, its helper with it.
    assert parses == {"0002_rev.py": 1, "0003_rev.py": 1, "reindex.py": 1}


def test_a_downgrade_reads_the_applied_history_once(
    sqlite_demo: Demo, parses: Counter[str]
) -> None:
    sqlite_demo.stage(Stage.DEPRECATED)
    sqlite_demo.revision(
        "0002",
        "0001",
        'op.create_table("scratch", sa.Column("id", sa.Integer, primary_key=True))',
        'op.drop_table("scratch")',
    )
    sqlite_demo.upgrade()
    parses.clear()

    command.downgrade(sqlite_demo.config(), "-1")

    # The drop of a table colretire does not track sends the pre-check, then the wire, to
    # the renames of the applied revisions: read once for both.
    assert "scratch" not in sqlite_demo.dump()
    assert parses["0001_base.py"] == 1
