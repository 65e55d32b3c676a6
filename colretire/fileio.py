"""Files that are never half-written: atomic replacement and an exclusive lock.

Every write colretire makes to a user's file goes through :func:`atomic_write` (a temporary
file in the same directory, fsync, rename), so a crash or a full disk leaves either the old
content or the new one. :func:`locked` serializes read-modify-write cycles between processes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from colretire.errors import StateFileError, StateLocked

LOCK_TIMEOUT_ENV = "COLRETIRE_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 60.0


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step; keep the file's permissions if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk; not every platform
    # lets a directory be opened, which is fine: the rename itself is still atomic.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _timeout_from_environment() -> float:
    text = os.environ.get(LOCK_TIMEOUT_ENV, "")
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return float(text)
    except ValueError:
        raise StateFileError(
            f"{LOCK_TIMEOUT_ENV}={text!r} is not a number of seconds; set it to e.g. 60"
        ) from None


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path.lock`` (created beside ``path``) for the block."""
    import fcntl  # POSIX only; imported here so the module loads everywhere

    if timeout is None:
        timeout = _timeout_from_environment()
    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StateFileError(f"cannot create the lock file {lock_path}: {error.strerror}") from None
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
