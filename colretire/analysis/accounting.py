"""Every occurrence of a column's names in a file, accounted for.

A scan's claim "nothing uses this column" is only as good as what it could not see. So each
word of a scanned file that spells one of the column's names (the column, its attribute
keys, the relationships, wrappers and composites built on it) ends in exactly one of three
tiers: part of a **reference**, an **exclusion** with a fixed reason
(:class:`~colretire.model.Exclusion`), or **unexplained**, where the analysis could not
decide. Nothing is silently dropped.

The finder decides as it walks the syntax tree: a node it judges marks the words inside it
(:meth:`Ledger.decide`). :meth:`Ledger.close` then finds every word of the file with a
word search, the same one the scan's prefilter runs, gives the decided ones their tier, the
ones in comments the ``comment`` exclusion, and the rest the unexplained tier.
"""

from __future__ import annotations

import ast
import bisect
import heapq
import io
import re
import tokenize
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from colretire.analysis.mirrors import Mirror
from colretire.analysis.source import NEWLINE, Source, decode
from colretire.model import Exclusion, Occurrence, Reference, Tier

Position = tuple[int, int]  # 1-based line, 1-based character column
#: Why a word of code that no judgement reached is unexplained (the finder names the node
#: that holds such a word, :mod:`~colretire.analysis.undecided`; this is what is left).
UNREACHED = "a word of code the analysis did not reach"


#: The detail of a local or parameter whose value a reference writes into the column.
LOCAL_VALUE = "a local whose value the reference on line {line} writes into the column"


#: The words that end the detail of a keyword whose value the function it is given writes
#: into the column.
HANDED_VALUE = "; that write is the reference"


def is_local_value(tier: Tier, reason: Exclusion | None, detail: str) -> bool:
    """Whether an occurrence was excluded as a local whose value goes into the column, or as
    the keyword that gives such a local its value (which the carriers of the column may yet
    make part of a reference)."""
    if tier is not Tier.EXCLUDED:
        return False
    if reason is Exclusion.LOCAL:
        return detail.startswith(LOCAL_VALUE.partition("{")[0])
    return reason is Exclusion.KEYWORD and detail.endswith(HANDED_VALUE)


@dataclass(frozen=True)
class Handoff:
    """A keyword of a call to a function of the project, left unexplained by the finder for
    a later pass to follow (:mod:`~colretire.analysis.handon`): where the word is, the
    qualified name of the callee (``app.access.has_access``; ``app.jobs.Runner.run`` for a
    method, ``...Class.__init__`` for a constructor) and the keyword; ``schema``, the
    schema class whose field of the keyword's name the value reads, if any. A ``library``
    handoff is a word excluded as a library's keyword or dict key (``callee`` names the
    library's call): the pass checks that no module of the project bears the library's
    name (:mod:`~colretire.analysis.shadows`). A ``key`` handoff is a word of a key of a
    dict literal given to the function as ``keyword`` (or, with none, at ``position``):
    :mod:`~colretire.analysis.spreads` follows it. A ``spread`` key handoff is a key of a
    dict spread whole into the call (``**filters``): the key is a keyword of the call, named
    by ``keyword`` (:mod:`~colretire.analysis.classkeys` follows those given to a class
    method of the model, and those given to a function of the project with a model's class,
    whose keyword and key ``classes`` list). A ``callers`` key handoff is a key a function
    names in its own parameter ``keyword`` (``callee`` the function): the pass asks its
    callers what the dict is. A ``validated`` handoff is a key
    written into a dict that is handed, with what the function ``callee`` returns, to one
    call: :mod:`~colretire.analysis.validated` follows it."""

    path: str
    line: int
    col: int
    callee: str
    keyword: str
    schema: str = ""
    library: bool = False
    key: bool = False
    position: int = -1
    spread: bool = False
    classes: tuple[tuple[str, str], ...] = ()
    callers: bool = False
    validated: bool = False
    #: of a ``library`` handoff: its name's first part names no package at the top of the
    #: project but a module inside it, which a script's path may find first, wherever it is
    anywhere: bool = False


