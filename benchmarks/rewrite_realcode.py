"""Run ``colretire rewrite --write`` on every removal event of the real-code corpus and check
what it leaves behind.

    python benchmarks/rewrite_realcode.py [--only ID ...] [--pypi-only] [--format text|json]
                                          [--cache DIR] [--mirrors DIR] [--colretire PATH]

The corpus and its sources are those of ``benchmarks/realcode.py`` (docs/realcode.md). For
each event, in a scratch copy of the project's labelled paths (the unpacked source is never
changed), the run:

1. lists the proven (``certain``) references with ``colretire refs`` (migrations and files
   that do not parse aside);
2. runs ``colretire rewrite TABLE.COLUMN SCAN... --write`` and compares every file with the
   original;
3. checks that every changed file compiles under the running Python, that ruff's F rules
   (pyflakes) find nothing in the changed files that they did not find before, that no file
   without a certain reference changed, that every certain reference left in place is marked
   with a ``# colretire:`` comment, and that a second ``rewrite`` prints no diff. A file that
   does not parse under the running Python (a Python 2 module) is left as it is and cannot
   carry a mark: its references must be among those the rewrite reports as left for a
   person (``noparse`` counts them).

It also counts the definitions (model attributes, schema fields) the rewrite held back
because unexplained occurrences may use them (``held``; docs/rewrite.md).

Exit codes: 0 every event passed every check, 1 a check failed or a command failed, 2 bad
corpus or usage. A benchmark of the same family as realcode.py: it reports figures, and the
exit code says whether the rewrite's promises held.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import realcode

from colretire.model import Confidence, Reference, ReferenceKind
from colretire.rewrite import compile_problem, unmarked

UNSCORED = frozenset({ReferenceKind.MIGRATION, ReferenceKind.PARSE_ERROR})


@dataclass
class EventResult:
    """What one event's rewrite did, and what each check found (empty lists: it held)."""

    project: str
    event: str
    column: str
    certain: int = 0
    removed: int = 0
    left: int = 0
    #: the definitions (model attribute, schema fields) held back because unexplained
    #: occurrences may use them; they are among ``left``
    held: int = 0
    #: certain references left in files that do not parse under the running Python: such a
    #: file is left as it is and cannot carry a mark; each must be among those the rewrite
    #: reported as left for a person (else it is counted in ``unmarked``)
    in_unparsed: int = 0
    files_changed: int = 0
    error: str = ""
    #: why rewrite refused, writing nothing (a designed refusal, not a failed check)
    refused: str = ""
    not_compiling: list[str] = field(default_factory=list)
    new_pyflakes: list[str] = field(default_factory=list)
    changed_without_reference: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    second_run_diff: bool = False

    @property
    def clean(self) -> bool:
        return not (
            self.error
            or self.not_compiling
            or self.new_pyflakes
            or self.changed_without_reference
            or self.unmarked
            or self.second_run_diff
        )


def run_project(
    colretire: Sequence[str], source: Path, project: realcode.Project
) -> list[EventResult]:
    """Every event of ``project``, one after the other in one scratch copy: what an event's
    rewrite changed is put back before the next, and colretire's cache (keyed by content)
    serves them all."""
    with tempfile.TemporaryDirectory(prefix="colretire-rewrite-") as scratch:
        root = Path(scratch) / "src"
        copy_scope(source, root, project)
        realcode.prepare(root)
        originals = {path: (root / path).read_bytes() for path in python_files(root)}
        results = []
        for event in project.events:
            print(f"rewrite_realcode: {event.id} ...", file=sys.stderr, flush=True)
            try:
                result = run_event(colretire, root, project, event, originals)
            except Exception as error:  # reported as the event's failure; the run goes on
                result = EventResult(project.id, event.id, event.column)
                result.error = f"{type(error).__name__}: {error}"
            results.append(result)
            # each result as it comes, so that a long run interrupted keeps what it measured
            print(f"rewrite_realcode: {json.dumps(asdict(result))}", file=sys.stderr, flush=True)
            for path in python_files(root):
                if originals.get(path) != (root / path).read_bytes():
                    (root / path).write_bytes(originals[path])
        return results


