"""``colretire refs`` in a big tree: an application next to millions of lines of unrelated
Python, against ``grep -rnw`` in the same run.

    python benchmarks/bigtree.py [--vendor-lines N] [--app-lines N] [--repeat K] [--format json]

The tree is a generated FastAPI + SQLAlchemy application (``generate.py``, about 200,000 lines,
its models with ``status`` columns on many tables, ``tasks`` among them) and, under
``vendor/``, copies of the running Python's standard library, as many as it takes to reach
``--vendor-lines`` (several million): code that says ``status`` hundreds of times and can
never reach the application's models. Each round runs, back to back: ``grep -rnw status``,
``colretire refs tasks.status --format json`` with its cache removed (cold), and the same
again (warm). The answer is checked as well as the time: every reference the generator
planted is found, and nothing is reported outside the application (no reference in
``vendor/``).

The run reports and does not gate: it exits 0 whatever the figures, 1 only when a command
fails. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # the sibling modules, found through the line above
import run

COLUMN = f"{generate.TARGET_TABLE}.{generate.COMMON_COLUMN}"
VENDOR = "vendor"
COLD_TARGET = 10.0
WARM_TARGET = 1.0
DEFAULT_APP_LINES = 200_000
DEFAULT_VENDOR_LINES = 4_300_000


@dataclass(frozen=True)
class Tree:
    """The tree and what is in it."""

    root: Path
    manifest: generate.Manifest
    copies: int
    vendor_files: int
    vendor_lines: int

    @property
    def lines(self) -> int:
        return self.manifest.python_lines + self.vendor_lines

    @property
    def files(self) -> int:
        return self.manifest.python_files + self.vendor_files


def standard_library() -> list[Path]:
    """The running Python's standard library: its ``.py`` files, without installed packages."""
    base = Path(sysconfig.get_paths()["stdlib"])
    skipped = {"site-packages", "dist-packages", "__pycache__"}
    return sorted(
        path for path in base.rglob("*.py") if not skipped & set(path.relative_to(base).parts)
    )


