"""Adopt colretire on real projects of the corpus, and migrate them from scratch with it.

    python benchmarks/adoption.py [--cache DIR] [--only ID ...] [--no-migrations] [--json FILE]

For every project of the real-code corpus (``benchmarks/realcode/projects/``: the pinned
release, fetched into ``--cache``, by default under the system's temporary directory) that
ships Alembic migrations, a fresh copy is adopted as a user would: ``colretire init`` (with
the options of :data:`ADOPTION` where the project has several Alembic configurations), then
``colretire check`` cold and warm. Adoption holds when both exit 0 with no finding.

For the projects whose migrations run in a small environment (:data:`MIGRATE`), two virtual
environments get the project's release and its dependencies, one of them colretire too; each
migrates a fresh SQLite database (and PostgreSQL, at ``COLRETIRE_TEST_POSTGRES_URL`` or the
local server) from scratch with ``alembic upgrade heads`` run on the adopted tree, so that the
zero-line guard is active. The two schemas must be identical.

The benchmark reports and does not gate: it exits 0 whatever it finds, 1 only when it could
not run (a download or an install failed).
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
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import realcode  # the corpus manifest and its downloads, found through the line above

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "colretire-adoption"
POSTGRES_URL = os.environ.get(
    "COLRETIRE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)

#: Options ``init`` needs for a project, and why.
ADOPTION: dict[str, list[str]] = {
    # The tracking store and the auth database are two Alembic environments; the store's
    # is the one the models of the corpus belong to.
    "mlflow": ["--alembic", "mlflow/store/db_migrations/alembic.ini"],
}
#: Corpus projects without Alembic, and why.
NO_ALEMBIC = {"ckan": "its pinned release (2.2.4) migrates with sqlalchemy-migrate, not Alembic"}

#: The projects migrated from scratch, with and without colretire. colretire needs SQLAlchemy 2,
#: and the corpus pins releases from before it (optuna 2.3.0's migrations call
#: ``sa.delete(table, whereclause)``, gone in SQLAlchemy 2), so these pin releases of their own:
#: the sdist (its source tree goes on PYTHONPATH, adopted), the alembic.ini and scripts, and the
#: packages the models import.
MIGRATE: dict[str, dict[str, Any]] = {
    "optuna": {
        "requirement": "optuna==5.1.0",
        "root": "optuna-5.1.0",
        "ini": "optuna/storages/_rdb/alembic.ini",
        "scripts": "optuna/storages/_rdb/alembic",
        "install": ["numpy", "scipy", "colorlog", "tqdm", "packaging", "PyYAML"],
    },
    "mlflow": {
        "requirement": "mlflow==3.18.0",
        "root": "mlflow-3.18.0",
        "ini": "mlflow/store/db_migrations/alembic.ini",
        "scripts": "mlflow/store/db_migrations",
        "install": ["mlflow-skinny==3.18.0"],
        # MLflow builds a new database as its own code does: the initial tables from
        # InitialBase, then every migration (its revisions start from those tables).
        "program": (
            "import sys, sqlalchemy\n"
            "from mlflow.store.db.utils import _initialize_tables\n"
            "engine = sqlalchemy.create_engine(sys.argv[3])\n"
            "_initialize_tables(engine)\n"
            "engine.dispose()\n"
        ),
    },
}

UPGRADE = """\
import sys
from alembic import command
from alembic.config import Config

ini, scripts, url = sys.argv[1:4]
config = Config(ini)
config.set_main_option("script_location", scripts)
config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
command.upgrade(config, "heads")
"""


@dataclass
class Adopted:
    project: str
    release: str
    init_exit: int
    init_output: str
    check_exit: int
    findings: int
    check_cold: float
    check_warm: float
    baseline_revisions: int
    migrations: dict[str, str] = field(default_factory=dict)


def colretire() -> str:
    found = shutil.which("colretire", path=str(Path(sys.executable).parent))
    return found or "colretire"


def compile_colretire() -> None:
    """Bytecode for colretire's modules, as ``pip install`` writes it (an editable install
    run with PYTHONDONTWRITEBYTECODE compiles every module on every run otherwise)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    python = Path(colretire()).with_name("python")
    subprocess.run(
        [str(python), "-m", "compileall", "-q", str(REPOSITORY / "colretire")],
        env=env, capture_output=True, check=False,
    )  # fmt: skip