@dataclass(frozen=True)
class FileResult:
    """What the analysis of one file found: its references, every occurrence of the
    column's names in it, each in its tier, and the evidence it holds of schemas mirroring
    models (:class:`~colretire.analysis.mirrors.Mirror`), and the keywords left for the
    pass that follows them into the functions they are given to (:class:`Handoff`)."""

    references: tuple[Reference, ...]
    occurrences: tuple[Occurrence, ...]
    mirrors: tuple[Mirror, ...] = ()
    handoffs: tuple[Handoff, ...] = ()

    @property
    def tiers(self) -> dict[tuple[str, int, int], tuple[Tier, Exclusion | None]]:
        """The tier and reason of each occurrence, by (path, line, col): what the passes
        that follow values across files ask of the words they meet."""
        return {(o.path, o.line, o.col): (o.tier, o.reason) for o in self.occurrences}

    def excluding(
        self, places: Mapping[tuple[str, int, int], str], reason: Exclusion
    ) -> FileResult:
        """This result with its unexplained occurrences at ``places`` (path, line, col)
        made exclusions for ``reason``, each with the detail ``places`` gives it."""
        if not places:
            return self
        occurrences = tuple(
            replace(o, tier=Tier.EXCLUDED, reason=reason, detail=places[where])
            if (where := (o.path, o.line, o.col)) in places and o.tier is Tier.UNEXPLAINED
            else o
            for o in self.occurrences
        )
        return replace(self, occurrences=occurrences)


def text_of(data: bytes) -> str:
    try:
        return decode(data)
    except (LookupError, SyntaxError, UnicodeDecodeError):  # an unknown or wrong coding cookie
        return data.decode("utf-8", errors="replace")


def unexplained_file(path: str, data: bytes, names: Iterable[str], detail: str) -> list[Occurrence]:
    """Every occurrence of ``names`` in a file that could not be analysed, unexplained."""
    source = Source(path, text_of(data), ast.Module(body=[], type_ignores=[]))
    ledger = Ledger(source, names)
    ledger.unexplained(ledger.all_words(), detail)
    return ledger.close()


def unparsed_file(path: str, data: bytes, names: Iterable[str], detail: str) -> list[Occurrence]:
    """Every occurrence of ``names`` in a file that does not parse: those the tokenizer
    finds in comments (it reads what the parser cannot, a Python 2 file among them) are
    comments; every other one, which no analysis saw, is unexplained."""
    source = Source(path, text_of(data), ast.Module(body=[], type_ignores=[]))
    ledger = Ledger(source, names)
    comments = _comment_lines(source.text)
    code = [
        (line, col)
        for line, col in ledger.all_words()
        if line not in comments or not _in_comment(source.line_text(line), col - 1)
    ]
    ledger.unexplained(code, detail)
    return ledger.close()


def excluded_file(
    path: str, data: bytes, names: Iterable[str], reason: Exclusion, detail: str
) -> list[Occurrence]:
    """Every occurrence of ``names`` in a file judged as a whole (without analysing it):
    one search over the whole text, the lines counted as it goes (a file excluded whole is
    often a large one that nothing else reads line by line)."""
    text = text_of(data)
    if "\r" in text:  # lines end in other ways: the ledger splits them as Source does
        source = Source(path, text, ast.Module(body=[], type_ignores=[]))
        ledger = Ledger(source, names)
        ledger.exclude(ledger.all_words(), reason, detail)
        return ledger.close()
    pattern = _pattern(frozenset(n for n in names if n))
    found: list[Occurrence] = []
    line, start = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", start, match.start())
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        snippet = text[start : end if end >= 0 else len(text)].strip()
        found.append(
            Occurrence(
                path, line, match.start() - start + 1, match.group(), Tier.EXCLUDED, reason,
                detail, snippet,
            )
        )  # fmt: skip
    return found


