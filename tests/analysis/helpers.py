"""Scan small projects written inline, and name positions with a caret in a snippet:
``at(files["app/x.py"], "task.^eta")`` is the line and column of ``eta`` in the first
``task.eta`` of that file (1-based, as references are)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Reference


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def at(source: str, snippet: str, nth: int = 1) -> tuple[int, int]:
    offset = snippet.index("^")
    plain = snippet.replace("^", "", 1)
    index = -1
    for _ in range(nth):
        index = source.index(plain, index + 1)
    index += offset
    return source.count("\n", 0, index) + 1, index - (source.rfind("\n", 0, index) + 1) + 1


def write(root: Path, files: dict[str, str]) -> dict[str, str]:
    sources = {}
    for path, text in files.items():
        sources[path] = code(text)
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(sources[path])
    return sources


def found(root: Path, column: str, **options: object) -> list[Reference]:
    return list(scan(root, ColumnRef.parse(column), **options).references)  # type: ignore[arg-type]


def summary(refs: list[Reference]) -> list[tuple[str, int, int, str, str]]:
    return [(r.path, r.line, r.col, r.code, str(r.confidence)) for r in refs]
