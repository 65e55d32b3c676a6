"""All or nothing across files, crash included: a journal lets the next command finish or
undo a write that was interrupted.

    with Transaction(project.root, "drop") as tx:
        tx.write(state_path, text)      # staged in a temporary file beside the target
        tx.write(model_path, code)
    # leaving the block: every file replaced; on an exception: none, and no temporary file

A transaction makes its steps in this order, each one on disk (fsync) before the next:

1. a journal, ``.colretire-journal-<id>`` in the directory given (the project root), one
   JSON record per line. Each file to write is recorded, with the SHA-256 of its content
   before and after and the name of its temporary file, *before* that file is created;
2. the temporary files, each beside its target (one directory, so the rename is atomic);
3. a ``commit`` record: from here on, the transaction is finished even if interrupted;
4. the renames, one per target;
5. the removal of the journal, which marks the transaction done.

A running transaction holds an exclusive lock (``flock``) on its journal; the lock goes with
the process, so a journal nobody holds belongs to a command that died. :func:`recover`, run
by every command before it reads the state file, rolls such a transaction forward when its
journal has the commit record (every temporary file was complete by then: the renames that
had not happened are made) and back otherwise (its temporary files, and the files it had
created, are removed: its targets were not touched yet), and says which on stderr. A file
changed by hand since is never overwritten: it is named, and left as it is.

An error inside the block (a refusal, a full disk, Ctrl-C) undoes the transaction in the
same process. Files are written where they are: a symbolic link is followed and its target
replaced, never the link; a file or directory without write permission is refused with
:class:`~colretire.errors.WriteError`, as the user meant, even where a rename would get
around its mode (as it does for the owner of the directory, or for root).

Files that another program writes inside the transaction (Alembic writes a revision itself)
are announced first with :meth:`Transaction.expect` and handed over with
:meth:`Transaction.created`, so that an undo removes them too.

Testing hook: with ``COLRETIRE_TEST_KILL_AFTER_STEP=N`` in the environment, the process
sends itself SIGKILL right after the N-th write step it makes while the variable is set (a
journal record, a complete temporary file, a rename, the removal of the journal), so that
a test can interrupt a command at every step and check what the next command recovers.
Nothing else reads it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from colretire.errors import ColretireError, StaleFile, WriteError

JOURNAL_PREFIX = ".colretire-journal-"
TEMPORARY_SUFFIX = ".colretire-tmp"
KILL_AFTER_STEP_ENV = "COLRETIRE_TEST_KILL_AFTER_STEP"

_steps = 0
T = TypeVar("T")


def _step() -> None:
    """The testing hook (module docstring): counts the write steps made while it is set,
    and ends the process at the one it names."""
    global _steps
    limit = os.environ.get(KILL_AFTER_STEP_ENV, "")
    if not limit.isdigit():
        return
    _steps += 1
    if _steps == int(limit):
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class _Staged:
    target: Path
    temporary: Path
    before: bytes | None
    after: bytes


class Transaction:
    """Files written all or none (see the module docstring). ``directory`` holds the
    journal; ``command`` names the command in what a later recovery says."""

    def __init__(self, directory: Path, command: str = "colretire") -> None:
        self.directory = directory
        self.command = command
        self._journal: Path | None = None
        self._fd: int | None = None
        self._staged: dict[Path, _Staged] = {}
        self._created: list[tuple[Path, str]] = []
        self._expected: list[tuple[tuple[Path, ...], str]] = []
        self._made: list[Path] = []
        self._held = contextlib.ExitStack()

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self._commit()
            else:
                self._undo()
        finally:
            self._held.close()

    # -- what a command stages ---------------------------------------------------------------

    def write(self, path: Path, content: str | bytes) -> None:
        """Stage ``content`` (text is written as UTF-8, newlines as given) for ``path``."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = Path(os.path.realpath(path))
        before = _content(target)
        _require_writable(target, exists=before is not None)
        previous = self._staged.get(target)
        if previous is not None:
            before = previous.before
        self._make_directories(target.parent)
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")
        self._record(
            write=self._relative(target),
            temp=self._relative(temporary),
            before=_digest(before),
            after=_digest(data),
        )
        self._staged[target] = _Staged(target, temporary, before, data)
        mode = _mode(target) if before is not None else 0o666 & ~_umask()
        _guarded(target, partial(_write_new, temporary, data, mode))
        _step()
        if previous is not None:
            _remove(previous.temporary)

    def expect(self, directories: Sequence[Path], marker: str) -> None:
        """Announce a file another program is about to create in one of ``directories``
        (or below), whose content names ``marker``: an undo looks for it there."""
        self._expected.append((tuple(directories), marker))
        self._record(expect=[self._relative(d) for d in directories], marker=marker)

    def created(self, path: Path) -> None:
        """Take over ``path``, a new file another program wrote inside the transaction:
        kept when the transaction completes, removed when it is undone."""
        digest = _digest(_content(path)) or ""
        self._created.append((path, digest))
        self._record(created=self._relative(path), after=digest)

    def hold(self, context: contextlib.AbstractContextManager[Any]) -> None:
        """Enter ``context`` (a lock) now, and leave it once the transaction is done."""
        self._held.enter_context(context)

    def recover_others(self) -> list[str]:
        """:func:`recover` in this transaction's directory (its own journal is skipped)."""
        return recover(self.directory)

    # -- the journal -------------------------------------------------------------------------

    def _relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.directory)).as_posix()

    def _record(self, **record: Any) -> None:
        if self._fd is None:
            self._open_journal()
        assert self._fd is not None and self._journal is not None
        line = json.dumps(record, sort_keys=True).encode() + b"\n"
        _guarded(self._journal, partial(_append, self._fd, line))
        _step()

    def _open_journal(self) -> None:
        import fcntl  # POSIX only, as the state file's lock

        if not self.directory.is_dir():
            raise WriteError(f"cannot write in {self.directory}: no such directory")
        _require_writable(self.directory / "journal", exists=False)
        while True:
            path = self.directory / f"{JOURNAL_PREFIX}{secrets.token_hex(6)}"
            fd = _guarded(path, partial(os.open, path, os.O_RDWR | os.O_CREAT | os.O_EXCL))
            fcntl.flock(fd, fcntl.LOCK_EX)
            # A recovery may have taken the new, empty journal for a dead one and removed it
            # before this process held it: then start again with another.
            if _same_file(fd, path):
                break
            os.close(fd)
        self._journal, self._fd = path, fd
        begun = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._record(begin=self.command, pid=os.getpid(), at=begun)

    def _close_journal(self) -> None:
        if self._journal is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._journal)
            _fsync_directory(self.directory)
            _step()
        if self._fd is not None:
            os.close(self._fd)  # releases the journal's lock
        self._journal, self._fd = None, None

    def _make_directories(self, directory: Path) -> None:
        missing = []
        while not directory.exists():
            missing.append(directory)
            directory = directory.parent
        _require_writable(directory / "new", exists=False)
        for new in reversed(missing):
            self._record(mkdir=self._relative(new))
            _guarded(new, partial(os.mkdir, new))
            self._made.append(new)

    # -- the end -----------------------------------------------------------------------------

    def _commit(self) -> None:
        if self._fd is None:
            return  # nothing was written
        try:
            for staged in self._staged.values():
                if _content(staged.target) != staged.before:
                    raise StaleFile(
                        f"{staged.target} changed on disk while colretire was writing; "
                        "nothing was written: run the command again"
                    )
            self._record(commit=True)
        except BaseException:
            self._undo()
            raise
        done: list[_Staged] = []
        try:
            for staged in self._staged.values():
                _guarded(staged.target, partial(os.replace, staged.temporary, staged.target))
                done.append(staged)
                _step()
        except BaseException:
            _put_back(done)
            self._undo()
            raise
        for directory in {s.target.parent for s in self._staged.values()}:
            _fsync_directory(directory)
        self._close_journal()

    def _undo(self) -> None:
        for staged in self._staged.values():
            _remove(staged.temporary)
        for path, digest in self._created:
            with contextlib.suppress(OSError, ColretireError):
                if _digest(_content(path)) == digest:
                    _remove(path)
        for directories, marker in self._expected:
            for path in _naming(directories, marker):
                _remove(path)
        for directory in reversed(self._made):
            with contextlib.suppress(OSError):
                os.rmdir(directory)
        self._staged.clear()
        self._close_journal()


