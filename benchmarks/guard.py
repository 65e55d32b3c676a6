"""Measure what the Alembic guard adds to ``alembic upgrade head`` of the example app.

    python benchmarks/guard.py [--rounds N] [--url URL] [--json FILE]

Two ways of running the example app's migrations, on a fresh database each time, back to
back in every round so that both meet the same machine noise:

* **plain**: Alembic alone. ``env.py`` has ``from alembic import context`` and colretire's
  ``alembic.plugins`` entry point is hidden from Alembic, so no colretire code is imported;
* **guarded**: the example app as it ships: ``env.py`` has the guard's line, the entry point
  loads, the pre-check reads every script, the wire sees every statement. The state file
  tracks ``tasks.expected_completion_time`` (``unreferenced``), so the judge has work to do.

Each run is a fresh ``python -m alembic upgrade head`` process, as a user runs it (import
time included). The figure to read is the median of the per-round ratios guarded / plain;
the target is at most 1.05. Wall time is what a user waits; on a shared machine it also holds
other people's work, so the run reports the CPU time of each ``alembic`` process as well (user
plus system, from the kernel's accounting of the finished child): the same ratio, with the
noise of a busy machine mostly taken out. The run checks the answer too: both must reach the same head.
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


def upgrade(app: Path, url: str, plain: bool) -> tuple[float, float, str]:
    """Wall and CPU seconds of one ``alembic upgrade head`` process, and its stderr."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONDONTWRITEBYTECODE": ""}
    env.pop("PYTHONDONTWRITEBYTECODE")
    if plain:
        env["COLRETIRE_BENCH_PLAIN"] = "1"
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "upgrade", "head"],
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--url", help="a database to migrate instead of a fresh SQLite file")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "colretire")], check=True)
    with tempfile.TemporaryDirectory(prefix="colretire-guard-bench-") as tmp:
        work = Path(tmp)
        guarded, plain = prepare(work)
        for app, is_plain in ((plain, True), (guarded, False)):  # warm the page cache
            upgrade(app, fresh_database(args.url, work, "warm"), is_plain)
        times: dict[str, list[float]] = {"plain": [], "guarded": []}
        cpu: dict[str, list[float]] = {"plain": [], "guarded": []}
        ratios, cpu_ratios = [], []
        for _ in range(args.rounds):
            plain_time, plain_cpu, _ = upgrade(plain, fresh_database(args.url, work, "plain"), True)
            url = fresh_database(args.url, work, "guarded")
            guarded_time, guarded_cpu, _ = upgrade(guarded, url, False)
            heads = current(guarded, url)
            times["plain"].append(plain_time)
            times["guarded"].append(guarded_time)
            cpu["plain"].append(plain_cpu)
            cpu["guarded"].append(guarded_cpu)
            ratios.append(guarded_time / plain_time)
            cpu_ratios.append(guarded_cpu / plain_cpu)
    ratio = statistics.median(ratios)
    cpu_ratio = statistics.median(cpu_ratios)
    figures = {
        "database": "sqlite (fresh file)" if args.url is None else args.url.split(":", 1)[0],
        "rounds": args.rounds,
        "plain_median_s": round(statistics.median(times["plain"]), 4),
        "guarded_median_s": round(statistics.median(times["guarded"]), 4),
        "ratio_median": round(ratio, 4),
        "plain_cpu_median_s": round(statistics.median(cpu["plain"]), 4),
        "guarded_cpu_median_s": round(statistics.median(cpu["guarded"]), 4),
        "cpu_ratio_median": round(cpu_ratio, 4),
        "load_average_before": round(load, 2),
        "target": TARGET,
        "head": heads,
    }
    print(f"alembic upgrade head of the example app, {args.rounds} rounds, {figures['database']}")
    print(f"  plain Alembic     {figures['plain_median_s']:.3f} s (median)")
    print(f"  with the guard    {figures['guarded_median_s']:.3f} s (median)")
    verdict = "within" if ratio <= TARGET else "over"
    print(
        f"  ratio             {ratio:.3f} (median of per-round ratios; target <= {TARGET}: {verdict})"
    )
    cpu_verdict = "within" if cpu_ratio <= TARGET else "over"
    print(
        f"  CPU time          {figures['plain_cpu_median_s']:.3f} s plain, "
        f"{figures['guarded_cpu_median_s']:.3f} s guarded (medians): ratio {cpu_ratio:.3f} "
        f"({cpu_verdict})"
    )
    print(f"  reached           {heads}")
    print(f"  load average      {load:.2f} before the run (2 or more: a busy machine)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
