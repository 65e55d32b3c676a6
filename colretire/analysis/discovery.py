"""Which files a scan reads: ``*.py`` under the given paths, minus the excluded ones.

``.git``, virtual environments, ``node_modules``, ``__pycache__``, tool caches and the scan's
own cache directory are always skipped. ``exclude`` holds globs matched against the path
relative to the project root and against each of its components (``build``, ``tests/*``).
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
        text = path.relative_to(root).as_posix()
    except ValueError:
        text = Path(os.path.relpath(path, root)).as_posix()
    return text


def discover(
    root: Path,
    paths: Sequence[Path] = (),
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
) -> list[Path]:
    """The Python files to scan, sorted, as absolute paths."""
    root = root.resolve()
    skipped = {cache_dir.resolve()} if cache_dir is not None else set()
    found: set[Path] = set()
    for start in paths or (root,):
        start = (start if start.is_absolute() else root / start).resolve()
        if start.is_file():
            if not _excluded(relative(root, start), exclude):
                found.add(start)
        else:
            found.update(_walk(root, start, exclude, skipped))
    return sorted(found)


def _walk(root: Path, start: Path, exclude: Sequence[str], skipped: set[Path]) -> Iterator[Path]:
    for directory, dirnames, filenames in os.walk(start):
        here = Path(directory)
        dirnames[:] = sorted(
            name for name in dirnames
            if name not in ALWAYS_SKIPPED and here / name not in skipped
            and not _excluded(relative(root, here / name), exclude)
        )  # fmt: skip
        for name in filenames:
            if name.endswith(".py") and not _excluded(relative(root, here / name), exclude):
                yield here / name


def _excluded(path: str, patterns: Sequence[str]) -> bool:
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


def is_migration(path: Path, data: bytes) -> bool:
    """A file of an Alembic ``versions/`` directory, or one that imports ``alembic.op``."""
    if path.parent.name == "versions" and _alembic_home(path.parent.parent):
        return True
    return b"alembic" in data and _ALEMBIC_IMPORT.search(data) is not None


@lru_cache(maxsize=64)
def _alembic_home(directory: Path) -> bool:
    return (directory / "env.py").is_file() or (directory / "script.py.mako").is_file()
