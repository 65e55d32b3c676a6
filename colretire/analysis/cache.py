"""Per-file scan results kept between runs, keyed by content hash.

An entry's key digests the file's bytes, colretire's version, :data:`FORMAT`, the Python
version and, for references, the file's path and the target's fingerprint: a changed file, a changed query or
a new colretire simply misses. Entries are pickles of colretire's own frozen dataclasses;
loading refuses any other class, so a tampered cache cannot run code. Writes go to a
temporary file renamed into place (atomic, without the fsync that durable state needs: a lost
entry is recomputed). A missing or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path

from colretire import __version__

#: Bump when the meaning of cached facts or references changes.
FORMAT = "4"
#: What parses depends on the interpreter's grammar: entries are per Python version.
_PYTHON = "{}.{}".format(*sys.version_info[:2])
_ALLOWED = {
    "builtins": frozenset({"frozenset", "set", "tuple", "list", "dict", "str", "int", "bool"}),
    "copyreg": frozenset({"__newobj__", "_reconstructor"}),
}


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in (__version__, FORMAT, _PYTHON, *parts):
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


class Cache:
    """A directory of entries; ``Cache(None)`` caches nothing."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._made: set[Path] = set()

    def _path(self, kind: str, key: str) -> Path:
        assert self.directory is not None
        return self.directory / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str) -> object | None:
        if self.directory is None:
            return None
        try:
            data = self._path(kind, key).read_bytes()
            value: object = _Unpickler(io.BytesIO(data)).load()
            return value
        except Exception:  # a missing, truncated or foreign entry is a miss
            return None

    def put(self, kind: str, key: str, value: object) -> None:
        if self.directory is None:
            return
        path = self._path(kind, key)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