class Ledger:
    """The decisions of one file's analysis, by word position."""

    def __init__(self, source: Source, names: Iterable[str]) -> None:
        self.source = source
        self._comments: frozenset[int] | None = None
        self.names = frozenset(n for n in names if n)
        self.pattern = _pattern(self.names)
        self.decided: dict[Position, tuple[Tier, Exclusion | None, str]] = {}
        #: uses of the column that spell none of its names, which the analysis could not
        #: judge (a join that SQLAlchemy may build on the column): name and detail
        self.unspelt: dict[Position, tuple[str, str]] = {}
        self._lines: frozenset[int] | None = None
        self._words: list[tuple[int, str, re.Match[str]]] | None = None

    # --- where the words are --------------------------------------------------------------

    def lines(self) -> frozenset[int]:
        """The lines where one of the names occurs at all, whole word or not: the only
        ones a word search can find anything in. Found in the whole text at once, since a
        search line by line costs as much on the many lines without a name as on the few
        with one."""
        if self._lines is None:
            self._lines = frozenset(_lines_holding(self.source.text, self.names))
        return self._lines

    def _found(self) -> list[tuple[int, str, re.Match[str]]]:
        """Every word of the names in the file, in order: (line, its text, the match)."""
        if self._words is None:
            lines = self.source.lines
            self._words = [
                (line, lines[line - 1], match)
                for line in sorted(self.lines())
                for match in self.pattern.finditer(lines[line - 1])
            ]
        return self._words

    def words_in(self, node: ast.AST) -> list[Position]:
        """The positions of the names' words within ``node``'s source text."""
        first, last = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0)
        if not first or not last:
            return []
        source = self.source
        begin = source.column(first, node.col_offset) - 1  # type: ignore[attr-defined]
        finish = source.column(last, node.end_col_offset) - 1  # type: ignore[attr-defined]
        found: list[Position] = []
        holding = self.lines()
        for line in range(first, last + 1):
            if line not in holding:
                continue
            text = source.line_text(line)
            start = begin if line == first else 0
            end = finish if line == last else len(text)
            found += [(line, m.start() + 1) for m in self.pattern.finditer(text, start, end)]
        return found

    def in_comment(self, position: Position) -> bool:
        """Whether the word at ``position`` lies in a comment (after the ``#`` that starts
        one on its line), as :meth:`close` excludes it when nothing decided it."""
        if self._comments is None:
            self._comments = frozenset(_comment_lines(self.source.text))
        line, col = position
        return line in self._comments and _in_comment(self.source.line_text(line), col - 1)

    def all_words(self) -> list[Position]:
        """The positions of every word of the names in the file."""
        return [(line, match.start() + 1) for line, _, match in self._found()]

    # --- decisions ------------------------------------------------------------------------

    def reference(self, positions: Iterable[Position]) -> None:
        """The words at ``positions`` are part of a reference (this always wins)."""
        for position in positions:
            self.decided[position] = (Tier.REFERENCE, None, "")

    def exclude(self, positions: Iterable[Position], reason: Exclusion, detail: str = "") -> None:
        """The words at ``positions`` are not references, for ``reason``, unless already
        decided."""
        for position in positions:
            self.decided.setdefault(position, (Tier.EXCLUDED, reason, detail))

    def unexplained(self, positions: Iterable[Position], detail: str = "") -> None:
        """The words at ``positions`` could not be judged (``detail`` says what was seen)."""
        for position in positions:
            self.decided.setdefault(position, (Tier.UNEXPLAINED, None, detail))

    def local_value(self, positions: Iterable[Position], line: int) -> None:
        """The words at ``positions`` name a local or a parameter whose value is written
        into the column by a reference: excluded as a local, with ``detail`` saying where
        it goes, unless a rule judged them otherwise (a reference, unexplained)."""
        detail = LOCAL_VALUE.format(line=line)
        for position in positions:
            decided = self.decided.get(position)
            if decided is None or decided[1] is Exclusion.LOCAL:
                self.decided[position] = (Tier.EXCLUDED, Exclusion.LOCAL, detail)

    def reconsider(self, positions: Iterable[Position], detail: str) -> None:
        """The words at ``positions`` were excluded too soon: unexplained after all (a
        reference is left as it is)."""
        for position in positions:
            decided = self.decided.get(position)
            if decided is None or decided[0] is Tier.EXCLUDED:
                self.decided[position] = (Tier.UNEXPLAINED, None, detail)

    def settle(self, positions: Iterable[Position], reason: Exclusion, detail: str) -> None:
        """The words at ``positions`` were judged too soon: excluded after all, for
        ``reason`` (a reference is left as it is)."""
        for position in positions:
            decided = self.decided.get(position)
            if decided is None or decided[0] is not Tier.REFERENCE:
                self.decided[position] = (Tier.EXCLUDED, reason, detail)

    def unexplained_use(self, position: Position, name: str, detail: str) -> None:
        """A use of the column at ``position`` that spells none of its names (so no word
        search finds it) and that the analysis could not judge: an occurrence of ``name``
        there, unexplained."""
        self.unspelt.setdefault(position, (name, detail))

    def is_reference(self, position: Position) -> bool:
        decided = self.decided.get(position)
        return decided is not None and decided[0] is Tier.REFERENCE

    def is_unexplained(self, position: Position) -> bool:
        decided = self.decided.get(position)
        return decided is not None and decided[0] is Tier.UNEXPLAINED

    def decide_node(
        self,
        node: ast.AST,
        reason: Exclusion | None,
        detail: str = "",
        *,
        unexplained: bool = False,
    ) -> None:
        """Every word within ``node`` excluded for ``reason``, or unexplained."""
        positions = self.words_in(node)
        if unexplained or reason is None:
            self.unexplained(positions, detail)
        else:
            self.exclude(positions, reason, detail)

    # --- the account ----------------------------------------------------------------------

    def close(self) -> list[Occurrence]:
        """Every word of the file that spells one of the names, in one of the three tiers."""
        source = self.source
        comments: set[int] | None = None
        found = []
        for line, text, match in self._found():
            position = (line, match.start() + 1)
            decided = self.decided.get(position)
            if decided is None:
                if comments is None:
                    comments = _comment_lines(source.text)
                if line in comments and _in_comment(text, match.start()):
                    decided = (Tier.EXCLUDED, Exclusion.COMMENT, "")
                else:
                    decided = (Tier.UNEXPLAINED, None, UNREACHED)
            tier, reason, detail = decided
            found.append(
                Occurrence(
                    source.path, line, match.start() + 1, match.group(), tier, reason,
                    detail, text.strip(),
                )
            )  # fmt: skip
        spelt = {(o.line, o.col) for o in found}
        for (line, col), (name, detail) in sorted(self.unspelt.items()):
            if (line, col) not in spelt:
                found.append(
                    Occurrence(
                        source.path, line, col, name, Tier.UNEXPLAINED, None, detail,
                        source.line_text(line).strip(),
                    )
                )  # fmt: skip
        return found


