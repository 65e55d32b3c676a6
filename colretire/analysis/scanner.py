"""A reference scan, end to end: discover, prefilter, index, find, in parallel, cached.

The scan has two phases because the names to look for are not known in advance. Phase one
reads the files that can declare the column (they contain its name, or the table's name next
to a model marker), then the files that subclass, alias or return the model classes found;
their facts make the :class:`~colretire.analysis.index.ProjectIndex` and the
:class:`~colretire.analysis.target.Target`. Phase two parses only the files that contain one
of the target's names (attribute, wrapper, relationship, schema field), which a bytes search
decides before any parsing. Both phases cache per file and run in a process pool when there
are enough files to pay for one.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from colretire.analysis import facts as F
from colretire.analysis.cache import Cache, digest
from colretire.analysis.codes import CODE_OF_KIND
from colretire.analysis.discovery import discover, is_migration, relative
from colretire.analysis.finder import find_references
from colretire.analysis.index import ProjectIndex
from colretire.analysis.source import ParseFailure, Source, parse
from colretire.analysis.target import Target, build_target
from colretire.model import ColumnRef, Confidence, Reference, ReferenceKind, ScanSummary

_MODEL_MARKER = re.compile(rb"__tablename__|__table__|\bTable\(|table\s*=\s*True")
_INDEX_MARKER = re.compile(
    rb"__tablename__|__table__|\bTable\(|table\s*=\s*True|mapped_column|\bColumn\(|relationship\(|composite\("
)
#: Fewer files than this are parsed in this process: a pool costs more than it saves.
POOL_THRESHOLD = 24

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class ScanResult:
    """The references to one column, sorted, and how many files the scan covered."""

    column: ColumnRef
    references: tuple[Reference, ...]
    files_scanned: int

    def summary(self) -> ScanSummary:
        """References that keep the column in use (not migrations, not parse errors)."""
        counted = sum(1 for ref in self.references if ref.counts)
        unparsed = sum(1 for ref in self.references if ref.kind is ReferenceKind.PARSE_ERROR)
        return ScanSummary(counted, self.files_scanned, unparsed)


class _Corpus:
    """The files of a scan and their bytes, read once."""

    def __init__(self, root: Path, files: Sequence[Path]) -> None:
        self.root = root
        self.files = list(files)
        self.paths = {path: relative(root, path) for path in self.files}
        self.data: dict[Path, bytes] = {}
        for path in self.files:
            try:
                self.data[path] = path.read_bytes()
            except OSError:
                self.data[path] = b""

    def containing(self, names: Iterable[str], within: Iterable[Path] | None = None) -> list[Path]:
        """Files containing any of ``names`` as a whole word (a bytes search first)."""
        encoded = sorted({name.encode() for name in names if name})
        if not encoded:
            return []
        word = re.compile(rb"(?<![\w])(?:" + b"|".join(map(re.escape, encoded)) + rb")(?![\w])")
        pool = self.files if within is None else within
        return [
            p for p in pool if any(n in self.data[p] for n in encoded) and word.search(self.data[p])
        ]


class _Progress:
    """``scanning 120/480 files`` on stderr, once the scan has taken a second, on a terminal."""

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
        setup: Callable[[Target], None] | None = None,
        target: Target | None = None,
    ) -> list[Result]:
        if self.jobs == 1 or len(items) < POOL_THRESHOLD:
            if setup is not None and target is not None:
                setup(target)
            return self._serial(function, items, label)
        with ProcessPoolExecutor(self.jobs, initializer=setup, initargs=(target,)) as pool:  # type: ignore[arg-type]
            chunk = max(1, len(items) // (self.jobs * 8))
            results = []
            for done, result in enumerate(pool.map(function, items, chunksize=chunk), 1):
                results.append(result)
                self.progress.update(done, len(items), label)
            return results

    def _serial(
        self, function: Callable[[Item], Result], items: list[Item], label: str
    ) -> list[Result]:
        results = []
        for done, item in enumerate(items, 1):
            results.append(function(item))
            self.progress.update(done, len(items), label)
        return results


# --- worker functions (top level, so that a process pool can pickle them) -----------------


def _facts_job(job: tuple[str, str]) -> F.FileFacts | ParseFailure:
    path, relative_path = job
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return ParseFailure(f"cannot read: {error.strerror}", 1, 1)
    parsed = parse(relative_path, data)
    return parsed if isinstance(parsed, ParseFailure) else F.extract(parsed)


_TARGET: Target | None = None


def _set_target(target: Target) -> None:
    global _TARGET
    _TARGET = target


def _references_job(job: tuple[str, str, bool]) -> list[Reference] | ParseFailure:
    path, relative_path, alembic = job
    assert _TARGET is not None
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return ParseFailure(f"cannot read: {error.strerror}", 1, 1)
    parsed = parse(relative_path, data)
    if isinstance(parsed, ParseFailure):
        return parsed
    return find_references(parsed, _TARGET, alembic)


# --- the two phases -------------------------------------------------------------------------


class _Scan:
    def __init__(self, corpus: _Corpus, cache: Cache, runner: _Runner) -> None:
        self.corpus = corpus
        self.cache = cache
        self.runner = runner
        self.facts: dict[Path, F.FileFacts] = {}
        self.failures: dict[Path, ParseFailure] = {}

    def read_facts(self, paths: Iterable[Path]) -> None:
        """Facts for ``paths`` not read yet: from the cache, else parsed (in parallel)."""
        wanted = [p for p in paths if p not in self.facts and p not in self.failures]
        keys = {p: digest("facts", self.corpus.data[p]) for p in wanted}
        missing = []
        for path in wanted:
            cached = self.cache.get("facts", keys[path])
            if isinstance(cached, (F.FileFacts, ParseFailure)):
                self._store_facts(path, cached)
            else:
                missing.append(path)
        jobs = [(str(p), self.corpus.paths[p]) for p in missing]
        for path, result in zip(
            missing, self.runner.map(_facts_job, jobs, "indexing"), strict=True
        ):
            self.cache.put("facts", keys[path], result)
            self._store_facts(path, result)

    def _store_facts(self, path: Path, result: F.FileFacts | ParseFailure) -> None:
        if isinstance(result, ParseFailure):
            self.failures[path] = result
        else:
            self.facts[path] = result

    def index(self) -> ProjectIndex:
        return ProjectIndex({self.corpus.paths[p]: f for p, f in self.facts.items()})

    def index_for(self, column: ColumnRef) -> ProjectIndex:
        """Phase one: the files that declare the column, then those that extend, alias or
        return the model classes, until no new class appears."""
        corpus = self.corpus
        column_b, table_b = column.column.encode(), column.table_name.encode()
        first = [
            p
            for p in corpus.files
            if column_b in corpus.data[p]
            or (table_b in corpus.data[p] and _MODEL_MARKER.search(corpus.data[p]))
        ]
        self.read_facts(first)
        index = self.index()
        seen: set[str] = set()
        for _ in range(5):
            names = {
                index.classes[k].name
                for k in build_target(index, column).model_keys
                if k in index.classes
            } - seen
            if not names:
                break
            seen |= names
            self.read_facts(self._structural(names))
            index = self.index()
        return index

    def _structural(self, names: set[str]) -> list[Path]:
        """Files that subclass, alias, annotate a return with, or name in a string one of
        the class ``names``: where repositories, subclasses and relationships live."""
        alternatives = b"|".join(re.escape(n.encode()) for n in sorted(names))
        pattern = re.compile(
            rb"class\s+\w+\s*\([^)]*\b(?:" + alternatives + rb")\b"
            rb"|->[^:\n]*\b(?:" + alternatives + rb")\b"
            rb"|^[ \t]*\w+\s*(?::[^=\n]*)?=\s*(?:[\w.]+\.)?(?:" + alternatives + rb")\s*$"
            rb"|[\"'](?:" + alternatives + rb")[\"']",
            re.MULTILINE,
        )
        return [
            p
            for p in self.corpus.containing(names)
            if p not in self.facts and pattern.search(self.corpus.data[p])
        ]

    def references(self, target: Target) -> list[Reference]:
        """Phase two: the references in every file containing one of the target's names."""
        corpus = self.corpus
        candidates = corpus.containing(target.search_names)
        fingerprint = target.fingerprint()
        found: list[Reference] = []
        missing: list[tuple[Path, str, bool]] = []
        for path in candidates:
            rel = corpus.paths[path]
            key = digest("refs", fingerprint, rel, corpus.data[path])
            cached = self.cache.get("refs", key)
            if isinstance(cached, (tuple, ParseFailure)):
                self._collect(path, cached, found)
            else:
                missing.append((path, key, is_migration(path, corpus.data[path])))
        jobs = [(str(p), corpus.paths[p], alembic) for p, _, alembic in missing]
        results = self.runner.map(_references_job, jobs, "scanning", _set_target, target)
        for (path, key, _), result in zip(missing, results, strict=True):
            value = result if isinstance(result, ParseFailure) else tuple(result)
            self.cache.put("refs", key, value)
            self._collect(path, value, found)
        return found

    def _collect(
        self, path: Path, result: tuple[Reference, ...] | ParseFailure, found: list[Reference]
    ) -> None:
        if isinstance(result, ParseFailure):
            self.failures[path] = result
        else:
            found.extend(result)

    def parse_errors(self) -> list[Reference]:
        return [
            parse_error(self.corpus.paths[p], failure, self.corpus.data[p])
            for p, failure in self.failures.items()
        ]


