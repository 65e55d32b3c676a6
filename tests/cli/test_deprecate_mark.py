"""deprecate --mark: the model stops loading the column, so the outage cannot happen on a
plain SELECT even before the code is cleaned up."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tests.cli.conftest import Run

COLUMN = "tasks.expected_completion_time"


def load_models(project: Path) -> object:
    spec = importlib.util.spec_from_file_location(
        f"marked_models_{id(project)}", project / "app" / "models.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_mark_defers_the_column_and_says_why(project: Path, run: Run) -> None:
    result = run("deprecate", COLUMN, "--mark", "--reason", "replaced")
    assert result.exit_code == 0, result.output
    text = (project / "app" / "models.py").read_text()
    line = next(line for line in text.splitlines() if "expected_completion_time" in line)
    assert "deferred=True" in line
    assert "# colretire: deprecated, see state/columns.toml" in text
    assert "+    expected_completion_time: Mapped[int | None] = mapped_column(" in result.output


def test_after_mark_a_select_survives_the_column_being_gone(
    project: Path, run: Run, tmp_path: Path
) -> None:
    run("deprecate", COLUMN, "--mark")
    models = load_models(project)
    database = tmp_path / "db.sqlite"
    engine = sa.create_engine(f"sqlite:///{database}")
    models.Base.metadata.create_all(engine)  # type: ignore[attr-defined]
    with sqlite3.connect(database) as raw:
        raw.execute("INSERT INTO tasks (id, title, status) VALUES (1, 'weld', 'open')")
        raw.execute("ALTER TABLE tasks DROP COLUMN expected_completion_time")
    with Session(engine) as session:
        task = session.scalars(sa.select(models.Task)).one()  # type: ignore[attr-defined]
        assert task.title == "weld"


def test_mark_twice_changes_nothing_more(project: Path, run: Run) -> None:
    run("deprecate", COLUMN, "--mark")
    once = (project / "app" / "models.py").read_text()
    run("cancel", COLUMN, "--reason", "try again")
    assert run("deprecate", COLUMN, "--mark").exit_code == 0
    assert (project / "app" / "models.py").read_text() == once
