"""Measure what the Alembic guard adds to ``alembic upgrade head`` of the example app.

    python benchmarks/guard.py [--rounds N] [--url URL] [--json FILE] [--instructions]

Three ways of running the example app's migrations, on a fresh database each time, back to
back in every round so that all meet the same machine noise:

* **plain**: Alembic alone. ``env.py`` has ``from alembic import context`` and colretire's
  ``alembic.plugins`` entry point is hidden from Alembic, so no colretire code is imported;
* **guarded, first run**: the example app as it ships: ``env.py`` has the guard's line, the
  entry point loads, the wire sees every statement, and the pre-check's memory is emptied
  first, so the pre-check reads every script of the run (as on the first run after a change
  to the migrations, the state file or the configuration). The state file tracks
  ``tasks.expected_completion_time`` (``unreferenced``), so the judge has work to do;
* **guarded, remembered**: the same run again, which the pre-check remembers as read and
  clean (``colretire/alembic/memo.py``): it does not read the scripts again; the wire still
  sees every statement.

Each run is a fresh ``python -m alembic upgrade head`` process, as a user runs it (import
time included). The figure to read is the median of the per-round ratios guarded / plain;
the target is at most 1.05. Wall time is what a user waits; on a shared machine it also holds
other people's work, so the run reports the CPU time of each ``alembic`` process as well (user
plus system, from the kernel's accounting of the finished child): the same ratio, with the
noise of a busy machine mostly taken out. ``--instructions`` also runs each kind once under
valgrind's callgrind and reports the instructions executed: a count that does not depend on
what else the machine is doing (a few minutes more). The run checks the answer too: every run must reach
the same head.
It reports and does not gate: exit 0 whatever the figures, 1 only when a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "workflow_tracker"
TARGET = 1.05

#: Runs Alembic's console entry point; with PLAIN set, colretire's plugin is hidden first.
RUNNER = """\
import os, sys
if os.environ.get("COLRETIRE_BENCH_PLAIN"):
    import importlib.metadata as metadata
    found = metadata.entry_points
    def entry_points(**kw):
        points = found(**kw)
        if kw.get("group") == "alembic.plugins":
            return [p for p in points if not p.value.startswith("colretire")]
        return points
    metadata.entry_points = entry_points
from alembic.config import main
main(argv=sys.argv[1:], prog="alembic")
"""

STATE = """\
version = 1

[columns."tasks.expected_completion_time"]
stage = "unreferenced"
reason = "replaced by eta_minutes"

[[columns."tasks.expected_completion_time".history]]
stage = "deprecated"
at = 2026-01-05T09:00:00Z
by = "Ada <ada@example.com>"

[[columns."tasks.expected_completion_time".history]]
stage = "unreferenced"
previous = "deprecated"
at = 2026-01-07T09:00:00Z
by = "Ada <ada@example.com>"
"""


def prepare(work: Path) -> tuple[Path, Path]:
    """Two copies of the example app: as it ships (guarded) and with plain Alembic."""
    ignore = shutil.ignore_patterns("__pycache__", "*.db", ".pytest_cache")
    guarded, plain = work / "guarded", work / "plain"
    for target in (guarded, plain):
        shutil.copytree(EXAMPLE, target, ignore=ignore)
        (target / "state").mkdir(exist_ok=True)
        (target / "state" / "columns.toml").write_text(STATE)
    env = plain / "backend" / "migrations" / "env.py"
    env.write_text(
        env.read_text().replace(
            "from colretire.alembic.guard import context", "from alembic import context"
        )
    )
    return guarded, plain


def fresh_database(url: str | None, work: Path, name: str) -> str:
    if url is None:
        path = work / f"{name}.db"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        for table in reversed(inspector.get_sorted_table_and_fkc_names()):
            if table[0]:
                conn.execute(sa.text(f"DROP TABLE {table[0]}"))
    engine.dispose()
    return url


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def upgrade(
    app: Path, url: str, plain: bool, prefix: Sequence[str] = ()
) -> tuple[float, float, str]:
    """Wall and CPU seconds of one ``alembic upgrade head`` process, and its stderr;
    ``prefix`` runs it under another program (valgrind)."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONDONTWRITEBYTECODE": ""}
    env.pop("PYTHONDONTWRITEBYTECODE")
    if plain:
        env["COLRETIRE_BENCH_PLAIN"] = "1"
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [*prefix, sys.executable, "-c", RUNNER, "upgrade", "head"],
        cwd=app / "backend", env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(
            f"alembic upgrade failed ({'plain' if plain else 'guarded'}):\n{done.stderr}"
        )
    return elapsed, cpu, done.stderr


