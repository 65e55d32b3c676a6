"""Which files a scan reads: ``*.py`` under the given paths, minus the excluded ones.

``.git``, virtual environments, ``node_modules``, ``__pycache__``, tool caches and the scan's
own cache directory are always skipped. ``exclude`` holds globs matched against the path
relative to the project root and against each of its components (``build``, ``tests/*``).

Paths are plain strings here: a scan lists tens of thousands of files, and ``pathlib``
objects cost more than reading them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

ALWAYS_SKIPPED = frozenset(
    {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
     ".mypy_cache", ".pytest_cache", ".ruff_cache"}
)  # fmt: skip
#: An import of Alembic's ``op``, which only a migration script has: ``from alembic import op``,
#: ``import alembic.op``. A module that runs Alembic (``import alembic.command``, ``from
#: alembic.config import Config``) is application code, not a migration.
_ALEMBIC_IMPORT = re.compile(
    rb"^\s*(?:from\s+alembic\s+import\s+[^\n]*\bop\b|import\s+alembic\.op\b"
    rb"|from\s+alembic\.op\s+import\b)",
    re.MULTILINE,
)
#: The identifiers Alembic's script template gives every revision, at the top level: a
#: script that is handed ``op`` by its caller (``def upgrade(op=None)``, a plugin's own
#: migrations) imports no ``op``, but still declares them.
_REVISION_IDS = re.compile(rb"^revision\s*(?::[^=\n]*)?=\s*['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(rb"^down_revision\s*(?::[^=\n]*)?=", re.MULTILINE)
_UPGRADE = re.compile(rb"^def upgrade\(", re.MULTILINE)
#: sqlalchemy-migrate's script template: ``def upgrade(migrate_engine):`` at the top level
#: (its repository keeps the scripts in ``versions/`` beside a ``migrate.cfg``).
_MIGRATE_ENGINE = re.compile(rb"^def (?:upgrade|downgrade)\(\s*migrate_engine\b", re.MULTILINE)
#: peewee_migrate's script template: ``def migrate(migrator, database, ...)`` and
#: ``def rollback(migrator, database, ...)`` at the top level.
_PEEWEE_MIGRATE = re.compile(rb"^def migrate\(\s*migrator\b", re.MULTILINE)
_PEEWEE_ROLLBACK = re.compile(rb"^def rollback\(\s*migrator\b", re.MULTILINE)


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (``..`` when outside it)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


#: What the snapshot of a file records: (modification time, change time, size, inode), all
#: -1 for a file that cannot be stat'ed.
Stamp = tuple[int, int, int, int]
_MISSING: Stamp = (-1, -1, -1, -1)


@dataclass(frozen=True)
class Files:
    """The files of a scan: (absolute path, path relative to the root), sorted by the
    relative path; the relative paths of those that are symbolic links; when asked for,
    each file's :data:`Stamp`, in the order of ``paths`` (read during the walk, where it
    costs less than stat'ing every path again); and what the walk could not read: each
    directory it could not list and each ``*.py`` entry that is no readable file (a broken
    symbolic link, a FIFO), with the reason, sorted; a directory's path ends with a slash.
    Those are findings, never skipped in silence: the references in them are unknown."""

    paths: list[tuple[str, str]]
    links: frozenset[str]
    stamps: list[Stamp] | None = None
    unreadable: tuple[tuple[str, str], ...] = ()


class _Found:
    """What a walk collects."""

    def __init__(self, stamps: bool, found: Callable[[list[str]], object] | None) -> None:
        self.files: dict[str, str] = {}
        self.links: set[str] = set()
        self.stamps: dict[str, Stamp] | None = {} if stamps else None
        self.found = found
        self.unreadable: dict[str, str] = {}


def discover(
    root: Path,
    paths: Sequence[Path] = (),
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
    *,
    stamps: bool = False,
    found: Callable[[list[str]], object] | None = None,
) -> Files:
    """The Python files to scan under ``paths`` (default: ``root``). ``found`` is called
    with the relative paths of the files of each directory as the walk finds them (to start
    searching them early)."""
    top = str(root.resolve())
    skipped = {str(cache_dir.resolve())} if cache_dir is not None else set()
    into = _Found(stamps, found)
    for start in paths or (root,):
        start = (start if start.is_absolute() else root / start).resolve()
        if start.is_file():
            rel = relative(Path(top), start)
            if not _excluded(rel, exclude):
                into.files[rel] = str(start)
                if into.stamps is not None:
                    into.stamps[rel] = _stamp(start)
                if found is not None:
                    found([rel])
        else:
            base = relative(Path(top), start)
            _walk(str(start), "" if base == "." else base + "/", exclude, skipped, into)
    order = sorted(into.files)
    return Files(
        [(into.files[rel], rel) for rel in order],
        frozenset(into.links),
        None if into.stamps is None else [into.stamps[rel] for rel in order],
        tuple(sorted(into.unreadable.items())),
    )


def _stamp(file: os.DirEntry[str] | Path) -> Stamp:
    # A directory entry's stat on Windows has no inode (0): the other three still tell.
    try:
        st = file.stat()
    except OSError:
        return _MISSING
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino & 0x7FFF_FFFF_FFFF_FFFF


def _walk(top: str, prefix: str, exclude: Sequence[str], skipped: set[str], into: _Found) -> None:
    """Collect the files under ``top`` into ``into`` (a loop, not a generator: a walk visits
    tens of thousands of files, and the time per file counts)."""
    pending = [(top, prefix)]
    files, links, stamps, found = into.files, into.links, into.stamps, into.found
    while pending:
        directory, rel_dir = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except FileNotFoundError:  # gone since it was listed: it holds no code
            continue
        except OSError as error:
            into.unreadable[rel_dir or "./"] = _reason(error)  # a directory: with its slash
            continue
        here = []
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                rel = rel_dir + name
                if (
                    name not in ALWAYS_SKIPPED
                    and entry.path not in skipped
                    and not _excluded(rel, exclude)
                ):
                    pending.append((entry.path, rel + "/"))
            elif name.endswith(".py"):
                rel = rel_dir + name
                if exclude and _excluded(rel, exclude):
                    continue
                problem = _not_a_file(entry)
                if problem is not None:
                    if problem:  # a link to a directory is not followed, as before
                        into.unreadable[rel] = problem
                    continue
                files[rel] = entry.path
                here.append(rel)
                if entry.is_symlink():
                    links.add(rel)
                if stamps is not None:
                    stamps[rel] = _stamp(entry)
        if found is not None and here:
            found(here)


def _not_a_file(entry: os.DirEntry[str]) -> str | None:
    """Why a ``*.py`` entry cannot be read as a file (``""``: a link to a directory, left
    out as links to directories are); ``None`` for a file. Costs nothing for a plain file:
    the directory listing says what it is."""
    try:
        if entry.is_file():
            return None
        if entry.is_dir():
            return ""
    except OSError as error:  # a loop of symbolic links
        return _reason(error)
    if entry.is_symlink():
        return "a symbolic link to nothing"
    return "not a regular file"


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    parts = path.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if (
            fnmatch(path, pattern)
            or path.startswith(pattern + "/")
            or any(fnmatch(p, pattern) for p in parts)
        ):
            return True
    return False


def is_migration(path: str, data: bytes) -> bool:
    """A file of an Alembic ``versions/`` directory, one that imports Alembic's ``op``, or
    one that declares a revision as Alembic's template does (``revision = "..."``,
    ``down_revision = ...`` and ``def upgrade(`` at the top level); also the scripts of
    sqlalchemy-migrate (``def upgrade(migrate_engine):``, or a file of the ``versions/``
    directory of a repository with a ``migrate.cfg``) and of peewee_migrate
    (``def migrate(migrator, ...)`` with ``def rollback(migrator, ...)``)."""
    directory, _, _ = path.rpartition("/")
    if directory.rpartition("/")[2] == "versions" and _migrations_home(os.path.dirname(directory)):
        return True
    if b"alembic" in data and _ALEMBIC_IMPORT.search(data) is not None:
        return True
    if b"migrate_engine" in data and _MIGRATE_ENGINE.search(data) is not None:
        return True
    if (
        b"migrator" in data
        and _PEEWEE_MIGRATE.search(data) is not None
        and _PEEWEE_ROLLBACK.search(data) is not None
    ):
        return True
    return (
        b"down_revision" in data
        and _DOWN_REVISION.search(data) is not None
        and _REVISION_IDS.search(data) is not None
        and _UPGRADE.search(data) is not None
    )


@lru_cache(maxsize=64)
def _migrations_home(directory: str) -> bool:
    """The directory of Alembic's environment (``env.py``, ``script.py.mako``) or of a
    repository of sqlalchemy-migrate (``migrate.cfg``)."""
    return any(
        os.path.isfile(os.path.join(directory, name))
        for name in ("env.py", "script.py.mako", "migrate.cfg")
    )


def stamps_of(paths: Sequence[tuple[str, str]]) -> list[Stamp]:
    """The :data:`Stamp` of each (absolute path, relative path)."""
    return [_stamp(Path(path)) for path, _ in paths]


def is_test_directory(part: str) -> bool:
    """A directory of a test suite by its name: ``tests``, ``test``, ``testing``, or a name
    ending in ``_tests`` or ``_test`` (``new_tests``)."""
    return part in ("tests", "test", "testing") or part.endswith(("_tests", "_test"))


def is_test_module(rel: str) -> bool:
    """Whether the file ``rel`` (relative to the scan's root) belongs to a test suite: it
    lies under a directory of one (:func:`is_test_directory`), or is named ``test_*.py``,
    ``*_test.py`` or ``conftest.py``."""
    *directories, name = rel.split("/")
    return (
        any(is_test_directory(part) for part in directories)
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )
