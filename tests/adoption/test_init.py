"""``colretire init`` finds the real configuration, says what it cannot decide, and never
writes a path that does not exist. Each case is a small project as real ones are laid out."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit
from click.testing import CliRunner, Result

from colretire.cli import main

REVISION = 'revision = "{rev}"\ndown_revision = None\n\n\ndef upgrade():\n    {body}\n'
DROP = 'op.drop_column("tasks", "old")'


def colretire(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def written(root: Path) -> dict[str, object]:
    document = tomlkit.parse((root / "pyproject.toml").read_text()).unwrap()
    table: dict[str, object] = document["tool"]["colretire"]
    return table


def assert_every_written_path_exists(root: Path) -> None:
    table = written(root)
    for key in ("alembic", "script_location"):
        if key in table:
            assert (root / str(table[key])).exists(), (key, table[key])
    for key in ("source", "versions"):
        for value in table.get(key, []):  # type: ignore[attr-defined]
            assert (root / value).is_dir(), (key, value)


def assert_adopted_and_clean(root: Path) -> None:
    """Adopted: every path written exists, and the history's drop is in the baseline."""
    assert_every_written_path_exists(root)
    checked = colretire(root, "check")
    assert (checked.exit_code, checked.stdout) == (0, ""), checked.output


def revision(rev: str, body: str = DROP) -> str:
    return REVISION.format(rev=rev, body=body)


ENV_PY = (
    "from alembic import context\nfrom app.models import Base\ntarget_metadata = Base.metadata\n"
)
PYPROJECT = '[project]\nname = "x"\n'
APP = {"app/__init__.py": "", "app/models.py": "Base = None\n"}


def test_an_alembic_ini_in_a_subdirectory_with_a_relative_script_location(tmp_path: Path) -> None:
    """script_location is read from the configuration's directory, where alembic is run."""
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            **{f"backend/{k}": v for k, v in APP.items()},
            "backend/alembic.ini": "[alembic]\nscript_location = migrations\n",
            "backend/migrations/env.py": ENV_PY,
            "backend/migrations/versions/0001_a.py": revision("0001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert written(root) == {
        "state": "state/columns.toml",
        "source": ["backend/app"],
        "alembic": "backend/alembic.ini",
        "metadata": "app.models:Base",
    }
    assert_adopted_and_clean(root)


def test_two_configurations_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "store/alembic.ini": "[alembic]\nscript_location = %(here)s/m\n",
            "auth/alembic.ini": "[alembic]\nscript_location = %(here)s/m\n",
        },
    )
    result = colretire(root, "init")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: found 2 Alembic configurations (auth/alembic.ini, store/alembic.ini); "
        "colretire guards one: pass --alembic PATH\n",
    )
    assert (root / "pyproject.toml").read_text() == PYPROJECT
    assert not (root / "state").exists()


def test_a_multi_section_ini_asks_which_section(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "alembic.ini": (
                "[core]\nscript_location = %(here)s/core\n\n"
                "[tenant]\nscript_location = %(here)s/tenant\n"
            ),
            "core/env.py": "",
            "core/versions/0001_a.py": revision("0001", "pass"),
            "tenant/env.py": "",
            "tenant/versions/0001_t.py": revision("t1"),
        },
    )
    asked = colretire(root, "init")
    assert (asked.exit_code, asked.stderr) == (
        2,
        "error: alembic.ini configures 2 environments ([core], [tenant]) and none is "
        "[alembic]: pass --alembic-section NAME\n",
    )
    chosen = colretire(root, "init", "--alembic-section", "tenant")
    assert chosen.exit_code == 0, chosen.output
    assert written(root)["alembic_section"] == "tenant"
    assert "1 revision(s) in 1 version tree(s)" in chosen.stdout
    assert_adopted_and_clean(root)


def test_an_unknown_section_is_refused(tmp_path: Path) -> None:
    root = write(
        tmp_path, {"pyproject.toml": PYPROJECT, "alembic.ini": "[core]\nscript_location = c\n"}
    )
    result = colretire(root, "init", "--alembic-section", "tenant")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --alembic-section tenant: alembic.ini has no such section with a "
        "script_location (it has: [core])\n",
    )


