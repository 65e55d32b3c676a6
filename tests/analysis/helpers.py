"""Scan small projects written inline, and name positions with a caret in a snippet:
``at(files["app/x.py"], "task.^eta")`` is the line and column of ``eta`` in the first
``task.eta`` of that file (1-based, as references are)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from colretire.analysis import CODES, ScanResult, scan
from colretire.model import ColumnRef, Confidence, Reference


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


def accounted(root: Path, column: str, skip: str = "") -> list[tuple[str, int, int, str]]:
    """Every occurrence of the column's names outside ``skip`` (a path), as (path, line,
    col, where): ``CR103 certain`` for a reference, ``excluded: reason`` or ``unexplained``."""
    result = scan(root, ColumnRef.parse(column))
    rows = [
        (r.path, r.line, r.col, f"{r.code} {r.confidence}")
        for r in result.references
        if r.path != skip
    ]
    for occurrence in result.occurrences:
        if occurrence.path == skip or occurrence.tier.value == "reference":
            continue
        where = f"excluded: {occurrence.reason}" if occurrence.reason else "unexplained"
        rows.append((occurrence.path, occurrence.line, occurrence.col, where))
    return sorted(rows)


STAND_IN = "stands in for an unexplained occurrence (CR900)"


def standing_in(result: ScanResult, wanted: list[tuple[str, int, str, str]]) -> list[Reference]:
    """The references of ``result``, plus a stand-in for each label (path, line, code,
    confidence) that no reference matches but an unexplained occurrence does. Since every
    occurrence is accounted for, a use whose owner cannot be proven (an object of unknown
    type, a schema with no evidence tying it to the model) is reported as unexplained
    (CR900), which blocks ``advance`` like a reference; the labels of the corpora written
    before that predate the tier. Recall computed with the stand-ins is recall with the
    unexplained tier; precision is unchanged (a stand-in is only ever a labelled line)."""
    references = list(result.references)
    have = {(r.path, r.line, r.code) for r in references}
    unexplained = {(o.path, o.line) for o in result.unexplained}
    for path, line, code, _confidence in wanted:
        if (path, line, code) not in have and (path, line) in unexplained:
            kind = next(c.kind for c in CODES if c.code == code)
            references.append(Reference(path, line, 0, kind, Confidence.LIKELY, code, STAND_IN))
            have.add((path, line, code))
    return references
