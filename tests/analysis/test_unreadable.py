"""A scan reads everything it claims to: a file or directory it cannot read is a finding
(CR002), counted in its summary, never an empty file or a skipped directory.

Root reads files whatever their mode, so the unreadable files here are ones no user can
read: a broken symbolic link, a loop of links, a FIFO (which ``open`` would wait on forever).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from colretire.analysis import discovery, scan
from colretire.model import ColumnRef, ReferenceKind
from tests.analysis.helpers import write

MODELS = """
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    class Base(DeclarativeBase):
        pass

    class Task(Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
"""
COLUMN = ColumnRef("tasks", "eta")


def unread(root: Path) -> list[tuple[str, str, str]]:
    result = scan(root, COLUMN)
    return [
        (r.path, r.code, r.message) for r in result.references if r.kind is ReferenceKind.UNREADABLE
    ]


def test_broken_and_looping_symbolic_links_are_findings_named_in_the_summary(
    tmp_path: Path,
) -> None:
    write(tmp_path, {"app/models.py": MODELS})
    (tmp_path / "app" / "uses.py").symlink_to("moved_away.py")
    (tmp_path / "app" / "loop.py").symlink_to("loop.py")
    assert unread(tmp_path) == [
        ("app/loop.py", "CR002", "cannot be read (Too many levels of symbolic links); its "
         "references are unknown"),
        ("app/uses.py", "CR002", "cannot be read (a symbolic link to nothing); its references "
         "are unknown"),
    ]  # fmt: skip
    summary = scan(tmp_path, COLUMN).summary()
    assert (summary.references, summary.unreadable) == (0, ("app/loop.py", "app/uses.py"))
    assert summary.describe() == "scan found 0 reference(s) in 1 file(s), 2 could not be read"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_module_is_a_finding_and_never_opened(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS})
    os.mkfifo(tmp_path / "app" / "uses.py")
    assert unread(tmp_path) == [
        ("app/uses.py", "CR002", "cannot be read (not a regular file); its references are unknown")
    ]


def test_a_directory_that_cannot_be_listed_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"app/models.py": MODELS, "app/private/uses.py": "task.eta\n"})
    private = tmp_path / "app" / "private"
    if os.geteuid() == 0:  # root lists a directory of any mode: refuse it the way EACCES does
        real = os.scandir

        def scandir(path: str) -> object:
            if Path(path) == private:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            return real(path)

        monkeypatch.setattr(discovery.os, "scandir", scandir)
    else:
        private.chmod(0)
        monkeypatch.chdir(tmp_path)  # for the clean-up: make it listable again below
    try:
        assert unread(tmp_path) == [
            ("app/private/", "CR002", "directory cannot be listed (Permission denied); its "
             "references are unknown"),
        ]  # fmt: skip
    finally:
        private.chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file of any mode")
def test_a_file_without_read_permission_is_a_finding(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS, "app/uses.py": "task.eta\n"})
    (tmp_path / "app" / "uses.py").chmod(0)
    try:
        assert unread(tmp_path) == [
            ("app/uses.py", "CR002", "cannot be read (Permission denied); its references are "
             "unknown"),
        ]  # fmt: skip
    finally:
        (tmp_path / "app" / "uses.py").chmod(0o644)


def test_a_symbolic_link_to_a_directory_is_still_not_followed_nor_a_finding(
    tmp_path: Path,
) -> None:
    write(tmp_path, {"app/models.py": MODELS, "lib/util.py": "x = 1\n"})
    (tmp_path / "app" / "vendor.py").symlink_to(tmp_path / "lib", target_is_directory=True)
    assert unread(tmp_path) == []
