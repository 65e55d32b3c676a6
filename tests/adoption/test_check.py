"""``check`` says what matters: proven uses of tracked columns, the revisions written since
adoption, and a note (not a finding) for names on objects of unknown type."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from colretire.cli import main
from colretire.model import Acceptance, AcceptedOccurrence, ColumnRef, Stage
from tests.db.conftest import track

from .legacy import make_legacy

VIEWS = """\
from app.models import Task


def label(task: Task) -> str:
    return task.title


def anything(thing):
    return thing.title, thing.name
"""


def colretire(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


@pytest.fixture
def project(tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_legacy(tmp_path / "legacy", sqlite_url)
    monkeypatch.chdir(root)
    assert colretire(root, "init").exit_code == 0
    (root / "app" / "views.py").write_text(VIEWS)
    models = root / "app" / "models.py"
    models.write_text(
        models.read_text().replace("    title: Mapped[str]", "    # title: Mapped[str]")
    )
    return root


def test_a_name_on_an_object_of_unknown_type_is_a_note_not_a_finding(project: Path) -> None:
    track(project, ColumnRef("tasks", "title"), Stage.DROPPED, None)

    checked = colretire(project, "check")

    assert checked.exit_code == 1
    assert checked.stdout == (
        "app/views.py:5:17: CR404 tasks.title is recorded as dropped but the code still "
        "declares or uses it: reads Task.title (tasks.title) on a Task instance\n"
        "  fix: remove the use (once the drop is applied, this code fails with 'column does not "
        "exist'); if the database already lacks it, re-add it with: colretire restore "
        "tasks.title\n"
    )
    assert (
        "colretire check: 1 use(s) of tasks.title's name that could not be judged (objects "
        "of unknown type, schemas not proven to mirror the model) are not findings; list "
        "them with: colretire refs tasks.title\n"
    ) in checked.stderr


THING_NAME = AcceptedOccurrence("app/views.py", 9, "return thing.title, thing.name")


def test_a_column_whose_only_uses_are_unproven_and_accepted_passes(project: Path) -> None:
    accepted = Acceptance("anything() receives tasks only", (THING_NAME,))
    track(project, ColumnRef("worker", "name"), Stage.UNREFERENCED, None, accepted)
    models = project / "app" / "models.py"
    models.write_text(
        models.read_text().replace("    name: Mapped[str]", "    # name: Mapped[str]")
    )

    checked = colretire(project, "check")

    assert (checked.exit_code, checked.stdout) == (0, "")
    assert "1 use(s) of worker.name's name that could not be judged" in checked.stderr


def test_an_unproven_use_nobody_accepted_is_a_regression(project: Path) -> None:
    track(project, ColumnRef("worker", "name"), Stage.UNREFERENCED, None)
    models = project / "app" / "models.py"
    models.write_text(
        models.read_text().replace("    name: Mapped[str]", "    # name: Mapped[str]")
    )

    checked = colretire(project, "check")

    assert checked.exit_code == 1
    assert checked.stdout.startswith(
        "app/views.py:9:31: CR406 worker.name is at stage 'unreferenced' but the code names "
        "it where the analysis cannot judge it, and this occurrence was not accepted when it "
        "became unreferenced: reads Worker.name (worker.name) on an object of unknown type "
        "(a Worker?)\n"
    )
