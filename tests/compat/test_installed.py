"""Installed beside every Alembic and SQLAlchemy it declares, colretire harms nothing.

For Python 3.10 and the newest Python found, a virtual environment gets the oldest and newest
Alembic (and 1.19, whose plugin loading differs from 1.20.1's) with the oldest and newest
SQLAlchemy, then colretire's wheel. In each: ``import alembic`` passes with warnings as
errors, the example application migrates a fresh SQLite database up and back down, the
``env.py`` line refuses a drop, and a project without ``[tool.colretire]`` runs it. From
Alembic 1.18, which loads plugins, the zero-line guard (the ``alembic.plugins`` entry point,
with a plain ``env.py``) refuses it too; before, ``colretire check`` says that only the
``env.py`` line guards.

The environments are cached (see :mod:`tests.compat.environments`). Without the interpreters
the tests skip and say why; with ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from packaging.requirements import Requirement
from packaging.version import Version

from tests.compat import environments
from tests.compat.environments import Environment, Interpreter

#: The newest releases tested; the declared ranges end with their minor series.
NEWEST = {"alembic": "1.20.1", "sqlalchemy": "2.1.9"}
#: SQLAlchemy 2.1 needs Python 3.11: on 3.10 the newest release is the newest 2.0.
NEWEST_ON_3_10 = {**NEWEST, "sqlalchemy": "2.0.58"}
#: Alembic 1.18.0 to 1.20.0 iterate over the plugin entry point; 1.20.1 does not.
ALEMBIC_1_19 = "1.19.2"
#: The first Alembic that loads plugins: before it, no zero-line guard.
FIRST_WITH_PLUGINS = Version("1.18")

#: (python, alembic, sqlalchemy): every extreme meets every extreme of the other library.
MATRIX = [
    (python, alembic, sqlalchemy)
    for python in ("3.10", "newest")
    for alembic, sqlalchemy in [
        ("oldest", "oldest"),
        ("oldest", "newest"),
        ("1.19", "newest"),
        ("newest", "oldest"),
        ("newest", "newest"),
    ]
]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "workflow_tracker"
GUARD_LINE = "from colretire.alembic.guard import context"

DROP = '''\
"""drop tasks.expected_completion_time, never retired"""
from alembic import op

revision = "0099"
down_revision = "0003"


def upgrade():
    op.drop_column("tasks", "expected_completion_time")


def downgrade():
    pass
'''


def declared(name: str, python: Interpreter) -> Requirement:
    """The requirement on ``name`` that applies on ``python``."""
    for line in environments.dependencies():
        requirement = Requirement(line)
        applies = requirement.marker is None or requirement.marker.evaluate(
            {"python_version": python.name}
        )
        if requirement.name.lower() == name and applies:
            return requirement
    raise AssertionError(f"pyproject.toml declares no {name} for Python {python.name}")


def oldest(name: str, python: Interpreter) -> str:
    """The release the declared range starts at (``>=2.0`` starts at 2.0.0)."""
    floors = [Version(s.version) for s in declared(name, python).specifier if s.operator == ">="]
    assert len(floors) == 1, f"the {name} requirement needs one lower bound"
    release = floors[0].release + (0,) * (3 - len(floors[0].release))
    return ".".join(map(str, release))


def newest(name: str, python: Interpreter) -> str:
    return (NEWEST_ON_3_10 if python.version == (3, 10) else NEWEST)[name]


def pins(python: Interpreter, alembic: str, sqlalchemy: str) -> tuple[str, str]:
    chosen = {"alembic": alembic, "sqlalchemy": sqlalchemy}
    resolved = {
        name: {
            "oldest": oldest(name, python),
            "newest": newest(name, python),
            "1.19": ALEMBIC_1_19,
        }[label]
        for name, label in chosen.items()
    }
    return resolved["alembic"], resolved["sqlalchemy"]


def interpreter(label: str) -> Interpreter:
    try:
        oldest_python, newest_python = environments.oldest_and_newest()
    except environments.Unavailable as missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing}; CI=true requires them")
        pytest.skip(str(missing))
    return oldest_python if label == "3.10" else newest_python


def run(
    command: list[str | Path], cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COLRETIRE_"))
    }
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env={**environment, **env},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def copy_example(destination: Path, *, plain_env_py: bool = False) -> Path:
    shutil.copytree(
        EXAMPLE,
        destination,
        ignore=shutil.ignore_patterns("__pycache__", "*.db", ".colretire-cache"),
    )
    backend = destination / "backend"
    if plain_env_py:
        env_py = backend / "migrations" / "env.py"
        env_py.write_text(env_py.read_text().replace(GUARD_LINE, "from alembic import context"))
    return backend


def loads_plugins(alembic: str) -> bool:
    return Version(alembic) >= FIRST_WITH_PLUGINS


def assert_import_alembic_is_clean(env: Environment, alembic: str, sqlalchemy: str) -> None:
    code = (
        "import alembic, sqlalchemy\n"
        "from colretire.alembic import plugin\n"
        "print(alembic.__version__, sqlalchemy.__version__, plugin.status)"
    )
    imported = run([env.python, "-W", "error", "-c", code])
    assert (imported.returncode, imported.stderr) == (0, "")
    status = "on" if loads_plugins(alembic) else "None"  # never set up: no plugins
    assert imported.stdout.split() == [alembic, sqlalchemy, status]


def assert_example_migrates(env: Environment, work: Path) -> None:
    backend = copy_example(work / "app")
    database = work / "app.db"
    url = f"sqlite:///{database}"
    upgrade = run([env.alembic, "upgrade", "head"], cwd=backend, DATABASE_URL=url)
    assert upgrade.returncode == 0, upgrade.stderr
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        assert "eta_minutes" in {c["name"] for c in inspector.get_columns("tasks")}
        with engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert version.scalar_one() == "0003"
    finally:
        engine.dispose()
    downgrade = run([env.alembic, "downgrade", "base"], cwd=backend, DATABASE_URL=url)
    assert downgrade.returncode == 0, downgrade.stderr
    assert "Traceback" not in upgrade.stderr + downgrade.stderr


def assert_drop_refused(env: Environment, backend: Path, database: Path) -> None:
    (backend / "migrations" / "versions" / "0099_drop.py").write_text(DROP)
    url = f"sqlite:///{database}"
    upgrade = run([env.alembic, "upgrade", "head"], cwd=backend, DATABASE_URL=url)
    output = upgrade.stdout + upgrade.stderr
    assert upgrade.returncode != 0
    assert "FAILED: refusing to drop tasks.expected_completion_time" in output
    assert "Traceback" not in output


def assert_env_py_guard_refuses(env: Environment, work: Path) -> None:
    assert_drop_refused(env, copy_example(work / "guarded"), work / "guarded.db")


def assert_zero_line_guard_refuses(env: Environment, work: Path) -> None:
    assert_drop_refused(env, copy_example(work / "plain", plain_env_py=True), work / "plain.db")


def assert_check_says_only_env_py_guards(env: Environment, alembic: str, work: Path) -> None:
    backend = copy_example(work / "unplugged", plain_env_py=True)
    colretire = env.python.parent / "colretire"
    checked = run([colretire, "-C", backend.parent, "check"])
    assert (
        f"colretire: the zero-line Alembic guard is off: Alembic {alembic} loads no plugins "
        f"(1.18 and later do); the guard runs only where env.py has: {GUARD_LINE}"
    ) in checked.stderr


def assert_inert_without_colretire_table(env: Environment, work: Path) -> None:
    backend = copy_example(work / "other", plain_env_py=True)
    (backend / "migrations" / "versions" / "0099_drop.py").write_text(DROP)
    pyproject = backend.parent / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().split("[tool.colretire]")[0])
    url = f"sqlite:///{work / 'other.db'}"
    upgrade = run([env.alembic, "upgrade", "head"], cwd=backend, DATABASE_URL=url)
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    assert "colretire" not in upgrade.stdout + upgrade.stderr


@pytest.mark.parametrize(("python", "alembic", "sqlalchemy"), MATRIX)
def test_colretire_installed_beside_alembic_and_sqlalchemy(
    python: str, alembic: str, sqlalchemy: str, tmp_path: Path
) -> None:
    chosen = interpreter(python)
    alembic_version, sqlalchemy_version = pins(chosen, alembic, sqlalchemy)
    with environments.environment(chosen, alembic_version, sqlalchemy_version) as env:
        assert_import_alembic_is_clean(env, alembic_version, sqlalchemy_version)
        assert_example_migrates(env, tmp_path)
        assert_env_py_guard_refuses(env, tmp_path)
        if loads_plugins(alembic_version):
            assert_zero_line_guard_refuses(env, tmp_path)
        else:
            assert_check_says_only_env_py_guards(env, alembic_version, tmp_path)
        assert_inert_without_colretire_table(env, tmp_path)


@pytest.mark.parametrize("name", ["alembic", "sqlalchemy"])
def test_the_declared_ranges_end_with_the_newest_release_tested(name: str) -> None:
    newest = Version(NEWEST[name])
    next_minor = f"{newest.major}.{newest.minor + 1}"
    for line in environments.dependencies():
        requirement = Requirement(line)
        if requirement.name.lower() == name:
            assert newest in requirement.specifier, line
            assert Version(NEWEST_ON_3_10[name]) in requirement.specifier, line
            assert {str(s) for s in requirement.specifier if s.operator == "<"} == {
                f"<{next_minor}"
            }, line


def test_alembic_1_19_lies_inside_the_declared_range() -> None:
    lines = [Requirement(line) for line in environments.dependencies()]
    (requirement,) = [r for r in lines if r.name == "alembic"]
    assert Version(ALEMBIC_1_19) in requirement.specifier
