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
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

ALWAYS_SKIPPED = frozenset(
    {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
     ".mypy_cache", ".pytest_cache", ".ruff_cache"}
)  # fmt: skip
_ALEMBIC_IMPORT = re.compile(
    rb"^\s*(?:from\s+alembic\s+import\s+[^\n]*\bop\b|import\s+alembic\b)", re.MULTILINE
)


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (``..`` when outside it)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


def discover(
    root: Path,
    paths: Sequence[Path] = (),
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
) -> list[tuple[str, str]]:
    """The Python files to scan as (absolute path, path relative to ``root``), sorted."""
    top = str(root.resolve())
    skipped = {str(cache_dir.resolve())} if cache_dir is not None else set()
    found: dict[str, str] = {}
    for start in paths or (root,):
        start = (start if start.is_absolute() else root / start).resolve()
        if start.is_file():
            rel = relative(Path(top), start)
            if not _excluded(rel, exclude):
                found[rel] = str(start)
        else:
            base = relative(Path(top), start)
            prefix = "" if base == "." else base + "/"
            for path, rel in _walk(str(start), prefix, exclude, skipped):
                found[rel] = path
    return [(found[rel], rel) for rel in sorted(found)]


def _walk(
    top: str, prefix: str, exclude: Sequence[str], skipped: set[str]
) -> Iterator[tuple[str, str]]:
    pending = [(top, prefix)]
    while pending:
        directory, rel_dir = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            rel = rel_dir + entry.name
            if entry.is_dir(follow_symlinks=False):
                if (
                    entry.name not in ALWAYS_SKIPPED
                    and entry.path not in skipped
                    and not _excluded(rel, exclude)
                ):
                    pending.append((entry.path, rel + "/"))
            elif entry.name.endswith(".py") and not _excluded(rel, exclude):
                yield entry.path, rel


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
    """A file of an Alembic ``versions/`` directory, or one that imports ``alembic.op``."""
    directory, _, _ = path.rpartition("/")
    if directory.rpartition("/")[2] == "versions" and _alembic_home(os.path.dirname(directory)):
        return True
    return b"alembic" in data and _ALEMBIC_IMPORT.search(data) is not None


@lru_cache(maxsize=64)
def _alembic_home(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "env.py")) or os.path.isfile(
        os.path.join(directory, "script.py.mako")
    )
