"""Measure what the Alembic guard adds to ``alembic upgrade head`` of the example app.

    python benchmarks/guard.py [--rounds N] [--url URL] [--json FILE] [--instructions]

Five ways of running the example app's migrations, on a fresh database each time, back to
back in every round so that all meet the same machine noise:

* **plain**: Alembic alone. ``env.py`` has ``from alembic import context`` and colretire's
  ``alembic.plugins`` entry point is hidden from Alembic, so no colretire code is imported;
* **guarded, first run**: the example app as it ships: ``env.py`` has the guard's line, the
  entry point loads, the wire sees every statement, and the pre-check's memory is emptied
  first (as on the first run after a change to the migrations, the state file or the
  configuration). The state file tracks ``tasks.expected_completion_time``
  (``unreferenced``), so the judge has work to do. The example's three revisions only build
  (``create_table``, ``add_column``, an ``UPDATE``), so the pre-check has nothing to read
  (``colretire/alembic/constructive.py``);
* **guarded, remembered**: the same run again, which the pre-check remembers as clean
  (``colretire/alembic/memo.py``);
* **plain, + a revision to read** and **guarded, reading that revision**: both with one more
  revision, which drops an index: the pre-check has to read it (its memory emptied each
  time), so this pair measures what the reading costs.

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
from dataclasses import dataclass
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


#: A revision the pre-check has to read (it drops something, an index), for the runs that
#: measure the reading: the example's own revisions only build, and are not read at all.
REINDEX = (ROOT / "tests" / "data" / "0004_reindex.py").read_text(encoding="utf-8")


def prepare(work: Path) -> dict[str, Path]:
    """Copies of the example app: as it ships (guarded) and with plain Alembic, each also with
    a last revision the pre-check has to read."""
    ignore = shutil.ignore_patterns("__pycache__", "*.db", ".pytest_cache", ".colretire-cache")
    apps = {name: work / name for name in ("guarded", "plain", "guarded+read", "plain+read")}
    for name, target in apps.items():
        shutil.copytree(EXAMPLE, target, ignore=ignore)
        (target / "state").mkdir(exist_ok=True)
        (target / "state" / "columns.toml").write_text(STATE)
        if name.endswith("+read"):
            (target / "backend" / "migrations" / "versions" / "0004_reindex.py").write_text(REINDEX)
        if name.startswith("plain"):
            env = target / "backend" / "migrations" / "env.py"
            env.write_text(
                env.read_text().replace(
                    "from colretire.alembic.guard import context", "from alembic import context"
                )
            )
    return apps


@dataclass(frozen=True)
class Kind:
    """One way of running ``alembic upgrade head``, and the plain run it is compared with."""

    key: str
    label: str
    app: str
    plain: bool = False
    forget: bool = False  # empty the pre-check's memory before each run
    against: str | None = None


KINDS = (
    Kind("plain", "plain Alembic", "plain", plain=True),
    Kind("first", "guarded, first run", "guarded", forget=True, against="plain"),
    Kind("remembered", "guarded, remembered", "guarded", against="plain"),
    Kind("plain+read", "plain Alembic, + a revision to read", "plain+read", plain=True),
    Kind("reading", "guarded, reading that revision", "guarded+read", forget=True,
         against="plain+read"),
)  # fmt: skip


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
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind on the PATH")
    load = os.getloadavg()[0]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "colretire")], check=True)
    times: dict[str, list[float]] = {kind.key: [] for kind in KINDS}
    cpu: dict[str, list[float]] = {kind.key: [] for kind in KINDS}
    heads: dict[str, str] = {}
    counted: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="colretire-guard-bench-") as tmp:
        work = Path(tmp)
        apps = prepare(work)
        for kind in KINDS:  # warm the page cache
            upgrade(apps[kind.app], fresh_database(args.url, work, "warm"), kind.plain)
        for _ in range(args.rounds):
            for kind in KINDS:
                app = apps[kind.app]
                if kind.forget:
                    forget(app)
                url = fresh_database(args.url, work, "run")
                elapsed, spent, _ = upgrade(app, url, kind.plain)
                times[kind.key].append(elapsed)
                cpu[kind.key].append(spent)
                heads[kind.key] = current(app, url)
                if kind.against and heads[kind.key] != heads[kind.against]:
                    raise SystemExit(
                        f"{kind.label} reached {heads[kind.key]}, plain Alembic "
                        f"{heads[kind.against]}"
                    )
        for kind in KINDS if args.instructions else ():
            if kind.forget:
                forget(apps[kind.app])
            url = fresh_database(args.url, work, "run")
            counted[kind.key] = instructions(apps[kind.app], url, kind.plain, work)
    figures: dict[str, object] = {
        "database": "sqlite (fresh file)" if args.url is None else args.url.split(":", 1)[0],
        "rounds": args.rounds,
        "load_average_before": round(load, 2),
        "target": TARGET,
        "heads": heads,
    }
    print(f"alembic upgrade head of the example app, {args.rounds} rounds, {figures['database']}")
    header = f"  {'run':<38}{'wall':>9}{'ratio':>7}{'CPU':>9}{'ratio':>7}"
    print(header + (f"{'instructions':>16}{'ratio':>7}" if counted else ""))
    for kind in KINDS:
        wall, spent = statistics.median(times[kind.key]), statistics.median(cpu[kind.key])
        row: dict[str, object] = {"wall_median_s": round(wall, 4), "cpu_median_s": round(spent, 4)}
        line = f"  {kind.label:<38}{wall:>7.3f} s"
        if kind.against:
            # The median of the per-round ratios: each round's runs met the same noise.
            base_times, base_cpu = times[kind.against], cpu[kind.against]
            ratio = statistics.median(
                g / p for g, p in zip(times[kind.key], base_times, strict=True)
            )
            cpu_ratio = statistics.median(
                g / p for g, p in zip(cpu[kind.key], base_cpu, strict=True)
            )
            row |= {"ratio_median": round(ratio, 4), "cpu_ratio_median": round(cpu_ratio, 4)}
            line += f"{ratio:>7.3f}{spent:>7.3f} s{cpu_ratio:>7.3f}"
        else:
            line += f"{'':>7}{spent:>7.3f} s{'':>7}"
        if counted:
            row["instructions"] = counted[kind.key]
            line += f"{counted[kind.key]:>16,}"
            if kind.against:
                ratio = counted[kind.key] / counted[kind.against]
                row["instructions_ratio"] = round(ratio, 4)
                line += f"{ratio:>7.3f}"
        figures[kind.key] = row
        print(line)
    print(f"  target: ratio <= {TARGET}; every guarded run reached the head plain Alembic reached")
    print(f"  load average {load:.2f} before the run (2 or more: a busy machine)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
