"""The adoption baseline: the revisions that existed when a project adopted colretire.

Migrations written before colretire was adopted may drop columns and tables that colretire
never tracked; they are history, and a fresh database (a test run, a new machine) must still
be built from them. ``colretire init`` records every revision script of every version tree
(every branch, one tree per dialect too) in a small TOML file beside the state file::

    version = 1
    adopted = 2026-03-02T14:05:11Z
    by = "Ada Lovelace <ada@example.com>"
    commit = "9f1c2ab"

    [[trees]]
    path = "migrations/versions"
    revisions = ["0001", "0002", "3f2a9c1d"]

:meth:`Baseline.covers` is the one test the judge asks: the lint and the pre-check pass over a
covered script, and the run-time backstop lets every operation of a covered script run. The
baseline says nothing about columns: a column that an old revision drops and a later one adds
back is simply live, and tracked like any other once someone deprecates it.

Only revisions present at adoption are covered: a revision written later, on any branch, is
judged in full. Commit the file with ``pyproject.toml`` and the state file.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from colretire.alembic import environment
from colretire.errors import ConfigError
from colretire.fileio import atomic_write, tomllib
from colretire.transaction import Transaction

if TYPE_CHECKING:
    from colretire.model import Stamp
    from colretire.project import Project

FORMAT_VERSION = 1

HEADER = (
    "# colretire adoption baseline: the Alembic revisions that existed when this project\n"
    "# adopted colretire. The guard and colretire check never refuse what they do.\n"
    "# Written by colretire init; commit it (docs/guard.md, 'Adopting colretire').\n"
)


@dataclass(frozen=True)
class Tree:
    """One version tree: its directory (relative to the project root, forward slashes), the
    revision ids of its scripts, and its scripts that carry no revision (helpers)."""

    path: str
    revisions: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()

    def holds(self, path: str) -> bool:
        return path == self.path or path.startswith(self.path.rstrip("/") + "/")


@dataclass(frozen=True)
class Baseline:
    trees: tuple[Tree, ...] = ()
    adopted: datetime | None = None
    by: str | None = None
    commit: str | None = None
    #: The scripts' paths found while recording, for the summary ``init`` prints.
    counts: dict[str, int] = field(default_factory=dict, compare=False)

    def __bool__(self) -> bool:
        return bool(self.trees)

    def covers(self, path: str | None, revision: str | None) -> bool:
        """Whether the script at ``path`` (relative to the project root), whose id is
        ``revision``, existed when the project adopted colretire."""
        if path is None:
            return False
        path = path.replace(os.sep, "/")
        holding = [tree for tree in self.trees if tree.holds(path)]
        if not holding:
            return False
        tree = max(holding, key=lambda t: len(t.path))  # the innermost tree holds the script
        if revision is not None:
            return revision in tree.revisions
        return path[len(tree.path) :].lstrip("/") in tree.files

    def covers_running(self, scripts: Sequence[Any], relative: Callable[[str], str]) -> bool:
        """Whether the migration script now calling into Alembic (found on the call stack
        among ``scripts``, Alembic's ``Script`` objects of the run) is covered."""
        if not self.trees:
            return False
        script = running_script(scripts)
        return script is not None and self.covers(relative(script.path), script.revision)


def running_script(scripts: Sequence[Any]) -> Any | None:
    """Which of ``scripts`` is running: the innermost frame on the call stack whose code
    comes from one of their files. A drop sees only its arguments; a run of several
    revisions needs this to know the revision it belongs to."""
    by_file = {os.path.realpath(script.path): script for script in scripts}
    frame = inspect.currentframe()
    while frame is not None:
        found = by_file.get(os.path.realpath(frame.f_code.co_filename))
        if found is not None:
            return found
        frame = frame.f_back
    return None


# -- recording --------------------------------------------------------------------------------


def take(alembic: environment.Environment, root: Path) -> Baseline:
    """The baseline of the scripts on disk now, in every version tree of ``alembic``."""
    trees = []
    counts = {}
    for directory in alembic.trees:
        revisions, files = set(), set()
        for script in environment.tree_scripts(directory, alembic.recursive):
            text = script.read_text(encoding="utf-8", errors="replace")
            revision = environment.revision_id(text)
            if revision is not None:
                revisions.add(revision)
            else:
                files.add(script.relative_to(directory).as_posix())
        path = _relative(directory, root)
        trees.append(Tree(path, frozenset(revisions), frozenset(files)))
        counts[path] = len(revisions)
    return Baseline(tuple(trees), counts=counts)


def write(
    path: Path, baseline: Baseline, stamp: Stamp, transaction: Transaction | None = None
) -> None:
    """Write the baseline to ``path`` (in ``transaction``, with its other files, when given)."""
    import tomlkit  # for writers only: every guarded `alembic upgrade` reads the baseline

    document = tomlkit.document()
    document["version"] = FORMAT_VERSION
    document["adopted"] = stamp.at
    document["by"] = stamp.by
    if stamp.commit:
        document["commit"] = stamp.commit
    trees = tomlkit.aot()
    for tree in baseline.trees:
        table = tomlkit.table()
        table["path"] = tree.path
        table["revisions"] = _array(tree.revisions)
        if tree.files:
            table["files"] = _array(tree.files)
        trees.append(table)
    document["trees"] = trees
    text = HEADER + "\n" + tomlkit.dumps(document)
    if transaction is None:
        atomic_write(path, text)
    else:
        transaction.write(path, text)


def _array(values: frozenset[str]) -> Any:
    import tomlkit

    array = tomlkit.array()
    array.extend(sorted(values))
    return array.multiline(True)


# -- reading ----------------------------------------------------------------------------------


def read(path: Path) -> Baseline:
    """The baseline in ``path``; an empty one when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Baseline()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the adoption baseline {path}: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"{path}: the adoption baseline is not valid TOML ({error}); restore it from "
            "version control"
        ) from None
    if data.get("version") != FORMAT_VERSION or not isinstance(data.get("trees", []), list):
        raise ConfigError(
            f"{path}: not a colretire baseline of format {FORMAT_VERSION}; restore it from "
            "version control"
        )
    return Baseline(
        tuple(_tree(path, entry) for entry in data.get("trees", [])),
        adopted=data.get("adopted"),
        by=data.get("by"),
        commit=data.get("commit"),
    )


def _tree(path: Path, entry: Any) -> Tree:
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        raise ConfigError(f"{path}: every [[trees]] entry needs a path")
    revisions, files = entry.get("revisions", []), entry.get("files", [])
    if not all(isinstance(v, str) for v in [*revisions, *files]):
        raise ConfigError(f"{path}: revisions and files are lists of strings")
    return Tree(entry["path"], frozenset(revisions), frozenset(files))


def load(project: Project | None) -> Baseline:
    """The project's baseline (empty without a project or a baseline file)."""
    if project is None or project.config.baseline is None:
        return Baseline()
    return read(project.config.baseline)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