def timed(command: Sequence[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """CPU seconds (user + system) of ``command``: on a shared machine wall time measures
    the other work as much as this one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def adopt(project: realcode.Project, cache: Path) -> tuple[Adopted, Path]:
    source = realcode.source_root(project, cache, None)
    work = cache / "work" / f"{project.id}-{project.source.requirement.partition('==')[2]}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work, symlinks=True)
    _, init = timed([colretire(), "init", *ADOPTION.get(project.id, [])], work)
    cold, check = timed([colretire(), "check"], work)
    warm = min(timed([colretire(), "check"], work)[0] for _ in range(3))
    _, again = timed([colretire(), "check"], work)
    baseline = work / "state" / "baseline.toml"
    revisions = baseline.read_text().count('",\n') if baseline.exists() else 0
    findings = len([line for line in again.stdout.splitlines() if ": CR" in line])
    result = Adopted(
        project.id,
        project.source.requirement,
        init.returncode,
        init.stdout + init.stderr,
        again.returncode,
        findings,
        round(cold, 2),
        round(warm, 2),
        revisions,
    )
    del check
    return result, work


# -- migrating from scratch ---------------------------------------------------------------------


def environment(cache: Path, project: realcode.Project, with_colretire: bool) -> Path:
    """A venv with the project's release and dependencies (and colretire)."""
    name = f"{project.id}-{'with' if with_colretire else 'without'}-colretire"
    directory = cache / "venvs" / name
    if (directory / "ready").exists():
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True)
    packages = [*MIGRATE[project.id]["install"], "sqlalchemy>=2.0", "alembic>=1.18"]
    packages.append("psycopg[binary]")
    if with_colretire:
        packages.append(str(REPOSITORY))
    pip = [str(directory / "bin" / "python"), "-m", "pip", "install", "-q", *packages]
    done = subprocess.run(pip, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"installing {' '.join(packages)} failed:\n{done.stderr[-2000:]}")
    (directory / "ready").write_text("")
    return directory


def upgrade(
    venv: Path, tree: Path, project: realcode.Project, url: str
) -> subprocess.CompletedProcess[str]:
    spec = MIGRATE[project.id]
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLRETIRE_")}
    env["PYTHONPATH"] = str(tree)  # the adopted tree's package, not the installed copy
    program = spec.get("program", UPGRADE)
    command = [str(venv / "bin" / "python"), "-c", program, str(tree / spec["ini"])]
    command += [str(tree / spec["scripts"]), url]
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)


def schema(url: str) -> dict[str, Any]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        return {
            table: sorted(
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            )
            for table in sorted(inspector.get_table_names())
        }
    finally:
        engine.dispose()


def fresh_database(kind: str, work: Path) -> tuple[str, str]:
    """A URL for the project's environments and one for this process, of a new database."""
    if kind == "sqlite":
        path = work / f"fresh-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", f"sqlite:///{path}"
    import sqlalchemy as sa

    name = f"cr_adopt_{uuid.uuid4().hex[:10]}"
    server = sa.engine.make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = server.set(database=name).render_as_string(hide_password=False)
    return url, url


def migrated_release(project: realcode.Project, cache: Path) -> tuple[realcode.Project, Path]:
    """The release :data:`MIGRATE` pins for ``project``, fetched and adopted."""
    spec = MIGRATE[project.id]
    source = realcode.Source("pypi", spec["requirement"], "sdist", root=spec["root"])
    pinned = realcode.Project(project.id, project.name, (), source, (), project.file)
    result, tree = adopt(pinned, cache)
    if result.init_exit or result.check_exit:
        raise SystemExit(f"{spec['requirement']}: adoption failed:\n{result.init_output}")
    return pinned, tree


def migrate(project: realcode.Project, tree: Path, cache: Path) -> dict[str, str]:
    """Per database: 'identical', or what went wrong."""
    venvs = {flag: environment(cache, project, flag) for flag in (True, False)}
    outcome = {}
    for kind in ("sqlite", "postgresql"):
        schemas, failures = {}, []
        for flag, venv in venvs.items():
            try:
                url, here = fresh_database(kind, tree)
            except Exception as error:  # no server: said, not hidden
                failures.append(f"no {kind} database ({type(error).__name__})")
                break
            done = upgrade(venv, tree, project, url)
            if done.returncode != 0:
                last = (done.stdout + done.stderr).strip().splitlines()[-1:]
                failures.append(f"{'with' if flag else 'without'} colretire: {' '.join(last)}")
                continue
            schemas[flag] = schema(here)
        if failures:
            outcome[kind] = "; ".join(failures)
        else:
            same = schemas[True] == schemas[False]
            outcome[kind] = f"identical ({len(schemas[True])} tables)" if same else "DIFFERENT"
    return outcome


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", nargs="*", help="project ids")
    parser.add_argument("--no-migrations", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    compile_colretire()
    print(f"load average {os.getloadavg()[0]:.2f}; times are CPU seconds (user + system)")
    results = []
    for project in realcode.load_corpus():
        if args.only and project.id not in args.only:
            continue
        if project.id in NO_ALEMBIC:
            print(f"{project.id}: skipped: {NO_ALEMBIC[project.id]}")
            continue
        result, _ = adopt(project, args.cache)
        if project.id in MIGRATE and not args.no_migrations:
            pinned, pinned_tree = migrated_release(project, args.cache)
            outcome = migrate(pinned, pinned_tree, args.cache)
            result.migrations = {
                f"{kind} ({pinned.source.requirement})": v for kind, v in outcome.items()
            }
        results.append(result)
        print(
            f"{project.id} ({result.release}): init {result.init_exit}, check {result.check_exit} "
            f"with {result.findings} finding(s), baseline {result.baseline_revisions} "
            f"revision(s), check cold {result.check_cold:.2f} s, warm {result.check_warm:.2f} s"
            + "".join(f"; {kind}: {what}" for kind, what in result.migrations.items())
        )
    warm = [r.check_warm for r in results]
    if warm:
        print(f"warm check: median {statistics.median(warm):.2f} s, worst {max(warm):.2f} s")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