def _lines_holding(text: str, names: Iterable[str]) -> set[int]:
    """The numbers of the lines of ``text`` (split as :class:`Source` splits them) where
    one of ``names`` occurs, whole word or not."""
    starts = [0, *(newline.end() for newline in NEWLINE.finditer(text))]
    found: set[int] = set()
    for name in names:
        if not name:
            continue
        at = text.find(name)
        while at >= 0:
            found.add(bisect.bisect_right(starts, at))
            at = text.find(name, at + 1)
    return found


@lru_cache(maxsize=16)
def _pattern(names: frozenset[str]) -> Words:
    """Any of ``names`` as a whole word."""
    return Words(names)


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


class Words:
    """A search for any of some names as whole words, with ``re``'s ``finditer`` interface.

    One pattern per name, each beginning with the name's own letters, so that ``re`` skips
    ahead to where the name occurs. One pattern for all the names would begin with a
    look-behind or an alternation, which ``re`` tries at every position of the text: 25
    times slower on a large file. The look-behind is checked by hand instead.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(sorted(names))
        self.patterns = tuple(re.compile(re.escape(n) + r"(?![A-Za-z0-9_])") for n in self.names)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The whole-word matches in ``text[pos:endpos]``, in order of position."""
        end = len(text) if endpos is None else endpos
        streams = [
            self._whole(pattern.finditer(text, pos, end), text)
            for name, pattern in zip(self.names, self.patterns, strict=True)
            if text.find(name, pos, end) >= 0
        ]
        if len(streams) == 1:
            return streams[0]
        return heapq.merge(*streams, key=_start)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The name that begins exactly at ``pos`` as a whole word, if one does."""
        if pos > 0 and text[pos - 1] in _WORD_CHARS:
            return None
        for pattern in self.patterns:
            found = pattern.match(text, pos)
            if found is not None:
                return found
        return None

    @staticmethod
    def _whole(matches: Iterator[re.Match[str]], text: str) -> Iterator[re.Match[str]]:
        for match in matches:
            start = match.start()
            if start == 0 or text[start - 1] not in _WORD_CHARS:
                yield match


def _start(match: re.Match[str]) -> int:
    return match.start()


def _comment_lines(text: str) -> set[int]:
    """The lines that hold a comment token."""
    lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                lines.add(token.start[0])
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return lines


def _in_comment(text: str, column: int) -> bool:
    """Whether offset ``column`` of a line that holds a comment lies after the ``#`` that
    starts it (a ``#`` inside a string on the same line does not start one)."""
    quote = ""
    index = 0
    while index < column:
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif text.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char in "'\"":
            quote = text[index : index + 3] if text[index : index + 3] in ('"""', "'''") else char
            index += len(quote) - 1
        elif char == "#":
            return True
        index += 1
    return False
