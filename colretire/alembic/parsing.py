"""A revision script's source, read and parsed once for every question a run asks of it.

The pre-check asks two things of a script: whether the function the run will call can only
build (:mod:`colretire.alembic.constructive`, which needs :mod:`ast` alone), and, when it may
not, what it does (:mod:`colretire.alembic.reader`). Both work on the same tree: the script
is read as UTF-8 text and parsed once by :func:`parse`, and what went wrong doing so is kept
to be raised where the reader would have raised it. This module imports the standard
library only, so that a run whose scripts only build never loads the reader.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

#: A PEP 263 encoding declaration, as Python looks for it on a script's first two lines.
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)


@dataclass(frozen=True)
class Source:
    """The text and tree of a script, or the error that reading or parsing it raised."""

    path: Path
    text: str | None = None
    tree: ast.Module | None = None
    error: Exception | None = None

    def parsed(self) -> tuple[str, ast.Module]:
        """The text and the tree; raises what reading or parsing the script raised."""
        if self.error is not None:
            raise self.error
        assert self.text is not None and self.tree is not None
        return self.text, self.tree

    def as_imported(self) -> ast.Module | None:
        """The tree, when it is the one Python gets by importing the file (which decodes
        its bytes by their encoding declaration): the file parsed as UTF-8 text and declares
        no other encoding. ``None`` otherwise."""
        if self.tree is None or self.text is None:
            return None
        for line in self.text.split("\n", 2)[:2]:
            declared = _CODING.match(line)
            if declared and declared[1].lower().replace("_", "-") not in ("utf-8", "utf8"):
                return None
        return self.tree


def parse(path: Path, text: str | None = None) -> ast.Module:
    """The tree of the script at ``path`` (of ``text`` when given)."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    return ast.parse(text, str(path))


def parse_as_imported(path: Path) -> ast.Module:
    """The tree Python gets by importing the file: its bytes, decoded by their declaration."""
    return ast.parse(path.read_bytes(), str(path))


def read(path: Path) -> Source:
    """The script at ``path`` read as UTF-8 text and parsed; what failed, kept."""
    try:
        text = path.read_text(encoding="utf-8")
        return Source(path, text, parse(path, text))
    except Exception as error:  # raised again, unchanged, where the reader reads it
        return Source(path, error=error)
