"""Measure ``colretire check`` on a long migration history, against ``alembic heads``.

    python benchmarks/check_history.py [--revisions N] [--repeat K] [--json FILE]

The project has N revisions (500 by default), the first a squashed migration of about 7,000
lines, as real projects squash their early history. Three cases, each round back to back:

* ``alembic heads``: Alembic reading the same history (it imports every script), the baseline
  the ratios are taken against;
* **adopted**: ``colretire init`` recorded the history as its baseline, so ``check`` reads each
  script's revision id and parses none (warm: the state unchanged);
* **linted, cold** and **linted, warm**: no baseline (every revision written after adoption),
  so ``check`` lints all N scripts; cold with colretire's cache removed, warm with it.

Times are CPU seconds (user + system): on a shared machine wall time measures the other work
too. The target is warm ``check`` within 2 s on 500 migrations. The benchmark reports and does not
gate: exit 0 whatever the figures, 1 when a command fails.
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
from collections.abc import Sequence
from pathlib import Path

TARGET_WARM = 2.0
SQUASHED_TABLES = 230  # about 7,000 lines

PYPROJECT = '[project]\nname = "history"\nversion = "1.0"\n'
ALEMBIC_INI = "[alembic]\nscript_location = %(here)s/migrations\nprepend_sys_path = %(here)s\n"
ENV_PY = (
    "from alembic import context\nfrom app.models import Base\ntarget_metadata = Base.metadata\n"
)
MODELS = (
    "from sqlalchemy import Integer\n"
    "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
    "class Base(DeclarativeBase):\n    pass\n\n\n"
    "class Ledger(Base):\n    __tablename__ = 'ledger'\n"
    "    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n"
)


def _script(revision: str, down: str | None, body: list[str]) -> str:
    lines = "\n".join(f"    {line}" for line in body)
    return (
        f'"""revision {revision}"""\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f"revision = {revision!r}\ndown_revision = {down!r}\nbranch_labels = None\n"
        f"depends_on = None\n\n\ndef upgrade() -> None:\n{lines}\n\n\n"
        f"def downgrade() -> None:\n    pass\n"
    )


def _squashed() -> list[str]:
    body = []
    for table in range(SQUASHED_TABLES):
        body.append("op.create_table(")
        body.append(f'    "table_{table:03d}",')
        body.append('    sa.Column("id", sa.Integer(), primary_key=True),')
        for column in range(22):
            body.append(
                f'    sa.Column("field_{column:02d}", sa.String(length=80), nullable=True),'
            )
        body.append(")")
        body.append(
            f'op.create_index("ix_table_{table:03d}_field_00", "table_{table:03d}", ["field_00"])'
        )
    return body


def _step(number: int) -> list[str]:
    table = f"table_{number % SQUASHED_TABLES:03d}"
    return [
        f'op.add_column("{table}", sa.Column("added_{number:04d}", sa.Integer(), nullable=True))',
        f'op.execute("UPDATE {table} SET added_{number:04d} = 0")',
        f'op.create_index("ix_{table}_added_{number:04d}", "{table}", ["added_{number:04d}"])',
        f'op.drop_index("ix_{table}_field_00", table_name="{table}")'
        if number % 50 == 0
        else "pass",
    ]


def generate(root: Path, revisions: int) -> None:
    """The project: N revisions in one chain, the first squashed."""
    shutil.rmtree(root, ignore_errors=True)
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "models.py").write_text(MODELS)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "alembic.ini").write_text(ALEMBIC_INI)
    (root / "migrations" / "env.py").write_text(ENV_PY)
    down = None
    for number in range(1, revisions + 1):
        revision = f"{number:04d}"
        body = _squashed() if number == 1 else _step(number)
        (versions / f"{revision}_step.py").write_text(_script(revision, down, body))
        down = revision


def timed(command: Sequence[str], cwd: Path) -> float:
    """CPU seconds (user + system) of ``command``: on a shared machine, wall time measures
    the other work as much as this one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed beside {sys.executable}")
    return found


def prepare(work: Path, revisions: int) -> tuple[Path, Path]:
    """Two copies: one adopted (baseline), one configured without a baseline."""
    adopted, linted = work / "adopted", work / "linted"
    generate(adopted, revisions)
    subprocess.run([_tool("colretire"), "init"], cwd=adopted, capture_output=True, check=True)
    generate(linted, revisions)
    with (linted / "pyproject.toml").open("a") as handle:
        handle.write('\n[tool.colretire]\nsource = ["app"]\n')
    return adopted, linted


def measure(work: Path, revisions: int, repeat: int) -> dict[str, list[float]]:
    adopted, linted = prepare(work, revisions)
    colretire, alembic = _tool("colretire"), _tool("alembic")
    series: dict[str, list[float]] = {
        "alembic heads": [],
        "adopted, warm": [],
        "linted, cold": [],
        "linted, warm": [],
    }
    timed([colretire, "check"], adopted)  # the first run writes bytecode, as pip does
    timed([alembic, "heads"], adopted)
    for _ in range(repeat):
        series["alembic heads"].append(timed([alembic, "heads"], adopted))
        series["adopted, warm"].append(timed([colretire, "check"], adopted))
        shutil.rmtree(linted / ".colretire-cache", ignore_errors=True)
        series["linted, cold"].append(timed([colretire, "check"], linted))
        series["linted, warm"].append(timed([colretire, "check"], linted))
    return series


def report(series: dict[str, list[float]], revisions: int) -> list[str]:
    base = statistics.median(series["alembic heads"])
    lines = [
        f"colretire check on {revisions} migrations (the first squashed, ~7,000 lines); "
        f"load average {os.getloadavg()[0]:.2f}",
        f"{'case':<16}{'best s':>9}{'median s':>10}{'x alembic heads':>17}  (CPU seconds)",
    ]
    for name, times in series.items():
        median = statistics.median(times)
        lines.append(f"{name:<16}{min(times):>9.2f}{median:>10.2f}{median / base:>17.2f}")
    warm = min(min(series["adopted, warm"]), min(series["linted, warm"]))
    verdict = (
        "meets"
        if max(min(series["adopted, warm"]), min(series["linted, warm"])) <= TARGET_WARM
        else "misses"
    )
    lines.append(f"warm check {verdict} the {TARGET_WARM:.0f} s target (best warm {warm:.2f} s)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--revisions", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the timings here")
    parser.add_argument("--work", type=Path, help="where to generate the project (kept)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="colretire-check-history-"))
    series = measure(work, args.revisions, args.repeat)
    print("\n".join(report(series, args.revisions)))
    if args.json:
        args.json.write_text(json.dumps({"revisions": args.revisions, "seconds": series}, indent=2))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