def test_tool_alembic_in_pyproject(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT + '\n[tool.alembic]\nscript_location = "%(here)s/db"\n',
            "db/env.py": "",
            "db/versions/0001_a.py": revision("0001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert written(root)["alembic"] == "pyproject.toml"
    assert "1 revision(s)" in result.stdout
    assert_adopted_and_clean(root)


def test_package_path_is_found_without_importing_the_package(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "alembic.ini": "[alembic]\nscript_location = shop.db:migrations\n",
            "src/shop/__init__.py": "raise RuntimeError('imported')\n",
            "src/shop/db/__init__.py": "",
            "src/shop/db/migrations/env.py": "",
            "src/shop/db/migrations/versions/0001_a.py": revision("0001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert written(root)["source"] == ["src/shop"]
    assert "1 revision(s)" in result.stdout
    assert_adopted_and_clean(root)


def test_a_script_location_filled_in_at_run_time(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "hub/__init__.py": "",
            "hub/alembic.ini": "[alembic]\nscript_location = {alembic_dir}\n",
            "hub/alembic/env.py": "",
            "hub/alembic/versions/0001_a.py": revision("0001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "note: hub/alembic.ini has script_location = {alembic_dir}: it is filled in at run "
        "time; using hub/alembic, which holds env.py (pass --script-location DIR to choose "
        "another)\n"
    )
    assert written(root)["script_location"] == "hub/alembic"
    assert_adopted_and_clean(root)


def test_flask_migrate_gives_its_directory_at_run_time(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "app/__init__.py": "",
            "app/migrations/alembic.ini": "[alembic]\n# template used\n",
            "app/migrations/env.py": "",
            "app/migrations/versions/0001_a.py": revision("0001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert written(root)["script_location"] == "app/migrations"
    assert_adopted_and_clean(root)


def test_version_locations_are_all_recorded(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "alembic.ini": (
                "[alembic]\nscript_location = %(here)s/migrations\npath_separator = os\n"
                "version_locations = %(here)s/migrations/core:%(here)s/plugins/billing\n"
            ),
            "migrations/env.py": "",
            "migrations/core/0001_a.py": revision("0001"),
            "plugins/billing/b001_a.py": revision("b001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert "2 revision(s) in 2 version tree(s)" in result.stdout
    assert "versions" not in written(root)  # Alembic's own configuration names them
    assert_adopted_and_clean(root)


def test_a_tree_env_py_names_is_found(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "alembic.ini": "[alembic]\nscript_location = %(here)s/migrations\n",
            "migrations/env.py": 'context.script.version_locations = [HERE + "/archive"]\n',
            "migrations/versions/0002_a.py": revision("0002", "pass"),
            "migrations/archive/0001_a.py": revision("0001"),
            "migrations/scratch/0009_a.py": revision("0009"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert written(root)["versions"] == ["migrations/versions", "migrations/archive"]
    assert "note: revision scripts in migrations/scratch are in no version location" in (
        result.stderr
    )
    assert_adopted_and_clean(root)


METADATA = [
    ("from app.models import Base\ntarget_metadata = Base.metadata\n", "app.models:Base"),
    ("from app import models\ntarget_metadata = models.Base.metadata\n", "app.models:Base"),
    ("import app.models\ntarget_metadata = app.models.Base.metadata\n", "app.models:Base"),
    ("from app.models import Base as B\ntarget_metadata = B.metadata\n", "app.models:Base"),
    ("from app.models import metadata\ntarget_metadata = metadata\n", "app.models:metadata"),
]


@pytest.mark.parametrize(("env_py", "spec"), METADATA)
def test_the_metadata_comes_from_env_py(tmp_path: Path, env_py: str, spec: str) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            **APP,
            "alembic.ini": "[alembic]\nscript_location = %(here)s/migrations\n",
            "migrations/env.py": env_py,
            "migrations/versions/0001_a.py": revision("0001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert written(root)["metadata"] == spec


def test_metadata_it_cannot_follow_is_a_note_with_the_option(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "alembic.ini": "[alembic]\nscript_location = %(here)s/migrations\n",
            "migrations/env.py": "from flask import current_app\n"
            "target_metadata = current_app.extensions['migrate'].db.metadata\n",
            "migrations/versions/0001_a.py": revision("0001"),
        },
    )
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert (
        "note: env.py sets target_metadata = current_app.extensions['migrate'].db.metadata, "
        "which colretire cannot follow; check --db will read the models from the static index "
        "(pass --metadata module:attr to import them instead)\n"
    ) in result.stderr
    assert "metadata" not in written(root)


def test_a_metadata_module_that_is_not_there_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path, {"pyproject.toml": PYPROJECT})
    result = colretire(root, "init", "--metadata", "nowhere.models:Base")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --metadata nowhere.models:Base: no module nowhere.models in the project\n",
    )
    assert (root / "pyproject.toml").read_text() == PYPROJECT


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--alembic", "nope.ini", "--alembic nope.ini: no such file under"),
        ("--source", "nope", "--source nope: no such directory under"),
        ("--script-location", "nope", "--script-location nope: no such directory under"),
    ],
)
def test_a_path_that_does_not_exist_is_refused(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "alembic.ini": "[alembic]\nscript_location = %(here)s/m\n",
            "m/env.py": "",
        },
    )
    result = colretire(root, "init", option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}")
    assert (root / "pyproject.toml").read_text() == PYPROJECT


def test_a_broken_ini_is_one_message(tmp_path: Path) -> None:
    root = write(tmp_path, {"pyproject.toml": PYPROJECT, "alembic.ini": "script_location = x\n"})
    result = colretire(root, "init")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: alembic.ini: not a valid ini file: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_without_alembic_init_says_what_to_pass(tmp_path: Path) -> None:
    root = write(tmp_path, {"pyproject.toml": PYPROJECT, "tool.py": ""})
    result = colretire(root, "init")
    assert result.exit_code == 0, result.output
    assert "note: no Alembic configuration found" in result.stderr
    assert "pass --alembic PATH" in result.stderr
    assert "note: no package directory found, so the reference scan reads the whole project" in (
        result.stderr
    )
    assert written(root) == {"state": "state/columns.toml", "source": ["."]}
