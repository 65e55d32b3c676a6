"""A guarded run parses each revision script once: the tree that tells whether a script only
builds is the one the reader reads, and the applied history, when a drop needs it, is read
once for the pre-check and the wire together.

The count is of colretire's own parse function (:mod:`colretire.alembic.parsing`), wrapped;
Alembic runs for real.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest
from alembic import command
from alembic.util import CommandError

from colretire.alembic import parsing
from colretire.model import Stage

from .conftest import Demo


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file is parsed, by file name."""
    counted: Counter[str] = Counter()
    parse = parsing.parse

    def counting_parse(path: Path, text: str | None = None) -> ast.Module:
        counted[path.name] += 1
        return parse(path, text)

    monkeypatch.setattr(parsing, "parse", counting_parse)
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


@pytest.mark.parametrize(
    ("encoding", "first_line"),
    [("utf-8-sig", ""), ("latin-1", "# -*- coding: latin-1 -*-\n")],
    ids=["a byte order mark", "latin-1"],
)
def test_a_script_python_imports_is_read_as_python_reads_it(
    sqlite_demo: Demo, parses: Counter[str], encoding: str, first_line: str
) -> None:
    # Editors on Windows save a byte order mark; older projects declare latin-1. Python
    # imports either, so the guard reads it too: its drops are judged, not refused unread.
    sqlite_demo.stage(Stage.UNREFERENCED)
    path = sqlite_demo.revision(
        "0002",
        "0001",
        'op.execute("UPDATE notes SET body = \'Café\'")\nop.drop_column("tasks", "legacy_code")',
    )
    path.write_bytes((first_line + path.read_text(encoding="utf-8")).encode(encoding))

    with pytest.raises(CommandError) as refused:
        sqlite_demo.upgrade()

    message = str(refused.value)
    line = 1 + path.read_bytes().split(b"\n").index(b'    op.drop_column("tasks", "legacy_code")')
    assert "refusing to drop tasks.legacy_code" in message
    assert f"{path.name}:{line}:5" in message  # where the drop is, as Python counts
    assert parses == {"0002_rev.py": 1}
