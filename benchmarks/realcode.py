"""Score ``colretire refs`` on real column removals from public projects, against ``grep -w``.

    python benchmarks/realcode.py [--format text|json] [--only ID ...] [--pypi-only]
                                  [--cache DIR] [--mirrors DIR] [--colretire PATH]
                                  [--record blind|current] [--check]

The corpus is ``benchmarks/realcode/projects/*.toml``: one file per project, each naming where
its source comes from (a pinned PyPI release, or a commit of a public git repository) and, for
every removal event, the column and the truth: every line of application code that refers to
it, and the word hits of its names that are not references. See docs/realcode.md.

For each project the run fetches the source into a cache directory (``pip download`` for PyPI
releases; ``git archive`` from a local mirror for git sources, skipped with a note when the
mirror is absent), runs ``colretire refs TABLE.COLUMN --format json`` for every event, and
scores the findings by (path, line) against the labels: recall and precision of ``certain`` +
``likely`` findings, the same for the lines ``grep -w COLUMN`` prints, and every missed or
wrong line. Migration files and test directories are outside the labels and outside the score.

``--record`` writes the figures of the run into ``benchmarks/realcode/scores.json`` (``blind``
once, when a project is added and before any fix made for it; ``current`` after fixes);
``--check`` exits 1 when a project scores below its recorded ``current`` figures.
Exit codes: 0 done, 1 ``--check`` found a drop or a command failed, 2 bad corpus or usage.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "realcode" / "projects"
SCORES = HERE / "realcode" / "scores.json"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "colretire-realcode"

REF_KINDS = frozenset(
    {
        "declaration",
        "class-attribute",
        "instance-attribute",
        "keyword",
        "schema-field",
        "string",
        "raw-sql",
        "relationship",
        "wrapper",
        "composite",
        "other",
    }
)
NONREF_REASONS = frozenset(
    {"other-table", "local", "comment", "string", "attribute", "framework", "other"}
)
#: Findings of these kinds are history or failures, not references to score.
UNSCORED_KINDS = frozenset({"migration", "parse-error"})
SCORED_CONFIDENCES = frozenset({"certain", "likely"})
_LABEL = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+|\*)\s+(?P<kind>[a-z-]+)(?::\s*(?P<note>.*))?$"
)


class CorpusError(Exception):
    """A manifest that does not follow the format: the run stops with exit 2."""


@dataclass(frozen=True)
class Label:
    path: str
    line: int | None  # None: the whole file
    kind: str
    note: str

    @classmethod
    def parse(cls, text: str, kinds: frozenset[str], where: str) -> Label:
        match = _LABEL.match(text.strip())
        if not match or match["kind"] not in kinds:
            raise CorpusError(
                f"{where}: not a label of the form 'path:line kind[: note]': {text!r}"
            )
        line = None if match["line"] == "*" else int(match["line"])
        return cls(match["path"], line, match["kind"], match["note"] or "")


@dataclass(frozen=True)
class Event:
    id: str
    column: str
    removed: str
    refs: tuple[Label, ...]
    nonrefs: tuple[Label, ...]
    disputed: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.column.rpartition(".")[2]

    @property
    def ref_lines(self) -> set[tuple[str, int]]:
        return {(label.path, label.line) for label in self.refs if label.line is not None}


@dataclass(frozen=True)
class Source:
    kind: str  # "pypi" or "git"
    requirement: str = ""
    dist: str = "sdist"
    repo: str = ""
    commit: str = ""
    root: str = "."
    scan: tuple[str, ...] = (".",)
    migrations: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    styles: tuple[str, ...]
    source: Source
    events: tuple[Event, ...]
    file: Path

    def in_scope(self, path: str) -> bool:
        """Whether a path (relative to the source root) is application code the labels cover."""
        inside = any(_under(path, top) for top in self.source.scan)
        outside = any(_under(path, top) for top in (*self.source.migrations, *self.source.tests))
        return inside and not outside and path.endswith(".py")


def _under(path: str, top: str) -> bool:
    top = top.strip("/")
    return top in ("", ".") or path == top or path.startswith(top + "/")


# -- the manifest ----------------------------------------------------------------------------


def load_corpus(directory: Path | None = None) -> list[Project]:
    files = sorted((directory or CORPUS).glob("*.toml"))
    projects = [load_project(path) for path in files]
    seen: Counter[str] = Counter(e.id for p in projects for e in p.events)
    duplicated = sorted(name for name, count in seen.items() if count > 1)
    if duplicated:
        raise CorpusError(f"event ids used twice: {', '.join(duplicated)}")
    return projects


def load_project(path: Path) -> Project:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CorpusError(f"{path}: {error}") from None
    try:
        source = _source(data["source"])
        events = tuple(_event(item, path) for item in data["events"])
        return Project(
            id=data["id"],
            name=data.get("name", data["id"]),
            styles=tuple(data.get("styles", ())),
            source=source,
            events=events,
            file=path,
        )
    except (KeyError, TypeError) as error:
        raise CorpusError(f"{path}: missing or malformed field {error}") from None


def _source(table: dict[str, object]) -> Source:
    kind = str(table["kind"])
    if kind not in ("pypi", "git"):
        raise CorpusError(f"source kind must be 'pypi' or 'git', not {kind!r}")
    return Source(
        kind=kind,
        requirement=str(table.get("requirement", "")),
        dist=str(table.get("dist", "sdist")),
        repo=str(table.get("repo", "")),
        commit=str(table.get("commit", "")),
        root=str(table.get("root", ".")),
        scan=tuple(_strings(table.get("scan", ["."]))),
        migrations=tuple(_strings(table.get("migrations", []))),
        tests=tuple(_strings(table.get("tests", []))),
    )


def _strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("a list of strings")
    return value


def _event(table: dict[str, object], path: Path) -> Event:
    event_id = str(table["id"])
    where = f"{path.name}: event {event_id}"
    return Event(
        id=event_id,
        column=str(table["column"]),
        removed=str(table.get("removed", "")),
        refs=tuple(Label.parse(t, REF_KINDS, where) for t in _strings(table.get("refs", []))),
        nonrefs=tuple(
            Label.parse(t, NONREF_REASONS, where) for t in _strings(table.get("nonrefs", []))
        ),
        disputed=tuple(_strings(table.get("disputed", []))),
    )


# -- fetching sources -------------------------------------------------------------------------


class Unavailable(Exception):
    """A source that cannot be had on this machine (no network, no mirror): skipped, said."""


def source_root(project: Project, cache: Path, mirrors: Path | None) -> Path:
    """The unpacked source of ``project`` in ``cache``, fetched on first use."""
    unpacked = cache / "src" / project.id / _source_key(project.source)
    done = unpacked / ".complete"
    if not done.exists():
        shutil.rmtree(unpacked, ignore_errors=True)
        unpacked.mkdir(parents=True)
        if project.source.kind == "pypi":
            _unpack(_download(project.source, cache / "downloads"), unpacked)
        else:
            _export(project.source, mirrors, unpacked)
        done.write_text("")
    root = unpacked / project.source.root
    if not root.is_dir():
        raise CorpusError(f"{project.file.name}: source root {project.source.root!r} not found")
    return root


def _source_key(source: Source) -> str:
    text = source.requirement or f"{source.repo}@{source.commit}"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", f"{text}-{source.dist}")


def _download(source: Source, downloads: Path) -> Path:
    """The release's sdist or wheel, from the package index's simple API, checked against the
    sha256 the index gives. (``pip download`` of an sdist would build its metadata first,
    which needs the project's build backend.)"""
    target = downloads / _source_key(source)
    existing = _archives(target)
    if existing:
        return existing[0]
    name, _, version = source.requirement.partition("==")
    if not name or not version:
        raise CorpusError(
            f"a PyPI source needs an exact pin NAME==VERSION, not {source.requirement!r}"
        )
    url, digest = _release_file(name.strip(), version.strip(), source.dist)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except OSError as error:
        raise Unavailable(f"cannot download {url}: {error}") from None
    if digest and hashlib.sha256(data).hexdigest() != digest:
        raise Unavailable(f"{url}: sha256 does not match the index")
    target.mkdir(parents=True, exist_ok=True)
    path = target / url.rpartition("/")[2]
    path.with_suffix(".part").write_bytes(data)
    path.with_suffix(".part").replace(path)
    return path


def _release_file(name: str, version: str, dist: str) -> tuple[str, str]:
    """The URL and sha256 of ``name==version``'s sdist or (pure Python) wheel."""
    normal = re.sub(r"[-_.]+", "-", name).lower()
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    try:
        with urllib.request.urlopen(f"{index}/{normal}/", timeout=60) as response:
            page = response.read().decode("utf-8", "replace")
    except OSError as error:
        raise Unavailable(f"cannot reach the package index for {name}: {error}") from None
    stem = re.sub(r"[-_.]+", "[-_.]", re.escape(normal).replace("\\-", "-"))
    if dist == "sdist":
        wanted = re.compile(rf"(?i)^{stem}-{re.escape(version)}\.tar\.gz$")
    else:
        wanted = re.compile(rf"(?i)^{stem}-{re.escape(version)}-.*-none-any\.whl$")
    for href in re.findall(r'href="([^"]+)"', page):
        url, _, fragment = html.unescape(href).partition("#")
        if wanted.match(url.rpartition("/")[2]):
            digest = fragment.removeprefix("sha256=") if fragment.startswith("sha256=") else ""
            return urllib.parse.urljoin(f"{index}/{normal}/", url), digest
    raise Unavailable(f"the package index has no {dist} of {name}=={version}")


def _archives(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.endswith((".whl", ".zip", ".tar.gz")))


def _unpack(archive: Path, into: Path) -> None:
    if archive.name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(into)
    else:
        with tarfile.open(archive) as tarred:
            tarred.extractall(into, filter="data")


def _export(source: Source, mirrors: Path | None, into: Path) -> None:
    git_dir = find_mirror(source.repo, mirrors)
    # Only the Python files of the labelled paths: a mirror may lack large blobs (built
    # assets, data files).
    tops = [p.strip("/") for p in source.scan if p not in ("", ".")] or [""]
    paths = [f":(glob){top + '/' if top else ''}**/*.py" for top in tops]
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", "--format=tar", source.commit, "--", *paths],
        capture_output=True,
    )
    if archive.returncode != 0:
        raise Unavailable(f"{source.repo}: commit {source.commit} not in the mirror {git_dir}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tarred:
        tarred.extractall(into, filter=_files_only)


def _files_only(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """The ``data`` filter, for regular files and directories only: a repository may hold
    links to paths outside it (Pagure's hook scripts link to ``/does/not/exist``), which
    that filter refuses and which hold no source of the snapshot's own."""
    if member.issym() or member.islnk():
        return None
    return tarfile.data_filter(member, path)


def find_mirror(repo: str, mirrors: Path | None) -> Path:
    """The bare git directory of ``repo`` (``owner/name``) under ``mirrors``.

    A mirror directory is named ``owner+name`` and holds the git directory at any depth.
    """
    if mirrors is None:
        raise Unavailable(
            f"{repo}: a git source; pass --mirrors DIR (or set COLRETIRE_REALCODE_MIRRORS)"
        )
    base = mirrors / repo.replace("/", "+")
    candidates = [base, *sorted(base.glob("**/"))] if base.is_dir() else []
    for candidate in candidates:
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    raise Unavailable(f"{repo}: no git mirror under {mirrors}")


# -- running colretire and grep ---------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str
    confidence: str
    code: str
    message: str
    #: the last line of a reference written over several lines (a declaration)
    end_line: int | None = None


def prepare(root: Path) -> None:
    """Make ``root`` a place colretire can run in: a ``pyproject.toml`` (a wheel has none) and
    no scan cache left from an earlier build of colretire."""
    pyproject = root / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text("[project]\nname = 'unpacked'\n", encoding="utf-8")
    shutil.rmtree(root / ".colretire-cache", ignore_errors=True)


def run_refs(colretire: Sequence[str], root: Path, project: Project, event: Event) -> RefsRun:
    command = [*colretire, "-C", str(root), "refs", event.column, *project.source.scan]
    explain = ["--explain"] if _supports_explain(tuple(colretire)) else []
    result = subprocess.run(
        [*command, "--format", "json", *explain], cwd=root, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{event.id}: colretire refs exited {result.returncode}: {result.stderr.strip()[-500:]}"
        )
    document = json.loads(result.stdout)
    findings = [
        Finding(
            path=item["path"],
            line=item["line"],
            kind=item["kind"],
            confidence=item["confidence"],
            code=item["code"],
            message=item.get("message", ""),
            end_line=item.get("end_line"),
        )
        for item in document["references"]
    ]
    # The unexplained tier: occurrences colretire could not judge; and the other lines of
    # references whose statement names the column on several lines.
    findings += [
        Finding(item["path"], item["line"], "unexplained", "unexplained", "CR900", item["detail"])
        for item in document.get("unexplained", ())
    ]
    findings += [
        Finding(path, line, "occurrence", "certain", "", "part of a reference")
        for path, line in document.get("reference_lines", ())
    ]
    findings += [
        Finding(item["path"], item["line"], "excluded", "excluded", item["reason"], item["detail"])
        for item in document.get("exclusions", ())
    ]
    accounting = document.get("accounting", {})
    return RefsRun(
        findings,
        int(accounting.get("occurrences", 0)),
        int(accounting.get("unexplained", 0)),
        int(accounting.get("in_references", 0)),
        {str(k): int(v) for k, v in dict(accounting.get("excluded", {})).items()},
    )


@dataclass(frozen=True)
class RefsRun:
    """What one ``colretire refs`` printed: its findings, and how many occurrences of the
    column's names it accounted for, of which how many it left unexplained."""

    findings: list[Finding]
    occurrences: int = 0
    unexplained: int = 0
    in_references: int = 0
    excluded: dict[str, int] = field(default_factory=dict)


@functools.cache
def _supports_explain(colretire: tuple[str, ...]) -> bool:
    result = subprocess.run([*colretire, "refs", "--help"], capture_output=True, text=True)
    return "--explain" in result.stdout


def grep_lines(root: Path, project: Project, name: str) -> set[tuple[str, int]]:
    """The (path, line) pairs ``grep -rnw --include=*.py NAME`` prints, within the scope."""
    command = ["grep", "-rnwI", "--include=*.py", "-e", name, "--", *project.source.scan]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, errors="replace")
    if result.returncode > 1:
        raise RuntimeError(f"grep failed: {result.stderr.strip()}")
    lines = set()
    for row in result.stdout.splitlines():
        path, _, rest = row.partition(":")
        number, _, _ = rest.partition(":")
        path = os.path.normpath(path).replace(os.sep, "/")
        if number.isdigit() and project.in_scope(path):
            lines.add((path, int(number)))
    return lines


# -- scoring ----------------------------------------------------------------------------------


@dataclass
class Tally:
    labelled: int = 0
    found: int = 0  # labelled lines the tool reported
    reported: int = 0  # lines the tool reported, in scope
    correct: int = 0  # reported lines that are labelled references
    unexplained: int = 0  # labelled lines reported only as unexplained
    occurrences: int = 0  # occurrences of the names the tool accounted for
    unexplained_occurrences: int = 0  # of which it could not judge
    likely: int = 0  # reported lines whose only findings are ``likely``
    likely_correct: int = 0  # of which are labelled references
    in_references: int = 0  # occurrences that are part of a reference
    excluded: Counter[str] = field(default_factory=Counter)  # occurrences by exclusion reason

    def add(self, other: Tally) -> None:
        self.in_references += other.in_references
        self.excluded.update(other.excluded)
        self.likely += other.likely
        self.likely_correct += other.likely_correct
        self.labelled += other.labelled
        self.found += other.found
        self.reported += other.reported
        self.correct += other.correct
        self.unexplained += other.unexplained
        self.occurrences += other.occurrences
        self.unexplained_occurrences += other.unexplained_occurrences

    @property
    def unexplained_share(self) -> float:
        return self.unexplained_occurrences / self.occurrences if self.occurrences else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.reported if self.reported else 1.0

    @property
    def likely_precision(self) -> float:
        return self.likely_correct / self.likely if self.likely else 1.0

    @property
    def recall_with_unexplained(self) -> float:
        return (self.found + self.unexplained) / self.labelled if self.labelled else 1.0


@dataclass
class EventScore:
    event: Event
    tool: Tally
    grep: Tally
    missed: list[Label] = field(default_factory=list)
    wrong: list[Finding] = field(default_factory=list)
    unexplained_lines: set[tuple[str, int]] = field(default_factory=set)
    excluded: dict[tuple[str, int], str] = field(default_factory=dict)

    def seen(self, label: Label) -> str:
        """What the tool said of a missed label's line, if anything."""
        where = (label.path, label.line or 0)
        if where in self.unexplained_lines:
            return " (unexplained)"
        if where in self.excluded:
            return f" (excluded: {self.excluded[where]})"
        return ""


def score_event(
    project: Project, event: Event, run: RefsRun | Iterable[Finding], grep: set[tuple[str, int]]
) -> EventScore:
    if not isinstance(run, RefsRun):
        run = RefsRun(list(run))
    findings = run.findings
    truth = event.ref_lines
    scored = [
        f
        for f in findings
        if f.kind not in UNSCORED_KINDS
        and f.confidence in SCORED_CONFIDENCES
        and project.in_scope(f.path)
    ]
    unexplained = {
        (f.path, f.line)
        for f in findings
        if f.confidence == "unexplained" and project.in_scope(f.path)
    }
    # A reference written over several lines is one finding: a labelled line inside it
    # (``ForeignKey(...)`` of a declaration, on a line of its own) is found with it; an
    # unlabelled one is no second, wrong finding, whether colretire also lists it among
    # the lines of a reference or not.
    inside = {
        (f.path, line)
        for f in scored
        if f.end_line is not None
        for line in range(f.line + 1, f.end_line + 1)
    }
    reported = {
        (f.path, f.line) for f in scored if f.kind != "occurrence" or (f.path, f.line) not in inside
    }
    reported |= truth & inside
    certain = {
        (f.path, f.line) for f in scored if f.confidence == "certain" and f.kind != "occurrence"
    }
    likely = {(f.path, f.line) for f in scored if f.confidence == "likely"} - certain
    missed_lines = truth - reported
    tool = Tally(
        labelled=len(truth),
        found=len(truth & reported),
        reported=len(reported),
        correct=len(reported & truth),
        unexplained=len(missed_lines & unexplained),
        occurrences=run.occurrences,
        unexplained_occurrences=run.unexplained,
        in_references=run.in_references,
        excluded=Counter(run.excluded),
        likely=len(likely),
        likely_correct=len(likely & truth),
    )
    grep_tally = Tally(
        labelled=len(truth),
        found=len(truth & grep),
        reported=len(grep),
        correct=len(grep & truth),
    )
    missed = sorted(
        {
            (lb.path, lb.line): lb for lb in event.refs if (lb.path, lb.line) in missed_lines
        }.values(),
        key=lambda lb: (lb.path, lb.line or 0),
    )
    wrong_lines = reported - truth
    wrong = sorted(
        {(f.path, f.line): f for f in scored if (f.path, f.line) in wrong_lines}.values(),
        key=lambda f: (f.path, f.line),
    )
    excluded = {
        (f.path, f.line): f"{f.code}: {f.message}" for f in findings if f.confidence == "excluded"
    }
    return EventScore(event, tool, grep_tally, missed, wrong, unexplained, excluded)


@dataclass
class ProjectScore:
    project: Project
    events: list[EventScore] = field(default_factory=list)
    skipped: str | None = None

    def tally(self, which: str) -> Tally:
        total = Tally()
        for event in self.events:
            total.add(getattr(event, which))
        return total


def score_project(
    project: Project, colretire: Sequence[str], cache: Path, mirrors: Path | None
) -> ProjectScore:
    try:
        root = source_root(project, cache, mirrors)
    except Unavailable as why:
        return ProjectScore(project, skipped=str(why))
    prepare(root)
    score = ProjectScore(project)
    for event in project.events:
        findings = run_refs(colretire, root, project, event)
        score.events.append(
            score_event(project, event, findings, grep_lines(root, project, event.name))
        )
    return score


def validate(project: Project, root: Path) -> list[str]:
    """Labels that point at no such line, or at a line without the word they claim."""
    problems = []
    for event in project.events:
        for label in (*event.refs, *event.nonrefs):
            file = root / label.path
            if not file.is_file():
                problems.append(f"{event.id}: {label.path}: no such file")
                continue
            if label.line is None:
                continue
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
            if not 1 <= label.line <= len(lines):
                problems.append(f"{event.id}: {label.path}:{label.line}: no such line")
            if not project.in_scope(label.path):
                problems.append(f"{event.id}: {label.path}: outside the project's scope")
    return problems


# -- output -----------------------------------------------------------------------------------


def figures(tally: Tally) -> dict[str, float | int]:
    return {
        "labelled": tally.labelled,
        "found": tally.found,
        "reported": tally.reported,
        "correct": tally.correct,
        "recall": round(tally.recall, 3),
        "precision": round(tally.precision, 3),
        "recall_with_unexplained": round(tally.recall_with_unexplained, 3),
        "occurrences": tally.occurrences,
        "unexplained_occurrences": tally.unexplained_occurrences,
        "unexplained_share": round(tally.unexplained_share, 3),
        "likely": tally.likely,
        "likely_precision": round(tally.likely_precision, 3),
        "in_references": tally.in_references,
        "excluded": dict(sorted(tally.excluded.items())),
    }


def as_json(scores: list[ProjectScore]) -> dict[str, object]:
    ran = [s for s in scores if s.skipped is None]
    tool, grep = Tally(), Tally()
    for score in ran:
        tool.add(score.tally("tool"))
        grep.add(score.tally("grep"))
    return {
        "version": 1,
        "projects": [_project_json(score) for score in scores],
        "events": sum(len(s.events) for s in ran),
        "labelled": tool.labelled,
        "recall": round(tool.recall, 3),
        "precision": round(tool.precision, 3),
        "recall_with_unexplained": round(tool.recall_with_unexplained, 3),
        "unexplained_share": round(tool.unexplained_share, 3),
        "likely": tool.likely,
        "likely_precision": round(tool.likely_precision, 3),
        "grep": {"recall": round(grep.recall, 3), "precision": round(grep.precision, 3)},
        "skipped": {s.project.id: s.skipped for s in scores if s.skipped is not None},
    }


def _project_json(score: ProjectScore) -> dict[str, object]:
    if score.skipped is not None:
        return {"id": score.project.id, "skipped": score.skipped}
    return {
        "id": score.project.id,
        "source": score.project.source.requirement or score.project.source.repo,
        "events": [_event_json(e) for e in score.events],
        **figures(score.tally("tool")),
        "grep": figures(score.tally("grep")),
    }


def _event_json(score: EventScore) -> dict[str, object]:
    return {
        "id": score.event.id,
        "column": score.event.column,
        **figures(score.tool),
        "grep": figures(score.grep),
        "missed": [f"{lb.path}:{lb.line} {lb.kind}" for lb in score.missed],
        "wrong": [f"{f.path}:{f.line} {f.code} [{f.confidence}] {f.message}" for f in score.wrong],
    }


def as_text(scores: list[ProjectScore], details: bool = True) -> Iterator[str]:
    header = f"{'project':<14}{'events':>7}{'labelled':>9}{'recall':>8}{'precision':>10}"
    yield header + f"{'+unexpl.':>10}{'unexpl.%':>9}{'grep recall':>13}{'grep prec.':>11}"
    tool_all, grep_all = Tally(), Tally()
    for score in scores:
        if score.skipped is not None:
            yield f"{score.project.id:<14} skipped: {score.skipped}"
            continue
        tool, grep = score.tally("tool"), score.tally("grep")
        tool_all.add(tool)
        grep_all.add(grep)
        yield _row(score.project.id, len(score.events), tool, grep)
    yield _row("overall", sum(len(s.events) for s in scores), tool_all, grep_all)
    yield (
        f"likely findings: {tool_all.likely}, of which right: "
        f"{tool_all.likely_precision:.3f} (certain + likely precision above)"
    )
    yield from accounting_table(scores)
    if not details:
        return
    for score in scores:
        for event in score.events:
            if not event.missed and not event.wrong:
                continue
            yield ""
            yield f"{event.event.id} ({event.event.column}): recall {event.tool.recall:.3f}, precision {event.tool.precision:.3f}"
            for label in event.missed:
                yield f"  missed {label.path}:{label.line} {label.kind}{event.seen(label)}"
            for finding in event.wrong:
                yield f"  wrong  {finding.path}:{finding.line} {finding.code} [{finding.confidence}] {finding.message}"


def accounting_table(scores: list[ProjectScore]) -> Iterator[str]:
    """Where every occurrence of the columns' names ended, per project: in a reference,
    excluded (by reason), or unexplained."""
    ran = [s for s in scores if s.skipped is None]
    totals = Tally()
    for score in ran:
        totals.add(score.tally("tool"))
    reasons = sorted(totals.excluded)
    yield ""
    yield "occurrences of the names: in a reference / excluded, by reason / unexplained"
    yield (
        f"{'project':<14}{'total':>7}{'refs':>6}"
        + "".join(f"{r[:11]:>12}" for r in reasons)
        + f"{'unexpl.':>9}"
    )
    rows = [(s.project.id, s.tally("tool")) for s in ran] + [("overall", totals)]
    for name, tally in rows:
        yield (
            f"{name:<14}{tally.occurrences:>7}{tally.in_references:>6}"
            + "".join(f"{tally.excluded.get(r, 0):>12}" for r in reasons)
            + f"{tally.unexplained_occurrences:>9}"
        )


def _row(name: str, events: int, tool: Tally, grep: Tally) -> str:
    return (
        f"{name:<14}{events:>7}{tool.labelled:>9}{tool.recall:>8.3f}{tool.precision:>10.3f}"
        f"{tool.recall_with_unexplained:>10.3f}{100 * tool.unexplained_share:>8.1f}%"
        f"{grep.recall:>13.3f}{grep.precision:>11.3f}"
    )


# -- recorded figures -------------------------------------------------------------------------


def read_scores(path: Path = SCORES) -> dict[str, dict[str, object]]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8"))["projects"])


def record(scores: list[ProjectScore], which: str, commit: str, path: Path = SCORES) -> None:
    recorded = read_scores(path)
    for score in scores:
        if score.skipped is not None:
            continue
        entry = dict(recorded.get(score.project.id, {}))
        if which == "blind" and "blind" in entry:
            continue  # a blind figure is taken once, before any fix; it is never replaced
        tool = score.tally("tool")
        entry[which] = {
            "recall": round(tool.recall, 3),
            "precision": round(tool.precision, 3),
            "recall_with_unexplained": round(tool.recall_with_unexplained, 3),
            "unexplained_share": round(tool.unexplained_share, 3),
            "labelled": tool.labelled,
            "events": len(score.events),
            "commit": commit,
            "date": date.today().isoformat(),
        }
        grep = score.tally("grep")
        entry["grep"] = {"recall": round(grep.recall, 3), "precision": round(grep.precision, 3)}
        recorded[score.project.id] = entry
    document = {"version": 1, "projects": dict(sorted(recorded.items()))}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def regressions(scores: list[ProjectScore], path: Path = SCORES) -> list[str]:
    """Projects whose figures fell behind the recorded ``current`` ones: recall, precision
    or recall with the unexplained tier lower, or a larger share of occurrences
    unexplained."""
    recorded = read_scores(path)
    problems = []
    for score in scores:
        current = recorded.get(score.project.id, {}).get("current")
        if score.skipped is not None or not isinstance(current, dict):
            continue
        tool = score.tally("tool")
        for measure in ("recall", "precision", "recall_with_unexplained"):
            now, then = round(getattr(tool, measure), 3), float(current.get(measure, 0.0))
            if now < then:
                problems.append(f"{score.project.id}: {measure} {now:.3f} < recorded {then:.3f}")
        share, then = round(tool.unexplained_share, 3), current.get("unexplained_share")
        if then is not None and share > float(then):
            problems.append(
                f"{score.project.id}: unexplained share {share:.3f} > recorded {float(then):.3f}"
            )
    return problems


# -- command line -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--only", nargs="+", metavar="ID", help="projects or events to run")
    parser.add_argument("--pypi-only", action="store_true", help="only sources CI can download")
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="downloads and unpacked sources"
    )
    parser.add_argument(
        "--mirrors",
        type=Path,
        default=os.environ.get("COLRETIRE_REALCODE_MIRRORS") or None,
        help="directory of git mirrors named owner+name, for git sources",
    )
    parser.add_argument("--colretire", default=None, help="the colretire command to measure")
    parser.add_argument(
        "--record", choices=("blind", "current"), help="write the figures to scores.json"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 below the recorded figures")
    parser.add_argument(
        "--validate", action="store_true", help="only check that every label points at a line"
    )
    parser.add_argument("--brief", action="store_true", help="text: the table only")
    args = parser.parse_args(argv)

    try:
        projects = select(load_corpus(), args.only, args.pypi_only)
    except CorpusError as error:
        print(f"realcode: {error}", file=sys.stderr)
        return 2
    colretire = [args.colretire] if args.colretire else [_default_colretire()]
    if args.validate:
        return _validate_all(projects, args.cache, args.mirrors)
    scores = []
    for project in projects:
        print(f"realcode: {project.id} ...", file=sys.stderr, flush=True)
        scores.append(score_project(project, colretire, args.cache, args.mirrors))
    if args.format == "json":
        print(json.dumps(as_json(scores), indent=2))
    else:
        print("\n".join(as_text(scores, details=not args.brief)))
    if args.record:
        record(scores, args.record, _commit())
    if args.check:
        problems = regressions(scores)
        for problem in problems:
            print(f"realcode: below the recorded score: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def select(projects: list[Project], only: Sequence[str] | None, pypi_only: bool) -> list[Project]:
    if pypi_only:
        projects = [p for p in projects if p.source.kind == "pypi"]
    if not only:
        return projects
    wanted = set(only)
    chosen = []
    for project in projects:
        if project.id in wanted:
            chosen.append(project)
            continue
        events = tuple(e for e in project.events if e.id in wanted)
        if events:
            chosen.append(
                Project(
                    project.id, project.name, project.styles, project.source, events, project.file
                )
            )
    unknown = wanted - {p.id for p in chosen} - {e.id for p in chosen for e in p.events}
    if unknown:
        raise CorpusError(f"no such project or event: {', '.join(sorted(unknown))}")
    return chosen


def _validate_all(projects: list[Project], cache: Path, mirrors: Path | None) -> int:
    status = 0
    for project in projects:
        try:
            root = source_root(project, cache, mirrors)
        except Unavailable as why:
            print(f"{project.id}: skipped: {why}")
            continue
        problems = validate(project, root)
        labelled = sum(len(e.ref_lines) for e in project.events)
        print(
            f"{project.id}: {len(project.events)} events, {labelled} labelled lines, {len(problems)} problem(s)"
        )
        for problem in problems:
            print(f"  {problem}")
        status = status or (1 if problems else 0)
    return status


def _default_colretire() -> str:
    """The ``colretire`` beside this interpreter (a virtual environment's), else on PATH."""
    beside = Path(sys.executable).parent / "colretire"
    return str(beside) if beside.exists() else "colretire"


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
