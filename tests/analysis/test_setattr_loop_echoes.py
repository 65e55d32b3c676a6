"""A dict whose value reads another model's attribute of the key's name (``{"status":
other_row.status}``) follows that model, unless the code shows where its keys go: a loop
that sets each key as an attribute of a row (``for key, value in changes.items():
setattr(task, key, value)``) names the row's attributes, whatever the values were read
from. On a row of the column's model the key is the column written; on a row of another
table's model it is that table's column; on an object of unknown type it is undecided."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Exclusion, Occurrence, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "tasks"
        id = Column(Integer, primary_key=True)
        status = Column(String)
        name = Column(String)


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        status = Column(String)
        name = Column(String)
"""


def _key(tmp_path: Path, views: str, snippet: str = '{"^status"') -> Occurrence:
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": views})
    where = at(files["app/views.py"], snippet)
    result = scan(tmp_path, ColumnRef.parse("tasks.status"))
    return next(
        o for o in result.occurrences if o.path == "app/views.py" and (o.line, o.col) == where
    )


def test_a_key_a_loop_sets_on_a_row_of_the_model_is_the_column(tmp_path: Path) -> None:
    found = _key(
        tmp_path,
        """
        from app.models import Project, Task


        def copy_status(session, task_id, project_id, form):
            other_row = session.get(Project, project_id)
            changes = {"status": other_row.status, "name": form.name}
            task = session.get(Task, task_id)
            for key, value in changes.items():
                setattr(task, key, value)
        """,
    )
    assert found.tier is Tier.REFERENCE


def test_a_key_filled_in_then_set_on_the_row_is_the_column(tmp_path: Path) -> None:
    """The key written into the local (``changes["status"] = ...``) goes the same way."""
    found = _key(
        tmp_path,
        """
        from app.models import Project, Task


        def copy_status(session, task: Task, project: Project):
            changes = {"name": project.name}
            changes["status"] = project.status
            for key in changes:
                setattr(task, key, changes[key])
        """,
        'changes["^status"]',
    )
    assert found.tier is Tier.REFERENCE


def test_a_key_a_helper_sets_on_a_row_of_the_model_is_the_column(tmp_path: Path) -> None:
    """The dict literal given to a function of the project whose loop sets every key on a
    row of the model (:mod:`colretire.analysis.setattrloops`)."""
    found = _key(
        tmp_path,
        """
        from app.models import Project, Task


        def update_task(session, task_id, values):
            task = session.get(Task, task_id)
            for key, value in values.items():
                setattr(task, key, value)


        def copy_status(session, task_id, project_id, form):
            other_row = session.get(Project, project_id)
            update_task(session, task_id, {"status": other_row.status, "name": form.name})
        """,
    )
    assert found.tier is Tier.REFERENCE
    assert "sets each of its keys as an attribute of a Task row" in next(
        r.message
        for r in scan(tmp_path, ColumnRef.parse("tasks.status")).references
        if r.path == "app/views.py"
    )


def test_a_key_a_loop_sets_on_an_object_of_unknown_type_is_undecided(tmp_path: Path) -> None:
    found = _key(
        tmp_path,
        """
        from app.models import Project


        def copy_status(session, target, project_id):
            other_row = session.get(Project, project_id)
            changes = {"status": other_row.status}
            for key, value in changes.items():
                setattr(target, key, value)
        """,
    )
    assert found.tier is Tier.UNEXPLAINED
    assert "setattr" in found.detail


def test_a_key_a_loop_sets_on_an_object_spelt_as_the_model_is_likely(tmp_path: Path) -> None:
    """COPR's ``delete_user_data(cls, user)``: a dict of defaults set on ``user`` one key
    at a time; ``user`` is of unknown type, spelt as ``User``, the one class that maps the
    table."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/views.py": """
        def reset(task):
            blank = {"status": None, "name": ""}
            for key, value in blank.items():
                setattr(task, key, value)
        """,
        },
    )
    result = scan(tmp_path, ColumnRef.parse("tasks.status"))
    where = at(files["app/views.py"], '{^"status"')
    (found,) = [r for r in result.references if r.path == "app/views.py"]
    assert ((found.line, found.col), str(found.confidence)) == (where, "likely")


def test_a_key_of_a_dict_also_handed_elsewhere_is_undecided(tmp_path: Path) -> None:
    """``audit(changes)`` before the loop may take the key out: not proven written, but
    still no key of the model its value reads."""
    found = _key(
        tmp_path,
        """
        from app.models import Project, Task


        def copy_status(session, task: Task, project: Project, audit):
            changes = {"status": project.status}
            audit(changes)
            for key, value in changes.items():
                setattr(task, key, value)
        """,
    )
    assert found.tier is Tier.UNEXPLAINED
    assert found.detail.endswith("which may lose the key first")


def test_a_key_a_loop_sets_on_another_table_s_row_stays_excluded(tmp_path: Path) -> None:
    found = _key(
        tmp_path,
        """
        from app.models import Project


        def copy_status(session, source_id, project_id):
            source = session.get(Project, source_id)
            changes = {"status": source.status}
            project = session.get(Project, project_id)
            for key, value in changes.items():
                setattr(project, key, value)
        """,
    )
    assert (found.tier, found.reason) == (Tier.EXCLUDED, Exclusion.OTHER_TABLE)


def test_a_key_whose_value_reads_another_model_with_no_loop_stays_excluded(
    tmp_path: Path,
) -> None:
    """Nothing shows where the dict goes: the key follows the model its value reads."""
    found = _key(
        tmp_path,
        """
        from app.models import Project


        def describe(session, project_id, render):
            other_row = session.get(Project, project_id)
            changes = {"status": other_row.status}
            return render(changes)
        """,
    )
    assert (found.tier, found.reason) == (Tier.EXCLUDED, Exclusion.OTHER_TABLE)


def test_a_key_a_helper_sets_on_another_table_s_row_stays_excluded(tmp_path: Path) -> None:
    found = _key(
        tmp_path,
        """
        from app.models import Project


        def update_project(session, project_id, values):
            project = session.get(Project, project_id)
            for key, value in values.items():
                setattr(project, key, value)


        def copy_status(session, source_id, project_id):
            source = session.get(Project, source_id)
            update_project(session, project_id, {"status": source.status})
        """,
    )
    assert (found.tier, found.reason) == (Tier.EXCLUDED, Exclusion.OTHER_TABLE)
