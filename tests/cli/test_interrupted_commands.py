"""Every command that writes several files, killed (SIGKILL) after each of its write steps,
leaves the project as it was or as the whole command leaves it, once the next command has
recovered; and that command says what it recovered.

The kill points come from the transaction module's testing hook
(``COLRETIRE_TEST_KILL_AFTER_STEP``). Each command runs in a process of its own, forked from
a server that has imported colretire once (multiprocessing's forkserver), so that some sixty
runs do not each pay a second of imports.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import sqlite3
import sys
from collections.abc import Callable
from itertools import count
from pathlib import Path

import pytest
from click.testing import CliRunner

from colretire import transaction
from colretire.cli import main
from colretire.model import ColumnDefinition, ColumnRef, Stage
from tests.cli.conftest import MODELS, PYPROJECT, USES, git
from tests.db.conftest import LEGACY, make_project, track

COLUMN = "tasks.expected_completion_time"
#: What differs between two runs of the same command: times, revision ids, Alembic's date.
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "<time>"),
    (re.compile(r"Create Date: .*"), "Create Date: <date>"),
    (re.compile(r"(?<![0-9a-f])[0-9a-f]{12}(?![0-9a-f])"), "<revision>"),
]


def lifecycle_project(root: Path) -> list[str]:
    """deprecate --mark writes the state file and the model."""
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "models.py").write_text(MODELS)
    (root / "app" / "uses.py").write_text(USES)
    (root / "pyproject.toml").write_text(PYPROJECT)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=Ada", "-c", "user.email=ada@example.com", "add", ".")
    git(root, "-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-qm", "i")
    return ["deprecate", COLUMN, "--reason", "replaced", "--mark"]


SERVICE = """\
from app.models import Task


def create(title: str) -> Task:
    return Task(title=title, expected_completion_time=None)
"""


def rewrite_project(root: Path) -> list[str]:
    """rewrite --write changes two files: the use, and then the model."""
    (root / "app").mkdir(parents=True)
    files = {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/service.py": SERVICE,
        "pyproject.toml": PYPROJECT,
    }
    for path, text in files.items():
        (root / path).write_text(text)
    return ["rewrite", COLUMN, "--write"]


def init_project(root: Path) -> list[str]:
    """init writes pyproject.toml, the state file, the baseline and .gitignore."""
    root.mkdir(parents=True)
    make_project(root, f"sqlite:///{root / 'test.db'}")
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0.1.0"\n')
    return ["init"]


def drop_project(root: Path) -> list[str]:
    """drop writes a revision (Alembic does) and the state file."""
    root.mkdir(parents=True)
    make_project(root, f"sqlite:///{root / 'test.db'}")
    track(root, LEGACY, Stage.WAITED, ColumnDefinition("String(50)", nullable=False))
    return ["drop", str(LEGACY)]


def relax_project(root: Path) -> list[str]:
    """relax writes a revision and the relaxed definition in the state file."""
    root.mkdir(parents=True)
    make_project(root, f"sqlite:///{root / 'test.db'}")
    priority = ColumnRef("tasks", "priority")
    track(root, priority, Stage.DEPRECATED, ColumnDefinition("Integer", nullable=False))
    return ["relax", str(priority)]


def restore_project(root: Path) -> list[str]:
    """restore writes a revision, after reading a database that lacks the column."""
    root.mkdir(parents=True)
    make_project(root, f"sqlite:///{root / 'test.db'}")
    with sqlite3.connect(root / "test.db") as connection:
        connection.execute("CREATE TABLE tasks (id INTEGER PRIMARY KEY, title VARCHAR(200))")
    return ["restore", COLUMN]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "deprecate --mark": lifecycle_project,
    "rewrite --write": rewrite_project,
    "init": init_project,
    "drop": drop_project,
    "relax": relax_project,
    "restore": restore_project,
}


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the project, times and revision ids made comparable; the scan cache and
    lock files (empty, ignored by git) are not the project's content."""
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        skipped = relative.startswith((".git/", ".colretire-cache/")) or "__pycache__" in relative
        if path.is_file() and not skipped and not path.name.endswith(".lock"):
            files[_stable(relative)] = _stable(path.read_bytes().decode(errors="replace"))
    return files


def _stable(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


_PROCESSES = multiprocessing.get_context("forkserver")
_PROCESSES.set_forkserver_preload(
    ["colretire.cli.lifecycle_commands", "colretire.cli.db_commands", "colretire.rewrite",
     "colretire.alembic.revisions", "colretire.adoption", "colretire.analysis.finder",
     "tests.cli.test_interrupted_commands"]
)  # fmt: skip


def _run(root: str, args: list[str], kill_after: int | None) -> None:
    """In the child process: the command, as ``colretire -C ROOT ARGS`` runs it."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop(transaction.KILL_AFTER_STEP_ENV, None)
    if kill_after is not None:
        os.environ[transaction.KILL_AFTER_STEP_ENV] = str(kill_after)
    result = CliRunner().invoke(main, ["-C", root, *args])
    if result.exit_code:
        sys.stderr.write(result.output)
    sys.exit(result.exit_code)


def colretire(root: Path, args: list[str], kill_after: int | None = None) -> int:
    """Run the command in a process of its own: its exit code, -9 when it was killed."""
    process = _PROCESSES.Process(target=_run, args=(str(root), args, kill_after))
    process.start()
    process.join(timeout=120)
    assert process.exitcode in (0, -signal.SIGKILL), process.exitcode
    return process.exitcode


@pytest.mark.parametrize("command", sorted(CASES))
def test_a_command_killed_after_any_write_step_is_recovered_as_before_or_after(
    tmp_path: Path, command: str
) -> None:
    template = tmp_path / "template"
    args = CASES[command](template)
    # A scan's per-file results are cached by content: the copies below find them.
    CliRunner().invoke(main, ["-C", str(template), "refs", str(args[1] if args[1:] else COLUMN)])
    before = snapshot(template)
    whole = tmp_path / "whole"
    shutil.copytree(template, whole, symlinks=True)
    assert colretire(whole, args) == 0
    after = snapshot(whole)
    assert after != before
    outcomes = set()
    for step in count(1):
        work = tmp_path / f"step-{step}"
        shutil.copytree(template, work, symlinks=True)
        if colretire(work, args, kill_after=step) == 0:
            break
        interrupted = transaction.journals(work)
        next_command = CliRunner().invoke(main, ["-C", str(work), "status", "--no-scan"])
        assert next_command.exit_code == 0, next_command.output
        now = snapshot(work)
        assert now in (before, after), f"killed after step {step}"
        assert transaction.journals(work) == []
        said = [line for line in next_command.stderr.splitlines() if line.startswith("note:")]
        if interrupted:
            assert len(said) == 1, next_command.stderr
            assert f"an interrupted '{command}'" in said[0]
            outcomes.add("after" if now == after else "before")
        else:  # killed after its last step: done, nothing to recover
            assert (now, said) == (after, [])
        shutil.rmtree(work)
    print(f"{command}: killed after each of {step - 1} steps")
    assert step > 4 and outcomes == {"before", "after"}, (step, outcomes)
