"""A reference scan, end to end: discover, prefilter, index, find, in parallel, cached.

The scan has two phases because the names to look for are not known in advance. Phase one
reads the files that can declare the column (they define an attribute of its name, or name
the table next to a model marker), then the files that subclass, alias or return the model
classes found; their facts make the :class:`~colretire.analysis.index.ProjectIndex` and the
:class:`~colretire.analysis.target.Target`. Phase two parses only the files that contain one
of the target's names as a word (attribute, wrapper, relationship, schema field).

Which files contain a word is found by a native search (:mod:`~colretire.analysis.search`:
GNU grep, or git grep) when one can run, else in Python; either way with the same answer.
Only the files it names are read in Python. On a cold run the search for phase one's words
starts while the walk is still finding files, and includes the model's likely class names,
so that the rare name's scan makes one pass over the tree.

Every step is cached by the digest of its inputs: per file, the facts (by content) and the
references (by content, path and target), written as one pack per scan; per scan, the target
(by the phase-one files), the answer (by the target and the candidate files), and the whole
answer again under the stat data of every file, so that a warm run over an unchanged tree
stats the files and reads no file. Parsing runs in a process pool when there are enough
files to pay for one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import struct
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TextIO, TypeVar

from colretire.analysis import search as native
from colretire.analysis.cache import Cache, digest, dump
from colretire.analysis.discovery import (
    Files,
    discover,
    is_migration,
    is_test_directory,
    is_test_module,
    relative,
    stamps_of,
)
from colretire.analysis.source import ParseFailure, Source, parse
from colretire.model import (
    ColumnRef,
    Confidence,
    Exclusion,
    Occurrence,
    Reference,
    ReferenceKind,
    ScanSummary,
    Tier,
)

if TYPE_CHECKING:
    from colretire.analysis import facts as F
    from colretire.analysis.accounting import FileResult, Handoff
    from colretire.analysis.index import ColumnSite, ProjectIndex
    from colretire.analysis.mirrors import Mirror
    from colretire.analysis.reach import Reach
    from colretire.analysis.registry import Registry
    from colretire.analysis.target import ClassView, Target

# The modules that extract facts and find references (facts, index, target, finder) are
# imported where they are used: a warm scan answered from its snapshot needs none of them,
# and a cold one imports them while its search runs (see :func:`_load_parsers`).


def _load_parsers() -> None:
    """Import the modules that parse (facts, index, target, finder: about 20 ms). A cold
    scan calls this once the native search has all its files, so that the imports run
    while the search processes do."""
    import colretire.analysis.finder  # noqa: F401  (with facts, index and target)


#: Bytes that mark a file declaring a table (with the table's name) or any model.
_TABLE_MARKERS = (
    b"__tablename__",
    b"__table__",
    b"Table(",
    b"table=True",
    b"table = True",
    b"map_imperatively",
)
_MODEL_MARKERS = (*_TABLE_MARKERS, b"mapped_column", b"Column(", b"relationship(", b"composite(")


#: A call of a join (``.join(``, ``.outerjoin(``, ``.join_from(``).
#: A class statement, its name.
_CLASS = re.compile(rb"^[ \t]*class\s+(\w+)", re.MULTILINE)
_JOIN_CALL = re.compile(rb"\.(?:outer)?join(?:_from)?\s*\(")
#: A tuple bound to what a method of ``self`` gives back (``is_ssl, data =
#: self.check_ssl_fields(data)``), as a view hands a request's data back.
_HANDED_BACK = re.compile(rb"^[ \t]*\w+\s*(?:,\s*\w+\s*)+=\s*self\.\w+\(", re.MULTILINE)


def _marked(data: bytes, markers: tuple[bytes, ...]) -> bool:
    return any(marker in data for marker in markers)


#: Less source than this is parsed in this process: starting a pool costs more than it saves
#: (about 0.2 s here, the time to parse some 30,000 lines).
POOL_MIN_BYTES = 1_500_000

#: How many times longer the finder takes over a byte of source than extracting its facts
#: (about 3 and 0.6 microseconds): a pass of the finder over a fifth of
#: :data:`POOL_MIN_BYTES` is worth a pool (a big tree's second pass, 126 files and 0.7 MB,
#: took 2 s in one process).
FINDER_COST = 5

#: Less source than this is read rather than spared by asking which of it can reach the
#: models, where sparing it is only a matter of speed (the search reads many imports).
REACH_MIN_BYTES = 1_000_000

Item = TypeVar("Item")
Result = TypeVar("Result")


#: The library bases a mapped class has for being mapped, which give its instances no
#: attribute of their own (see :meth:`_Scan.library_based_models`), besides those spelt as a
#: base or a model (``Base``, ``BASE``, ``db.Model``, ``DeclarativeBase``, ``SQLModel``).
_ORM_BASES = frozenset({"object", "AsyncAttrs", "MappedAsDataclass"})


def _orm_base(name: str) -> bool:
    lowered = name.lower()
    return name in _ORM_BASES or "base" in lowered or "model" in lowered


@dataclass(frozen=True)
class ScanResult:
    """The references to one column, sorted, how many files the scan covered, and every
    occurrence of its names in the files read, each in its tier."""

    column: ColumnRef
    references: tuple[Reference, ...]
    files_scanned: int
    occurrences: tuple[Occurrence, ...] = ()
    #: where the mapping of classes to tables came from: SQLAlchemy's ``registry`` of the
    #: imported models, or the ``source`` read statically
    mapping: str = "source"

    @property
    def unexplained(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.tier is Tier.UNEXPLAINED)

    @property
    def exclusions(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.tier is Tier.EXCLUDED)

    @property
    def in_references(self) -> tuple[Occurrence, ...]:
        """The occurrences that are part of a reference (several for a reference whose
        statement names the column on several lines)."""
        return tuple(o for o in self.occurrences if o.tier is Tier.REFERENCE)

    def summary(self) -> ScanSummary:
        """References that keep the column in use (not migrations, not parse errors, not
        the files and directories the scan could not read, which it names), and the
        occurrences the analysis could not judge."""
        counted = sum(1 for ref in self.references if ref.counts)
        unparsed = sum(1 for ref in self.references if ref.kind is ReferenceKind.PARSE_ERROR)
        unreadable = tuple(
            ref.path for ref in self.references if ref.kind is ReferenceKind.UNREADABLE
        )
        return ScanSummary(
            counted, self.files_scanned, unparsed,
            unexplained=self.unexplained, unreadable=unreadable,
        )  # fmt: skip


def in_order(files: Iterable[str]) -> list[str]:
    """Some of a scan's files in the scan's order. Discovery sorts the files by their
    relative path, so that order is theirs sorted: no pass over the whole tree per question."""
    return sorted(files)


def _read(path: str) -> bytes:
    try:
        return _read_file(path)
    except OSError:
        return b""


def _read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_QUOTED_BY = (b"Column(", b"mapped_column(", b"alias=", b"alias =")


def _occurrences(data: bytes, name: bytes) -> Iterator[int]:
    """Where ``name`` occurs in ``data`` as a whole word. ``bytes.find`` rather than a regular
    expression: ``re`` scans a pattern that does not start with a literal position by
    position, ten times slower on a large tree."""
    start = data.find(name)
    while start >= 0:
        end = start + len(name)
        before = start == 0 or data[start - 1] not in _WORD_BYTES
        if before and (end == len(data) or data[end] not in _WORD_BYTES):
            yield start
        start = data.find(name, end)


def has_word(data: bytes, name: bytes) -> bool:
    return name in data and next(_occurrences(data, name), None) is not None


#: A run of word bytes: a name made of word bytes occurs as a whole word exactly where it is
#: one of these runs.
_WORD_RUN = re.compile(rb"[A-Za-z0-9_]+")


def words_in(
    read: Callable[[str], bytes], files: Iterable[str], words: Iterable[str]
) -> dict[str, set[str]]:
    """The files of ``files`` that hold each of ``words`` as a whole word (:func:`has_word`),
    each file read once: a search for a thousand names over a thousand files makes a set of
    each file's words, not a million substring scans. For a few names, a name that is not
    in a file's bytes at all is ruled out by a substring test, much faster than collecting
    the file's words (see :data:`_FEW_WORDS`)."""
    encoded = {word: word.encode() for word in words}
    plain = {e for e in encoded.values() if e and all(b in _WORD_BYTES for b in e)}
    found: dict[str, set[str]] = {word: set() for word in encoded}
    few = len(encoded) <= _FEW_WORDS
    for path in files:
        data = read(path)
        if few:
            for word, name in encoded.items():
                if name in data and has_word(data, name):
                    found[word].add(path)
            continue
        runs = set(_WORD_RUN.findall(data)) if plain else set()
        for word, name in encoded.items():
            if (name in runs) if name in plain else has_word(data, name):
                found[word].add(path)
    return found


def files_with_any(
    read: Callable[[str], bytes], files: Iterable[str], words: Iterable[str]
) -> set[str]:
    """Those of ``files`` that hold any of ``words`` as a whole word (:func:`has_word`),
    each file read once: its runs of word bytes meet the names made of word bytes in one set
    operation, where a thousand names each searched would cost a thousand scans; a few names
    are each searched (see :data:`_FEW_WORDS`)."""
    encoded = {word.encode() for word in words if word}
    plain = frozenset(e for e in encoded if all(b in _WORD_BYTES for b in e))
    other = [e for e in encoded if e not in plain]
    few = len(encoded) <= _FEW_WORDS
    found: set[str] = set()
    for path in files:
        data = read(path)
        if few:
            if any(has_word(data, name) for name in encoded):
                found.add(path)
        elif (plain and not plain.isdisjoint(_WORD_RUN.findall(data))) or any(
            has_word(data, name) for name in other
        ):
            found.add(path)
    return found


#: Up to this many names, each is looked for in a file's bytes (``bytes.find``, in C);
#: more, and the words are collected once (:data:`_WORD_RUN`, which steps through every
#: byte). Measured on the files of the generated project's first pass (6.5 kB on average,
#: common words among the names): for 9 names finding each takes a quarter of the time
#: collecting the words does, for 16 half, and the two meet at about 35. A cold scan's
#: first pass has 9 or 10 names (the column's, the table's, the classes', the words
#: searched on every scan).
_FEW_WORDS = 16


#: Comments, and string literals: triple-quoted ones (group 1), a triple quote left open
#: (group 2: the file does not parse), and single-quoted ones, found left to right as the
#: tokenizer finds them. A prefix (``r``, ``b``, ``f``) is a letter before the quote; even in
#: a raw string a backslash keeps the quote after it in the string.
_PROSE = re.compile(
    rb"#[^\r\n]*"
    rb'|("""(?:[^"\\]|\\.|"(?!""))*"""'
    rb"|'''(?:[^'\\]|\\.|'(?!''))*''')"
    rb"|(\"\"\"|''')"
    rb'|"(?:[^"\\\r\n]|\\.)*"'
    rb"|'(?:[^'\\\r\n]|\\.)*'",
    re.DOTALL,
)
_HASH, _DOT = ord("#"), ord(".")
_QUOTES = frozenset(b"'\"")
_DOTTED_BYTES = _WORD_BYTES | {_DOT}


def names_table(data: bytes, table: bytes) -> bool:
    """Whether ``data`` may name the table ``table`` in code: the name as a word anywhere
    but in a comment or a triple-quoted string (a docstring), or, even there, at the start
    of a string (``"tasks"``, ``"tasks.id"``, ``"public.tasks"``), where a string names a
    table to the ORM (``__tablename__``, ``Table(...)``, ``ForeignKey(...)``). A file with
    a triple quote left open is kept, whatever its words."""
    places = list(_occurrences(data, table))
    if not places:
        return False
    prose: list[tuple[int, int]] = []  # comments and triple-quoted strings, in order
    for match in _PROSE.finditer(data):
        if match.group(2):
            return True
        if match.group(1) or data[match.start()] == _HASH:
            prose.append(match.span())
    spans = iter(prose)
    span = next(spans, None)
    for start in places:
        while span is not None and span[1] <= start:
            span = next(spans, None)
        if span is None or start < span[0] or _starts_string(data, start):
            return True
    return False


def _starts_string(data: bytes, start: int) -> bool:
    """Whether the word at ``start`` begins a string, after a schema's dotted prefix."""
    before = start - 1
    if before >= 0 and data[before] == _DOT:  # "public.tasks": step over "public."
        while before > 0 and data[before - 1] in _DOTTED_BYTES:
            before -= 1
        before -= 1
    return before >= 0 and data[before] in _QUOTES