def current(app: Path, url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "COLRETIRE_BENCH_PLAIN": "1"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "current"],
        cwd=app / "backend", env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def instructions(app: Path, url: str, plain: bool, work: Path) -> int:
    """The instructions one ``alembic upgrade head`` process executes, counted by valgrind's
    callgrind: the same count for the same program and input, however busy the machine."""
    out = work / "callgrind.out"
    out.unlink(missing_ok=True)
    upgrade(app, url, plain, ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"])
    for line in out.read_text().splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise SystemExit(f"callgrind wrote no summary to {out}")


def forget(app: Path) -> None:
    """Empty the pre-check's memory of ``app`` (see colretire/alembic/memo.py)."""
    shutil.rmtree(app / ".colretire-cache" / "guard", ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--url", help="a database to migrate instead of a fresh SQLite file")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the instructions of one run of each kind under valgrind (minutes)",
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "colretire")], check=True)
    runs = ("plain", "first", "remembered")
    times: dict[str, list[float]] = {run: [] for run in runs}
    cpu: dict[str, list[float]] = {run: [] for run in runs}
    heads = ""
    with tempfile.TemporaryDirectory(prefix="colretire-guard-bench-") as tmp:
        work = Path(tmp)
        guarded, plain = prepare(work)
        for app, is_plain in ((plain, True), (guarded, False)):  # warm the page cache
            upgrade(app, fresh_database(args.url, work, "warm"), is_plain)
        for _ in range(args.rounds):
            for run in runs:
                if run == "first":
                    forget(guarded)
                app = plain if run == "plain" else guarded
                url = fresh_database(args.url, work, run)
                elapsed, spent, _ = upgrade(app, url, run == "plain")
                times[run].append(elapsed)
                cpu[run].append(spent)
                reached = current(app, url)
                if run != "plain" and reached != heads:
                    raise SystemExit(f"the {run} run reached {reached}, plain Alembic {heads}")
                heads = reached
        remembered = (guarded / ".colretire-cache" / "guard").is_dir()
        counted: dict[str, int] = {}
        if args.instructions:
            if shutil.which("valgrind") is None:
                raise SystemExit("--instructions needs valgrind on the PATH")
            for run in runs:
                if run == "first":
                    forget(guarded)
                app = plain if run == "plain" else guarded
                url = fresh_database(args.url, work, run)
                counted[run] = instructions(app, url, run == "plain", work)
    figures: dict[str, object] = {
        "database": "sqlite (fresh file)" if args.url is None else args.url.split(":", 1)[0],
        "rounds": args.rounds,
        "load_average_before": round(load, 2),
        "target": TARGET,
        "head": heads,
        "remembered": remembered,
    }
    print(f"alembic upgrade head of the example app, {args.rounds} rounds, {figures['database']}")
    print(f"  {'run':<34}{'wall (median)':>14}{'ratio':>8}{'CPU (median)':>14}{'ratio':>8}")
    for run, label in (
        ("plain", "plain Alembic"),
        ("first", "guarded, pre-check reads the run"),
        ("remembered", "guarded, pre-check remembered"),
    ):
        wall = statistics.median(times[run])
        spent = statistics.median(cpu[run])
        row = f"  {label:<34}{wall:>12.3f} s"
        if run == "plain":
            print(f"{row}{'':>8}{spent:>12.3f} s")
            continue
        # The median of the per-round ratios: each round's runs met the same machine noise.
        ratio = statistics.median(g / p for g, p in zip(times[run], times["plain"], strict=True))
        cpu_ratio = statistics.median(g / p for g, p in zip(cpu[run], cpu["plain"], strict=True))
        figures[run] = {
            "wall_median_s": round(wall, 4),
            "cpu_median_s": round(spent, 4),
            "ratio_median": round(ratio, 4),
            "cpu_ratio_median": round(cpu_ratio, 4),
        }
        print(f"{row}{ratio:>8.3f}{spent:>12.3f} s{cpu_ratio:>8.3f}")
    figures["plain"] = {
        "wall_median_s": round(statistics.median(times["plain"]), 4),
        "cpu_median_s": round(statistics.median(cpu["plain"]), 4),
    }
    if counted:
        print("  instructions (callgrind, one run each):")
        print(f"    {'plain Alembic':<32}{counted['plain']:>16,}")
        for run, label in (
            ("first", "guarded, reads the run"),
            ("remembered", "guarded, remembered"),
        ):
            ratio = counted[run] / counted["plain"]
            print(f"    {label:<32}{counted[run]:>16,}  ratio {ratio:.3f}")
        figures["instructions"] = {run: counted[run] for run in runs}
    print(f"  target: ratio <= {TARGET}; every run reached {heads}")
    print(f"  load average {load:.2f} before the run (2 or more: a busy machine)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
