"""Measure ``colretire refs`` against ``grep -rnw`` on a large synthetic project, in one run.

    python benchmarks/run.py [--lines N] [--repeat K] [--json FILE]

For a rare column name and a common one, each round runs, back to back on the same tree:
``grep -rnw NAME``, ``colretire refs tasks.NAME --format json`` with its cache directory
removed (cold), and the same command again (warm). Interleaving the three inside each round
exposes them to the same machine noise, so the ratio to grep is computed per round and the
median ratio is the figure to read. The page cache is warmed first, so "cold" means colretire's
own cache is empty, not the operating system's.

Peak memory is measured two ways: the largest single process (exact: GNU time's ``%M``, or
``wait4`` without it) and the whole process tree (colretire and its worker processes, summed,
sampled every 20 ms from ``/proc``). The run also checks the answer: the references found for
the rare name must be exactly the ones the generator planted, so a fast but wrong scanner does
not pass.

The benchmark reports and does not gate: it exits 0 whatever the figures, and 1 only when a
command fails. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # the sibling module, found through the line above

RARE_TARGET_RATIO = 2.0
COMMON_COLD_TARGET = 15.0
COMMON_WARM_TARGET = 1.0
SAMPLE_INTERVAL = 0.02
GNU_TIME = Path("/usr/bin/time")


@dataclass(frozen=True)
class Run:
    """One timed command: wall and CPU seconds, peak memory in KiB, and what it printed."""

    wall: float
    cpu: float
    max_rss_kib: int
    tree_rss_kib: int
    returncode: int
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)


@dataclass
class Series:
    """The runs of one kind (grep, cold or warm) for one column."""

    runs: list[Run] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def max_rss_kib(self) -> int:
        return max(r.max_rss_kib for r in self.runs)

    @property
    def tree_rss_kib(self) -> int:
        return max(r.tree_rss_kib for r in self.runs)

    def ratios(self, baseline: Series) -> list[float]:
        """This series' time over the baseline's, round by round."""
        return [r.wall / b.wall for r, b in zip(self.runs, baseline.runs, strict=True)]

    def summary(self) -> dict[str, object]:
        return {
            "wall": [round(r.wall, 4) for r in self.runs],
            "cpu": [round(r.cpu, 4) for r in self.runs],
            "best": round(self.best, 4),
            "median": round(self.median, 4),
            "max_rss_kib": self.max_rss_kib,
            "tree_rss_kib": self.tree_rss_kib,
        }


@dataclass
class Measurement:
    """Everything measured for one column."""

    column: str
    grep: Series = field(default_factory=Series)
    cold: Series = field(default_factory=Series)
    warm: Series = field(default_factory=Series)
    grep_files: int = 0
    grep_lines: int = 0
    files_scanned: int | None = None
    references: int = 0
    found: dict[str, str] = field(default_factory=dict)  # place -> confidence

    def ratio(self, series: Series) -> float:
        return statistics.median(series.ratios(self.grep))


@dataclass(frozen=True)
class Verdict:
    passed: bool
    what: str
    figure: str

    def line(self) -> str:
        return f"  {'PASS' if self.passed else 'MISS'}  {self.what:<52} {self.figure}"


# -- running one command ----------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Samples the summed resident memory of a process and all its descendants."""

    def __init__(self, pid: int, include_root: bool = True) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.include_root = include_root
        self.peak_kib = 0
        self.done = threading.Event()
        self.page_kib = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, self.sample())
            self.done.wait(SAMPLE_INTERVAL)

    def sample(self) -> int:
        children: dict[int, list[int]] = {}
        pages: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                stat = _read_stat(entry.path)
                if stat is not None:
                    pid, ppid, rss = int(entry.name), *stat
                    children.setdefault(ppid, []).append(pid)
                    pages[pid] = rss
        total, todo = 0, [self.pid]
        if not self.include_root:  # the launcher: count only what it runs
            todo = list(children.get(self.pid, []))
        while todo:
            pid = todo.pop()
            total += pages.get(pid, 0)
            todo += children.get(pid, [])
        return total * self.page_kib