def defines(data: bytes, name: bytes) -> bool:
    """Whether ``data`` may define an attribute ``name``: an indented ``name:``, ``name =``,
    ``def name(``, or ``Column("name"``/``mapped_column("name"``/``alias="name"``."""
    for start in _occurrences(data, name):
        end = start + len(name)
        before = data[data.rfind(b"\n", 0, start) + 1 : start]
        after = data[end : end + 40].lstrip(b" \t")
        indented = before[:1] in (b" ", b"\t") and before.strip() in (b"", b"def")
        if indented and (after[:1] in (b":", b"(") or (after[:1] == b"=" and after[1:2] != b"=")):
            return True
        quote = data[start - 1 : start]
        quoted = quote in (b"'", b'"') and data[end : end + 1] == quote
        if quoted and before[:-1].rstrip().endswith(_QUOTED_BY):
            return True
    return False


class _Corpus:
    """The files of a scan (by relative path), and which of them contain a word.

    Bytes are read on demand: a cold scan reads only the files a native search
    (:mod:`~colretire.analysis.search`) names for the words asked so far. Words asked
    together share one pass over the tree: :meth:`search` starts it, :meth:`with_word`
    waits for it."""

    def __init__(self, root: Path, files: Files, jobs: int | None = None) -> None:
        self.root = str(root)
        self.files = [rel for _, rel in files.paths]
        self.absolute = {rel: path for path, rel in files.paths}
        self.links = files.links
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._data: dict[str, bytes] = {}
        self._digests: dict[str, str] = {}
        self._words: dict[str, set[str]] = {}
        self._running: dict[str, tuple[native.Search, tuple[str, ...]]] = {}
        #: Prefixes a pass searched as the start of a word, and the files it named for its
        #: words and them together (:meth:`family`); those of a pass still running.
        self._prefixed: dict[str, set[str]] = {}
        self._running_prefixes: dict[str, tuple[native.Search, tuple[str, ...]]] = {}
        self._modules: dict[str, str] | None = None
        #: What could not be read, with the reason: the walk's finds, then the files that
        #: failed when read (their bytes count as empty, and their references as unknown).
        self.unreadable: dict[str, str] = dict(files.unreadable)

    def read(self, rel: str) -> bytes:
        data = self._data.get(rel)
        if data is None:
            try:
                data = _read_file(self.absolute[rel])
            except OSError as error:
                self.unreadable[rel] = error.strerror or type(error).__name__
                data = b""
            self._data[rel] = data
        return data

    def unreadable_findings(self) -> list[Reference]:
        return [unreadable(rel, why) for rel, why in self.unreadable.items()]

    def digest(self, rel: str) -> str:
        if rel not in self._digests:
            self._digests[rel] = hashlib.blake2b(self.read(rel), digest_size=16).hexdigest()
        return self._digests[rel]

    def digests(self, files: Iterable[str]) -> list[str]:
        return [f"{rel}\0{self.digest(rel)}" for rel in files]

    def size(self, files: Iterable[str]) -> int:
        return sum(len(self.read(rel)) for rel in files)

    def search(self, names: Iterable[str], prefixes: Sequence[str] = ()) -> None:
        """Start one native pass for those of ``names`` not searched yet (the others are
        searched in Python when asked for: among the files of a pass that searched a prefix
        of theirs, or all), and for the words that start with one of ``prefixes``."""
        new = {
            n for n in names
            if n and n not in self._words and n not in self._running and not self.family(n)
        }  # fmt: skip
        words = tuple(sorted(n for n in new if native.searchable(n)))
        batch = max(1, -(-len(self.files) // self.jobs))
        running = native.start(self.root, words, jobs=self.jobs, batch=batch, prefixes=prefixes)
        if running is not None:
            running.add(self.files)
            self.adopt(running, words)

    def adopt(self, running: native.Search, words: Sequence[str]) -> None:
        """Take ``running`` (a search for ``words`` given every file) as the pass for them,
        and for the words that start with one of its prefixes."""
        unique = tuple(dict.fromkeys(words))
        for word in unique:
            self._running[word] = (running, unique)
        for prefix in running.prefixes:
            self._running_prefixes[prefix] = (running, unique)

    def family(self, name: str) -> str | None:
        """A prefix of ``name`` that a pass over every file searched as the start of a word,
        if any: the files that pass named hold every file where ``name`` is a whole word
        (``TaskComment``, after a pass for ``Task`` and the words that start with it)."""
        if not native.searchable(name):
            return None
        for prefix in (*self._prefixed, *self._running_prefixes):
            if name.startswith(prefix):
                return prefix
        return None

    def with_word(self, name: str) -> set[str]:
        """The files containing ``name`` as a whole word."""
        if name not in self._words:
            prefix = self.family(name) if name not in self._running else None
            if prefix is not None:
                if prefix in self._running_prefixes:
                    self._collect(*self._running_prefixes[prefix])
                self._words.update(words_in(self.read, self._prefixed[prefix], [name]))
                return self._words[name]
            if name not in self._running:
                self.search([name])
            if name in self._running:
                self._collect(*self._running[name])
            else:  # no native tool, or a name it cannot search
                word = name.encode()
                self._words[name] = {r for r in self.files if has_word(self.read(r), word)}
        return self._words[name]

    def _collect(self, running: native.Search, words: tuple[str, ...]) -> None:
        found = running.wait(self.links)
        for word in words:
            del self._running[word]
        named = {*found.hits, *found.unsearched}
        for prefix in running.prefixes:
            del self._running_prefixes[prefix]
            self._prefixed[prefix] = named
        self._words.update(words_in(self.read, named, words))

    def containing(self, names: Iterable[str]) -> list[str]:
        """Files containing any of ``names`` as a whole word, in order."""
        names = {name for name in names if name}
        self.search(names)
        found: set[str] = set()
        for name in names:
            found |= self.with_word(name)
        return in_order(found)

    def holding(self, words: Iterable[str], files: Iterable[str]) -> set[str]:
        """Those of ``files`` that contain any of ``words`` as a whole word, searched in
        their bytes: for files the scan has read already, cheaper than a pass over the
        tree for the words, however many (:func:`files_with_any`)."""
        return files_with_any(self.read, files, words)

    def among(self, words: Sequence[str], files: Sequence[str]) -> set[str]:
        """Those of ``files`` that contain any of ``words`` as a whole word: one native pass
        over them alone, not kept (a question about a few words and part of the tree)."""
        wanted = [w for w in words if w]
        searchable = [w for w in wanted if native.searchable(w)]
        found = native.find(self.root, files, searchable, links=self.links, jobs=self.jobs)
        if found is None or len(searchable) < len(wanted):
            places: Iterable[str] = files
        else:
            places = found.hits | set(found.unsearched)
        encoded = [w.encode() for w in wanted]
        return {r for r in places if any(has_word(self.read(r), w) for w in encoded)}

    def modules(self) -> dict[str, str]:
        """The files by the module name Python imports them as (``app/models.py`` ->
        ``app.models``; under ``src/``, ``app.models`` too)."""
        if self._modules is None:
            from colretire.analysis.index import module_name

            found: dict[str, str] = {}
            for rel in self.files:
                name = module_name(rel)
                found.setdefault(name, rel)
                if name.startswith("src.") and len(name) > 4:
                    found.setdefault(name[4:], rel)
            self._modules = found
        return self._modules

    def with_text(self, texts: tuple[bytes, ...]) -> list[str]:
        """Files containing any of ``texts`` anywhere (not as words), in order."""
        found = native.find(
            self.root, self.files, [t.decode("ascii") for t in texts], links=self.links,
            jobs=self.jobs, whole_words=False,
        )  # fmt: skip
        if found is None:
            return [r for r in self.files if _marked(self.read(r), texts)]
        chosen = found.hits | {r for r in found.unsearched if _marked(self.read(r), texts)}
        return in_order(chosen)

    def cancel(self) -> None:
        """Stop the searches under way (the scan needs no answer from them)."""
        for running, _ in {*self._running.values(), *self._running_prefixes.values()}:
            running.cancel()
        self._running.clear()
        self._running_prefixes.clear()


class _Progress:
    """``scanning [####....] 120/480`` on stderr, once a scan has taken a second, on a terminal."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self.shown = False

    def update(self, done: int, total: int, label: str) -> None:
        if not self.enabled or time.monotonic() - self.started < 1.0:
            return
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(
            f"\rcolretire: {label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        )
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()


class _Runner:
    """Runs a function over many items, in a process pool when there are enough."""

    def __init__(self, jobs: int | None, progress: _Progress) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.progress = progress

    def map(
        self,
        function: Callable[[Item], Result],
        items: list[Item],
        label: str,
        size: int,
        target: Target | None = None,
    ) -> list[tuple[Result, bytes | None]]:
        """``function`` over ``items`` (``size`` bytes of source in all), in order; with
        each result, its pickle when a worker process made one (see :func:`_pickled`)."""
        if self.jobs == 1 or size < POOL_MIN_BYTES or len(items) < 2:
            _set_target(target)
            return self._serial(function, items, label)
        from concurrent.futures import ProcessPoolExecutor  # only a scan that needs it pays

        results: list[tuple[Result, bytes | None]] = []
        with ProcessPoolExecutor(self.jobs, initializer=_set_target, initargs=(target,)) as pool:
            chunk = max(1, len(items) // (self.jobs * 8))
            blobs = pool.map(partial(_pickled, function), items, chunksize=chunk)
            for done, blob in enumerate(blobs, 1):
                results.append((pickle.loads(blob), blob))
                self.progress.update(done, len(items), label)
        return results

    def _serial(
        self, function: Callable[[Item], Result], items: list[Item], label: str
    ) -> list[tuple[Result, bytes | None]]:
        results: list[tuple[Result, bytes | None]] = []
        for done, item in enumerate(items, 1):
            results.append((function(item), None))
            self.progress.update(done, len(items), label)
        return results


# --- worker functions (top level, so that a process pool can pickle them) -----------------

_TARGET: Target | None = None


def _set_target(target: Target | None) -> None:
    global _TARGET
    _TARGET = target


def _pickled(function: Callable[[Item], Result], item: Item) -> bytes:
    """``function(item)`` pickled: a pool pickles it anyway to send it back, and the main
    process stores those bytes in the cache as they are instead of pickling it again."""
    return dump(function(item))


@dataclass(frozen=True)
class _Translated:
    """The facts of a Python 2 file or of one written for a newer Python, read in its
    line-keeping translation (:mod:`~colretire.analysis.translations`), and the failure that still makes it a file that does
    not parse (CR001)."""

    facts: F.FileFacts
    failure: ParseFailure


def _facts_job(job: tuple[str, str]) -> F.FileFacts | ParseFailure | _Translated:
    from colretire.analysis import facts as F
    from colretire.analysis import py2, translations

    path, rel = job
    data = _read(path)
    parsed = parse(rel, data)
    if not isinstance(parsed, ParseFailure):
        return F.extract(parsed)
    translated = translations.translate(rel, data)
    if translated is None or not py2.keeps_lines(data, translated):
        return parsed
    return _Translated(F.extract(translated), parsed)


def _references_job(job: tuple[str, str, bool]) -> FileResult | ParseFailure:
    from colretire.analysis.finder import find_references

    path, rel, alembic = job
    assert _TARGET is not None
    data = _read(path)
    parsed = parse(rel, data)
    if isinstance(parsed, ParseFailure):
        return _translated_references(rel, data, parsed, alembic) or parsed
    return find_references(parsed, _TARGET, alembic)


def _translated_references(
    rel: str, data: bytes, failure: ParseFailure, alembic: bool
) -> FileResult | None:
    """The references of a Python 2 file or of one written for a newer Python, found in its
    translation where that keeps every word in place
    (:mod:`~colretire.analysis.translations`); the file is still reported as one that
    does not parse."""
    import ast

    from colretire.analysis import py2, translations
    from colretire.analysis.accounting import FileResult, text_of
    from colretire.analysis.finder import find_references

    assert _TARGET is not None
    translated = translations.translate(rel, data)
    if translated is None:
        return None
    original = Source(rel, text_of(data), ast.Module(body=[], type_ignores=[]))
    shape = py2.Shape(original, translated, _TARGET.search_names)
    if not shape.kept:
        return None
    found = shape.back(find_references(translated, _TARGET, alembic))
    return FileResult(
        (*found.references, parse_error(rel, failure, data)),
        found.occurrences,
        found.mirrors,
        found.handoffs,
    )


# --- the phases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """What phase one concluded, cached: the model class names it followed, the files found
    through them (with their digests), the target, and the files that did not parse."""

    names: frozenset[str]
    structural: tuple[str, ...]
    target: Target
    failures: tuple[Reference, ...]
    #: the files of the base classes the read files import (whose digests are in
    #: ``structural`` too)
    ancestors: tuple[str, ...] = ()


class _Scan:
    def __init__(
        self,
        corpus: _Corpus,
        cache: Cache,
        runner: _Runner,
        registry: Registry | None = None,
        mapping: str = "source",
    ) -> None:
        self.corpus = corpus
        self.cache = cache
        self.runner = runner
        self.registry = registry
        self.mapping = mapping  # the fingerprint of ``registry`` in cache keys
        self.facts: dict[str, F.FileFacts] = {}
        #: the facts read so far by their cache key (a digest of the content they came from)
        self._by_content: dict[str, F.FileFacts | ParseFailure | _Translated] = {}
        self.failures: dict[str, ParseFailure] = {}
        #: the files read through their Python 2 translation: they do not parse all the same
        self.translated: dict[str, ParseFailure] = {}
        #: the candidates that cannot reach the models (see :meth:`unreachable`)
        self.unreached: frozenset[str] = frozenset()
        #: the files phase two read (the candidates that can reach the models)
        self.read_files: tuple[str, ...] = ()
        #: the names the models alone bind whose claim phase two withdrew (an object of a
        #: library, a module or another table's row was seen to carry them)
        self.withdrawn: frozenset[str] = frozenset()
        #: the evidence of mirroring schemas phase two found in each of them, unless its
        #: answer came whole from the cache
        self.evidence_of: dict[str, tuple[Mirror, ...]] | None = None
        self.reach: Reach | None = None
        #: the index of the facts read so far, and how many files they were
        self._index: tuple[int, ProjectIndex] | None = None
        #: the column's table, where a migration of the tree creates it or adds a column to
        #: it (see :meth:`migrated`)
        self.migrated_tables: frozenset[str] = frozenset()
        #: the files parsed again after phase two (see :meth:`source`)
        self._sources: dict[str, Source | None] = {}
        #: the lines of the files :meth:`line_of` was asked about
        self._lines: dict[str, list[str]] = {}
        #: the words :meth:`imported_outside_tests` was asked about, and its answers
        self._imported_words: dict[str, bool] = {}

    def source(self, rel: str) -> Source | None:
        """A scanned file parsed, once per scan for the steps after phase two that read
        its tree (the callers of unexplained reads, the objects that answered a method);
        ``None`` for a file that does not parse."""
        if rel not in self._sources:
            parsed = parse(rel, self.corpus.read(rel))
            self._sources[rel] = parsed if isinstance(parsed, Source) else None
        return self._sources[rel]

    def read_facts(self, files: Iterable[str]) -> None:
        """Facts for ``files`` not read yet: from the cache, else parsed (in parallel)."""
        from colretire.analysis import facts as F

        wanted = [r for r in files if r not in self.facts and r not in self.failures]
        keys = {r: digest("facts", self.corpus.digest(r)) for r in wanted}
        # Facts depend on the content alone: files of the same bytes (copies of a vendored
        # library, empty ``__init__.py`` files) are extracted, or loaded, once.
        missing: dict[str, list[str]] = {}
        for rel in wanted:
            key = keys[rel]
            known = self._by_content.get(key)
            if known is None and key not in missing:
                cached = self.cache.get("facts", key)
                if isinstance(cached, (F.FileFacts, ParseFailure, _Translated)):
                    known = self._by_content[key] = cached
            if known is not None:
                self._store_facts(rel, known)
            else:
                missing.setdefault(key, []).append(rel)
        first = [same[0] for same in missing.values()]
        jobs = [(self.corpus.absolute[r], r) for r in first]
        results = self.runner.map(_facts_job, jobs, "indexing", self.corpus.size(first))
        for (key, same), (result, blob) in zip(missing.items(), results, strict=True):
            self.cache.put("facts", key, result, blob)
            self._by_content[key] = result
            for rel in same:
                self._store_facts(rel, result)

    def _store_facts(self, rel: str, result: F.FileFacts | ParseFailure | _Translated) -> None:
        if isinstance(result, _Translated):
            self.facts[rel] = result.facts
            self.translated[rel] = result.failure
        elif isinstance(result, ParseFailure):
            self.failures[rel] = result
        else:
            self.facts[rel] = result

    def index(self) -> ProjectIndex:
        """The index of the facts read so far. Facts are only ever added, so while their
        number stays the same the index built last is still theirs: the phases ask for it
        after every read, and most reads of the last rounds find nothing new."""
        from colretire.analysis.index import ProjectIndex

        if self._index is None or self._index[0] != len(self.facts):
            self._index = (
                len(self.facts),
                ProjectIndex(self.facts, self.registry, self.migrated_tables),
            )
        return self._index[1]

    def declaring(self, column: ColumnRef) -> list[str]:
        """Files that can declare the column: they define an attribute (or property) of its
        name, name it in ``Column("...")`` or a ``Field`` alias, or name the table next to a
        model marker, in code rather than only in a comment or a docstring (see
        :func:`names_table`)."""
        read = self.corpus.read
        self.corpus.search(_first_words(column))
        named = self.corpus.with_word(column.column)
        tabled = self.corpus.with_word(column.table_name)
        column_b, table_b = column.column.encode(), column.table_name.encode()
        return [
            r for r in in_order(named | tabled)
            if (r in named and defines(read(r), column_b))
            or (r in tabled and _marked(read(r), _TABLE_MARKERS) and names_table(read(r), table_b))
        ]  # fmt: skip

    def migrated(self, column: ColumnRef) -> list[str]:
        """The migrations of the tree that create the column's table or add a column to it
        (``op.create_table("subnets", ...)``, ``op.add_column(TABLE, ...)``): where one
        does, the table is the project's, whatever the models call it, and a class that
        a library's base names by a convention colretire cannot read is matched against
        it (:meth:`~colretire.analysis.index.ProjectIndex._migrated_name`). The table's
        other spelling (singular or plural) is asked too: where the migrations have both,
        no class is matched (nor where a migration drops or renames the table). Sets
        :attr:`migrated_tables`; returns the files, whose content keys the plan."""
        import ast

        from colretire.analysis.migrations import migration_tables

        table = column.table_name
        other = other_spelling(table)  # searched with phase one's words
        read, absolute = self.corpus.read, self.corpus.absolute
        found: list[str] = []
        created: set[str] = set()
        gone: set[str] = set()
        named = self.corpus.with_word(table) | {
            rel  # the other spelling may be a common word: only where migrations live
            for rel in self.corpus.with_word(other)
            if any(part in rel for part in _MIGRATION_DIRS)
        }
        for rel in in_order(named):
            data = read(rel)
            if not (b"_table" in data or b"add_column" in data) or not is_migration(
                absolute[rel], data
            ):
                continue
            try:
                tree = ast.parse(data)
            except (SyntaxError, ValueError):
                continue
            made, dropped = migration_tables(tree)
            if (made | dropped) & {table, other}:
                found.append(rel)
                created |= made
                gone |= dropped
        spellings = {table, other} & (created - gone)
        self.migrated_tables = frozenset(spellings) if table in spellings else frozenset()
        return found

    def plan(self, column: ColumnRef) -> tuple[_Plan, str]:
        """Phase one, or its cached conclusion when its files are unchanged; also returns
        the digest that names the target in the cache."""
        first = self.can_declare(self.declaring(column))
        migrations = self.migrated(column)
        key = digest(
            "plan",
            str(column),
            self.mapping,
            *self.corpus.digests(first),
            "migrations",
            *self.corpus.digests(migrations),
        )
        cached = self.cache.get("plan", key)
        if isinstance(cached, _Plan):
            structural = self.can_declare(self.structural(cached.names, set(first)))
            files = sorted(set(structural) | set(cached.ancestors))
            if tuple(self.corpus.digests(files)) == cached.structural:
                return cached, digest("target", key, *cached.structural)
        plan = self._compute_plan(column, first)
        self.cache.put("plan", key, plan)
        return plan, digest("target", key, *plan.structural)

    def _compute_plan(self, column: ColumnRef, first: list[str]) -> _Plan:
        from colretire.analysis.target import build_target, model_keys, related_keys

        self.read_facts(first)
        index = self.index()
        ancestors: set[str] = set()
        names: set[str] = set()
        for _ in range(5):
            bases = self.base_files(index) - set(self.facts) - set(self.failures)
            ancestors |= bases
            self.read_facts(sorted(bases))
            index = self.index()
            keys = model_keys(index, column)
            found = {index.classes[k].name for k in keys | related_keys(index, keys)}
            if found <= names and not bases:
                break
            names |= found
            self.read_facts(self.can_declare(self.structural(names, set(first))))
            index = self.index()
        structural = sorted((set(self.facts) | set(self.failures)) - set(first))
        failures = tuple(self.parse_errors())
        target = build_target(index, column)
        digests = tuple(self.corpus.digests(structural))
        ancestry = tuple(sorted(ancestors - set(first)))
        return _Plan(frozenset(names), digests, target, failures, ancestry)

    def base_files(self, index: ProjectIndex) -> set[str]:
        """The files that define the project classes the read classes derive from, where
        the index does not know them yet (``class Task(NamedSchema)`` with ``NamedSchema``
        imported from a module phase one did not read): whether a class maps a table, and
        how, can depend on its bases."""
        found: set[str] = set()
        for info in index.classes.values():
            for base in info.fact.bases:
                if index.resolve(info.path, base) is not None:
                    continue
                qualified = index.qualify(info.path, base)
                module = qualified.rpartition(".")[0]
                rel = self.corpus.modules().get(module)  # a pass over the tree, once
                if rel is not None:
                    found.add(rel)
        return found

    def structural(self, names: Iterable[str], known: set[str]) -> list[str]:
        """Files that subclass, alias, annotate a return with, return, or name in a string
        one of the class ``names``: where repositories, subclasses, relationships and
        database interfaces (``def FlowRun(self): return orm_models.FlowRun``) live."""
        names = sorted(names)
        if not names:
            return []
        alternatives = b"|".join(re.escape(n.encode()) for n in names)
        pattern = re.compile(
            rb"class\s+\w+\s*\([^)]*\b(?:" + alternatives + rb")\b"
            rb"|->[^:\n]*\b(?:" + alternatives + rb")\b"
            rb"|^[ \t]*\w+\s*(?::[^=\n]*)?=\s*(?:[\w.]+\.)?(?:" + alternatives + rb")\s*$"
            rb"|^[ \t]*return\s+(?:[\w.]+\.)?(?:" + alternatives + rb")\s*$"
            rb"|[\"'](?:" + alternatives + rb")[\"']",
            re.MULTILINE,
        )
        read = self.corpus.read
        return [
            r for r in self.corpus.containing(names) if r not in known and pattern.search(read(r))
        ]

    def typed(self, target: Target, fingerprint: str) -> tuple[Target, str]:
        """The target with a world that also knows the classes and functions of the project
        modules that phase two's files import (and the bases of those classes, and the
        modules of the classes their functions return), so that the finder can follow a
        parameter annotated with a class of another module, or the result of a function
        annotated to return one, to what it is: a model of the table, another model, or a
        class that maps none. The target itself (its models, names, schemas) is phase
        one's; only what the finder can type grows.

        Only the files phase two analyses count: not those that cannot reach the models
        (:meth:`unreachable`), whose imports (a vendored library's, mostly) would make the
        world larger and no file's answer better. Which files can reach the models is
        asked of phase one's world, then again of the wider one, until they agree: a file
        that the wider world makes reachable has its imports read too, so every file the
        finder reads has the modules it imports in its world.

        The fingerprint grows with the facts of the files read, not their bytes: an edit
        that changes no class, function or import of a module the others import leaves
        every other file's answer in the cache."""
        from colretire.analysis.target import widen

        known = self.class_files(
            [*target.world.classes, *target.world.functions, *target.world.tables]
        )
        known |= self.class_files(target.world.aliases)
        candidates = self.corpus.containing(target.search_names)
        skipped = set(self.unreachable(target, candidates))
        files: set[str] = set()
        importing: set[str] = set()  # the candidates whose imports were read
        while True:
            wanted = [r for r in candidates if r not in skipped and r not in importing]
            importing.update(wanted)
            files |= self.imported_files(known, wanted)
            files |= self.view_files(wanted)
            widened = widen(target, self.index())
            if not skipped:
                break
            now = set(self.unreachable(widened, candidates))
            if skipped <= now:
                break
            skipped &= now
        facts = [f"{rel}\0{digest('facts-of', repr(self.facts.get(rel)))}" for rel in sorted(files)]
        return widened, digest("typed", fingerprint, *facts)

    def exclusive(
        self, target: Target, fingerprint: str, names_only: bool = False
    ) -> tuple[Target, str]:
        """The target with the names that no class of the project but the models binds as
        an attribute (:mod:`~colretire.analysis.exclusive`); the fingerprint grows with
        them, since they change the verdicts on objects of unknown type.

        The plain properties computed from the column under another name
        (:attr:`Target.derived`) are kept among its names only where theirs is the models'
        alone: the uses of ``token_is_set`` are unexplained, those of ``data`` (a name every
        other class has, which would bury the list in every ``.data`` of the project) are
        not occurrences, as if the property were any other code that reads the column.
        With ``names_only``, the target gets those names alone (the rest of the answer
        does not depend on the schemas proven to mirror the models)."""
        from colretire.analysis.exclusive import exclusive_names
        from colretire.analysis.index import MAPPED
        from colretire.analysis.target import HYBRIDS
        from colretire.analysis.witnessed import witness_names

        classes = target.world.classes
        models = set(target.model_keys)
        ours = models | {a for k in models if k in classes for a in classes[k].ancestors}
        lineage = set(ours)  # the models and their bases
        ours |= {k for k, view in classes.items() if models & set(view.ancestors)}
        ours |= set(target.schemas)  # a schema proven to mirror the model: its field is one too
        mapped: dict[str, set[str]] = {}
        modules = self.corpus.modules()
        for key, view in classes.items():
            rel = modules.get(key.rpartition(".")[0])
            if view.kind == MAPPED and rel is not None:
                mapped.setdefault(rel, set()).add(view.name)
        declared = {  # a name the models do not bind is no evidence that an object is theirs
            name
            for key in lineage
            if key in classes
            for name in target.likely_names
            if name in classes[key].attrs
        }
        plain = {name for name, kind in target.derived.items() if kind not in HYBRIDS}
        index = self.index()
        others = [s for s in index.column_sites if s.column.table_name != target.column.table_name]
        # another table's column of that name (a Core table's among them)
        declared -= {s.attr for s in others} | {s.column.column for s in others}
        shared = self.shared_names(lineage - models, classes, frozenset(ours))
        declared -= shared
        if self.reflects(_REFLECTION):  # tables whose columns no reading can list
            declared = set()
        made = {rel: frozenset(found) for rel, found in mapped.items()}
        names = exclusive_names(
            declared | plain,
            lambda name: self.corpus.containing([name]),
            self.corpus.read,
            frozenset(ours),
            made,
        )
        derived = {n: kind for n, kind in target.derived.items() if n not in plain or n in names}
        # a property that is the column's value by operators alone, no other class binding
        # its name: on an object of unknown type, a likely use of it (as a column's name is);
        # not one a mixin gives another table's class too, nor where reflected tables or a
        # model's library base (Flask-Login's ``UserMixin.is_active``) may bind it unseen
        pure = plain & target.derived_pure
        pure -= shared
        other_tables = any(  # a mixin of the models that another table's class inherits too
            classes[key].kind == MAPPED
            and classes[key].table not in (None, target.column.table_name)
            for key in ours
            if key in classes
        )
        if (
            other_tables
            or self.reflects(_REFLECTION)
            or self.library_based_models(classes, lineage)
        ):
            pure = set()
        names &= declared | pure
        if not self.reflects(_AUTOMAP):  # reflection names no relationship but automap's
            names |= self.exclusive_relationships(target, ours, others)
        if names_only:  # the rest does not depend on the schemas proven
            return replace(target, exclusive=frozenset(names)), fingerprint
        namesakes, test_namesakes = self.namesakes(target)
        held = self.held(target)
        witnesses = witness_names(target, lambda n: self.corpus.containing([n]), self.corpus.read)
        if (
            not names
            and derived == target.derived
            and not namesakes
            and not test_namesakes
            and not held
            and not witnesses
        ):
            return target, fingerprint
        refined = replace(
            target,
            exclusive=names,
            derived=derived,
            namesakes=namesakes,
            test_namesakes=test_namesakes,
            held=held,
            witnesses=witnesses,
        )
        return refined, digest(
            "exclusive", fingerprint, *sorted(names), "derived", *sorted(derived),
            "namesakes", *sorted(namesakes), "test-namesakes", *sorted(test_namesakes),
            "held", *sorted(held), "witnesses", *(f"{n}={k}" for n, k in witnesses),
        )  # fmt: skip

    def held(self, target: Target) -> frozenset[str]:
        """The attribute names spelt like the model that hold its rows wherever the
        project binds them (:mod:`~colretire.analysis.held`)."""
        from colretire.analysis.held import held_attributes

        classes = target.world.classes
        views = [classes[k] for k in target.model_keys if k in classes]
        return held_attributes(views, target.likely_names, self.corpus.containing, self.corpus.read)

    def namesakes(self, target: Target) -> tuple[frozenset[str], frozenset[str]]:
        """The names of the classes that map the column's table or the table its foreign
        key refers to that some other class of the scanned files has too: counted by their
        ``class Name`` statements, in the files that hold the name as a word. Then those
        whose other classes are all in modules of the test suite that the application does
        not import (a factory ``Resource`` of the tests): namesakes in the tests alone."""
        from colretire.analysis.index import MAPPED

        tables = {target.table, target.joined_table}
        mapped: dict[str, int] = {}
        for key, view in target.world.classes.items():
            if view.kind == MAPPED and (view.table in tables or key in target.model_keys):
                mapped[view.name] = mapped.get(view.name, 0) + 1
        for view in target.world.classes.values():
            # a wrapper of the model's name that hands what it lacks on to the model's rows
            # (JupyterHub's ``User`` around an ``orm.User``) stands for the model
            forwards = view.forwarding
            if (
                view.kind != MAPPED
                and view.name in mapped
                and forwards is not None
                and forwards.rows
                and all(row in target.model_keys for row in forwards.rows)
            ):
                mapped[view.name] += 1
        found, in_tests = set(), set()
        for name, count in mapped.items():
            statement = re.compile(rb"^[ \t]*class[ \t]+" + re.escape(name.encode()) + rb"\b", re.M)
            defined = {
                rel: len(statement.findall(self.corpus.read(rel)))
                for rel in self.corpus.containing([name])
            }
            apart = {rel for rel in defined if defined[rel] and self.kept_apart(rel)}
            if sum(n for rel, n in defined.items() if rel not in apart) > count:
                found.add(name)
            elif sum(defined.values()) > count:
                in_tests.add(name)
        return frozenset(found), frozenset(in_tests)

    def kept_apart(self, rel: str) -> bool:
        """Whether ``rel`` is a module of the test suite (:func:`is_test_module`) that no
        module outside the test suite imports (no line of one that imports, by a statement
        or ``import_module``/``__import__``, names the module or its test directories): the
        application's code cannot reach its classes, so they are namesakes of the models
        only in the tests."""
        if not is_test_module(rel):
            return False
        parts = rel.removesuffix(".py").split("/")
        words = {parts[-1]} | {p for p in parts[:-1] if is_test_directory(p)}
        words.discard("__init__")
        return not any(self.imported_outside_tests(word) for word in sorted(words))

    def imported_outside_tests(self, word: str) -> bool:
        """Whether a module outside the test suite has a line that imports (a statement,
        ``import_module("...")`` or ``__import__``) and names ``word``; asked once per word
        (every test module shares its directory's name)."""
        known = self._imported_words.get(word)
        if known is None:
            importing = re.compile(
                rb"^[^\n#]*\b(?:from|import|import_module|__import__)\b[^\n]*\b"
                + re.escape(word.encode())
                + rb"\b",
                re.M,
            )
            known = any(
                importing.search(self.corpus.read(other))
                for other in self.corpus.containing([word])
                if not is_test_module(other)
            )
            self._imported_words[word] = known
        return known

    def exclusive_relationships(
        self,
        target: Target,
        ours: set[str],
        others: list[ColumnSite],
    ) -> frozenset[str]:
        """The names of the relationships built on the column that no class of the project
        binds but the classes declaring them (their bases and subclasses) and the schemas
        spelt like those classes (``UserOut`` for ``User``): such a schema's field of that
        name (``favorite_recipes: list[str]``) mirrors the relationship, since no other
        class has one to mirror. Only a name of several words (``favorite_recipes``,
        ``resources_all``): ``parent``, ``owner`` or ``user`` are every library's too (a
        ``Path``'s ``parent``). Not a name another table has as a column, nor one another
        mapped class declares (``user`` on every model that has a ``user_id``).

        A class a library makes from a mapped class (``ResourceRevision =
        create_object_version(mapper, Resource, resource_revision_table)``) does not withdraw
        the claim, as it does the columns': a relationship's name is the project's own, given
        in its mapping, and such a class carries it only as a copy of the class it was made
        from (vdm copies the relationships of the model onto its revisions), where that class
        is one of the holders or, declaring it, took the name out above. Reflection withdraws
        it only through ``automap_base``, which names relationships itself; a reflected
        ``Table`` (``autoload=True``) gets columns and no relationship."""
        import ast

        from colretire.analysis.exclusive import exclusive_names
        from colretire.analysis.facts import last_name
        from colretire.analysis.index import MAPPED, SCHEMA, SCHEMA_BASES
        from colretire.analysis.target import mirror_spellings, spelt_like

        classes = target.world.classes
        holders = {k for k in ours if k in classes}
        holders |= set(target.reverse)
        holders |= {a for k in set(holders) if k in classes for a in classes[k].ancestors}
        holders |= {k for k, view in classes.items() if holders & set(view.ancestors)}
        names = set(target.relationships) | {n for ns in target.reverse.values() for n in ns}
        names = {n for n in names if "_" in n.strip("_")}
        names -= {s.attr for s in others} | {s.column.column for s in others}
        names -= {
            name
            for key, view in classes.items()
            if view.kind == MAPPED and key not in holders
            for name in names
            if name in view.attrs
        }
        if not names:
            return frozenset()
        spellings = mirror_spellings(target)
        schema_bases = SCHEMA_BASES | {v.name for v in classes.values() if v.kind == SCHEMA}

        def mirror(node: ast.ClassDef) -> bool:
            """A schema spelt like a class that declares one of the relationships."""
            return spelt_like(node.name, spellings) and any(
                last_name(b) in schema_bases for b in node.bases
            )

        mirrors = {
            k for k, v in classes.items() if v.kind == SCHEMA and spelt_like(v.name, spellings)
        }
        return exclusive_names(
            names,
            lambda name: self.corpus.containing([name]),
            self.corpus.read,
            frozenset(holders | mirrors),
            also_ours=mirror,
        )

    def reflects(self, words: tuple[str, ...]) -> bool:
        """Whether the application reflects or automaps tables (a file that is no migration
        spells one of ``words``), whose columns no reading of the source can list. Migrations
        do not count: sqlalchemy-migrate's scripts reflect the table they alter
        (``Table("resource", meta, autoload=True)``), which says nothing of the classes the
        application's code reads."""
        corpus = self.corpus
        return any(
            not is_migration(corpus.absolute[rel], corpus.read(rel))
            for rel in corpus.containing(words)
        )

    @staticmethod
    def library_based_models(classes: Mapping[str, ClassView], lineage: set[str]) -> bool:
        """Whether a mapped class outside the models' lineage derives from a library's class
        other than an ORM base (``class User(UserMixin, db.Model)``): its instances have
        attributes no reading of the project lists (``is_active``)."""
        from colretire.analysis.index import MAPPED

        return any(
            view.kind == MAPPED
            and key not in lineage
            and any(not _orm_base(base) for base in view.external_bases)
            for key, view in classes.items()
        )

    def shared_names(
        self, bases: set[str], classes: Mapping[str, ClassView], ours: frozenset[str]
    ) -> set[str]:
        """The attributes (and the methods and properties) of the models' bases that a class
        other than ``ours`` inherits too (a ``TimestampMixin`` of every model, a
        ``LockableMixin``'s ``is_locked``): such a name is not the models' alone."""
        from colretire.analysis.exclusive import inherited_elsewhere

        found: set[str] = set()
        for base in sorted(bases):
            view = classes.get(base)
            if view is None or not (view.attrs or view.methods):
                continue
            if any(base in other.ancestors for k, other in classes.items() if k not in ours) or (
                inherited_elsewhere(
                    self.corpus.containing([view.name]), self.corpus.read, view.name, ours
                )
            ):
                found |= set(view.attrs) | set(view.methods)
        return found

    def view_files(self, candidates: list[str]) -> set[str]:
        """Read the facts of the files that derive a Flask-AppBuilder view (a class with a
        ``datamodel``) from a class of ``candidates`` that lists field names
        (``class DatabaseView(DatabaseMixin, ModelView)``): the mixin's lists name the fields
        of the model its views show (:attr:`~colretire.analysis.target.World.viewed`). The
        files read."""
        read = self.corpus.read
        filters: set[str] = set()
        if any(b"self.model" in read(rel) for rel in candidates):
            # a filter's model is the one every view naming it in its base_filters shows
            # (:attr:`~colretire.analysis.target.World.filtered`): every such view is read
            # and every class deriving from one of theirs, which may show another model
            views = self.corpus.containing(["base_filters"])
            self.read_facts(sorted(set(views) - set(self.facts)))
            filters = set(views) | self.derived_files(views)
        filters |= self.derived_files(
            [
                rel
                for rel in candidates
                if b"request" in read(rel) and _HANDED_BACK.search(read(rel))
            ]
        )
        names = sorted(
            {
                found.group(1).decode()
                for rel in candidates
                if b"_columns" in read(rel)
                for found in _CLASS.finditer(read(rel))
            }
        )
        if not names:
            return filters
        alternatives = "|".join(map(re.escape, names))
        pattern = re.compile(rf"class\s+\w+\s*\([^)]*\b(?:{alternatives})\b".encode())
        found = {rel for rel in self.corpus.containing(["datamodel"]) if pattern.search(read(rel))}
        found |= filters
        self.read_facts(sorted(found - set(self.facts)))
        return found

    def derived_files(self, files: list[str]) -> set[str]:
        """Read the facts of the files that derive a class from one of ``files`` (and so on
        down): a view whose method hands a web request's data back (``is_ssl, data =
        self.check_ssl_fields(data)``) keeps it the client's only where no subclass
        overrides that method, wherever the subclass is
        (:meth:`~colretire.analysis.finder.keys.Keys.handed_back`). The files read."""
        read = self.corpus.read
        found: set[str] = set()
        fresh = set(files)
        while fresh:
            held = {m.group(1).decode() for rel in fresh for m in _CLASS.finditer(read(rel))}
            if not held:
                break
            alternatives = "|".join(map(re.escape, sorted(held)))
            derived = re.compile(rf"class\s+\w+\s*\([^)]*\b(?:{alternatives})\b".encode())
            fresh = (
                {rel for rel in self.corpus.containing(sorted(held)) if derived.search(read(rel))}
                - found
                - set(files)
            )
            found |= fresh
        self.read_facts(sorted(found - set(self.facts)))
        return found

    def imported_files(self, known: set[str], candidates: list[str]) -> set[str]:
        """Read the facts of ``known`` and of the modules ``candidates`` import, with the
        files of the classes their annotations name and of those classes' bases (see
        :meth:`typed`); the files read."""
        reach = self.import_graph()
        horizon: set[str] = set()
        for rel in candidates:
            reached, _ = reach.modules.resolve(rel, reach.imports(rel))
            horizon |= reached
        read = self.corpus.read
        imported = {
            rel for rel in horizon - known
            if rel.endswith(".py") and not is_migration(self.corpus.absolute[rel], read(rel))
        }  # fmt: skip
        self.read_facts(sorted(known | imported))
        # the classes those modules' functions return and their attributes hold, once more
        annotated = self.annotated_files(self.index(), imported)
        self.read_facts(sorted(annotated))
        files = known | imported | annotated
        index = self.index()
        while bases := self.base_files(index) - set(self.facts) - set(self.failures):
            self.read_facts(sorted(bases))
            files |= bases
            index = self.index()
        return files

    def annotated_files(self, index: ProjectIndex, files: set[str]) -> set[str]:
        """The files that define the project classes named by the return annotations of the
        functions and methods of ``files``, and by the annotations of their classes'
        attributes, where the index does not know them yet."""
        modules = self.corpus.modules()
        found: set[str] = set()
        for rel in files:
            facts = self.facts.get(rel)
            if facts is None:
                continue
            specs = [f.returns for f in facts.functions]
            for cls in facts.classes:
                specs += [m.returns for m in cls.methods] + [a.type for a in cls.attrs]
            for spec in specs:
                if spec is None:
                    continue
                module = index.qualify(rel, spec.name).rpartition(".")[0]
                # a module not read yet, even where a namesake elsewhere resolves the name
                # (``IMPL.share_server_get``, a backend's function beside the public one)
                if module in modules and (
                    modules[module] not in self.facts or index.resolve(rel, spec.name) is None
                ):
                    found.add(modules[module])
        return found - files

    def references(self, target: Target, fingerprint: str) -> FileResult:
        """Phase two: the references in every file containing one of the target's names,
        and the account of every occurrence of those names."""
        from colretire.analysis.accounting import FileResult

        candidates = self.corpus.containing(target.search_names)
        joining = set(self.joining(target)) | set(self.constructing(target))
        joining -= set(candidates)
        if joining:
            known = joining | set(candidates)
            candidates = in_order(known)
        unreachable = self.unreachable(target, candidates)
        self.unreached = frozenset(unreachable)
        self.read_files = tuple(c for c in candidates if c not in unreachable)
        self.evidence_of = None
        key = digest(
            "result", fingerprint, *self.corpus.digests(candidates), "unreachable", *unreachable
        )
        cached = self.cache.get("result", key)
        if isinstance(cached, FileResult):
            return cached
        self.evidence_of = {}
        found = self._find(target, fingerprint, list(self.read_files), self.evidence_of)
        found = FileResult(
            found.references,
            found.occurrences + self.unreachable_occurrences(target, unreachable),
            found.mirrors,
            found.handoffs,
        )
        self.cache.put("result", key, found)
        return found

    def joining(self, target: Target) -> list[str]:
        """The files that may join the column's table and the one its foreign key refers
        to with no ON clause (``query(Resource).join(ResourceGroup)``), a use of the column
        that spells none of its names: they name a class of each table and call a join."""
        from colretire.analysis.index import MAPPED

        if not target.joined_table:
            return []
        world = target.world
        ours = {world.classes[k].name for k in target.model_keys if k in world.classes}
        theirs = {
            view.name
            for view in world.classes.values()
            if view.kind == MAPPED and view.table == target.joined_table
        }
        if not ours or not theirs:
            return []
        both = set(self.corpus.containing(sorted(ours))) & set(
            self.corpus.containing(sorted(theirs))
        )
        read = self.corpus.read
        return [r for r in in_order(both) if _JOIN_CALL.search(read(r))]

    def constructing(self, target: Target) -> list[str]:
        """The files that may build a model whose own ``__init__`` takes the column, giving
        it by position (``Activity(user_id, revision.id)``): a use of the column that spells
        none of its names. They name the class and call something of that name."""
        world = target.world
        names = set()
        for key in target.model_keys:
            view = world.classes.get(key)
            if view is None:
                continue
            init = view.methods.get("__init__")
            if init is not None and set(init.positional) & target.search_names:
                names.add(view.name)
        if not names:
            return []
        call = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\s*\(")
        read = self.corpus.read
        return [r for r in self.corpus.containing(sorted(names)) if call.search(read(r))]

    def unreachable(self, target: Target, candidates: list[str]) -> list[str]:
        """The candidates that cannot reach the models by their imports and do not name the
        table (:mod:`~colretire.analysis.reach`): they hold no reference and are not
        analysed. Migrations are history and are always read."""
        from colretire.analysis.reach import strings_name_table

        tabled = self.corpus.with_word(target.table)
        absolute, read = self.corpus.absolute, self.corpus.read
        wanted = [rel for rel in candidates if not is_migration(absolute[rel], read(rel))]
        found = self.cannot_reach(target, wanted)
        return sorted(
            rel for rel in found
            if rel not in tabled or not strings_name_table(read(rel), target.table)
        )  # fmt: skip

    def cannot_reach(self, target: Target, files: list[str]) -> set[str]:
        """Those of ``files`` whose imports cannot reach the models."""
        if not files:
            return set()
        return self.import_graph().unreachable(files, self.model_files(target))

    def import_graph(self) -> Reach:
        """The tree's files as their imports link them, read once per scan."""
        from colretire.analysis.reach import Reach

        if self.reach is None:
            self.reach = Reach(self.corpus.files, self.corpus.read, self.corpus.among)
        return self.reach

    def can_declare(self, files: list[str]) -> list[str]:
        """Those of phase one's ``files`` that can declare a model or a schema: in the
        package of a file that imports SQLAlchemy, SQLModel or Pydantic, or reaching one by
        their imports (:mod:`~colretire.analysis.reach`). A vendored library that merely
        has an attribute of the column's name is not parsed. Nothing is searched when every
        file is in such a package."""
        from colretire.analysis.reach import ORM_TEXTS, imports_orm

        read = self.corpus.read
        here = [rel for rel in files if _marked(read(rel), ORM_TEXTS)]
        reach = self.import_graph()
        packages = {reach.modules.top_package(rel) for rel in here}
        outside = [
            rel for rel in files
            if rel not in here and reach.modules.top_package(rel) not in packages
        ]  # fmt: skip
        if not outside:
            return files
        roots = [r for r in self.corpus.with_text(ORM_TEXTS) if imports_orm(reach.imports(r))]
        cannot = reach.unreachable(outside, roots)
        return [rel for rel in files if rel not in cannot]

    def model_files(self, target: Target) -> set[str]:
        """The files that define the models, mixins, schemas and tables the index knows."""
        from colretire.analysis.index import MAPPED, MIXIN, SCHEMA

        world = target.world
        keys = [k for k, view in world.classes.items() if view.kind in (MAPPED, MIXIN, SCHEMA)]
        # A migration's tables are history, not the models: a tree whose only known tables
        # are a migration script's (Buildbot's sqlalchemy-migrate versions, in a directory
        # of their own) has no root, and no file is then decided unreachable. Beside the
        # models, a migration stays a root: its package's other files are read.
        absolute, read = self.corpus.absolute, self.corpus.read
        found = self.class_files([*keys, *world.tables])
        live = any(not is_migration(absolute[rel], read(rel)) for rel in found)
        return found if live else set()

    def class_files(self, keys: Iterable[str]) -> set[str]:
        """The files that define the classes (or tables) of qualified names ``keys``."""
        modules = self.corpus.modules()
        found = set()
        for key in keys:
            name = key
            while "." in name:
                name = name.rpartition(".")[0]
                if name in modules:
                    found.add(modules[name])
                    break
        return found

    def unreachable_occurrences(
        self, target: Target, unreachable: list[str]
    ) -> tuple[Occurrence, ...]:
        from colretire.analysis.accounting import excluded_file

        detail = "a file whose imports never reach the models"
        return tuple(
            occurrence
            for rel in unreachable
            for occurrence in excluded_file(
                rel, self.corpus.read(rel), target.search_names, Exclusion.UNREACHABLE, detail
            )
        )

    def with_mirrors(self, target: Target, fingerprint: str, first: FileResult) -> FileResult:
        """Phase two again, where the evidence of the first pass proves schemas to mirror the
        models: for the files that name those schemas (their declarations, their uses), with
        the target that knows them; the other files keep their first answer."""
        from colretire.analysis.accounting import FileResult
        from colretire.analysis.target import refine

        mirrors = (*first.mirrors, *self.evidence(target, fingerprint, first))
        mirrors = self.without_rebound_repositories(target, mirrors)
        if not mirrors:
            return first
        refined = refine(target, mirrors)
        if (refined.schemas, refined.other_schemas) == (target.schemas, target.other_schemas):
            return first
        names = {key.rpartition(".")[2] for key in [*refined.schemas, *refined.other_schemas]}
        names |= {n for match in refined.schemas.values() for n in match.fields}
        # only the files that hold the column's names matter: the schemas' names are
        # looked for in them alone, not in the whole tree
        again = self.corpus.holding(names, self.corpus.containing(refined.search_names))
        again -= self.unreached
        again -= self.untyped(target, refined, again)
        # a name bound, besides the models, only by schemas now proven to mirror them is
        # the models' alone too: its reads on objects of unknown type change in every file
        added = self.exclusive(refined, fingerprint, names_only=True)[0].exclusive
        added -= target.exclusive
        added -= self.withdrawn
        if added:
            refined = replace(refined, exclusive=target.exclusive | added)
            again = set(self.read_files)
        refined_print = digest(
            "mirrors", fingerprint, *sorted(map(repr, mirrors)), "exclusive", *sorted(added)
        )
        second = self._find(refined, refined_print, sorted(again))
        kept = FileResult(
            tuple(r for r in first.references if r.path not in again),
            tuple(o for o in first.occurrences if o.path not in again),
            (),
            tuple(h for h in first.handoffs if h.path not in again),
        )
        found = FileResult(
            kept.references + second.references,
            kept.occurrences + second.occurrences,
            tuple(sorted(set(mirrors))),
            kept.handoffs + second.handoffs,
        )
        if added:
            from colretire.analysis.exclusive import withdraw

            found = withdraw(found, refined.exclusive)[0]
        return found

    def with_callers(
        self, target: Target, fingerprint: str, first: FileResult
    ) -> tuple[Target, str, FileResult]:
        """Phase two again for the files where a parameter left a read unexplained and every
        call of its function proves its class (:mod:`~colretire.analysis.callers`): the
        target, its fingerprint and the answer, each with those parameters known."""
        from colretire.analysis.accounting import FileResult
        from colretire.analysis.callers import Callers, questions, stored_attributes
        from colretire.analysis.target import widen

        # the reads left unexplained, and the likely ones on objects of unknown type: every
        # call proving the parameter's class makes them certain (or excluded)
        likely = {
            (r.path, r.line, r.col) for r in first.references if r.confidence is Confidence.LIKELY
        }
        asked = questions(
            [
                replace(o, tier=Tier.UNEXPLAINED) if (o.path, o.line, o.col) in likely else o
                for o in first.occurrences
            ],
            self.source,  # a file that cannot reach the models may define an event class
            self.corpus.modules().get,
        )
        if not asked:
            return target, fingerprint, first
        every = [question for found in asked.values() for question in found]
        callers = self.corpus.containing({question.called for question in every})
        # the world also knows what the callers' modules import (see :meth:`typed`)
        known = self.class_files(
            [*target.world.classes, *target.world.functions, *target.world.tables]
        )
        read = self.imported_files(known, [r for r in callers if r not in self.unreached])
        world = widen(target, self.index()).world
        # every file naming a function is read, those that cannot reach the models too: a call
        # there gives no model and fails the proof; a use that is no call (a Pyramid
        # subscriber naming its event class) does not
        proven = Callers(
            world, self.source, self.corpus.containing, self.corpus.read, self.corpus.modules().get
        ).answer(every)
        if not proven:
            return target, fingerprint, first
        parameters = {**world.parameters, **proven}
        stored = {**world.stored, **stored_attributes(every, proven)}
        subscribers = self.lone_subscribers(asked)
        refined = replace(
            target,
            world=replace(world, parameters=parameters, stored=stored, subscribers=subscribers),
        )
        again = {path for path, found in asked.items() if any(q.key in proven for q in found)}
        if any(q.wrapper and q.key in proven for q in every):
            # a wrapper's instances travel: every file left with a read unexplained again
            again |= {o.path for o in first.occurrences if o.tier == Tier.UNEXPLAINED}
        facts = [f"{rel}\0{digest('facts-of', repr(self.facts.get(rel)))}" for rel in sorted(read)]
        refined_print = digest("callers", fingerprint, *facts, *sorted(map(repr, proven.items())))
        second = self._find(refined, refined_print, sorted(again))
        kept = self.evidence_outside(target, fingerprint, again)
        return (
            refined,
            refined_print,
            FileResult(
                tuple(r for r in first.references if r.path not in again) + second.references,
                tuple(o for o in first.occurrences if o.path not in again) + second.occurrences,
                tuple(sorted(kept | set(second.mirrors))),
                tuple(h for h in first.handoffs if h.path not in again) + second.handoffs,
            ),
        )

    def lone_subscribers(self, asked: Mapping[str, object]) -> frozenset[str]:
        """The Pyramid subscribers of the files ``asked`` (``@subscriber(RegistrationEvent)
        def notify(event)``) whose name the project spells once, in their ``def``: no
        ``config.add_subscriber(notify, OtherEvent)``, no call, no import gives them another
        event (:attr:`~colretire.analysis.target.World.subscribers`)."""
        import ast

        from colretire.analysis import facts as F
        from colretire.analysis.index import module_name

        found: set[str] = set()
        for rel in asked:
            source = self.source(rel)
            if source is None:
                continue
            for node in source.tree.body:
                if not (
                    isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                    and F.subscribed_event(node) is not None
                ):
                    continue
                word = re.compile(rb"\b" + re.escape(node.name.encode()) + rb"\b")
                if self.corpus.containing([node.name]) == [rel] and (
                    len(word.findall(self.corpus.read(rel))) == 1
                ):
                    found.add(f"{module_name(rel)}.{node.name}")
        return frozenset(found)

    def untyped(self, target: Target, refined: Target, files: set[str]) -> set[str]:
        """Those of ``files`` where the schemas newly proven to mirror the models cannot
        change the answer: they hold no name the first pass did not account for, name none
        of those classes, and their import statements do not lead to the modules that
        define them, so no type the finder follows is one of them (an import by a computed
        name gives it no type either). The files of the packages that define them are
        always read again, and so is less than :data:`REACH_MIN_BYTES` of source: finding
        out would cost more."""
        if self.corpus.size(files) < REACH_MIN_BYTES:
            return set()
        keys = [*refined.schemas, *refined.other_schemas]
        classes = sorted({key.rpartition(".")[2] for key in keys})
        new = sorted(refined.search_names - target.search_names)
        schemas = self.class_files(keys)
        if not schemas:
            return set()
        naming = self.corpus.holding([*classes, *new], files)
        return self.import_graph().unreachable(files - naming, schemas, static=True)

    def without_rebound_repositories(
        self, target: Target, mirrors: tuple[Mirror, ...]
    ) -> tuple[Mirror, ...]:
        """``mirrors`` but the evidence of the repositories whose model or schema attribute
        code anywhere binds again, other than their ``__init__``
        (:func:`~colretire.analysis.repositorybinds.rebound`)."""
        from colretire.analysis.repositories import REPOSITORY_WHY
        from colretire.analysis.repositorybinds import rebound
        from colretire.analysis.target import widen

        if not any(m.why.startswith(REPOSITORY_WHY) for m in mirrors):
            return mirrors
        world = widen(target, self.index()).world  # the repositories' files read since
        pairs = {
            view.name: view.validated
            for view in world.classes.values()
            if view.validated is not None
        }
        names = sorted({attr for pair in pairs.values() for attr in pair.attrs})
        broken = rebound(pairs, self.corpus.containing(names), self.corpus.read)
        return tuple(
            m
            for m in mirrors
            if not any(m.why.startswith(f"{REPOSITORY_WHY}{name} ") for name in broken)
        )

    def with_repositories(self, target: Target) -> Target:
        """The target with a world that also knows the classes that validate a schema held
        on ``self`` (``self.schema.model_validate(row)``), where phase one did not read
        their files: the repositories of :mod:`~colretire.analysis.repositories`."""
        from colretire.analysis.target import widen

        read = self.corpus.read
        files = [
            rel
            for rel in self.corpus.containing(["model_validate", "from_orm"])
            if rel not in self.facts
            and rel not in self.unreached
            and _SELF_VALIDATES.search(read(rel))
        ]
        if not files:
            return target
        self.read_facts(files)
        return widen(target, self.index())

    def evidence(self, target: Target, fingerprint: str, first: FileResult) -> tuple[Mirror, ...]:
        """The evidence held by files that name a model class of the table and build a
        schema from it, but name none of the column's names (``TaskOut.model_validate(task)``
        in a router): phase two did not read them."""
        from colretire.analysis.target import related_models

        classes = {key.rpartition(".")[2] for key in target.model_keys}
        # a repository given a model and the schema it validates from the model's rows
        # (``RepositoryGeneric(session, PK_ID, RecipeComment, RecipeCommentOut)``) proves
        # schemas of every table, an association table's neighbours' too
        target = self.with_repositories(target)
        repositories = sorted(
            {view.name for view in target.world.classes.values() if view.validated}
        )
        if not classes and not repositories:
            return ()
        read = set(self.corpus.containing(target.search_names))
        extra = []
        if classes:
            # a schema of a model related to ours may nest a schema of ours (``fields.Nested``)
            classes |= {key.rpartition(".")[2] for key in related_models(target)}
            naming = set(self.corpus.containing(sorted(classes))) - read - self.unreached
            extra = sorted(self.corpus.holding(_SCHEMA_BUILDING, naming))
            # marshmallow's schema.dump(obj) / schema.load(data): the call, not the bare
            # word (``def load(...)``, ``json.load``'s module are everywhere)
            marshals = {r for r in naming if _MARSHALS.search(self.corpus.read(r))}
            extra = sorted(set(extra) | marshals)
        if repositories:
            building = set(self.corpus.containing(repositories)) - read - self.unreached
            extra = sorted(set(extra) | building)
        # routes decorated by a factory that dumps their result (``@validate_schema(None,
        # domain_output_schema)`` returning ``service.get(domain_id)``) need not name the model
        factories = self.dumping_factories()
        if factories:
            decorated = set(self.corpus.containing(sorted(factories))) - read - self.unreached
            extra = sorted(set(extra) | decorated)
        if not extra:
            return ()
        if self.corpus.size(extra) >= REACH_MIN_BYTES:
            extra = sorted(set(extra) - self.cannot_reach(target, extra))
        if not extra:
            return ()
        target, fingerprint = self.importing(target, fingerprint, extra)
        return self._find(target, digest("evidence", fingerprint), extra).mirrors

    def dumping_factories(self) -> set[str]:
        """The names of the project's decorator factories that dump the decorated
        function's result with a schema they are given (read in the files that call a
        ``dump`` and define a nested function)."""
        read = self.corpus.read
        files = [
            rel
            for rel in self.corpus.containing(["dump"])
            if rel not in self.unreached
            and b".dump(" in read(rel)
            and _NESTED_DEF.search(read(rel))
        ]
        self.read_facts(files)
        return {
            func.name
            for rel in files
            for func in getattr(self.facts.get(rel), "functions", ())
            if func.dumps_result is not None
        }

    def importing(self, target: Target, fingerprint: str, files: list[str]) -> tuple[Target, str]:
        """The target with a world that also knows the modules ``files`` import, where
        phase two's files did not import them all (a route's decorator factory defined in
        a module of its own: what it does with the route's result is read there)."""
        from colretire.analysis.target import widen

        before = set(self.facts)
        read = self.imported_files(set(), files)
        # and what those modules import: the getter a route returns fetches its row there
        read |= self.imported_files(set(), sorted(read - before))
        new = sorted(set(self.facts) - before)
        if not new:
            return target, fingerprint
        facts = [f"{rel}\0{digest('facts-of', repr(self.facts.get(rel)))}" for rel in sorted(read)]
        return widen(target, self.index()), digest("importing", fingerprint, *facts)

    def evidence_outside(self, target: Target, fingerprint: str, again: set[str]) -> set[Mirror]:
        """The evidence of schemas mirroring models that phase two found in the files it
        read other than ``again``: the files read again with more known keep only their new
        evidence, since their first (``TaskOut(eta=task.eta)`` of a parameter then untyped,
        taken as a field filled from elsewhere) is what the second reading corrects. From
        what phase two recorded by file, or, where its answer came whole from the cache,
        from the cached answers of those files."""
        if self.evidence_of is not None:
            return {m for rel, found in self.evidence_of.items() if rel not in again for m in found}
        others = [rel for rel in self.read_files if rel not in again]
        return set(self._find(target, fingerprint, others).mirrors)

    def _find(
        self,
        target: Target,
        fingerprint: str,
        candidates: list[str],
        evidence_of: dict[str, tuple[Mirror, ...]] | None = None,
    ) -> FileResult:
        """Phase two over ``candidates``; ``evidence_of``, where given, records each file's
        evidence of mirroring schemas."""
        from colretire.analysis.accounting import FileResult

        corpus = self.corpus
        found: list[Reference] = []
        occurrences: list[Occurrence] = []
        mirrors: list[Mirror] = []
        handoffs: list[Handoff] = []
        missing: list[tuple[str, str]] = []
        for rel in candidates:
            key = digest("refs", fingerprint, rel, corpus.digest(rel))
            cached = self.cache.get("refs", key)
            if isinstance(cached, (FileResult, ParseFailure)):
                self._collect(rel, cached, target, found, occurrences, mirrors, handoffs)
                if evidence_of is not None and isinstance(cached, FileResult):
                    evidence_of[rel] = cached.mirrors
            else:
                missing.append((rel, key))
        jobs = [
            (corpus.absolute[r], r, is_migration(corpus.absolute[r], corpus.read(r)))
            for r, _ in missing
        ]
        size = FINDER_COST * self.corpus.size(r for r, _ in missing)
        results = self.runner.map(_references_job, jobs, "scanning", size, target)
        for (rel, key), (result, blob) in zip(missing, results, strict=True):
            self.cache.put("refs", key, result, blob)
            self._collect(rel, result, target, found, occurrences, mirrors, handoffs)
            if evidence_of is not None and isinstance(result, FileResult):
                evidence_of[rel] = result.mirrors
        return FileResult(
            tuple(found), tuple(occurrences), tuple(sorted(set(mirrors))), tuple(handoffs)
        )

    def _collect(
        self,
        rel: str,
        result: FileResult | ParseFailure,
        target: Target,
        found: list[Reference],
        occurrences: list[Occurrence],
        mirrors: list[Mirror],
        handoffs: list[Handoff],
    ) -> None:
        from colretire.analysis.accounting import unparsed_file

        if isinstance(result, ParseFailure):
            data = self.corpus.read(rel)
            found.append(parse_error(rel, result, data))
            detail = "the file does not parse"
            occurrences.extend(unparsed_file(rel, data, target.search_names, detail))
            return
        found.extend(result.references)
        occurrences.extend(result.occurrences)
        mirrors.extend(result.mirrors)
        handoffs.extend(result.handoffs)

    def secondary_only(self, target: Target, result: FileResult) -> FileResult:
        """``result`` with the unexplained occurrences of the column's own name excluded as
        ``other-table`` where its table maps to no class and no code but the ORM reads its
        rows: every word of the table's name is its definition or a ``secondary=`` of a
        relationship (:mod:`~colretire.analysis.association`), and other tables have a
        column of that name."""
        from colretire.analysis.association import (
            UNNAMED_WORDS,
            holds_tables_unnamed,
            reached_only_as_secondary,
        )

        if target.model_keys or not target.table_keys:
            return result
        names = set(target.attr_names) | {target.column.column}
        elsewhere: dict[str, set[str]] = {}
        for site in self.index().column_sites:
            if site.column.table_name != target.table and site.column.column in names:
                elsewhere.setdefault(site.column.column, set()).add(site.column.table_name)
        pending = {
            o
            for o in result.occurrences
            if o.tier is Tier.UNEXPLAINED
            and o.name in elsewhere
            and not any(word in o.detail for word in _MAY_BE_A_ROW)
            and not _core_read(self.line_of(o.path, o.line), o.col)
        }
        if not pending:
            return result
        variables = frozenset(key.rpartition(".")[2] for key in target.table_keys)
        corpus = self.corpus
        files = [
            rel
            for rel in corpus.containing([target.table, *variables])
            if not is_migration(corpus.absolute[rel], corpus.read(rel))
        ]
        given = reached_only_as_secondary(target.table, variables, files, corpus.read)
        unnamed = [
            rel
            for rel in corpus.containing(list(UNNAMED_WORDS))
            if not is_migration(corpus.absolute[rel], corpus.read(rel))
        ]
        if given is None or holds_tables_unnamed(unnamed, corpus.read):
            return result

        def detail(name: str) -> str:
            tables = sorted(elsewhere[name])
            listed = ", ".join(tables[:3]) + (
                f" and {len(tables) - 3} more" if len(tables) > 3 else ""
            )
            return (
                f"{target.table} maps to no class and no code reads its rows (it is named only"
                f" to define it and as secondary= in {given[0]}): {name} here is another"
                f" table's column ({listed})"
            )

        occurrences = tuple(
            replace(o, tier=Tier.EXCLUDED, reason=Exclusion.OTHER_TABLE, detail=detail(o.name))
            if o in pending
            else o
            for o in result.occurrences
        )
        return replace(result, occurrences=occurrences)

    def walked(self, target: Target, result: FileResult) -> FileResult:
        """``result`` with the strings of a list judged the model's field names made
        unexplained where a function of the project walks the list as a key path
        (:mod:`~colretire.analysis.keypaths`)."""
        from colretire.analysis.keypaths import walked_paths

        modules = self.corpus.modules()
        return walked_paths(result, self.corpus.read, modules, target.search_names)

    def sealed(self, result: FileResult) -> FileResult:
        """``result`` with the unexplained fields of schemas whose values never leave their
        module excluded as ``other-type``: no other file names the module, and the module
        hands none of its values on (:mod:`~colretire.analysis.sealed`)."""
        from colretire.analysis.exclusive import parsed
        from colretire.analysis.sealed import (
            SCHEMA_DETAIL,
            class_bases,
            sealed_classes,
            top_level_names,
        )

        candidates: dict[str, list[tuple[Occurrence, str]]] = {}
        for o in result.occurrences:
            found = SCHEMA_DETAIL.fullmatch(o.detail) if o.tier is Tier.UNEXPLAINED else None
            if found is not None:
                candidates.setdefault(o.path, []).append((o, found.group("name")))
        chosen: dict[Occurrence, str] = {}
        for rel, items in candidates.items():
            stem = PurePosixPath(rel).stem
            if not rel.endswith(".py") or stem == "__init__":
                continue
            if set(self.corpus.containing([stem])) - {rel}:
                continue  # another file names the module: it may get the values
            tree = parsed(rel, self.corpus.read(rel))
            if tree is None or any(
                base == "?" or self.index().resolve(rel, base) is not None
                for base in class_bases(tree)
            ):
                continue  # a class of the project as a base: a loader may collect it
            if set(self.corpus.containing(top_level_names(tree))) - {rel}:
                continue  # another file names what it defines
            sealed = sealed_classes(tree)
            chosen.update((o, name) for o, name in items if name in sealed)
        if not chosen:
            return result
        kept = {  # lines where something else is a reference or could not be judged
            (o.path, o.line)
            for o in result.occurrences
            if o.tier is not Tier.EXCLUDED and o not in chosen
        }

        def excluded(o: Occurrence) -> Occurrence:
            detail = (
                f"a field of {chosen[o]}, a schema of a module no other file imports, which"
                " hands none of its values on: they stay in it"
            )
            return replace(o, tier=Tier.EXCLUDED, reason=Exclusion.OTHER_TYPE, detail=detail)

        occurrences = tuple(
            excluded(o) if o in chosen and (o.path, o.line) not in kept else o
            for o in result.occurrences
        )
        return replace(result, occurrences=occurrences)

    def line_of(self, rel: str, number: int) -> str:
        """The text of line ``number`` of a scanned file, as read."""
        lines = self._lines.get(rel)
        if lines is None:
            lines = self._lines[rel] = self.corpus.read(rel).decode("utf-8", "replace").splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def hand_on(self, target: Target, result: FileResult) -> FileResult:
        """The keywords given to the project's functions, followed into those functions, and
        the parameters of the project's functions that carry the column
        (:mod:`~colretire.analysis.handon`)."""
        from colretire.analysis.argspecs import follow_arg_specs
        from colretire.analysis.classkeys import follow_class_keys
        from colretire.analysis.cornice import follow_cornice
        from colretire.analysis.foreignspread import follow_foreign_spreads
        from colretire.analysis.handon import carry_parameters, follow_handoffs
        from colretire.analysis.keptkeys import follow_kept_keys
        from colretire.analysis.relkeys import follow_relation_keys
        from colretire.analysis.samefield import follow_copied_fields
        from colretire.analysis.shadows import unshadow
        from colretire.analysis.spreads import follow_spreads

        names = target.search_names
        model = min(target.model_keys, default="")
        modules = self.corpus.modules()
        result = unshadow(result, result.handoffs, modules, self.corpus.read)
        from colretire.analysis.facts import COLUMN
        from colretire.analysis.index import MAPPED

        classes = target.world.classes
        models = set(target.model_keys)
        bases = {a for k in models if k in classes for a in classes[k].ancestors}
        tables = {  # the other tables' models: not the model, its bases or subclasses
            key: (view.table or "", *view.ancestors)
            for key, view in classes.items()
            if view.kind == MAPPED
            and key not in models | bases
            and not models & set(view.ancestors)
        }
        if result.handoffs:
            result = follow_handoffs(
                result,
                result.handoffs,
                self.corpus.read,
                modules,
                names,
                model,
                target.model_keys,
                tables,
                target.column.table,
                {
                    key: frozenset(n for n, kind in classes[key].attrs.items() if kind == COLUMN)
                    for key in tables
                },
            )
        result = follow_spreads(
            result, result.handoffs, self.corpus.read, modules, names, target.model_keys
        )
        result = follow_class_keys(
            result, result.handoffs, self.corpus.read, modules, names, target.model_keys
        )
        result = follow_kept_keys(result, self.corpus.read, modules, names, target.model_keys)
        result = follow_cornice(
            result, self.corpus.read, modules, names, target.model_keys, self.corpus.containing,
            classes, target.column.table,
        )  # fmt: skip
        result = follow_foreign_spreads(
            result, self.corpus.read, modules, names, target.model_keys, classes,
            target.column.table,
        )  # fmt: skip
        result = follow_relation_keys(
            result, self.corpus.read, modules, names, target.model_keys, classes,
            target.column.table,
        )  # fmt: skip
        if any(h.validated for h in result.handoffs):
            from colretire.analysis.records import fields_of
            from colretire.analysis.validated import follow_validated

            fields = fields_of(target.world, models, target.table, target.table_columns)
            result = follow_validated(
                result, result.handoffs, self.corpus.read, modules, names, fields, model
            )
        result = follow_arg_specs(
            result, self.corpus.read, modules, names, target.model_keys, tables
        )
        result = follow_copied_fields(result, self.corpus.read, modules, names)
        return carry_parameters(result, self.corpus.read, modules, names)

    def answered(self, target: Target, result: FileResult) -> FileResult:
        """The reads on objects that answered a method only plain classes define
        (:mod:`~colretire.analysis.answering`)."""
        from colretire.analysis.answering import answered

        classes = target.world.classes
        models = set(target.model_keys)
        bases = {a for k in models if k in classes for a in classes[k].ancestors}
        subclasses = {k for k, view in classes.items() if models & set(view.ancestors)}
        lineage = [classes[k] for k in models | bases if k in classes]
        external = {b for view in lineage for b in view.external_bases}

        def plain_rows() -> bool:
            """Whether the models' library bases give their rows no method of their own (a
            mixin such as flask_login's UserMixin may give them any); asked only when a
            read has answered a method, since it searches the tree."""
            return all(self.declarative(base) for base in external)

        ours = frozenset(models | bases | subclasses)
        return answered(result, self.source, self.corpus.containing, ours, plain_rows)

    def accessors(self, target: Target, result: FileResult) -> FileResult:
        """The methods that only read or only write the column under another name, and
        their uses (:mod:`~colretire.analysis.accessors`)."""
        from colretire.analysis.accessors import accessors
        from colretire.analysis.index import module_name

        def source_of(rel: str) -> Source | None:
            return None if rel in self.unreached else self.source(rel)

        def modules() -> list[str]:  # a pass over every file: only for an accessor's uses
            return [module_name(rel) for rel in self.corpus.files]

        names = target.search_names | frozenset(target.derived)
        classes = target.world.classes
        mapped = [  # the classes that map the table itself: not a mixin other tables share
            key for key in target.model_keys
            if (view := classes.get(key)) is not None and view.table == target.column.table_name
        ]  # fmt: skip
        return accessors(
            result, target.column.column, names, source_of, self.corpus.containing,
            self.corpus.read, modules, mapped,
        )  # fmt: skip

    def declarative(self, base: str) -> bool:
        """Whether ``base``, a library base of the models, gives their rows only what
        SQLAlchemy's declarative machinery does: a class that plain classes derive from, or
        a name the project imports from SQLAlchemy, Flask-SQLAlchemy or SQLModel, or binds to
        ``declarative_base()`` with no ``cls=`` (or, for ``Model``, builds with
        ``SQLAlchemy()`` with no ``model_class=``). A base imported from any other package
        (``from corp_auth.orm import Base``) may bring any method."""
        if base in _PLAIN_BASE_NAMES:
            return True
        if base not in _DECLARATIVE_BASES:
            return False
        name = re.escape(base)
        imported = re.compile(
            rf"from\s+(?:sqlalchemy|flask_sqlalchemy|sqlmodel)[\w.]*\s+import\s+"
            rf"(?:\([^)]*|[^\n]*)\b{name}\b".encode()
        )
        bound = re.compile(
            rf"\b{name}\s*(?::[^=\n]*)?=\s*(?:[\w.]+\.)?declarative_base\((?![^)]*\bcls\s*=)".encode()
        )
        flask = re.compile(rb"=\s*(?:flask_sqlalchemy\.)?SQLAlchemy\((?![^)]*\bmodel_class\s*=)")
        customised = re.compile(rb"\bmodel_class\s*=|declarative_base\([^)]*\bcls\s*=")
        texts = [self.corpus.read(rel) for rel in self.corpus.containing([base, "SQLAlchemy"])]
        if any(customised.search(text) for text in texts):
            return False
        return any(
            imported.search(text) or bound.search(text) or (base == "Model" and flask.search(text))
            for text in texts
        )

    def parse_errors(self) -> list[Reference]:
        return [
            parse_error(rel, failure, self.corpus.read(rel))
            for rel, failure in [*self.failures.items(), *self.translated.items()]
        ]


#: The library bases of models that give their rows no method of the application's, when
#: they come from SQLAlchemy, Flask-SQLAlchemy or SQLModel (:meth:`_Scan.declarative`), and
#: what plain classes derive from. A model with any other library base (a mixin of
#: flask_login, a serializer) may answer any method.
_DECLARATIVE_BASES = frozenset(
    {
        "Base", "DeclarativeBase", "DeclarativeBaseNoMeta", "Model", "SQLModel", "AsyncAttrs",
        "MappedAsDataclass", "AbstractConcreteBase", "ConcreteBase", "DeferredReflection",
    }
)  # fmt: skip
_PLAIN_BASE_NAMES = frozenset({"object", "ABC", "Generic", "Protocol"})

#: Words of the code that builds a schema from a model or a model from a schema.
#: a call of a schema's dump() or load() (json.dump(obj, fp) included: the type decides)
_MARSHALS = re.compile(rb"[\w)\]]\.(?:dump|load)\(")
#: a function defined in another's body (a decorator factory's wrapper)
_NESTED_DEF = re.compile(rb"\n[ \t]+(?:async[ \t]+)?def[ \t]")
_SCHEMA_BUILDING = (
    "model_validate", "from_orm", "parse_obj", "response_model", "from_model", "model_dump",
    "dict", "setattr", "Meta", "populate_obj", "vars", "__dict__", "asdict", "data_layer",
)  # fmt: skip


def parse_error(path: str, failure: ParseFailure, data: bytes) -> Reference:
    """A file that does not parse, as a reference (CR001) at the error's position."""
    from colretire.analysis.codes import CODE_OF_KIND

    lines = data.decode("utf-8", errors="replace").splitlines()
    snippet = lines[failure.line - 1].strip() if 0 < failure.line <= len(lines) else ""
    message = f"does not parse ({failure.message}); its references are unknown"
    kind = ReferenceKind.PARSE_ERROR
    return Reference(
        path,
        failure.line,
        failure.col,
        kind,
        Confidence.CERTAIN,
        CODE_OF_KIND[kind],
        message,
        snippet,
    )


def unreadable(path: str, reason: str) -> Reference:
    """A file or directory (its path ends with a slash) the scan could not read, as a
    finding (CR002) at its start."""
    from colretire.analysis.codes import CODE_OF_KIND

    kind = ReferenceKind.UNREADABLE
    what = "directory cannot be listed" if path.endswith("/") else "cannot be read"
    message = f"{what} ({reason}); its references are unknown"
    return Reference(path, 1, 1, kind, Confidence.CERTAIN, CODE_OF_KIND[kind], message)


def scan(
    root: Path,
    column: ColumnRef,
    paths: Sequence[Path] = (),
    *,
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
    registry: Registry | None = None,
) -> ScanResult:
    """Every reference to ``column`` in the project at ``root`` (see the module docstring);
    with ``registry`` (SQLAlchemy's own mapping, :mod:`colretire.analysis.registry`), the
    classes it knows map the tables it says."""
    root = root.resolve()
    cache = Cache(cache_dir)
    words = [
        word
        for word in dict.fromkeys([*_first_words(column), *_ALWAYS_SEARCHED])
        if native.searchable(word)
    ]
    jobs = max(1, jobs or os.cpu_count() or 1)
    # The whole answer is kept under a key that starts with the column's own digest. With no
    # answer kept for the column, phase one's search starts on the files as the walk finds
    # them. (Started before a lookup that may find the answer, it would slow the warm path.)
    prefix = digest("scan", str(column))[:12]
    mapping = _registry_print(registry)
    scope = [relative(root, p if p.is_absolute() else root / p) for p in paths] or ["."]
    cold = not cache.has("scan", prefix)
    # The pass also finds the words that start with the model's likely name, so that the
    # names of the classes related to it (``TaskComment``) need no second pass over the tree.
    prefixes = _prefixes(class_names(column.table_name))
    early = (
        native.start(str(root), words, jobs=jobs, scope=scope, prefixes=prefixes) if cold else None
    )
    try:
        on_file = early.add if early is not None else None
        files = discover(root, paths, exclude, cache_dir, stamps=bool(cache_dir), found=on_file)
    except BaseException:
        if early is not None:
            early.cancel()
        raise
    corpus = _Corpus(root, files, jobs)
    if early is not None:
        early.close()
        corpus.adopt(early, words)
    try:
        key = prefix + digest("scan", str(column), _snapshot(files), mapping) if cache_dir else ""
        cached = cache.get("scan", key) if key else None
        if isinstance(cached, ScanResult):
            return cached
        _load_parsers()
        from colretire.analysis.exclusive import withdraw

        meter = _Progress(progress)
        try:
            state = _Scan(corpus, cache, _Runner(jobs, meter), registry, mapping)
            plan, fingerprint = state.plan(column)
            target, fingerprint = state.typed(plan.target, fingerprint)
            target, fingerprint = state.exclusive(target, fingerprint)
            phase_two = state.references(target, fingerprint)
            phase_two, claimed = withdraw(phase_two, target.exclusive)
            if claimed != target.exclusive:  # what follows is cached under what it knew
                state.withdrawn = target.exclusive - claimed
                target = replace(target, exclusive=claimed)
                fingerprint = digest("withdrawn", fingerprint, *sorted(claimed))
            target, fingerprint, phase_two = state.with_callers(target, fingerprint, phase_two)
            phase_two = state.with_mirrors(target, fingerprint, phase_two)
            followed = state.hand_on(target, phase_two)
            if set(followed.mirrors) - set(phase_two.mirrors):
                # a schema's field handed to a function that writes the column: the
                # schema mirrors the model, so its files are read again with that known
                again = replace(phase_two, mirrors=followed.mirrors)
                followed = state.hand_on(target, state.with_mirrors(target, fingerprint, again))
            answered = state.answered(target, followed)
            phase_two = state.secondary_only(target, state.accessors(target, answered))
            phase_two = state.sealed(phase_two)
            phase_two = state.walked(target, phase_two)
        finally:
            meter.close()
    finally:
        corpus.cancel()
    unread = corpus.unreadable_findings()
    unique = sorted(set(phase_two.references) | set(plan.failures) | set(unread))
    occurrences = tuple(sorted(phase_two.occurrences))
    result = ScanResult(
        column, tuple(unique), len(corpus.files), occurrences,
        mapping="registry" if registry is not None else "source",
    )  # fmt: skip
    cache.flush()
    if key:
        cache.put("scan", key, result)
    return result


#: Words of an unexplained occurrence's detail that say its object may be any row: never
#: excluded by the association-table rule.
_MAY_BE_A_ROW = ("unknown type", "cannot follow", "could not be", "string", "does not parse")


def _core_read(line: str, col: int) -> bool:
    """Whether the word at ``col`` (1-based) of ``line`` is read as a Table's column
    (``link.c.user_id``, ``table.columns.user_id``)."""
    before = line[: max(col - 1, 0)].rstrip()
    return before.endswith((".c.", ".columns.")) or before in ("c.", "columns.")


def _registry_print(registry: Registry | None) -> str:
    if registry is None:
        return "source"
    return digest("registry", repr(sorted(registry.classes, key=lambda c: c.name)))


#: Words a later step searches the whole tree for whatever the column (the files that call a
#: ``dump``, where decorator factories that dump a route's result are defined:
#: :meth:`_Scan.dumping_factories`; those that validate a schema held on ``self``, the
#: repositories of :meth:`_Scan.with_repositories`). A cold scan looks for them in phase
#: one's own pass over the tree, whose files it reads anyway, rather than in a pass of their
#: own later.
#: words of reflected or automapped tables, whose columns no reading of the source can list
_REFLECTION = ("DeferredReflection", "automap_base", "autoload_with", "autoload")
#: the one reflection that names relationships by itself (``resource_group`` and
#: ``resource_collection`` from a foreign key); a reflected ``Table`` gets columns only
_AUTOMAP = ("automap_base",)
_ALWAYS_SEARCHED = ("dump", "model_validate", "from_orm", *_REFLECTION)


#: a method that validates a schema it holds on ``self``: a repository's
#: (:mod:`~colretire.analysis.repositories`)
_SELF_VALIDATES = re.compile(rb"\bself\.\w+\.(?:model_validate|from_orm)\(")


def _first_words(column: ColumnRef) -> list[str]:
    """The words phase one looks for: the column, the table, and the names its model class
    likely has (``tasks``: ``Task``, ``Tasks``), so that the search for the classes that
    extend or return the model needs no second pass over the tree when the guess is right."""
    return [
        column.column,
        column.table_name,
        other_spelling(column.table_name),
        *class_names(column.table_name),
    ]


#: Parts of the paths where projects keep their migrations.
_MIGRATION_DIRS = ("versions/", "migration", "alembic", "migrate")


def other_spelling(table: str) -> str:
    """The table's name in the other number (``user`` for ``users``, ``users`` for
    ``user``), which a migration may create beside it (:meth:`_Scan.migrated`)."""
    return table[:-1] if table.endswith("s") else table + "s"


_PLURALS = (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"),
            ("ss", "ss"), ("us", "us"), ("is", "is"), ("s", ""))  # fmt: skip


def class_names(table: str) -> list[str]:
    """The usual names of the class mapped to ``table``: in CamelCase, plural and singular."""
    words = [part for part in table.split("_") if part]
    if not words:
        return []
    last = words[-1]
    for plural, singular in _PLURALS:
        if last.endswith(plural) and len(last) > len(plural):
            last = last[: len(last) - len(plural)] + singular
            break
    camel = [word[:1].upper() + word[1:] for word in words]
    names = ["".join(camel), "".join(camel[:-1]) + last[:1].upper() + last[1:]]
    return list(dict.fromkeys(names))


#: The shortest prefix the first pass searches words by: a shorter one (``Tag``, ``Log``)
#: starts too many unrelated words (``Logger``), whose files would all be read in Python.
_SHORTEST_PREFIX = 4


def _prefixes(names: Sequence[str]) -> tuple[str, ...]:
    """Those of ``names`` that no other of them starts (``Task``, not ``Tasks``), long
    enough to search words by (:data:`_SHORTEST_PREFIX`)."""
    return tuple(
        name for name in dict.fromkeys(names)
        if native.searchable(name) and len(name) >= _SHORTEST_PREFIX
        and not any(other != name and name.startswith(other) for other in names)
    )  # fmt: skip


def _snapshot(files: Files) -> str:
    """A digest of the files' paths and stat data (modification and change times, size,
    inode): the key under which a whole answer is kept, so that a scan of an unchanged tree
    reads no file at all. The per-file caches behind it are keyed by content, so a file
    that changed without its stat data changing is still read right on the next change."""
    stamps = files.stamps if files.stamps is not None else stamps_of(files.paths)
    listed = [rel for _, rel in files.paths] + [f"{rel}\0{why}" for rel, why in files.unreadable]
    names = "\0".join(listed).encode(errors="surrogateescape")
    hasher = hashlib.blake2b(names, digest_size=20)
    # The bytes of array("q", ...), packed in half the time.
    hasher.update(struct.pack(f"{4 * len(stamps)}q", *chain.from_iterable(stamps)))
    return hasher.hexdigest()


def index_project(
    root: Path,
    paths: Sequence[Path] = (),
    *,
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
) -> ProjectIndex:
    """The models of the project at ``root``: every file with a model marker, indexed, with
    the files that define the project classes they derive from.

    A base can live in a file with no marker (``class BaseSchema(SQLModel)`` with ``Field``
    attributes only), and whether a class maps a table, and which of its fields are columns,
    depends on its bases: without them, ``spec_path: Optional[str]`` on a SQLModel table class
    would not be known as a column, nor its definition. Phase one of a scan reads them the
    same way (:meth:`_Scan.base_files`)."""
    root = root.resolve()
    corpus = _Corpus(root, discover(root, paths, exclude, cache_dir))
    read = corpus.read
    files = [
        r for r in corpus.with_text(_MODEL_MARKERS)
        if _marked(read(r), _MODEL_MARKERS) and not is_migration(corpus.absolute[r], read(r))
    ]  # fmt: skip
    # Per-file facts are cached; the index itself is not: rebuilding it from the facts is
    # faster than loading it (15 MB and 3.5 s against 2.5 s for a million lines).
    cache = Cache(cache_dir)
    state = _Scan(corpus, cache, _Runner(None, _Progress(False)))
    state.read_facts(files)
    index = state.index()
    # Each round reads files not read before, so this ends; a chain of bases spread over
    # several files takes one round per file.
    while bases := state.base_files(index) - set(state.facts) - set(state.failures):
        state.read_facts(sorted(bases))
        index = state.index()
    cache.flush()
    return index


def build_index(root: Path, files: Sequence[Path]) -> ProjectIndex:
    """The index of exactly ``files`` (absolute, or relative to ``root``), uncached."""
    from colretire.analysis import facts as F
    from colretire.analysis.index import ProjectIndex

    root = root.resolve()
    found: dict[str, F.FileFacts] = {}
    for file in files:
        path = file if file.is_absolute() else root / file
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        parsed = parse(rel, _read(str(path)))
        if isinstance(parsed, Source):
            found[rel] = F.extract(parsed)
    return ProjectIndex(found)
