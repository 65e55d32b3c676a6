"""An object of unknown type whose name spells another model (``task``, where a ``Task``
has a ``status`` of its own) is that model's only when nothing else types it: a parameter
is typed by its callers first. A parameter named ``task`` that every call gives a ``Job``
holds a ``Job``, so ``task.status = ...`` writes ``jobs.status``; a call of unknown
argument leaves it unexplained; only the callers proving the other model exclude it."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class Job(db.Model):
        __tablename__ = "jobs"
        id = db.Column(db.Integer, primary_key=True)
        status = db.Column(db.String(20))


    class Task(db.Model):
        __tablename__ = "tasks"
        id = db.Column(db.Integer, primary_key=True)
        status = db.Column(db.String(20))
"""

STEPS = """
    def finish(task, outcome):
        task.status = outcome
        return task
"""


def _project(tmp_path: Path, runner: str) -> tuple[int, int]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/steps.py": STEPS,
            "app/runner.py": runner,
        },
    )
    return at(files["app/steps.py"], "task.^status")


def _steps(tmp_path: Path, column: str = "jobs.status") -> list[tuple[str, int, int, str]]:
    return [r for r in accounted(tmp_path, column) if r[0] == "app/steps.py"]


def test_a_parameter_named_after_another_model_that_its_callers_give_ours(tmp_path: Path) -> None:
    """Every call gives ``finish`` a ``Job``: its ``task`` is one, whatever its name.
    (``finish`` writes only the column, but is not named after it: no setter of it.)"""
    runner = """
        from app.models import Job, db
        from app.steps import finish


        def run(job_id):
            job = db.session.get(Job, job_id)
            return finish(job, "done")
    """
    line, col = _project(tmp_path, runner)
    assert _steps(tmp_path) == [("app/steps.py", line, col, "CR103 certain")]


def test_a_parameter_named_after_another_model_given_an_unknown_value(tmp_path: Path) -> None:
    """A call whose argument is of unknown type proves nothing: the name alone does not
    exclude the write (the object may be a ``Job``)."""
    runner = """
        from app.steps import finish


        def run(anything):
            return finish(anything, "done")
    """
    line, col = _project(tmp_path, runner)
    assert _steps(tmp_path) == [("app/steps.py", line, col, "unexplained")]


def test_a_parameter_that_no_call_types_is_not_excluded_by_its_name(tmp_path: Path) -> None:
    """No call in the project: a framework may hand it anything, a ``Job`` too."""
    line, col = _project(tmp_path, "")
    assert _steps(tmp_path) == [("app/steps.py", line, col, "unexplained")]


def test_a_parameter_its_callers_give_the_other_model_is_excluded(tmp_path: Path) -> None:
    runner = """
        from app.models import Task, db
        from app.steps import finish


        def run(task_id):
            return finish(db.session.get(Task, task_id), "done")
    """
    line, col = _project(tmp_path, runner)
    assert _steps(tmp_path) == [("app/steps.py", line, col, "excluded: other-table")]


def test_a_local_from_a_key_naming_the_other_model_is_still_excluded(tmp_path: Path) -> None:
    """Not a parameter: the key it comes from names the other model, and nothing else
    types it."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/steps.py": """
        import json


        def finish(payload, outcome):
            task = json.loads(payload)["task"]
            task.status = outcome
            return task
    """,
        },
    )
    line, col = at(files["app/steps.py"], "task.^status")
    assert _steps(tmp_path) == [("app/steps.py", line, col, "excluded: other-table")]