def _read_stat(directory: str) -> tuple[int, int] | None:
    """The parent pid and resident pages of a process, from ``/proc/PID/stat``."""
    try:
        with open(f"{directory}/stat", "rb") as handle:
            text = handle.read()
    except OSError:  # the process ended between listing and reading
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ")".
    fields = text[text.rindex(b")") + 2 :].split()
    return int(fields[1]), int(fields[21])


def run_measured(command: Sequence[str], cwd: Path) -> Run:
    """Run ``command`` and measure it. Output goes to files, never to /dev/null, because
    GNU grep stops at the first match when it sees its output is /dev/null."""
    with tempfile.TemporaryDirectory() as scratch:
        out_path, err_path, rss_path = (Path(scratch) / name for name in ("out", "err", "rss"))
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            wrapper = _rss_wrapper(rss_path)
            process = subprocess.Popen(wrapper + list(command), cwd=cwd, stdout=out, stderr=err)
            sampler = TreeSampler(process.pid, include_root=not wrapper)
            if os.path.isdir("/proc"):
                sampler.start()
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
        sampler.done.set()
        if sampler.is_alive():
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        max_rss = _read_rss(rss_path) or usage.ru_maxrss // (
            1024 if sys.platform == "darwin" else 1
        )
        return Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            max_rss_kib=max_rss,
            tree_rss_kib=max(sampler.peak_kib, max_rss),
            returncode=process.returncode,
            stdout=out_path.read_text(encoding="utf-8", errors="replace"),
            stderr=err_path.read_text(encoding="utf-8", errors="replace"),
        )


def _rss_wrapper(rss_path: Path) -> list[str]:
    """GNU time as a launcher, when present, so that the largest-process figure is the
    command's own. Without it, ``wait4`` reports at least this Python's size, since the
    command's process starts as a copy of this one."""
    if not GNU_TIME.is_file():
        return []
    return [str(GNU_TIME), "-f", "%M", "-o", str(rss_path)]


def _read_rss(rss_path: Path) -> int | None:
    """GNU time's ``%M``: the last line (a line before it notes a non-zero exit)."""
    try:
        return int(rss_path.read_text(encoding="utf-8").split()[-1])
    except (OSError, ValueError, IndexError):
        return None


class CommandFailed(Exception):
    def __init__(self, command: Sequence[str], run: Run) -> None:
        tail = "\n".join(run.stderr.strip().splitlines()[-15:])
        super().__init__(f"{' '.join(command)} exited {run.returncode}:\n{tail}")


# -- the tree ---------------------------------------------------------------------------------


def prepare_tree(directory: Path | None, lines: int, seed: int) -> tuple[Path, generate.Manifest]:
    """The generated tree and its manifest, reused when the same parameters built it before.

    The cache key includes a digest of the generator, so changing the generator rebuilds.
    """
    digest = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:12]
    base = directory or Path(tempfile.gettempdir()) / f"colretire-bench-{lines}-{seed}-{digest}"
    tree, manifest_path = base / "tree", base / "manifest.json"
    if manifest_path.is_file():
        note(f"reusing the tree in {base}")
        return tree, generate.Manifest.from_json(manifest_path.read_text(encoding="utf-8"))
    if tree.exists():  # an interrupted generation
        shutil.rmtree(tree)
    note(f"generating {lines:,} lines into {base} ...")
    start = time.perf_counter()
    manifest = generate.generate(tree, lines, seed)
    manifest_path.write_text(manifest.to_json(), encoding="utf-8")  # written last: marks it whole
    note(f"generated in {time.perf_counter() - start:.1f} s")
    return tree, manifest


def cache_directory(tree: Path) -> Path:
    """Where colretire keeps its per-file cache for this tree, as its configuration says."""
    try:
        from colretire.config import load
    except ImportError:
        return tree / ".colretire-cache"
    cache_dir = load(tree).cache_dir
    return cache_dir if cache_dir is not None else tree / ".colretire-cache"


# -- measuring --------------------------------------------------------------------------------