def parse_error(path: str, failure: ParseFailure, data: bytes) -> Reference:
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


def scan(
    root: Path,
    column: ColumnRef,
    paths: Sequence[Path] = (),
    *,
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
) -> ScanResult:
    """Every reference to ``column`` in the project at ``root`` (see the module docstring)."""
    root = root.resolve()
    corpus = _Corpus(root, discover(root, paths, exclude, cache_dir))
    meter = _Progress(progress)
    try:
        state = _Scan(corpus, Cache(cache_dir), _Runner(jobs, meter))
        target = build_target(state.index_for(column), column)
        references = state.references(target)
    finally:
        meter.close()
    unique = sorted(set(references) | set(state.parse_errors()))
    return ScanResult(column, tuple(unique), len(corpus.files))


def index_project(
    root: Path,
    paths: Sequence[Path] = (),
    *,
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
) -> ProjectIndex:
    """The models of the project at ``root``: every file with a model marker, indexed."""
    root = root.resolve()
    corpus = _Corpus(root, discover(root, paths, exclude, cache_dir))
    state = _Scan(corpus, Cache(cache_dir), _Runner(None, _Progress(False)))
    state.read_facts(p for p in corpus.files if _INDEX_MARKER.search(corpus.data[p]))
    return state.index()


def build_index(root: Path, files: Sequence[Path]) -> ProjectIndex:
    """The index of exactly ``files`` (absolute, or relative to ``root``), uncached."""
    root = root.resolve()
    found: dict[str, F.FileFacts] = {}
    for file in files:
        path = file if file.is_absolute() else root / file
        rel = relative(root, path)
        try:
            parsed = parse(rel, path.read_bytes())
        except OSError:
            continue
        if isinstance(parsed, Source):
            found[rel] = F.extract(parsed)
    return ProjectIndex(found)
