"""The history is verified, not trusted: ``check`` replays it and asks git; ``drop`` refuses.

Every history here is written by the real commands in a git repository; the hand edits are
what a pull request could do to the state file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import git
from tests.db.conftest import Run, make_project
from tests.db.test_revisions import versions

DUE = "tasks.due_at"
STATE = Path("state") / "columns.toml"


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


@pytest.fixture
def repository(tmp_path: Path, sqlite_url: str) -> Path:
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", sqlite_url)
    (root / ".gitignore").write_text(".colretire-cache/\n*.lock\n*.db\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Ada Lovelace")
    git(root, "config", "user.email", "ada@example.com")
    commit(root, "initial")
    return root


def waited(root: Path, run: Run) -> None:
    """tasks.due_at to waited-one-release by the commands, its wait proven by the release
    tag v1.0."""
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'release_tags = "v*"\n')
    assert run(root, "deprecate", DUE, "--reason", "unused").exit_code == 0
    models = root / "app" / "models.py"
    models.write_text(
        models.read_text().replace(
            "    due_at: Mapped[datetime | None] = mapped_column(DateTime)\n", ""
        )
    )
    commit(root, "deprecate due_at and stop mapping it")
    assert run(root, "advance").exit_code == 0
    commit(root, "due_at is unreferenced")
    git(root, "tag", "v1.0")
    result = run(root, "advance")
    assert "moved to 'waited-one-release' (release v1.0 contains commit" in result.stdout
    commit(root, "due_at waited a release")


def check(root: Path, run: Run) -> tuple[int, list[str], str]:
    """The exit code, the CR5xx lines of ``check``, and stderr."""
    result = run(root, "check")
    lines = [line for line in result.stdout.splitlines() if re.search(r": CR5\d\d", line)]
    return result.exit_code, lines, result.stderr


def edit(root: Path, old: str, new: str, count: int = 1) -> None:
    """A hand edit of the state file; ``old`` is a regular expression."""
    path = root / STATE
    text, made = re.subn(old, new, path.read_text(), count=count, flags=re.MULTILINE)
    assert made == count, old
    path.write_text(text)


def drop_entry(root: Path, index: int) -> None:
    """Delete the ``index``-th history entry (0-based) of due_at from the state file."""
    path = root / STATE
    header = '[[columns."tasks.due_at".history]]\n'
    head, *entries = path.read_text().split(header)
    del entries[index]
    path.write_text(head + "".join(header + entry for entry in entries))


def codes(found: list[str]) -> list[str]:
    return [re.search(r": (CR5\d\d)", line)[1] for line in found]  # type: ignore[index]


# -- what the commands write verifies ---------------------------------------------------------


def test_every_history_the_commands_write_verifies(repository: Path, run: Run) -> None:
    root = repository
    waited(root, run)
    dropped = run(root, "drop", DUE)
    assert dropped.exit_code == 0, dropped.output
    commit(root, "drop due_at")
    # forced a stage, then waited on a recorded release
    assert run(root, "deprecate", "tasks.priority", "--reason", "unused").exit_code == 0
    forced = run(root, "advance", "tasks.priority", "--force", "--reason", "dead code")
    assert forced.exit_code == 0, forced.output
    commit(root, "priority forced")
    assert run(root, "release", "2.0").exit_code == 0
    # unreferenced, regressed when the code used it again, cancelled, deprecated again
    models = root / "app" / "models.py"
    assert run(root, "deprecate", "tasks.ghost", "--force").exit_code == 0
    commit(root, "ghost")
    assert run(root, "advance", "tasks.ghost").exit_code == 0
    models.write_text(
        models.read_text() + "    ghost: Mapped[int | None] = mapped_column(Integer)\n"
    )
    commit(root, "ghost is back")
    assert "regressed to 'deprecated'" in run(root, "advance", "tasks.ghost").stdout
    assert run(root, "cancel", "tasks.ghost", "--reason", "still needed").exit_code == 0
    assert run(root, "deprecate", "tasks.ghost", "--reason", "now really").exit_code == 0
    commit(root, "state")

    result = run(root, "check")
    assert "CR5" not in result.stdout  # (priority, forced past its declaration, is CR402)
    assert result.stdout.count(": CR") == 2, result.stdout


def test_without_git_the_commits_are_reported_unverified(
    repository: Path, run: Run, tmp_path: Path
) -> None:
    waited(repository, run)
    copy = tmp_path / "exported"
    shutil.copytree(repository, copy, ignore=shutil.ignore_patterns(".git"))
    exit_code, found, _ = check(copy, run)
    assert exit_code == 0  # a warning: nothing was found wrong
    assert len(found) == 4  # each entry's commit, and the tag as the wait's evidence
    assert all(": CR510 [warning] tasks.due_at: history entry" in line for line in found)
    assert all("is not a git checkout (or git is not installed)" in line for line in found)
    assert sum("could not verify its commit" in line for line in found) == 3
    assert sum("could not verify that release tag v1.0 contains commit" in x for x in found) == 1


def test_a_shallow_clone_says_what_it_could_not_verify(
    repository: Path, run: Run, tmp_path: Path
) -> None:
    waited(repository, run)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repository}", str(clone)], check=True
    )
    exit_code, found, _ = check(clone, run)
    assert exit_code == 0
    assert found, "the commits beyond the shallow boundary are not silently trusted"
    assert all("CR510 [warning]" in line and "the clone is shallow" in line for line in found)


# -- hand edits fail --------------------------------------------------------------------------


def test_a_history_that_skips_a_stage_fails_check_and_drop(
    repository: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The example: deprecated straight to waited-one-release, commit = "abc".
    root = repository
    monkeypatch.chdir(root)
    waited(root, run)
    drop_entry(root, 1)
    edit(root, r'^previous = "unreferenced"$', 'previous = "deprecated"')
    edit(root, r'^commit = "[0-9a-f]+"$\n(?=release = "v1.0")', 'commit = "abc"\n')
    state = (root / STATE).read_text()
    exit_code, found, _ = check(root, run)
    assert exit_code == 1
    assert found == [
        "state/columns.toml:20:1: CR502 tasks.due_at: history entry 2 "
        f"('waited-one-release', {_at(state, 1)}): 'waited-one-release' cannot follow "
        "'deprecated': the next stage is one of cancelled, unreferenced (an override aside, "
        "see docs/lifecycle.md)",
        "state/columns.toml:20:1: CR505 tasks.due_at: history entry 2 "
        f"('waited-one-release', {_at(state, 1)}): its commit abc is not in this git repository",
    ]
    result = run(root, "drop", DUE)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: refusing to drop tasks.due_at: its history does not verify: history "
        "entry 2 ('waited-one-release', "
    )
    assert versions(root) == {"0001_initial.py"}
    assert (root / STATE).read_text() == state


def test_entries_out_of_order_fail_check(repository: Path, run: Run) -> None:
    root = repository
    waited(root, run)
    edit(root, r"^at = .*$", "at = 2030-01-01T00:00:00Z")  # the first entry, now the latest
    exit_code, found, _ = check(root, run)
    assert exit_code == 1
    assert codes(found) == ["CR501"]
    assert "history entry 2 ('unreferenced'" in found[0]
    assert "before the entry it follows (2030-01-01 00:00:00)" in found[0]


def test_a_nonexistent_evidence_commit_fails_check(repository: Path, run: Run) -> None:
    root = repository
    waited(root, run)
    missing = "0123456789abcdef0123456789abcdef01234567"
    edit(root, r'(?<=^commit = ")[0-9a-f]+(?="\nevidence = "scan)', missing)
    exit_code, found, _ = check(root, run)
    assert exit_code == 1
    assert codes(found) == ["CR505", "CR506"]
    assert f"its commit {missing} is not in this git repository" in found[0]
    assert f"release tag v1.0 does not contain commit {missing}" in found[1]


def test_an_evidence_commit_off_the_main_line_fails_check(repository: Path, run: Run) -> None:
    root = repository
    waited(root, run)
    git(root, "checkout", "-qb", "experiment")
    (root / "app" / "extra.py").write_text("x = 1\n")
    commit(root, "never merged")
    side = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "main")
    edit(root, r'(?<=^commit = ")[0-9a-f]+(?="\nevidence = "scan)', side)
    _, found, _ = check(root, run)
    assert f"its commit {side} is not an ancestor of HEAD" in found[0]
    assert "CR506" in found[1]


def test_an_override_must_say_so(repository: Path, run: Run) -> None:
    root = repository
    waited(root, run)
    edit(root, r'^evidence = "scan found.*"$', 'evidence = "trust me"')
    _, found, _ = check(root, run)
    assert codes(found) == ["CR503"]
    assert "its evidence 'trust me' is not a scan" in found[0]
    assert "a step without evidence is an override" in found[0]
    edit(root, r'^evidence = "trust me"$', 'evidence = "override"\noverride = true')
    _, found, _ = check(root, run)
    assert codes(found) == ["CR504"]
    assert "an override (override = true) without a reason (note)" in found[0]


def test_a_release_that_does_not_exist_fails_check(repository: Path, run: Run) -> None:
    root = repository
    waited(root, run)
    edit(root, r'^evidence = "release v1.0 ', 'evidence = "release v9.9 ')
    _, found, _ = check(root, run)
    assert codes(found) == ["CR503"]
    assert (
        "names release v9.9, which is neither recorded in the state file nor a git tag"
        in (found[0])
    )


def _at(state: str, index: int) -> str:
    moments = re.findall(r"^at = (\S+)Z$", state, flags=re.MULTILINE)
    return moments[index].replace("T", " ")
