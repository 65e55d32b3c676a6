"""A revision script's source, read and parsed once for every question a run asks of it.

The pre-check asks two things of a script: whether the function the run will call can only
build (:mod:`colretire.alembic.constructive`, which needs :mod:`ast` alone), and, when it may
not, what it does (:mod:`colretire.alembic.reader`). Both work on the same tree: :func:`read`
reads the script and parses it once, and keeps what went wrong doing so, to be raised where
the reader reads it. The text is decoded as Python decodes a module it imports (a byte order
mark, an encoding declaration), so that what colretire reads is what Alembic runs. This
module imports the standard library only: a run whose scripts only build never loads the
reader.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path


class Source:
    """The text and tree of a script, or the error that reading or parsing it raised.

    A plain class: every guarded run imports this module, and a dataclass costs about a
    millisecond to create at import."""

    __slots__ = ("error", "path", "text", "tree")

    def __init__(
        self,
        path: Path,
        text: str | None = None,
        tree: ast.Module | None = None,
        error: Exception | None = None,
    ) -> None:
        self.path, self.text, self.tree, self.error = path, text, tree, error

    def parsed(self) -> tuple[str, ast.Module]:
        """The text and the tree; raises what reading or parsing the script raised."""
        if self.error is not None:
            raise self.error
        assert self.text is not None and self.tree is not None
        return self.text, self.tree


def decode(data: bytes) -> str:
    """The text of a Python file as the interpreter reads it: the encoding its byte order
    mark or its declaration names (UTF-8 by default), newlines made ``\\n``. A declaration
    Python would not accept leaves UTF-8; raises :class:`UnicodeDecodeError`."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    text = data.decode(encoding)
    return io.IncrementalNewlineDecoder(None, translate=True).decode(text, final=True)


def read_text(path: Path) -> str:
    """The text of the Python file at ``path`` (see :func:`decode`)."""
    return decode(path.read_bytes())


def parse(path: Path, text: str | None = None) -> ast.Module:
    """The tree of the script at ``path`` (of ``text`` when given)."""
    if text is None:
        text = read_text(path)
    return ast.parse(text, str(path))


def read(path: Path) -> Source:
    """The script at ``path`` read and parsed; what failed, kept."""
    try:
        text = read_text(path)
        return Source(path, text, parse(path, text))
    except Exception as error:  # raised again, unchanged, where the reader reads it
        return Source(path, error=error)