def run_event(
    colretire: Sequence[str],
    root: Path,
    project: realcode.Project,
    event: realcode.Event,
    originals: dict[str, bytes],
) -> EventResult:
    result = EventResult(project.id, event.id, event.column)
    scan = list(project.source.scan)
    try:
        before = certain_references(colretire, root, event.column, scan)
        document = rewrite(colretire, root, event.column, scan, "--write")
    except Refusal as refusal:
        result.certain = len(before)
        result.refused = str(refusal)
        changed = [p for p in python_files(root) if originals.get(p) != (root / p).read_bytes()]
        result.changed_without_reference = changed  # a refusal writes nothing
        return result
    except RuntimeError as error:
        result.error = str(error)
        return result
    result.certain = len(before)
    result.removed = len(document["removed"])
    result.left = len(document["manual"])
    result.held = len(document.get("held", []))
    changed = sorted(
        path for path in python_files(root) if originals.get(path) != (root / path).read_bytes()
    )
    result.files_changed = len(changed)
    holding = {r.path for r in before}
    result.changed_without_reference = [p for p in changed if p not in holding]
    result.not_compiling = [
        f"{p}: {problem}"
        for p in changed
        if (problem := compile_problem((root / p).read_text(encoding="utf-8"), p))
    ]
    result.new_pyflakes = new_findings(root, changed, originals)
    try:
        after = certain_references(colretire, root, event.column, scan)
        unparsed = {r.path for r in after if not parses(root / r.path)}
        reported = {
            (item["path"], item["line"], item["col"])  # type: ignore[index]
            for item in document["manual"]
        }
        result.in_unparsed = sum(r.path in unparsed for r in after)
        result.unmarked = [
            f"{r.path}:{r.line}:{r.col} {r.code}"
            for r in unmarked(root, [r for r in after if r.path not in unparsed])
        ] + [
            f"{r.path}:{r.line}:{r.col} {r.code} (in a file that does not parse, not reported)"
            for r in after
            if r.path in unparsed and (r.path, r.line, r.col) not in reported
        ]
        result.second_run_diff = bool(rewrite(colretire, root, event.column, scan)["diff"])
    except RuntimeError as error:
        result.error = str(error)
    return result


def parses(path: Path) -> bool:
    return compile_problem(path.read_text(encoding="utf-8", errors="replace"), str(path)) is None


def copy_scope(source: Path, root: Path, project: realcode.Project) -> None:
    """The Python files of the project's labelled paths (with their migrations), copied."""
    for top in project.source.scan:
        top = top.strip("/")
        origin = source / top if top not in ("", ".") else source
        if origin.is_file():
            (root / top).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, root / top)
            continue
        for path in origin.rglob("*.py"):
            target = root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def python_files(root: Path) -> Iterator[str]:
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith(".colretire-cache/"):
            yield relative


class Refusal(Exception):
    """rewrite refused and wrote nothing (exit 1: the model attribute cannot go yet)."""


def colretire_json(colretire: Sequence[str], root: Path, *args: str) -> dict[str, object]:
    command = [*colretire, "-C", str(root), *args, "--format", "json"]
    run = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if run.returncode == 1 and run.stderr.startswith("error: refusing"):
        raise Refusal(run.stderr.strip().removeprefix("error: "))
    if run.returncode not in (0, 1) or not run.stdout.strip():
        raise RuntimeError(
            f"{' '.join(args[:2])} exited {run.returncode}: {run.stderr.strip()[-400:]}"
        )
    document: dict[str, object] = json.loads(run.stdout)
    return document


def certain_references(
    colretire: Sequence[str], root: Path, column: str, scan: list[str]
) -> list[Reference]:
    document = colretire_json(colretire, root, "refs", column, *scan)
    found = []
    for item in document["references"]:  # type: ignore[attr-defined]
        kind = ReferenceKind(item["kind"])
        confidence = Confidence(item["confidence"])
        if kind in UNSCORED or confidence is not Confidence.CERTAIN:
            continue
        found.append(
            Reference(
                item["path"], item["line"], item["col"], kind, confidence, item["code"],
                item.get("message", ""),
            )
        )  # fmt: skip
    return found


