"""The example app's env.py carries the guard's line: the outage's drop cannot ship."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from colretire.model import Stage

from .conftest import COLUMN, record_stage

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "workflow_tracker"

DROP = '''\
"""drop tasks.expected_completion_time (the outage's migration)"""
from alembic import op

revision = "0099"
down_revision = "0003"


def upgrade():
    op.drop_column("tasks", "expected_completion_time")


def downgrade():
    pass
'''


def test_the_outage_migration_is_refused_in_the_example_app(tmp_path: Path) -> None:
    app = tmp_path / "workflow_tracker"
    shutil.copytree(
        EXAMPLE,
        app,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".colretire-cache"),
    )
    (app / "backend" / "migrations" / "versions" / "0099_drop_ect.py").write_text(DROP)
    record_stage(app / "state" / "columns.toml", COLUMN, Stage.UNREFERENCED)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    alembic = str(Path(sys.executable).with_name("alembic"))

    done = subprocess.run(
        [alembic, "upgrade", "head"], cwd=app / "backend", env=env,
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert (
        "FAILED: refusing to drop tasks.expected_completion_time: its stage is 'unreferenced'"
        in output
    )
    assert "at backend/migrations/versions/0099_drop_ect.py:9:5 (revision 0099)" in output
    assert "Traceback" not in output


#: Prints, when the process ends, which of these modules it imported.
LOADED = """\
import atexit, sys
WATCHED = {watched!r}
atexit.register(lambda: print("LOADED", sorted(m for m in WATCHED if m in sys.modules)))
{body}
"""


def loaded_modules(body: str, watched: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", LOADED.format(watched=watched, body=body)], cwd=cwd, env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if line.startswith("LOADED")][-1]


def test_installing_colretire_costs_import_alembic_almost_nothing(tmp_path: Path) -> None:
    # Alembic loads colretire's plugin in every project, guarded or not: the plugin must not
    # pull in the lifecycle, the model's classes or the TOML writer.
    watched = ["colretire.alembic.plugin", "colretire.model", "colretire.lifecycle", "tomlkit"]

    loaded = loaded_modules("import alembic.op", watched, tmp_path, dict(os.environ))

    assert loaded == "LOADED ['colretire.alembic.plugin']"


def test_a_guarded_upgrade_imports_only_what_judging_needs(tmp_path: Path) -> None:
    app = tmp_path / "workflow_tracker"
    shutil.copytree(
        EXAMPLE,
        app,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".colretire-cache"),
    )
    record_stage(app / "state" / "columns.toml", COLUMN, Stage.UNREFERENCED)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    watched = [
        "colretire.alembic.judge",  # the pre-check read a script
        "colretire.alembic.autogen", "colretire.workflow", "tomlkit", "libcst", "click",
    ]  # fmt: skip
    upgrade = "from alembic.config import main\nmain(argv=['upgrade', 'head'], prog='alembic')"

    # The example's three revisions only create tables, add a column and run an UPDATE:
    # nothing in them can remove or rename, so the pre-check does not load its reader.
    loaded = loaded_modules(upgrade, watched, app / "backend", env)
    assert loaded == "LOADED []"

    # A revision that drops something (an index) is read: the judge is loaded, and only it.
    (app / "backend" / "migrations" / "versions" / "0004_reindex.py").write_text(
        DROP.replace('"0099"', '"0004"').replace(
            'op.drop_column("tasks", "expected_completion_time")',
            'op.create_index("ix_t", "tasks", ["title"])\n    op.drop_index("ix_t", "tasks")',
        )
    )
    (tmp_path / "app.db").unlink()
    loaded = loaded_modules(upgrade, watched, app / "backend", env)
    assert loaded == "LOADED ['colretire.alembic.judge']"
