"""Python 2 files, read through a translation that keeps every line where it was.

A file that does not parse is often a Python 2 file (``print "x"``, ``except E, e``,
backquotes, ``0777``, ``ur""``, ``lambda (p, r): ...``). Where the running Python still has the standard library's
``lib2to3`` (3.12 and before), such a file is translated in memory by the fixers that only
rewrite syntax in place (never one that adds an import or a line) and analysed as Python
3. The translation is used only when it is proven to keep the file's shape: the same number
of lines, and on each line the same words of the names the analysis looks for, in the same
order. Positions found in the translation are then moved back to the original text word by
word. Anything else (no ``lib2to3``, a fixer that fails, a line whose words moved, a
translation that still does not parse) leaves the file as one that does not parse: its
words of code stay unexplained. The file is reported as not parsing (CR001) either way.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from colretire.analysis.accounting import FileResult, Words
from colretire.analysis.source import Source, decode

#: The fixers that rewrite Python 2 syntax in place, on the line where it is.
FIXERS = (
    "print",
    "except",
    "raise",
    "exec",
    "numliterals",
    "repr",
    "ne",
    "unicode",
    "tuple_params",
)

_TOOL: Any = None
_MISSING = object()


def _tool() -> Any:
    """The lib2to3 refactoring tool with :data:`FIXERS`, or ``None`` without lib2to3."""
    global _TOOL
    if _TOOL is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from lib2to3 import refactor  # type: ignore[import-not-found,unused-ignore]

            names = [f"lib2to3.fixes.fix_{name}" for name in FIXERS]
            _TOOL = refactor.RefactoringTool(names)
        except Exception:  # absent (3.13+) or broken: no translation
            _TOOL = _MISSING
    return None if _TOOL is _MISSING else _TOOL


def translate(path: str, data: bytes) -> Source | None:
    """The Python 3 translation of a Python 2 file, parsed, or ``None``."""
    tool = _tool()
    if tool is None:
        return None
    try:
        text = decode(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            suffix = "" if text.endswith("\n") else "\n"
            translated = str(tool.refactor_string(text + suffix, path))
        if suffix:
            translated = translated.removesuffix("\n")
        tree = ast.parse(translated, filename=path)
    except Exception:  # lib2to3 raises its own parse errors, and others
        return None
    return Source(path, translated, tree)


def keeps_lines(data: bytes, translated: Source) -> bool:
    """Whether the translation has as many lines as the original text."""
    original = Source("", decode(data), ast.Module(body=[], type_ignores=[]))
    return len(original.lines) == len(translated.lines)


class Shape:
    """The word-by-word correspondence of the original text and its translation, for the
    words of ``names``; :attr:`kept` is whether they correspond at all."""

    def __init__(self, original: Source, translated: Source, names: Iterable[str]) -> None:
        pattern = Words(frozenset(n for n in names if n))
        self.original = original
        self.moves: dict[tuple[int, int], int] = {}
        self.kept = len(original.lines) == len(translated.lines)
        if not self.kept:
            return
        for number, (before, after) in enumerate(
            zip(original.lines, translated.lines, strict=True), start=1
        ):
            if before == after:
                continue
            old = list(pattern.finditer(before))
            new = list(pattern.finditer(after))
            if [m.group() for m in old] != [m.group() for m in new]:
                self.kept = False
                return
            for o, n in zip(old, new, strict=True):
                self.moves[(number, n.start() + 1)] = o.start() + 1

    def col(self, line: int, col: int) -> int:
        return self.moves.get((line, col), col)

    def back(self, result: FileResult) -> FileResult:
        """``result`` (found in the translation) in the positions and snippets of the
        original text."""
        source = self.original
        references = tuple(
            replace(r, col=self.col(r.line, r.col), snippet=source.snippet(r.line))
            for r in result.references
        )
        occurrences = tuple(
            replace(
                o,
                col=self.col(o.line, o.col),
                snippet=source.line_text(o.line).strip(),
                detail=f"{o.detail} (in a line-keeping translation of a file that does not parse)"
                if o.detail
                else o.detail,
            )
            for o in result.occurrences
        )
        handoffs = tuple(replace(h, col=self.col(h.line, h.col)) for h in result.handoffs)
        return FileResult(references, occurrences, result.mirrors, handoffs)
