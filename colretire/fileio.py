"""Files that are never half-written: atomic replacement and an exclusive lock.

Every write colretire makes to a user's file goes through a
:class:`~colretire.transaction.Transaction` (temporary files beside their targets, a journal,
fsync, renames), so a crash or a full disk leaves either the old contents or the new ones;
:func:`atomic_write` is the transaction of one file. :func:`locked` serializes
read-modify-write cycles between processes. :data:`tomllib` is the one TOML reader colretire
reads its files and ``pyproject.toml`` with (tomlkit, slower, is kept for writing
``pyproject.toml`` without losing its comments, and imported only by writers).
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from colretire.errors import StateFileError, StateLocked
from colretire.transaction import Transaction

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the same parser, before it joined the standard library
    import tomli as tomllib

__all__ = ["DEFAULT_LOCK_TIMEOUT", "LOCK_TIMEOUT_ENV", "atomic_write", "locked", "tomllib"]

LOCK_TIMEOUT_ENV = "COLRETIRE_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 60.0


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (a symbolic link's target, keeping the
    file's permissions); the journal goes in the nearest existing directory above it."""
    with Transaction(_existing(path.parent)) as transaction:
        transaction.write(path, text)


def _existing(directory: Path) -> Path:
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    return directory


def _timeout_from_environment() -> float:
    text = os.environ.get(LOCK_TIMEOUT_ENV, "")
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:  # nan would wait forever, inf too
        raise StateFileError(
            f"{LOCK_TIMEOUT_ENV}={text!r} is not a number of seconds (finite, 0 or more); "
            "set it to e.g. 60"
        )
    return seconds


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path.lock`` (created beside ``path``) for the block."""
    import fcntl  # POSIX only; imported here so the module loads everywhere

    lock_path = path.with_name(path.name + ".lock")
    if timeout is None:
        timeout = _timeout_from_environment()
    fd = _open_lock(lock_path)
    started = time.monotonic()
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                waited = time.monotonic() - started
                if waited >= timeout:
                    raise StateLocked(str(path), waited) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _open_lock(lock_path: Path) -> int:
    """The lock file, created if missing: never in a directory whose mode says read-only
    (root could), since a command that then refuses to write must leave nothing behind."""
    directory = _existing(lock_path.parent)
    if not lock_path.exists() and not (os.stat(directory).st_mode & 0o222):
        raise StateFileError(
            f"cannot create the lock file {lock_path}: {directory} is read-only; make it "
            "writable and run the command again; nothing was changed"
        )
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StateFileError(f"cannot create the lock file {lock_path}: {error.strerror}") from None
