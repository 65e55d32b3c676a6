"""A module's function whose one write is of what it is given into the column: Pagure's
``update_read_only_mode(session, repo, read_only=True)`` guards its arguments, then
``if repo.read_only != read_only: repo.read_only = read_only``. Its declaration and every
call of it (``update_read_only_mode(session, project, read_only=True)``, and through the
module, ``query.update_read_only_mode(...)``) go with the column unless it gets a new body:
likely wrapper references. A function that writes another attribute too, a name another
module binds, or a value that is not its parameter leaves its calls alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, DateTime, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        read_only = Column(Boolean, default=True)
        date_modified = Column(DateTime)
"""

QUERY = """
    from app import models


    def update_read_only_mode(session, repo, read_only=True):
        \"\"\"Mark or unmark the project read only.\"\"\"
        if not repo or not isinstance(repo, models.Project) or read_only not in [True, False]:
            return
        if repo.read_only != read_only:
            {write}
            session.add(repo)


    def add_user_to_project(session, project, user):
        project.users.append(user)
        update_read_only_mode(session, project, read_only=True)
        session.commit()
"""

TASKS = """
    from app import query


    def create_project(session, project):
        query.update_read_only_mode(session, project, read_only=False)
"""


def _rows(tmp_path: Path, write_line: str = "repo.read_only = read_only", **more: str):
    files = {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/query.py": QUERY.replace("{write}", write_line),
        "app/tasks.py": TASKS,
    }
    files.update({f"app/{name}.py": text for name, text in more.items()})
    written = write(tmp_path, files)
    rows = {
        (p, line, col): kind for p, line, col, kind in accounted(tmp_path, "projects.read_only")
    }
    return rows, written


def test_the_setter_and_its_calls_are_likely_wrappers(tmp_path: Path) -> None:
    rows, files = _rows(tmp_path)
    query, tasks = files["app/query.py"], files["app/tasks.py"]
    assert rows[("app/query.py", *at(query, "def ^update_read_only_mode"))] == "CR109 likely"
    call = at(query, "    ^update_read_only_mode(session, project")
    assert rows[("app/query.py", *call)] == "CR109 likely"
    through_module = at(tasks, "query.^update_read_only_mode")
    assert rows[("app/tasks.py", *through_module)] == "CR109 likely"


@pytest.mark.parametrize(
    ("write_line", "more"),
    [
        ("repo.read_only = read_only\n            repo.date_modified = None", {}),
        ("repo.read_only = not read_only", {}),
        (
            "repo.read_only = read_only",
            {"other": "def update_read_only_mode(repo):\n    return repo\n"},
        ),
    ],
    ids=["writes-another-attribute", "writes-another-value", "name-bound-elsewhere"],
)
def test_not_a_setter(tmp_path: Path, write_line: str, more: dict[str, str]) -> None:
    rows, files = _rows(tmp_path, write_line, **more)
    query, tasks = files["app/query.py"], files["app/tasks.py"]
    assert ("app/query.py", *at(query, "def ^update_read_only_mode")) not in rows
    assert ("app/tasks.py", *at(tasks, "query.^update_read_only_mode")) not in rows


def test_a_function_not_named_after_the_column_is_a_service_not_a_setter(
    tmp_path: Path,
) -> None:
    """``lock(session, repo, flag)`` writes only the column today, but is not named after
    it: once the write goes it does something else, and its calls stay."""
    rows, files = _rows(tmp_path)
    renamed = {
        "app/query.py": files["app/query.py"].replace("update_read_only_mode", "lock"),
        "app/tasks.py": files["app/tasks.py"].replace("update_read_only_mode", "lock"),
    }
    write(tmp_path, renamed)
    rows = {
        (p, line, col): kind for p, line, col, kind in accounted(tmp_path, "projects.read_only")
    }
    assert ("app/query.py", *at(renamed["app/query.py"], "def ^lock")) not in rows
    assert ("app/tasks.py", *at(renamed["app/tasks.py"], "query.^lock")) not in rows


CALLERS = """
    from app import query
    from app.query import update_read_only_mode as set_read_only


    def lock_view(session, project):
        set_read_only(session, project, read_only=True)


    def toggle(session, project, update_read_only_mode=True):
        if update_read_only_mode:
            query.update_read_only_mode(session, project, read_only=False)


    def cli(names):
        def update_read_only_mode(name):
            print("would update", name)

        for name in names:
            update_read_only_mode(name)


    class Task:
        def run(self, project):
            self.update_read_only_mode(read_only=True)
"""


def test_only_calls_of_the_setter_itself_are_its_uses(tmp_path: Path) -> None:
    """A call under an imported alias is the setter's; a parameter, a nested function and a
    method of another object spelt the same (Celery's ``self.update_state(...)``) are not."""
    rows, files = _rows(tmp_path, callers=CALLERS)
    callers = files["app/callers.py"]
    assert rows[("app/callers.py", *at(callers, "    ^set_read_only(session"))] == "CR109 likely"
    assert rows[("app/callers.py", *at(callers, "query.^update_read_only_mode"))] == "CR109 likely"
    for not_it in (
        "if ^update_read_only_mode:",
        "        ^update_read_only_mode(name)",
        "self.^update_read_only_mode",
    ):
        assert not rows.get(("app/callers.py", *at(callers, not_it)), "").startswith("CR109")


def test_a_name_holding_the_column_s_word_by_chance_is_no_setter(tmp_path: Path) -> None:
    """``stage_release`` holds ``tag`` inside ``stage``: the column's words must be words of
    the name (``update_read_only_mode`` for ``read_only``)."""
    models = """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Release(Base):
            __tablename__ = "releases"
            id = Column(Integer, primary_key=True)
            tag = Column(String)
    """
    pipeline = """
        from app.models import Release


        def stage_release(session, release: Release, tag):
            release.tag = tag
            session.add(release)
    """
    files = write(
        tmp_path, {"app/__init__.py": "", "app/models.py": models, "app/pipeline.py": pipeline}
    )
    rows = {(p, line, col): kind for p, line, col, kind in accounted(tmp_path, "releases.tag")}
    assert ("app/pipeline.py", *at(files["app/pipeline.py"], "def ^stage_release")) not in rows
