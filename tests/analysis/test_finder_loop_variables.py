"""A loop's variable read in the loop's body holds an element of what the loop goes
over, however else the function binds the name: ``for task in Task.query.all():
task.eta`` then, further down, ``for key, task in pending.items():``. A read outside the
body, or one after the body binds the name again, is judged on every binding as before
(here ``likely``: an ``eta`` read on an object of unknown type)."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class Task(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        eta = db.Column(db.Integer)
"""

JOBS = """
    from app.models import Task


    def schedule(pending):
        for task in Task.query.all():
            print(task.eta)
            if task.id:
                task = pending.get(task.id)
                print(task.eta)
        print(task.eta)
        for key, task in pending.items():
            print(key, task.eta)
"""


def test_a_loop_s_variable_in_its_body(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/jobs.py": JOBS})
    jobs = files["app/jobs.py"]
    rows = {(p, line, col): kind for p, line, col, kind in accounted(tmp_path, "task.eta")}

    def kind(snippet: str, nth: int = 1) -> str:
        return rows[("app/jobs.py", *at(jobs, snippet, nth))]

    # the first read: the body of the loop over the query, before anything rebinds it...
    # but the body binds it again (``task = pending.get(...)``): every read stays unjudged
    assert kind("task.^eta") != "CR103 certain"
    files = write(
        tmp_path, {"app/jobs.py": JOBS.replace("task = pending.get", "other = pending.get")}
    )
    jobs = files["app/jobs.py"]
    rows = {(p, line, col): kind for p, line, col, kind in accounted(tmp_path, "task.eta")}
    assert kind("task.^eta") == "CR103 certain"  # the body no longer binds it
    assert kind("task.^eta", 3) != "CR103 certain"  # after the loop: either binding
    assert kind("key, task.^eta") != "CR103 certain"  # the other loop's