class Bench:
    def __init__(self, tree: Path, colretire: str, repeat: int) -> None:
        self.tree = tree
        self.colretire = colretire
        self.repeat = repeat
        self.cache = cache_directory(tree)

    def grep_command(self, name: str) -> list[str]:
        # colretire's cache lives inside the tree; grep must not read it, or it would search
        # colretire's output instead of the project.
        return ["grep", "-rnw", f"--exclude-dir={self.cache.name}", name, "."]

    def refs_command(self, column: str) -> list[str]:
        return [self.colretire, "refs", f"{generate.TARGET_TABLE}.{column}", "--format", "json"]

    def checked(self, command: list[str], ok: tuple[int, ...] = (0,)) -> Run:
        run = run_measured(command, self.tree)
        if run.returncode not in ok:
            raise CommandFailed(command, run)
        return run

    def warm_up(self) -> None:
        """Read the whole tree and colretire's modules once, so no timed run pays for the disk."""
        self.checked(self.grep_command(generate.RARE_COLUMN), ok=(0, 1))
        self.checked([self.colretire, "--version"])

    def compile_bytecode(self) -> str | None:
        """Compile the measured colretire's modules, as any ``pip install`` does, so that no
        timed run compiles them: with ``PYTHONDONTWRITEBYTECODE`` set (or an editable install
        never imported before), every run would otherwise compile every module it imports,
        while grep is a compiled binary. Returns the package directory, or ``None`` when it
        could not be compiled (the header says so)."""
        python = interpreter_of(self.colretire)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        where = [*python, "-c", "import colretire, os; print(os.path.dirname(colretire.__file__))"]
        try:
            found = subprocess.run(where, capture_output=True, text=True, env=env, check=True)
            package = found.stdout.strip()
            compile_all = [*python, "-m", "compileall", "-q", package]
            subprocess.run(compile_all, capture_output=True, env=env, check=True)
        except (OSError, subprocess.CalledProcessError) as error:
            note(f"warning: could not compile colretire's bytecode: {error}")
            return None
        return package

    def measure(self, column: str) -> Measurement:
        result = Measurement(f"{generate.TARGET_TABLE}.{column}")
        for round_number in range(1, self.repeat + 1):
            grep = self.checked(self.grep_command(column), ok=(0, 1))  # 1: no match
            shutil.rmtree(self.cache, ignore_errors=True)
            cold = self.checked(self.refs_command(column))
            warm = self.checked(self.refs_command(column))
            result.grep.runs.append(grep)
            result.cold.runs.append(cold)
            result.warm.runs.append(warm)
            note(
                f"{result.column}, round {round_number}/{self.repeat}: grep {grep.wall:.2f} s, "
                f"cold {cold.wall:.2f} s, warm {warm.wall:.2f} s"
            )
        self.read_answers(result)
        return result

    def read_answers(self, result: Measurement) -> None:
        grep_lines = result.grep.runs[-1].stdout.splitlines()
        result.grep_lines = len(grep_lines)
        result.grep_files = len({line.split(":", 1)[0] for line in grep_lines})
        answers = [json.loads(run.stdout) for run in (*result.cold.runs, *result.warm.runs)]
        found = [_found(answer["references"]) for answer in answers]
        if any(places != found[0] for places in found):
            note(f"warning: {result.column}: cold and warm runs found different references")
        result.files_scanned = answers[-1].get("files_scanned")
        result.references = len(answers[-1]["references"])
        result.found = found[-1]


# -- judging and printing ---------------------------------------------------------------------


def _found(references: list[dict[str, object]]) -> dict[str, str]:
    """The places of ``references``, each with its strongest confidence."""
    found: dict[str, str] = {}
    for reference in references:
        place = _place(str(reference["path"]), str(reference["line"]))
        if found.get(place) != "certain":
            found[place] = str(reference.get("confidence", ""))
    return found


