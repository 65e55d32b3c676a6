"""The transaction of several files: all or none in the process, and a journal that the next
command rolls forward (past the commit point) or back (before it)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from colretire.errors import WriteError
from colretire.transaction import Transaction, journals, recover


def test_an_error_in_the_block_writes_nothing_and_removes_what_others_created(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("old a\n")
    versions = tmp_path / "versions"
    versions.mkdir()
    with pytest.raises(RuntimeError), Transaction(tmp_path, "test") as tx:
        tx.write(tmp_path / "a.txt", "new a\n")
        tx.write(tmp_path / "new" / "b.txt", "new b\n")
        tx.expect([versions], "abc123def456")
        (versions / "abc123def456_x.py").write_text("revision = 'abc123def456'\n")
        raise RuntimeError("the command failed")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "a.txt",
        "versions",
    ]
    assert (tmp_path / "a.txt").read_text() == "old a\n"


def test_a_file_written_twice_gets_its_last_content(tmp_path: Path) -> None:
    with Transaction(tmp_path) as tx:
        tx.write(tmp_path / "a.txt", "first\n")
        tx.write(tmp_path / "a.txt", "second\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "second\n"


def test_the_modes_of_a_replaced_file_are_kept(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text("old\n")
    script.chmod(0o750)
    with Transaction(tmp_path) as tx:
        tx.write(script, "new\n")
    assert (script.stat().st_mode & 0o777, script.read_text()) == (0o750, "new\n")


def interrupted(tmp_path: Path, *records: dict[str, object]) -> Path:
    """A journal as a command killed after those records leaves it (nobody holds it)."""
    journal = tmp_path / ".colretire-journal-000000000000"
    lines = [json.dumps({"begin": "drop", "pid": 1, "at": "2026-01-01T00:00:00Z"})]
    journal.write_text("\n".join([*lines, *map(json.dumps, records)]) + "\n")
    return journal


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_after_the_commit_point_the_renames_are_finished_but_a_file_edited_since_is_kept(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("old a\n")
    (tmp_path / ".a.txt.1.colretire-tmp").write_text("new a\n")
    (tmp_path / "b.txt").write_text("edited by hand\n")
    (tmp_path / ".b.txt.2.colretire-tmp").write_text("new b\n")
    interrupted(
        tmp_path,
        {"write": "a.txt", "temp": ".a.txt.1.colretire-tmp", "before": sha("old a\n"),
         "after": sha("new a\n")},
        {"write": "b.txt", "temp": ".b.txt.2.colretire-tmp", "before": sha("old b\n"),
         "after": sha("new b\n")},
        {"commit": True},
    )  # fmt: skip
    assert recover(tmp_path) == [
        "completed an interrupted 'drop': it had reached its commit point; wrote a.txt; left "
        "b.txt as it is: it changed since, or its new content is missing"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert (tmp_path / "a.txt").read_text() == "new a\n"
    assert (tmp_path / "b.txt").read_text() == "edited by hand\n"


def test_before_the_commit_point_the_command_is_undone(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old a\n")
    (tmp_path / ".a.txt.1.colretire-tmp").write_text("new a\n")
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "abc123def456_drop.py").write_text("revision = 'abc123def456'\n")
    interrupted(
        tmp_path,
        {"expect": ["versions"], "marker": "abc123def456"},
        {"write": "a.txt", "temp": ".a.txt.1.colretire-tmp", "before": "x", "after": "y"},
    )
    assert recover(tmp_path) == [
        "undid an interrupted 'drop': it stopped before its commit point, so no file it meant "
        "to change was changed; removed versions/abc123def456_drop.py"
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt", "versions"]
    assert journals(tmp_path) == []


def test_a_journal_cut_short_in_its_last_record_is_still_read(tmp_path: Path) -> None:
    journal = interrupted(tmp_path)
    with journal.open("a") as handle:
        handle.write('{"write": "a.txt", "te')
    assert recover(tmp_path) == [
        "removed the journal of an interrupted 'drop', which had written nothing yet"
    ]


def test_a_directory_that_does_not_exist_cannot_hold_a_journal(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="no such directory"), Transaction(tmp_path / "x") as tx:
        tx.write(tmp_path / "a.txt", "a")
    assert list(tmp_path.iterdir()) == []
