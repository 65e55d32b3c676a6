"""The pre-check's memory: a run already read and found clean is not read again.

Reading the scripts of a run (:func:`colretire.alembic.runtime.precheck`) needs the migration
reader, the judge and the lifecycle rules, and importing those costs more than the reading
itself: most of what the guard adds to a short ``alembic upgrade``. When a pre-check finds
nothing to refuse and nothing to warn about, its inputs are digested and the digest is kept
as an empty file under the project's cache directory (``cache_dir``, ``.colretire-cache`` by
default) in ``guard/``. A later run with the very same inputs skips the reading, and with it
those imports.

The digest covers everything the pre-check's answer depends on:

* colretire's version and the code of the guard (``colretire/alembic``, ``colretire/sql``
  and the modules of the state and its rules), the Python, Alembic and SQLAlchemy versions;
* the state file, ``pyproject.toml`` and the adoption baseline, byte for byte;
* the run: the database's dialect and default schema, its current heads, the revisions the
  run goes through and which way, online or offline, the tables ``target_metadata`` maps;
* the bytes of every script the run goes through and of every Python file in the migration
  directories (the helpers a script may call, ``env.py`` and its custom operations).

Any change to any of them is a miss, and the scripts are read as before. Nothing is kept
when the pre-check refused or warned, or when ``COLRETIRE_ALLOW_DROP`` is set: those runs are
always read. The wire (:mod:`colretire.alembic.wire`) is not affected: it judges every
statement the run sends either way.

The memory is a convenience, never a condition: a directory that cannot be read or written,
or ``COLRETIRE_GUARD_MEMO=0`` in the environment, only means every run is read.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from colretire.project import Project

#: Set to ``0`` to read every run's scripts.
VARIABLE = "COLRETIRE_GUARD_MEMO"
#: The override variable: a run with overrides is always read (see ``override.py``).
_OVERRIDE = "COLRETIRE_ALLOW_DROP"
_PACKAGE = Path(__file__).resolve().parents[1]
#: The modules whose code decides the pre-check's answer.
_CODE = ("alembic/*.py", "sql/*.py", "model.py", "lifecycle.py", "statefile.py", "identifiers.py")


def enabled(project: Project | None) -> bool:
    """Whether runs of ``project`` may be remembered at all."""
    return (
        project is not None
        and project.config.cache_dir is not None
        and os.environ.get(VARIABLE, "1") != "0"
        and not os.environ.get(_OVERRIDE)
    )


@functools.cache
def _code() -> bytes:
    from colretire import __version__

    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(__version__.encode())
    for pattern in _CODE:
        for path in sorted(_PACKAGE.glob(pattern)):
            hasher.update(path.relative_to(_PACKAGE).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.digest()


def digest(parts: Iterable[str], files: Iterable[Path]) -> str:
    """The digest of a run: its description (``parts``) and the bytes of ``files``.

    Raises :class:`OSError` when a file cannot be read (the caller then reads the run).
    """
    import alembic
    import sqlalchemy

    hasher = hashlib.blake2b(digest_size=20)

    def add(data: bytes) -> None:
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)

    add(_code())
    for part in (sys.version, alembic.__version__, sqlalchemy.__version__, *parts):
        add(part.encode())
    for path in files:
        add(str(path).encode())
        add(path.read_bytes() if path.is_file() else b"\0absent")
    return hasher.hexdigest()


def python_files(directories: Iterable[Path]) -> Iterator[Path]:
    """Every Python source under ``directories``, in a stable order, each once."""
    seen: set[Path] = set()
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*.py")):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def _entry(project: Project, key: str) -> Path:
    assert project.config.cache_dir is not None
    return project.config.cache_dir / "guard" / key


def recalls(project: Project, key: str) -> bool:
    """Whether a run with this digest was read and found clean before."""
    try:
        return _entry(project, key).is_file()
    except OSError:
        return False


def remember(project: Project, key: str) -> None:
    """Keep the digest of a clean run; a directory that cannot be written is left alone."""
    entry = _entry(project, key)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.touch()
    except OSError:
        pass