def rewrite(
    colretire: Sequence[str], root: Path, column: str, scan: list[str], *args: str
) -> dict[str, list[object]]:
    document = colretire_json(colretire, root, "rewrite", column, *scan, *args)
    if document.get("files") and any(f.get("error") for f in document["files"]):  # type: ignore[attr-defined]
        errors = [f"{f['path']}: {f['error']}" for f in document["files"] if f.get("error")]  # type: ignore[attr-defined]
        raise RuntimeError("rewrite refused: " + "; ".join(errors))
    return document  # type: ignore[return-value]


def new_findings(root: Path, changed: list[str], originals: dict[str, bytes]) -> list[str]:
    """ruff's F findings in the changed files that the original files did not have."""
    if not changed:
        return []
    with tempfile.TemporaryDirectory(prefix="colretire-before-") as scratch:
        before = Path(scratch)
        for path in changed:
            (before / path).parent.mkdir(parents=True, exist_ok=True)
            (before / path).write_bytes(originals[path])
        old = pyflakes(before, changed)
    new = pyflakes(root, changed)
    return sorted(f"{path}: {message}" for path, message in (new - old).elements())


def pyflakes(root: Path, paths: list[str]) -> Counter[tuple[str, str]]:
    command = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "F"]
    command += ["--output-format", "json", "--exit-zero", *paths]
    run = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True)
    return Counter(
        (
            Path(f["filename"]).resolve().relative_to(root.resolve()).as_posix(),
            f"{f['code']} {f['message']}",
        )
        for f in json.loads(run.stdout)
    )


def as_text(results: list[EventResult]) -> Iterator[str]:
    yield (
        f"{'event':<44} {'certain':>7} {'removed':>7} {'left':>5} {'held':>4} {'noparse':>7} "
        f"{'files':>5}  "
        "compiles  "
        "no-new-F  only-ref-files  marked  idempotent"
    )
    for r in results:
        if r.error:
            yield f"{r.event:<44} error: {r.error}"
            continue
        if r.refused:
            written = "nothing written" if not r.changed_without_reference else "FILES CHANGED"
            yield f"{r.event:<44} {r.certain:>7}  refused, {written}: {r.refused[:90]}..."
            continue
        checks = [
            not r.not_compiling, not r.new_pyflakes, not r.changed_without_reference,
            not r.unmarked, not r.second_run_diff,
        ]  # fmt: skip
        marks = ["yes" if ok else "NO" for ok in checks]
        yield (
            f"{r.event:<44} {r.certain:>7} {r.removed:>7} {r.left:>5} {r.held:>4} "
            f"{r.in_unparsed:>7} "
            f"{r.files_changed:>5}  "
            f"{marks[0]:>8}  {marks[1]:>8}  {marks[2]:>14}  {marks[3]:>6}  {marks[4]:>10}"
        )
        for problem in [*r.not_compiling, *r.new_pyflakes, *r.changed_without_reference]:
            yield f"    {problem}"
        for place in r.unmarked:
            yield f"    unmarked: {place}"
    clean = sum(r.clean and not r.refused for r in results)
    refused = sum(bool(r.refused) and r.clean for r in results)
    yield (
        f"{clean} of {len(results)} event(s) rewritten and passed every check; {refused} "
        "refused with nothing written"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--only", nargs="+", metavar="ID", help="projects or events to run")
    parser.add_argument("--pypi-only", action="store_true", help="only sources CI can download")
    parser.add_argument("--cache", type=Path, default=realcode.DEFAULT_CACHE)
    parser.add_argument("--mirrors", type=Path, default=None, help="git mirrors, owner+name")
    parser.add_argument("--colretire", default=None, help="the colretire command to measure")
    args = parser.parse_args(argv)
    try:
        projects = realcode.select(realcode.load_corpus(), args.only, args.pypi_only)
    except realcode.CorpusError as error:
        print(f"rewrite_realcode: {error}", file=sys.stderr)
        return 2
    colretire = [args.colretire or realcode._default_colretire()]
    results = []
    for project in projects:
        try:
            source = realcode.source_root(project, args.cache, args.mirrors)
        except realcode.Unavailable as why:
            print(f"rewrite_realcode: {project.id}: skipped: {why}", file=sys.stderr)
            continue
        results += run_project(colretire, source, project)
    if args.format == "json":
        print(json.dumps([{**asdict(r), "clean": r.clean} for r in results], indent=2))
    else:
        print("\n".join(as_text(results)))
    return 0 if all(r.clean for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