def verdicts(rare: Measurement, common: Measurement) -> list[Verdict]:
    """The issue's targets. The ratio is the median of the per-round ratios; the absolute
    targets use the best round, because load from elsewhere only ever adds time."""
    ratio = rare.ratio(rare.cold)
    return [
        Verdict(
            ratio <= RARE_TARGET_RATIO,
            f"rare name, cold, within {RARE_TARGET_RATIO:g}x grep",
            f"{ratio:.1f}x  (medians {rare.cold.median:.2f} s vs {rare.grep.median:.2f} s)",
        ),
        Verdict(
            common.cold.best <= COMMON_COLD_TARGET,
            f"common name, cold, within {COMMON_COLD_TARGET:g} s",
            f"{common.cold.best:.2f} s  (median {common.cold.median:.2f} s, "
            f"{common.ratio(common.cold):.0f}x grep)",
        ),
        Verdict(
            common.warm.best <= COMMON_WARM_TARGET,
            f"common name, warm, within {COMMON_WARM_TARGET:g} s",
            f"{common.warm.best:.2f} s  (median {common.warm.median:.2f} s, "
            f"{common.ratio(common.warm):.1f}x grep)",
        ),
    ]


def checks(rare: Measurement, common: Measurement, manifest: generate.Manifest) -> list[Verdict]:
    """Is the answer right? Exact for the rare name; planted-and-nothing-elsewhere for the
    common one, whose ``Create``-schema fields a scanner may report or not."""
    planted = _places(manifest.references[generate.RARE_COLUMN])
    missing, extra = planted - set(rare.found), set(rare.found) - planted
    common_planted = _places(manifest.references[generate.COMMON_COLUMN])
    allowed = common_planted | _places(manifest.optional.get(generate.COMMON_COLUMN, []))
    common_missing = common_planted - set(common.found)
    outside = {
        place for place in common.found if place.partition(":")[0] not in manifest.target_files
    }
    likely = {place for place in outside if common.found[place] == "likely"}
    unexpected = set(common.found) - allowed - outside
    return [
        Verdict(
            not missing and not extra,
            "rare name: references found are the planted ones",
            f"{len(planted - missing)} of {len(planted)} planted places found, {len(extra)} other"
            + _listing(missing, "missing")
            + _listing(extra, "not planted"),
        ),
        Verdict(
            not common_missing and not outside,
            "common name: planted found, none on other tables",
            f"{len(common_planted - common_missing)} of {len(common_planted)} planted places "
            f"found, {len(outside)} on other tables ({len(likely)} likely), "
            f"{len(unexpected)} other"
            + _listing(common_missing, "missing")
            + _listing(outside, "other tables")
            + _listing(unexpected, "not planted"),
        ),
    ]


def _place(path: str, line: int | str) -> str:
    """``path:line``, or only the path in a migration: a scanner may point at the operation
    (``op.create_table(``) or at the column in it, and both are right."""
    return path if path.startswith(generate.MIGRATIONS) else f"{path}:{line}"


def _places(locations: list[str]) -> set[str]:
    return {_place(*location.rsplit(":", 1)) for location in locations}


def _listing(lines: set[str], label: str, limit: int = 8) -> str:
    if not lines:
        return ""
    shown = sorted(lines)[:limit]
    more = f" (+{len(lines) - limit} more)" if len(lines) > limit else ""
    return f"\n          {label}: " + ", ".join(shown) + more


