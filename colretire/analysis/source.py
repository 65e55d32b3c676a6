"""One Python file as the analysis sees it: its text, its syntax tree, and positions.

The scan parses with the standard library's :mod:`ast` rather than libcst: on application
code libcst parses about 13k lines/s and its ``PositionProvider`` adds a second pass at
about 5k lines/s, while :mod:`ast` parses about 54k lines/s with positions included. The
positions reported are nevertheless libcst's (the codemods find nodes by them): 1-based
line, 1-based column counted in characters, parentheses excluded. :mod:`ast` columns are
UTF-8 byte offsets, so :meth:`Source.column` converts them; a test checks every position of
the corpus against libcst's ``PositionProvider``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

#: Where a line ends, as Python ends them: every reader of positions splits lines with it.
NEWLINE = re.compile(r"\r\n|\r|\n")
_DEF_NAME = re.compile(r"(?:async\s+)?(?:def|class)\s+(\w+)")


@dataclass(frozen=True)
class ParseFailure:
    """A file that does not parse: the error's message and 1-based position."""

    message: str
    line: int
    col: int


def decode(data: bytes) -> str:
    """The text of a Python source file, honouring a BOM or a coding cookie."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding, errors="replace")


class Source:
    """A parsed file: ``path`` (relative, forward slashes), ``text``, ``tree``."""

    def __init__(self, path: str, text: str, tree: ast.Module) -> None:
        self.path = path
        self.text = text
        self.tree = tree
        self.lines = NEWLINE.split(text)

    def column(self, line: int, byte_offset: int) -> int:
        """The 1-based character column of an :mod:`ast` byte offset on ``line``."""
        text = self.line_text(line)
        if text.isascii():
            return byte_offset + 1
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace")) + 1

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def start(self, node: ast.expr | ast.stmt | ast.keyword) -> tuple[int, int]:
        """Where ``node`` starts."""
        return node.lineno, self.column(node.lineno, node.col_offset)

    def attr_start(self, node: ast.Attribute) -> tuple[int, int]:
        """Where the attribute name of ``node`` starts (the ``col`` of ``task.col``)."""
        line = node.end_lineno or node.lineno
        end = node.end_col_offset or 0
        return line, self.column(line, end - len(node.attr.encode("utf-8")))

    def def_name_start(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    ) -> tuple[int, int]:
        """Where the name of a ``def`` or ``class`` statement starts."""
        text = self.line_text(node.lineno)
        start = self.column(node.lineno, node.col_offset) - 1
        match = _DEF_NAME.match(text, start)
        return node.lineno, (match.start(1) + 1 if match else start + 1)

    def segment(self, node: ast.AST) -> str:
        """The source text of ``node`` (like :func:`ast.get_source_segment`, without
        re-splitting the file on every call)."""
        first, last = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0)
        if not first or not last:
            return ""
        begin = self.column(first, node.col_offset) - 1  # type: ignore[attr-defined]
        finish = self.column(last, node.end_col_offset) - 1  # type: ignore[attr-defined]
        if first == last:
            return self.line_text(first)[begin:finish]
        middle = self.lines[first : last - 1]
        return "\n".join([self.line_text(first)[begin:], *middle, self.line_text(last)[:finish]])

    def snippet(self, line: int) -> str:
        return self.line_text(line).strip()


def parse(path: str, data: bytes) -> Source | ParseFailure:
    """Parse ``data``; a syntax error becomes a :class:`ParseFailure`, never an exception.

    Undecodable bytes count as a syntax error: ``tokenize`` raises SyntaxError for a bad
    coding cookie, and an unknown codec raises LookupError."""
    try:
        text = decode(data)
        tree = ast.parse(text, filename=path)
    except LookupError as error:
        return ParseFailure(f"unknown encoding: {error}", 1, 1)
    except SyntaxError as error:
        return ParseFailure(error.msg, error.lineno or 1, error.offset or 1)
    except (ValueError, RecursionError, MemoryError) as error:  # NUL bytes, absurd nesting
        return ParseFailure(str(error) or type(error).__name__, 1, 1)
    return Source(path, text, tree)