def prepare(directory: Path | None, app_lines: int, vendor_lines: int, seed: int) -> Tree:
    """The tree, reused when the same parameters, generator and Python built it before."""
    sources = standard_library()
    base_dir = Path(sysconfig.get_paths()["stdlib"])
    key = hashlib.sha256(
        Path(generate.__file__).read_bytes() + Path(__file__).read_bytes()
    ).hexdigest()[:12]
    python = "".join(map(str, sys.version_info[:2]))
    name = f"colretire-bigtree-{app_lines}-{vendor_lines}-{seed}-py{python}-{key}"
    base = directory or Path(tempfile.gettempdir()) / name
    tree, record = base / "tree", base / "tree.json"
    if record.is_file():
        run.note(f"reusing the tree in {base}")
        data = json.loads(record.read_text(encoding="utf-8"))
        manifest = generate.Manifest.from_json(json.dumps(data["manifest"]))
        return Tree(tree, manifest, data["copies"], data["vendor_files"], data["vendor_lines"])
    if tree.exists():  # an interrupted build
        shutil.rmtree(tree)
    started = time.perf_counter()
    run.note(f"generating a {app_lines:,}-line application into {tree} ...")
    manifest = generate.generate(tree, app_lines, seed)
    per_copy = sum(len(path.read_bytes().splitlines()) for path in sources)
    copies = max(1, -(-vendor_lines // max(per_copy, 1)))
    run.note(f"copying the standard library ({per_copy:,} lines) {copies} times ...")
    for number in range(1, copies + 1):
        for path in sources:
            target = tree / VENDOR / f"python{number}" / path.relative_to(base_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    built = Tree(tree, manifest, copies, copies * len(sources), copies * per_copy)
    document = {
        "manifest": json.loads(manifest.to_json()),
        "copies": copies,
        "vendor_files": built.vendor_files,
        "vendor_lines": built.vendor_lines,
    }
    record.write_text(json.dumps(document), encoding="utf-8")  # written last: marks it whole
    run.note(f"built in {time.perf_counter() - started:.1f} s")
    return built


@dataclass
class Answer:
    """What the last cold run reported, sorted by where."""

    references: int
    outside: list[str]
    missing: list[str]
    other_tables: list[str]
    unreachable: int
    unexplained_outside: int
    files_scanned: int


def answer(tree: Tree, stdout: str) -> Answer:
    found = json.loads(stdout)
    references = found["references"]
    places = {run._place(str(r["path"]), str(r["line"])) for r in references}
    planted = run._places(tree.manifest.references[generate.COMMON_COLUMN])
    outside = sorted(
        run._place(str(r["path"]), str(r["line"]))
        for r in references
        if str(r["path"]).startswith(f"{VENDOR}/")
    )
    other_tables = sorted(
        place for place in places
        if place.partition(":")[0] not in tree.manifest.target_files
        and not place.startswith(f"{VENDOR}/")
    )  # fmt: skip
    excluded = found.get("accounting", {}).get("excluded", {})
    unexplained = [u for u in found.get("unexplained", []) if u["path"].startswith(f"{VENDOR}/")]
    return Answer(
        len(references),
        outside,
        sorted(planted - places),
        other_tables,
        int(excluded.get("unreachable", 0)),
        len(unexplained),
        int(found.get("files_scanned", 0)),
    )


def measure(tree: Tree, colretire: str, repeat: int) -> tuple[run.Measurement, Answer]:
    bench = run.Bench(tree.root, colretire, repeat)
    bench.compile_bytecode()
    bench.warm_up()
    result = run.Measurement(COLUMN)
    command = [colretire, "refs", COLUMN, "--format", "json"]
    for number in range(1, repeat + 1):
        grep = bench.checked(bench.grep_command(generate.COMMON_COLUMN), ok=(0, 1))
        shutil.rmtree(bench.cache, ignore_errors=True)
        cold = bench.checked(command)
        warm = bench.checked(command)
        for series, measured in ((result.grep, grep), (result.cold, cold), (result.warm, warm)):
            series.runs.append(measured)
        run.note(
            f"round {number}/{repeat}: grep {grep.wall:.2f} s, cold {cold.wall:.2f} s "
            f"(CPU {cold.cpu:.2f} s), warm {warm.wall:.2f} s"
        )
    bench.read_answers(result)
    return result, answer(tree, result.cold.runs[-1].stdout)


def judge(m: run.Measurement, found: Answer) -> list[run.Verdict]:
    return [
        run.Verdict(
            m.cold.best <= COLD_TARGET,
            f"cold, within {COLD_TARGET:g} s",
            f"{m.cold.best:.2f} s  (median {m.cold.median:.2f} s, CPU {m.cold.cpu:.2f} s, "
            f"{m.ratio(m.cold):.0f}x grep)",
        ),
        run.Verdict(
            m.warm.best <= WARM_TARGET,
            f"warm, within {WARM_TARGET:g} s",
            f"{m.warm.best:.2f} s  (median {m.warm.median:.2f} s, {m.ratio(m.warm):.1f}x grep)",
        ),
        run.Verdict(
            not found.outside,
            f"no reference outside the application ({VENDOR}/)",
            f"{len(found.outside)} reference(s) there" + run._listing(set(found.outside), "in"),
        ),
        run.Verdict(
            not found.missing and not found.other_tables,
            "the planted references found, none on other tables",
            f"{len(found.missing)} missing, {len(found.other_tables)} on other tables"
            + run._listing(set(found.missing), "missing")
            + run._listing(set(found.other_tables), "other tables"),
        ),
    ]


def report(tree: Tree, m: run.Measurement, found: Answer, load: float | None) -> str:
    info = run.machine()
    loaded = "" if load is None else f"; load before the run: {load:.2f}"
    lines = [
        "",
        f"tree: {tree.lines:,} lines of Python in {tree.files:,} files: the application "
        f"({tree.manifest.python_lines:,} lines, {tree.manifest.python_files:,} files) and "
        f"{tree.copies} copies of the standard library under {VENDOR}/ "
        f"({tree.vendor_lines:,} lines)",
        f"machine: {info['cpus']} CPUs, {info['system']}, Python {info['python']}{loaded}",
        f"rounds: {len(m.cold.runs)} (each: grep, colretire cold, colretire warm)",
        "",
        *run.table([m]),
        "",
        f"answer: {found.references} reference(s); {found.unreachable:,} occurrence(s) excluded "
        f"as unreachable without analysis; {found.unexplained_outside} unexplained in "
        f"{VENDOR}/",
        "",
        "targets (ratio: median of the rounds' ratios; seconds: best round):",
        *(v.line() for v in judge(m, found)),
    ]
    if load is not None and load > (info["cpus"] or 1):  # type: ignore[operator]
        lines += ["", "note: the machine was busy before the run; prefer the ratios and CPU."]
    return "\n".join(lines)


def document(tree: Tree, m: run.Measurement, found: Answer, load: float | None) -> str:
    return (
        json.dumps(
            {
                "tree": {
                    "lines": tree.lines,
                    "files": tree.files,
                    "application_lines": tree.manifest.python_lines,
                    "vendor_lines": tree.vendor_lines,
                    "copies": tree.copies,
                    "seed": tree.manifest.seed,
                },
                "machine": {**run.machine(), "load_before": load},
                "column": COLUMN,
                "grep": m.grep.summary(),
                "cold": m.cold.summary(),
                "warm": m.warm.summary(),
                "cold_ratio": round(m.ratio(m.cold), 3),
                "warm_ratio": round(m.ratio(m.warm), 3),
                "answer": asdict(found),
                "targets": [asdict(v) for v in judge(m, found)],
            },
            indent=2,
        )
        + "\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-lines", type=int, default=DEFAULT_APP_LINES)
    parser.add_argument(
        "--vendor-lines",
        type=int,
        default=DEFAULT_VENDOR_LINES,
        help="at least this many lines of standard library copies (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default: %(default)s)")
    parser.add_argument("--tree", type=Path, help="where to keep the tree (default: a temp dir)")
    parser.add_argument("--colretire", default=run.default_colretire())
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    tree = prepare(args.tree, args.app_lines, args.vendor_lines, args.seed)
    load = run.load_average()
    try:
        measured, found = measure(tree, args.colretire, args.repeat)
    except (run.CommandFailed, OSError, ValueError, KeyError) as error:
        run.note(f"benchmark failed: {error}")
        return 1
    if args.format == "json":
        print(document(tree, measured, found, load), end="")
    else:
        print(report(tree, measured, found, load))
    return 0


if __name__ == "__main__":
    sys.exit(main())