def table(measurements: Sequence[Measurement]) -> list[str]:
    header = (
        "column",
        "run",
        "best",
        "median",
        "x grep",
        "CPU",
        "max RSS",
        "tree RSS",
        "files",
        "found",
    )
    rows = [header]
    for m in measurements:
        for label, series in (("grep -rnw", m.grep), ("refs cold", m.cold), ("refs warm", m.warm)):
            is_grep = series is m.grep
            rows.append(
                (
                    m.column if is_grep else "",
                    label,
                    f"{series.best:.2f} s",
                    f"{series.median:.2f} s",
                    "1.0x" if is_grep else f"{m.ratio(series):.1f}x",
                    f"{series.cpu:.2f} s",
                    _megabytes(series.max_rss_kib),
                    _megabytes(series.tree_rss_kib),
                    f"{m.grep_files:,}" if is_grep else f"{m.files_scanned or 0:,}",
                    f"{m.grep_lines:,} lines" if is_grep else f"{m.references:,} refs",
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    left = {0, 1}
    return [
        "  ".join(
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]


def _megabytes(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def load_average() -> float | None:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


@dataclass(frozen=True)
class Results:
    """One benchmark run, ready to print or to write as JSON."""

    manifest: generate.Manifest
    rounds: int
    load_before: float | None
    compiled: bool
    measured: Sequence[Measurement]
    judged: list[Verdict]
    checked: list[Verdict]

    def report(self) -> str:
        info, m = machine(), self.manifest
        load = "" if self.load_before is None else f"; load before the run: {self.load_before:.2f}"
        lines = [
            "",
            f"tree: {m.python_lines:,} lines of Python in {m.python_files:,} files "
            f"({m.packages:,} domain packages, seed {m.seed})",
            f"machine: {info['cpus']} CPUs, {info['system']}, Python {info['python']}{load}",
            f"rounds: {self.rounds} (each: grep, colretire cold, colretire warm)",
            "colretire: "
            + (
                "bytecode compiled before the rounds, as after pip install"
                if self.compiled
                else "bytecode NOT compiled (compileall failed): every run compiles its modules"
            ),
            "",
            *table(self.measured),
            "",
            "x grep: median over rounds of (time / grep's time in the same round).  files: grep's",
            "files with a match; colretire's files_scanned.  found: grep's lines; colretire's refs.",
            "",
            "targets (ratio: median of the rounds' ratios; seconds: best round):",
            *(v.line() for v in self.judged),
            "correctness:",
            *(v.line() for v in self.checked),
        ]
        if self.load_before is not None and self.load_before > (os.cpu_count() or 1):
            lines += ["", "note: the machine was busy before the run; prefer the ratios."]
        return "\n".join(lines)

    def to_json(self) -> str:
        keep = {"seed", "python_lines", "python_files", "packages"}
        tree = {k: v for k, v in asdict(self.manifest).items() if k in keep}
        document = {
            "tree": tree,
            "machine": {**machine(), "load_before": self.load_before},
            "rounds": self.rounds,
            "bytecode_compiled": self.compiled,
            "columns": {m.column: _column_json(m) for m in self.measured},
            "targets": [asdict(v) for v in self.judged],
            "checks": [asdict(v) for v in self.checked],
        }
        return json.dumps(document, indent=2) + "\n"


def _column_json(m: Measurement) -> dict[str, object]:
    return {
        "grep": m.grep.summary(),
        "cold": m.cold.summary(),
        "warm": m.warm.summary(),
        "cold_ratio": round(m.ratio(m.cold), 3),
        "warm_ratio": round(m.ratio(m.warm), 3),
        "grep_files": m.grep_files,
        "grep_lines": m.grep_lines,
        "files_scanned": m.files_scanned,
        "references": m.references,
    }


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def interpreter_of(script: str) -> list[str]:
    """The command that runs the Python of a console script: its ``#!`` line, or this
    Python when it has none (a compiled launcher)."""
    path = shutil.which(script) or script
    try:
        with open(path, "rb") as handle:
            first = handle.readline(1024)
    except OSError:
        return [sys.executable]
    if not first.startswith(b"#!"):
        return [sys.executable]
    return first[2:].decode(errors="replace").split() or [sys.executable]


def default_colretire() -> str:
    beside = Path(sys.executable).parent / "colretire"
    return str(beside) if beside.exists() else shutil.which("colretire") or "colretire"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lines",
        type=int,
        default=generate.DEFAULT_LINES,
        help="size of the tree (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default: %(default)s)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds per column (default: %(default)s)"
    )
    parser.add_argument(
        "--tree",
        type=Path,
        help="where to keep the generated tree (default: a temporary directory)",
    )
    parser.add_argument(
        "--colretire", default=default_colretire(), help="the colretire executable to measure"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    tree, manifest = prepare_tree(args.tree, args.lines, args.seed)
    bench = Bench(tree, args.colretire, args.repeat)
    load_before = load_average()
    compiled = bench.compile_bytecode() is not None
    try:
        bench.warm_up()
        measured = [bench.measure(generate.RARE_COLUMN), bench.measure(generate.COMMON_COLUMN)]
    except (CommandFailed, OSError, ValueError, KeyError) as error:
        note(f"benchmark failed: {error}")
        return 1
    results = Results(
        manifest,
        args.repeat,
        load_before,
        compiled,
        measured,
        verdicts(*measured),
        checks(*measured, manifest),
    )
    print(results.report())
    if args.json:
        args.json.write_text(results.to_json(), encoding="utf-8")
        note(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
