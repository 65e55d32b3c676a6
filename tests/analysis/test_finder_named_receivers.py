"""The column's own name on an object of unknown type that another class binds too: Pagure's
``project.repospanner_region`` where ``ProjectForm`` (a WTForms form) declares a field of the
same name. The name alone cannot tell the two apart; the object's name can: ``project``,
``self._project`` and Airflow's ``source.dag_run`` are spelt as the mapped class
(``Project``, ``DagRun``) in snake case, which is how code names that class's instances. Such
a read is ``likely``; any other object (``form``, ``repo``) stays unexplained, and so does an
object so named when a class that is not a model has the model's name (a schema
``Project``, whose objects would be named ``project`` too)."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        repospanner_region = Column(String(255), nullable=True)
"""

FORMS = """
    import wtforms
    from flask_wtf import FlaskForm


    class ProjectForm(FlaskForm):
        repospanner_region = wtforms.SelectField("repoSpanner Region")
"""

GIT = """
    def region_of(project):
        return project.repospanner_region


    class TemporaryClone:
        def __init__(self, project):
            self._project = project

        def push(self):
            return self._project.repospanner_region


    def region_of_repo(repo):
        return repo.repospanner_region


    def region_of_form(form):
        return form.repospanner_region
"""

SCHEMA = """
    from app import models


    class Project:
        def __init__(self, region):
            self.repospanner_region = region

        @classmethod
        def of(cls, row: models.Project) -> "Project":
            return cls(row.repospanner_region)
"""


def _kinds(tmp_path: Path, **more: str) -> dict[str, str | None]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/forms.py": FORMS,
            "app/git.py": GIT,
        }
        | {f"app/{name}.py": text for name, text in more.items()},
    )
    found = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
        if p == "app/git.py"
    }
    return {
        spelt: found.get(at(files["app/git.py"], spelt))
        for spelt in (
            "project.^repospanner_region",
            "self._project.^repospanner_region",
            "repo.^repospanner_region",
            "form.^repospanner_region",
        )
    }


def test_objects_named_as_the_models_instances_are_likely(tmp_path: Path) -> None:
    kinds = _kinds(tmp_path)
    assert kinds["project.^repospanner_region"] == "CR103 likely"
    assert kinds["self._project.^repospanner_region"] == "CR103 likely"


def test_objects_named_otherwise_stay_unexplained(tmp_path: Path) -> None:
    kinds = _kinds(tmp_path)
    assert kinds["repo.^repospanner_region"] == "unexplained"
    assert kinds["form.^repospanner_region"] == "unexplained"


def test_a_class_not_a_model_with_the_models_name_takes_the_name_away(tmp_path: Path) -> None:
    kinds = _kinds(tmp_path, schemas=SCHEMA)
    assert kinds["project.^repospanner_region"] == "unexplained"
    assert kinds["self._project.^repospanner_region"] == "unexplained"


def test_without_another_class_the_name_is_the_models_alone(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/git.py": GIT},
    )
    found = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
        if p == "app/git.py"
    }
    # no form: every read is the model's by the exclusive name, whatever the object's name
    assert found[at(files["app/git.py"], "repo.^repospanner_region")] == "CR103 likely"


LIBRARY = """
    import requests


    def remote_region(url):
        project = requests.get(url).json()
        return project.repospanner_region


    def sdk_region(sdk):
        project = sdk.fetch()
        return project.repospanner_region


    def chained_region(url):
        return requests.get(url).json().project.repospanner_region


    def module_region(context):
        model = context["model"]
        query = model.Session.query(model.Project)
        return query, model.project.repospanner_region
"""


def test_a_name_chosen_by_the_caller_is_no_evidence(tmp_path: Path) -> None:
    """What a library call or a method of an unknown object returned, a path through a
    call, and a name the function also reads classes from (a module of models) carry the
    name their caller gave them, not their class's: unexplained."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/forms.py": FORMS,
            "app/remote.py": LIBRARY,
        },
    )
    rows = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
        if p == "app/remote.py"
    }
    source = files["app/remote.py"]
    for nth in (1, 2):
        assert rows[at(source, "project.^repospanner_region", nth)] == "unexplained"
    assert rows[at(source, ".json().project.^repospanner_region")] == "unexplained"
    assert rows[at(source, "model.project.^repospanner_region")] == "unexplained"


MANAGER = """
    class AccountManager:
        def _populate(self, project, region):
            return project


    class SpannerManager(AccountManager):
        def _populate(self, project, region):
            project = super()._populate(project, region)
            project.repospanner_region = region
            return project
"""


def test_what_a_method_of_the_class_or_its_base_returned_keeps_its_name(tmp_path: Path) -> None:
    """Security Monkey's ``account = super(...)._populate_account(...)`` then
    ``account.role_name = ...``: a method of the project's own class, not a library's."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/forms.py": FORMS,
            "app/managers.py": MANAGER,
        },
    )
    rows = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
        if p == "app/managers.py"
    }
    assert rows[at(files["app/managers.py"], "project.^repospanner_region")] == "CR103 likely"
