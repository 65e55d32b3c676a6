"""Files written for a newer Python than the one running colretire, read through a
translation that keeps every line where it was.

Python 3.12 added type parameter syntax: ``type Slug = Annotated[str, ...]``, ``type
Pair[T] = tuple[T, T]``, ``class Box[T]:``, ``def first[T](items: list[T]) -> T:``. An older
Python does not parse such a file. Where that is why, the file is translated in memory:
``type`` before a name bound by ``=`` is dropped (the statement binds the name, as an
assignment does), and the type parameters in brackets after such a name, or after the name
of a ``class`` or a ``def``, are dropped with it. Nothing else changes, and every change
stays on its line; a bracket closed on another line leaves the file untranslated. The
translation is used as a Python 2 file's is (:mod:`~colretire.analysis.py2`): only when it
parses and keeps the words of the column's names in place, and the file is still reported
as one that does not parse (CR001), since the running Python cannot import it.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Sequence

from colretire.analysis.source import Source, decode

#: Tokens after which a logical line starts.
_STARTS = frozenset({tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT})
#: Tokens the tokenizer gives that are no code.
_SKIPPED = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.ENCODING})

#: Where a line ends, kept by :func:`re.split` as a part of its own.
_LINE_END = re.compile(r"(\r\n|\r|\n)")

Cut = tuple[int, int, int]  # (line, first column, column after the last), 0-based columns


def translate(path: str, data: bytes) -> Source | None:
    """The file with its type parameter syntax dropped, parsed, or ``None`` where it has
    none, or its translation does not parse."""
    try:
        text = decode(data)
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (SyntaxError, tokenize.TokenError, ValueError, LookupError):
        return None
    cuts = _cuts(tokens)
    if not cuts:
        return None
    translated = _apply(text, cuts)
    try:
        tree = ast.parse(translated, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return Source(path, translated, tree)


def _cuts(tokens: Sequence[tokenize.TokenInfo]) -> list[Cut] | None:
    """The spans to drop, or ``None`` where one cannot be dropped on its line."""
    code = [t for t in tokens if t.type not in _SKIPPED or t.type == tokenize.NL]
    cuts: list[Cut] = []
    for index, token in enumerate(code[:-2]):
        name, after = code[index + 1], code[index + 2]
        if token.type != tokenize.NAME or name.type != tokenize.NAME:
            continue
        starts = index == 0 or code[index - 1].type in _STARTS
        if token.string == "type" and starts and after.string in ("=", "["):
            cuts.append((token.start[0], token.start[1], name.start[1]))
        elif not (token.string in ("class", "def") and after.string == "["):
            continue
        if after.string == "[":
            closing = _closing(code, index + 2)
            if closing is None or closing.start[0] != after.start[0]:
                return None
            cuts.append((after.start[0], after.start[1], closing.end[1]))
    return cuts


def _closing(code: Sequence[tokenize.TokenInfo], opening: int) -> tokenize.TokenInfo | None:
    """The token that closes the bracket at ``opening``."""
    depth = 0
    for token in code[opening:]:
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                return token
    return None


def _apply(text: str, cuts: list[Cut]) -> str:
    """``text`` with the spans of ``cuts`` dropped, line endings kept (lines split as the
    tokenizer splits them)."""
    parts = _LINE_END.split(text)  # a line, its ending, the next line, ...
    for line, first, last in sorted(cuts, reverse=True):
        current = parts[2 * (line - 1)]
        parts[2 * (line - 1)] = current[:first] + current[last:]
    return "".join(parts)
