"""Which files contain a word, found by a native search tool run as a subprocess.

A cold scan's prefilter used to read every file of the project in Python and search the
bytes there: on a million lines that took three times as long as all of ``grep -rnw``.
Here the search runs in GNU ``grep`` over the files discovery finds, named on its command
line in batches (several ``grep`` processes at once, started while the walk goes on), or,
where GNU grep is missing (macOS, BusyBox), in ``git grep`` inside a git work tree; only
the files the tool names are read in Python. GNU grep comes first even in a work tree:
there, ``git grep --untracked`` walks the untracked files itself and took longer than the
``grep`` processes given the list the walk makes anyway.

The answer must be the one the Python search gives, so that the candidate set never depends
on the tools installed:

- Words are searched in the C locale, where ``-w``'s word characters are ASCII letters,
  digits and the underscore: the Python search's word bytes. Names with any other character
  (a quoted identifier, a non-ASCII name) are left to Python.
- Files are named explicitly to ``grep`` (it never walks the tree), so discovery's rules,
  excluded globs and symbolic links included, hold by construction. ``git grep`` lists files
  itself (tracked, and untracked but not ignored with ``--untracked``); a file it did not
  search as it is on disk (ignored, in a submodule or a nested repository, a symbolic link,
  assume-unchanged or skip-worktree) is returned as unsearched, and the caller searches it
  in Python. ``git ls-files`` says which those are.
- A tool that fails (a missing file, an unreadable one, an unexpected exit status) leaves
  its files unsearched, never wrongly excluded.

The caller confirms every hit in Python (it reads those files anyway), so a tool may name a
file too many, never one too few.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Names a native tool searches exactly as the Python search does.
_SEARCHABLE = re.compile(r"[A-Za-z0-9_]+")
#: The most bytes of file names given to one ``grep`` (a command line holds at least 2 MB
#: on Linux and macOS, 32 KB on Windows).
_ARGUMENT_BYTES = 30_000 if sys.platform == "win32" else 500_000
#: Files per ``grep`` while the walk is still finding them: small enough that searching
#: starts early, large enough that starting a process is a small part of its work.
STREAM_BATCH = 4_000
#: The tools tried, in order ("grep": GNU grep; "git": git grep in a work tree). Empty, the
#: search runs in Python.
TOOLS: tuple[str, ...] = ("grep", "git")
#: Variables that would make git read another repository than the one around the root.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR")


def searchable(name: str) -> bool:
    """Whether a native tool finds ``name`` exactly where the Python search does."""
    return _SEARCHABLE.fullmatch(name) is not None


@dataclass(frozen=True)
class Found:
    """Files the tool found a word in, and files it did not search (search them in Python)."""

    hits: frozenset[str]
    unsearched: tuple[str, ...]


class Search:
    """A search under way. Give it files with :meth:`add` (it may start on them at once),
    then :meth:`wait` for the answer, or :meth:`cancel` it.

    ``prefixes`` are the prefixes it also searches as the start of a whole word (``Task``:
    ``Task``, ``Tasks``, ``TaskComment``), so its files with matches hold every file where
    any word that starts with one of them occurs. A tool that cannot search them leaves
    this empty."""

    prefixes: tuple[str, ...] = ()

    def add(self, files: Iterable[str]) -> None:
        """More files (relative to the root) to search."""
        raise NotImplementedError

    def close(self) -> None:
        """No more files: search all of them now, without waiting for the answer."""

    def wait(self, links: frozenset[str] = frozenset()) -> Found:
        """The answer over the files added; ``links`` are those that are symbolic links."""
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError


def start(
    root: str,
    words: Sequence[str],
    *,
    jobs: int = 1,
    batch: int | None = None,
    whole_words: bool = True,
    scope: Sequence[str] | None = None,
    prefixes: Sequence[str] = (),
) -> Search | None:
    """A search for ``words`` (each :func:`searchable` when ``whole_words``, else any ASCII
    text) in files relative to ``root``, with up to ``jobs`` processes, ``batch`` files
    each, by the first of :data:`TOOLS` that can run here. ``None`` when none can: search
    in Python. ``batch`` defaults to :data:`STREAM_BATCH`. ``scope`` (paths relative to
    ``root``: ``.``, directories, files) holds every file that will be added; given,
    ``git grep`` starts at once. ``prefixes`` (:func:`searchable`, with ``whole_words``)
    are searched too where the tool can (:attr:`Search.prefixes` says which were)."""
    if not words:
        return None
    for tool in TOOLS:
        if tool == "grep" and _gnu_grep() and (grep := shutil.which("grep")):
            starts = tuple(p for p in prefixes if searchable(p)) if whole_words else ()
            return _Grep(
                root, grep, words, whole_words, max(1, jobs), batch or STREAM_BATCH, starts
            )
        if tool == "git" and _work_tree(root) and (git := shutil.which("git")):
            return _GitGrep(root, git, words, whole_words, scope)
    return None


def find(
    root: str,
    files: Sequence[str],
    words: Sequence[str],
    *,
    links: frozenset[str] = frozenset(),
    jobs: int = 1,
    whole_words: bool = True,
) -> Found | None:
    """:func:`start` over ``files`` (split evenly over ``jobs`` processes), waited for."""
    batch = -(-len(files) // max(1, jobs)) if files else 1
    search = start(root, words, jobs=jobs, batch=batch, whole_words=whole_words)
    if search is None:
        return None
    search.add(files)
    return search.wait(links)


class _Grep(Search):
    """``grep`` processes over batches of files; each one's exit status vouches for its own
    batch."""

    def __init__(
        self, root: str, program: str, words: Sequence[str], whole_words: bool, jobs: int,
        batch: int, prefixes: tuple[str, ...] = (),
    ) -> None:  # fmt: skip
        if whole_words:  # one alternation: GNU grep's -F with several short words is slower
            # A prefix is a word of its own followed by any word characters (the C locale's:
            # those of -w), which costs the alternation nothing measurable.
            starts = [f"{prefix}[A-Za-z0-9_]*" for prefix in prefixes]
            pattern = ["--extended-regexp", "--word-regexp", "-e", "|".join([*words, *starts])]
            self.prefixes = prefixes
        else:
            pattern = ["--fixed-strings", *(arg for word in words for arg in ("-e", word))]
        self._command = [
            program, "--files-with-matches", "--null", "--text", "--no-messages",
            "--directories=skip", "--devices=skip", *pattern, "--",
        ]  # fmt: skip
        self._root = root
        self._jobs = jobs
        self._batch = batch
        self._buffer: list[str] = []
        self._size = 0
        self._queued: list[list[str]] = []
        self._running: list[tuple[subprocess.Popen[bytes], list[str]]] = []
        self._hits: set[str] = set()
        self._unsearched: list[str] = []

    def add(self, files: Iterable[str]) -> None:
        files = list(files)
        size = self._size + sum(map(len, files)) + len(files)
        if len(self._buffer) + len(files) < self._batch and size < _ARGUMENT_BYTES:
            # no batch fills up (the walk gives a directory's files at a time): no loop
            self._buffer.extend(files)
            self._size = size
            return
        for rel in files:
            self._buffer.append(rel)
            self._size += len(rel) + 1
            if len(self._buffer) >= self._batch or self._size >= _ARGUMENT_BYTES:
                self._queued.append(self._buffer)
                self._buffer, self._size = [], 0
                self._launch()

    def _launch(self, limit: int | None = None) -> None:
        """Collect the processes that have finished, and start queued batches, up to
        ``limit`` processes at once (default: ``jobs``)."""
        running = []
        for process, chunk in self._running:
            if process.poll() is None:
                running.append((process, chunk))
            else:
                self._collect(process, chunk)
        self._running = running
        while self._queued and len(self._running) < (limit or self._jobs):
            chunk = self._queued.pop(0)
            try:
                self._running.append((_spawn([*self._command, *chunk], self._root), chunk))
            except OSError:
                self._unsearched.extend(chunk)

    def _collect(self, process: subprocess.Popen[bytes], chunk: list[str]) -> None:
        out, _ = process.communicate()
        if process.returncode in (0, 1):  # 1: no file matched
            self._hits.update(_names(out))
        else:  # 2: trouble with some file; the caller searches them all
            self._unsearched.extend(chunk)

    def close(self) -> None:
        """Start every batch left: the files are all known, and the caller has other work
        to do (in Python) while they are searched."""
        if self._buffer:  # the rest, spread over the processes that are free
            parts = max(1, self._jobs - len(self._running))
            self._queued.extend(_split(self._buffer, parts))
            self._buffer = []
        self._launch(limit=len(self._running) + len(self._queued))

    def wait(self, links: frozenset[str] = frozenset()) -> Found:
        self.close()
        while self._running:
            self._collect(*self._running.pop(0))
            self._launch()
        return Found(frozenset(self._hits), tuple(self._unsearched))

    def cancel(self) -> None:
        self._queued.clear()
        for process, _ in self._running:
            _stop(process)
        self._running.clear()


class _GitGrep(Search):
    """``git grep`` over the work tree, and ``git ls-files`` to learn what it searched."""

    def __init__(
        self, root: str, program: str, words: Sequence[str], whole_words: bool,
        scope: Sequence[str] | None,
    ) -> None:  # fmt: skip
        self._root = root
        self._git = [program, "-c", "grep.fullName=false", "-c", "core.quotePath=false"]
        self._options = [
            "--files-with-matches", "-z", "--untracked", "--text", "--no-color",
            "--fixed-strings", *(["--word-regexp"] if whole_words else []),
            *(arg for word in words for arg in ("-e", word)),
        ]  # fmt: skip
        self._files: list[str] = []
        self._processes: list[subprocess.Popen[bytes]] = []
        self._failed = False
        if scope is not None:
            self._launch(scope)

    def _launch(self, scope: Iterable[str]) -> None:
        spec = ["--", *_pathspecs(scope)]
        listing = ["ls-files", "-z", "-v", "--cached", "--others", "--exclude-standard"]
        try:
            self._processes.append(_spawn([*self._git, "grep", *self._options, *spec], self._root))
            self._processes.append(_spawn([*self._git, *listing, *spec], self._root))
        except OSError:
            self._failed = True

    def add(self, files: Iterable[str]) -> None:
        self._files.extend(files)

    def close(self) -> None:
        if not self._processes and not self._failed:
            self._launch(self._files)

    def wait(self, links: frozenset[str] = frozenset()) -> Found:
        self.close()
        if self._failed:
            self.cancel()
            return Found(frozenset(), tuple(self._files))
        grep, ls_files = self._processes
        out, _ = grep.communicate()
        listed, _ = ls_files.communicate()
        if grep.returncode not in (0, 1) or ls_files.returncode != 0:
            return Found(frozenset(), tuple(self._files))
        # ``-v`` tags each path: H tracked, M unmerged, ? untracked; lower case marks an
        # assume-unchanged file and S skip-worktree, which git grep reads from the index.
        tagged = {name[2:] for name in _names(listed) if name[:2] in ("H ", "M ", "? ")}
        searched = tagged.intersection(self._files) - links
        hits = frozenset(name for name in _names(out) if name in searched)
        return Found(hits, tuple(rel for rel in self._files if rel not in searched))

    def cancel(self) -> None:
        for process in self._processes:
            _stop(process)


def _spawn(command: list[str], root: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, cwd=root, env=_environment(), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate()


@lru_cache(maxsize=1)
def _environment() -> dict[str, str]:
    """The C locale (ASCII word characters) and no settings that change the output."""
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION}
    env.pop("GREP_OPTIONS", None)
    env["LC_ALL"] = "C"
    return env


@lru_cache(maxsize=1)
def _gnu_grep() -> bool:
    """Whether ``grep`` is GNU grep, whose ``-w`` and options this module relies on."""
    grep = shutil.which("grep")
    if grep is None:
        return False
    try:
        done = subprocess.run(
            [grep, "--version"], env=_environment(), stdin=subprocess.DEVNULL,
            capture_output=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.startswith(b"grep (GNU grep)")


def _work_tree(root: str) -> bool:
    """Whether ``root`` is inside a git work tree (a ``.git`` above it, file or directory)."""
    directory = os.path.abspath(root)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return True
        parent = os.path.dirname(directory)
        if parent == directory:
            return False
        directory = parent


def _split(files: list[str], parts: int) -> Iterator[list[str]]:
    size = -(-len(files) // parts)
    return (files[i : i + size] for i in range(0, len(files), size))


def _pathspecs(paths: Iterable[str]) -> list[str]:
    """Git pathspecs for every ``*.py`` under ``paths``: the top directory of each path
    (the scan's roots, usually one); a path at the top is a file, or ``.``."""
    tops: set[str] = set()
    loose: list[str] = []
    for rel in paths:
        top, slash, _ = rel.partition("/")
        if rel == ".":
            return [":(glob)**/*.py"]
        if slash or not rel.endswith(".py"):
            tops.add(top)
        else:
            loose.append(f":(literal){rel}")
    return [*(f":(glob){top}/**/*.py" for top in sorted(tops)), *loose]


def _names(output: bytes) -> Iterator[str]:
    return (os.fsdecode(name) for name in output.split(b"\0") if name)