# -- recovery -------------------------------------------------------------------------------


def journals(directory: Path) -> list[Path]:
    """The journals in ``directory``, of running transactions and of interrupted ones."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return [directory / name for name in sorted(names) if name.startswith(JOURNAL_PREFIX)]


def recover(
    directory: Path, lock: contextlib.AbstractContextManager[Any] | None = None
) -> list[str]:
    """Finish or undo every interrupted transaction whose journal is in ``directory``, under
    ``lock`` (the state file's) when there is one; returns what was done, also printed on
    stderr as ``note:`` lines. Costs one directory listing when there is none."""
    found = journals(directory)
    if not found:
        return []
    with lock if lock is not None else contextlib.nullcontext():
        done = [message for path in found if (message := _recover(directory, path))]
    for message in done:
        print(f"note: {message}", file=sys.stderr)
    return done


def _recover(directory: Path, path: Path) -> str | None:
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # a command that is running
        if not _same_file(fd, path):
            return None  # recovered by another command meanwhile
        records = _records(_read_all(fd))
        try:
            message = _Recovery(directory, records).run()
        except OSError as error:
            raise ColretireError(
                f"cannot recover the interrupted command recorded in {path}: {error}; fix the "
                "cause and run colretire again (the journal was kept)"
            ) from None
        os.unlink(path)
        _fsync_directory(directory)
        return message
    finally:
        os.close(fd)


class _Recovery:
    """One interrupted transaction, read from its journal records."""

    def __init__(self, directory: Path, records: list[dict[str, Any]]) -> None:
        self.directory = directory
        self.records = records
        begin = next((r for r in records if "begin" in r), {})
        self.command = str(begin.get("begin", "colretire command"))
        writes: dict[str, dict[str, Any]] = {}
        self.temporaries: list[Path] = []
        for record in records:
            if "write" in record:
                writes[record["write"]] = record  # a file staged twice: its last content
                self.temporaries.append(self.path(record["temp"]))
        self.writes = list(writes.values())
        self.committed = any(r.get("commit") for r in records)

    def path(self, relative: str) -> Path:
        return self.directory / relative

    def shown(self, relative: str) -> str:
        return Path(os.path.normpath(relative)).as_posix()

    def run(self) -> str:
        what = f"an interrupted '{self.command}'"
        if not self.writes and not self.committed and not self._leftovers():
            self._clean()
            return f"removed the journal of {what}, which had written nothing yet"
        if self.committed:
            written, kept = self._forward()
            self._clean()
            text = f"completed {what}: it had reached its commit point"
            text += f"; wrote {', '.join(written)}" if written else ""
            if kept:
                text += (
                    f"; left {', '.join(kept)} as it is: it changed since, or its new content "
                    "is missing"
                )
            return text
        removed = self._back()
        text = f"undid {what}: it stopped before its commit point, so no file it meant to "
        text += "change was changed"
        return text + (f"; removed {', '.join(removed)}" if removed else "")

    def _forward(self) -> tuple[list[str], list[str]]:
        written, kept = [], []
        for record in self.writes:
            target, temporary = self.path(record["write"]), self.path(record["temp"])
            now = _digest(_content(target))
            if now == record["after"]:
                continue
            if now == record["before"] and _digest(_content(temporary)) == record["after"]:
                os.replace(temporary, target)
                _fsync_directory(target.parent)
                written.append(self.shown(record["write"]))
            else:
                kept.append(self.shown(record["write"]))
        return written, kept

    def _back(self) -> list[str]:
        removed = []
        for record in self.records:
            if "created" in record:
                path = self.path(record["created"])
                if path.exists() and _digest(_content(path)) == record["after"]:
                    _remove(path)
                    removed.append(self.shown(record["created"]))
            elif "expect" in record:
                directories = [self.path(d) for d in record["expect"]]
                for path in _naming(directories, str(record["marker"])):
                    _remove(path)
                    removed.append(self.shown(os.path.relpath(path, self.directory)))
        self._clean()
        for record in reversed(self.records):
            if "mkdir" in record:
                with contextlib.suppress(OSError):
                    os.rmdir(self.path(record["mkdir"]))
        return removed

    def _leftovers(self) -> bool:
        return any("created" in r or "expect" in r or "mkdir" in r for r in self.records)

    def _clean(self) -> None:
        for temporary in self.temporaries:
            _remove(temporary)


def _records(data: bytes) -> list[dict[str, Any]]:
    """The journal's complete records; a last line cut short by the interruption is none."""
    records = []
    for line in data.split(b"\n"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


# -- files ----------------------------------------------------------------------------------


def _content(path: Path) -> bytes | None:
    """The bytes of ``path``; ``None`` when it does not exist."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise WriteError(f"cannot write {path}: it is a directory") from None
    except OSError as error:
        raise WriteError(f"cannot read {path}: {error.strerror}; nothing was changed") from None


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _writable(path: Path) -> bool:
    """Whether the mode of ``path`` lets it be written: some write bit set, and this user
    allowed (root is allowed everything, which is why the bits are looked at too)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def _require_writable(target: Path, *, exists: bool) -> None:
    if exists and not _writable(target):
        raise WriteError(
            f"refusing to overwrite {target}: it is read-only; make it writable (chmod u+w) "
            "and run the command again; nothing was changed"
        )
    directory = target.parent
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    if not _writable(directory):
        raise WriteError(
            f"cannot write in {directory}: the directory is read-only; make it writable and "
            "run the command again; nothing was changed"
        )


def _guarded(path: Path, action: Callable[[], T]) -> T:
    """Run ``action``; an operating-system error (a full disk) becomes a WriteError."""
    try:
        return action()
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.ENOSPC:
            reason = "no space left on the device"
        raise WriteError(f"cannot write {path}: {reason}; nothing was changed") from None


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)


def _append(fd: int | None, line: bytes) -> None:
    assert fd is not None
    view = memoryview(line)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o7777


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _put_back(done: Sequence[_Staged]) -> None:
    """Undo renames already made, from the old contents kept in memory."""
    for staged in reversed(done):
        with contextlib.suppress(OSError):
            if staged.before is None:
                _remove(staged.target)
            else:
                _write_new(staged.temporary, staged.before, _mode(staged.target))
                os.replace(staged.temporary, staged.target)


def _naming(directories: Sequence[Path], marker: str) -> Iterator[Path]:
    """The Python files under ``directories`` whose text contains ``marker``."""
    wanted = marker.encode()
    for directory in directories:
        for path in sorted(directory.rglob("*.py")) if directory.is_dir() else ():
            with contextlib.suppress(OSError):
                if wanted in path.read_bytes():
                    yield path


def _fsync_directory(directory: Path) -> None:
    # A rename is durable once the directory entry is on disk; not every platform lets a
    # directory be opened, which is fine: the rename itself is still atomic.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
