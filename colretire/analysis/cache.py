"""Per-file scan results kept between runs, keyed by content hash.

An entry's key digests the file's bytes, colretire's version and code, :data:`FORMAT`, the Python
version and, for references, the file's path and the target's fingerprint: a changed file, a changed query or
a new colretire simply misses. Entries are pickles of colretire's own frozen dataclasses;
loading refuses any other class, so a tampered cache cannot run code. A missing or
unreadable entry is a miss, never an error.

Two layouts, by how many entries a scan writes of a kind:

- per-file entries (:data:`PACKED`: facts, references) are held in memory during a scan and
  written by :meth:`Cache.flush` as one *pack* under ``packs/``: a scan of a common name
  parses over a thousand files, and writing each entry as a file of its own took a quarter
  of the scan. A pack is a text header (``key offset length`` per line) followed by the
  entries' bytes; a scan reads the headers of all packs once, then only the entries it
  needs. When packs accumulate, a flush merges them into one.
- the few per-scan entries (plan, result, whole answer) are files of their own, so that a
  warm scan loads its answer without reading any pack.

Every file is written to a temporary name and renamed into place (atomic, without the fsync
that durable state needs: a lost entry is recomputed), and pack names are unique, so
concurrent scans never see half a file and never lose each other's packs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import secrets
import sys
import tempfile
from pathlib import Path

from colretire import __version__

#: Bump when the meaning of cached facts or references changes.
FORMAT = "13"
#: Kinds written into packs.
PACKED = frozenset({"facts", "refs"})
#: More packs than this are merged into one by the next flush that writes one.
MAX_PACKS = 12
#: What parses depends on the interpreter's grammar: entries are per Python version.
_PYTHON = "{}.{}".format(*sys.version_info[:2])
_ALLOWED = {
    "builtins": frozenset({"frozenset", "set", "tuple", "list", "dict", "str", "int", "bool"}),
    "copyreg": frozenset({"__newobj__", "_reconstructor"}),
}
_MAGIC = b"colretire-pack 1\n"


@functools.cache
def _code() -> str:
    """A digest of the analysis's own code: an entry written by other code (an edited or
    reinstalled colretire of the same version) is never read back."""
    hasher = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parents[1]
    for path in _code_files(package):
        hasher.update(path.relative_to(package).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _code_files(package: Path) -> list[Path]:
    """The modules whose code decides what the analysis finds: the analysis, with its
    subpackages (the finder's judges), and the SQL reader."""
    return sorted([*(package / "analysis").rglob("*.py"), *(package / "sql").rglob("*.py")])


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in (__version__, FORMAT, _PYTHON, _code(), *parts):
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        allowed = module.startswith("colretire.") or name in _ALLOWED.get(module, ())
        if not allowed:
            raise pickle.UnpicklingError(f"refusing {module}.{name}")
        return super().find_class(module, name)


def load(data: bytes) -> object:
    """An entry's value (raises on a corrupt or foreign entry)."""
    value: object = _Unpickler(io.BytesIO(data)).load()
    return value


def dump(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Cache:
    """A directory of entries; ``Cache(None)`` caches nothing."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._made: set[Path] = set()
        self._pending: dict[str, bytes] = {}
        self._packed: dict[str, tuple[Path, int, int]] | None = None

    def _path(self, kind: str, key: str) -> Path:
        assert self.directory is not None
        return self.directory / kind / key[:2] / f"{key}.pickle"

    def has(self, kind: str, prefix: str) -> bool:
        """Whether an entry of ``kind`` whose key starts with ``prefix`` (two characters at
        least) is there: a cheap hint, not a promise."""
        if self.directory is None or kind in PACKED:
            return False
        try:
            with os.scandir(self.directory / kind / prefix[:2]) as entries:
                return any(entry.name.startswith(prefix) for entry in entries)
        except OSError:
            return False

    def get(self, kind: str, key: str) -> object | None:
        if self.directory is None:
            return None
        try:
            data = self._read(kind, key)
            return None if data is None else load(data)
        except Exception:  # a missing, truncated or foreign entry is a miss
            return None

    def _read(self, kind: str, key: str) -> bytes | None:
        if kind not in PACKED:
            return self._path(kind, key).read_bytes()
        name = f"{kind}/{key}"
        if name in self._pending:
            return self._pending[name]
        where = self._packs().get(name)
        if where is None:
            return None
        path, offset, length = where
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read(length)
        return data if len(data) == length else None

    def put(self, kind: str, key: str, value: object, data: bytes | None = None) -> None:
        """Store ``value``; ``data`` is its pickle when one was made already (by
        :func:`dump`, in a worker process)."""
        if self.directory is None:
            return
        data = dump(value) if data is None else data
        if kind in PACKED:
            self._pending[f"{kind}/{key}"] = data
            return
        path = self._path(kind, key)
        with contextlib.suppress(OSError):
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            _write(path, [data])

    def flush(self) -> None:
        """Write the entries :meth:`put` held back as one pack (merging the packs there
        when there are too many)."""
        if self.directory is None or not self._pending:
            return
        entries = self._pending
        self._pending = {}
        directory = self.directory / "packs"
        with contextlib.suppress(OSError):
            directory.mkdir(parents=True, exist_ok=True)
            old = _pack_files(directory)
            merged = len(old) >= MAX_PACKS
            if merged:
                entries = {**_entries(old), **entries}
            _write_pack(directory / f"{secrets.token_hex(10)}.pack", entries)
            for path in old if merged else ():
                with contextlib.suppress(OSError):
                    path.unlink()
        self._packed = None

    def _packs(self) -> dict[str, tuple[Path, int, int]]:
        """Where each packed entry is: read from the packs' headers on first use."""
        if self._packed is None:
            self._packed = {}
            assert self.directory is not None
            for path in _pack_files(self.directory / "packs"):
                for name, (offset, length) in _header(path).items():
                    self._packed[name] = (path, offset, length)
        return self._packed


def _pack_files(directory: Path) -> list[Path]:
    try:
        return sorted(directory.glob("*.pack"))
    except OSError:
        return []


def _header(path: Path) -> dict[str, tuple[int, int]]:
    """A pack's entries: name -> (offset, length) in the file; empty when unreadable."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                return {}
            size = int.from_bytes(handle.read(8), "little")
            lines = handle.read(size).decode("ascii").splitlines()
        start = len(_MAGIC) + 8 + size
        found = {}
        for line in lines:
            name, offset, length = line.split(" ")
            found[name] = (start + int(offset), int(length))
        return found
    except (OSError, ValueError):
        return {}


def _entries(paths: list[Path]) -> dict[str, bytes]:
    """Every entry of the packs at ``paths`` (a damaged pack contributes nothing)."""
    found: dict[str, bytes] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for name, (offset, length) in _header(path).items():
            if offset + length <= len(data):
                found[name] = data[offset : offset + length]
    return found


def _write_pack(path: Path, entries: dict[str, bytes]) -> None:
    lines, offset = [], 0
    for name, data in entries.items():
        lines.append(f"{name} {offset} {len(data)}\n")
        offset += len(data)
    header = "".join(lines).encode("ascii")
    _write(path, [_MAGIC, len(header).to_bytes(8, "little"), header, *entries.values()])


def _write(path: Path, chunks: list[bytes]) -> None:
    """Write ``path`` through a temporary file renamed into place."""
    fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(chunks)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
