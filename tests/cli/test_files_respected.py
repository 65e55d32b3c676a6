"""The user's files as the user left them: a symbolic link stays a link, a read-only file or
directory is refused (exit 2, nothing changed, even for root, whom no mode stops), a full
disk is a clear error that leaves no temporary file, and a command that writes several
files writes all of them or none."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from colretire import transaction
from tests.cli.conftest import Run

COLUMN = "tasks.expected_completion_time"


def files(root: Path) -> dict[str, bytes]:
    """Every file of the project with its bytes; not git's, the scan cache, or the state
    file's lock (an empty file, kept for the next command, and ignored by git)."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        ignored = relative.startswith((".git/", ".colretire-cache/")) or path.suffix == ".lock"
        if path.is_file() and not ignored:
            found[relative] = path.read_bytes()
    return found


def leftovers(root: Path) -> list[str]:
    """Temporary files and journals: none may outlive a command."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.name.endswith(transaction.TEMPORARY_SUFFIX)
        or p.name.startswith(transaction.JOURNAL_PREFIX)
    )


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Paths the test makes read-only; made writable again afterwards, so that the test
    directory can be removed."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def make_read_only(path: Path, paths: list[Path]) -> None:
    path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    paths.append(path)


# -- symbolic links ---------------------------------------------------------------------------


def test_a_symlinked_state_file_stays_a_link_and_its_target_is_written(
    project: Path, run: Run
) -> None:
    shared = project / "shared"
    shared.mkdir()
    (project / "state").mkdir()
    link = project / "state" / "columns.toml"
    link.symlink_to(Path("..") / "shared" / "columns.toml")
    result = run("deprecate", COLUMN, "--reason", "replaced")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "shared", "columns.toml")
    assert f'[columns."{COLUMN}"]' in (shared / "columns.toml").read_text()
    assert leftovers(project) == []


# -- read-only files and directories ----------------------------------------------------------


def test_a_read_only_state_file_is_refused_and_left_unchanged(
    project: Path, run: Run, read_only: list[Path]
) -> None:
    run("deprecate", "tasks.status", "--reason", "unused")
    state = project / "state" / "columns.toml"
    make_read_only(state, read_only)
    before = files(project)
    result = run("deprecate", COLUMN, "--reason", "replaced")
    assert result.exit_code == 2
    assert result.output == (
        f"error: refusing to overwrite {state}: it is read-only; make it writable (chmod u+w) "
        "and run the command again; nothing was changed\n"
    )
    assert files(project) == before


def test_a_read_only_state_directory_is_refused_and_nothing_changes(
    project: Path, run: Run, read_only: list[Path]
) -> None:
    run("deprecate", "tasks.status", "--reason", "unused")
    make_read_only(project / "state", read_only)
    before = files(project)
    result = run("deprecate", COLUMN, "--reason", "replaced", "--mark")
    assert result.exit_code == 2
    assert result.output == (
        f"error: cannot write in {project / 'state'}: the directory is read-only; make it "
        "writable and run the command again; nothing was changed\n"
    )
    assert files(project) == before
    assert leftovers(project) == []


def test_a_read_only_model_under_deprecate_mark_records_nothing(
    project: Path, run: Run, read_only: list[Path]
) -> None:
    model = project / "app" / "models.py"
    make_read_only(model, read_only)
    before = files(project)
    result = run("deprecate", COLUMN, "--reason", "replaced", "--mark")
    assert result.exit_code == 2
    assert result.output.startswith(f"error: refusing to overwrite {model}: it is read-only")
    assert files(project) == before  # the column was not recorded either
    assert leftovers(project) == []


def test_a_read_only_models_directory_under_deprecate_mark_records_nothing(
    project: Path, run: Run, read_only: list[Path]
) -> None:
    make_read_only(project / "app", read_only)
    before = files(project)
    result = run("deprecate", COLUMN, "--reason", "replaced", "--mark")
    assert result.exit_code == 2
    assert result.output.startswith(f"error: cannot write in {project / 'app'}: the directory")
    assert files(project) == before
    assert leftovers(project) == []
    read_only.clear()
    (project / "app").chmod(0o755)
    assert run("deprecate", COLUMN, "--reason", "replaced", "--mark").exit_code == 0


def test_rewrite_write_refuses_a_read_only_source_and_changes_nothing(
    project: Path, run: Run, read_only: list[Path]
) -> None:
    uses = project / "app" / "uses.py"
    make_read_only(uses, read_only)
    before = files(project)
    result = run("rewrite", COLUMN, "--write")
    assert result.exit_code == 2
    assert f"error: refusing to overwrite {uses}: it is read-only" in result.output
    assert files(project) == before
    assert leftovers(project) == []


# -- a full disk ------------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills while colretire writes a temporary file: ``write`` and ``fsync`` (where
    a file system with delayed allocation reports it) fail with ENOSPC on those, and work on
    every other file."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell a temporary file's descriptor")

    def temporary(fd: int) -> bool:
        return os.readlink(f"/proc/self/fd/{fd}").endswith(transaction.TEMPORARY_SUFFIX)

    def failing(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(fd: int, *args: Any) -> Any:
            if temporary(fd):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, *args)

        return call

    monkeypatch.setattr(os, "write", failing(os.write))
    monkeypatch.setattr(os, "fsync", failing(os.fsync))


def test_a_full_disk_during_a_state_write_is_exit_2_and_leaves_no_temporary_file(
    project: Path, run: Run, full_disk: None
) -> None:
    before = files(project)
    result = run("deprecate", COLUMN, "--reason", "replaced")
    assert result.exit_code == 2
    state = (project / "state" / "columns.toml").resolve()
    assert result.output == (
        f"error: cannot write {state}: no space left on the device; nothing was changed\n"
    )
    assert files(project) == before
    assert leftovers(project) == []


def test_a_full_disk_during_rewrite_write_changes_no_file(
    project: Path, run: Run, full_disk: None
) -> None:
    before = files(project)
    result = run("rewrite", COLUMN, "--write")
    assert result.exit_code == 2
    assert "no space left on the device; nothing was changed" in result.output
    assert files(project) == before
    assert leftovers(project) == []


# -- all or nothing ---------------------------------------------------------------------------


def test_init_that_fails_on_its_last_file_writes_none_and_can_run_again(
    project: Path, run: Run
) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (project / ".gitignore").mkdir()  # init cannot add its lines to it
    before = files(project)
    result = run("init")
    assert result.exit_code == 2
    assert result.output.endswith(f"error: cannot read {project / '.gitignore'}: Is a directory\n")
    assert files(project) == before  # no [tool.colretire], no state file
    assert leftovers(project) == []
    (project / ".gitignore").rmdir()
    assert run("init").exit_code == 0


def test_a_journal_of_a_running_command_is_left_alone(project: Path, run: Run) -> None:
    with transaction.Transaction(project, "deprecate") as running:
        running.write(project / "app" / "extra.py", "x = 1\n")
        result = run("status", "--no-scan")
        assert result.exit_code == 0
        assert "note:" not in result.output
        assert len(transaction.journals(project)) == 1
    assert transaction.journals(project) == []
    assert (project / "app" / "extra.py").read_text() == "x = 1\n"
