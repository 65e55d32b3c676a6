"""The edges of two rules, in the shapes that once broke them: objects named like the model's
instances (``named_like_model``: a name the holder chose is no evidence) and one-to-many
relationships declared on the parent (``_parent_sides``: which key a join reads, on which
class, and for which subclass a backref is). A test's docstring gives the right answer and
the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

# --- named like the model's instances ---------------------------------------------------

PROJECT_MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        visibility = Column(String)
"""

PROJECT_FORMS = """
    import wtforms
    from flask_wtf import FlaskForm


    class ProjectForm(FlaskForm):
        visibility = wtforms.SelectField("Visibility")
"""


def _named(tmp_path: Path, source: str, snippets: list[str]) -> list[str | None]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": PROJECT_MODELS,
            "app/forms.py": PROJECT_FORMS,
            "app/mirror.py": source,
        },
    )
    rows = {
        (p, line, col): kind for p, line, col, kind in accounted(tmp_path, "projects.visibility")
    }
    return [rows.get(("app/mirror.py", *at(files["app/mirror.py"], s))) for s in snippets]


def test_a_loop_variable_over_a_library_call_is_not_named_by_its_class(tmp_path: Path) -> None:
    """``for project in gl.projects.list(): project.visibility`` iterates python-gitlab's
    projects (which have a ``visibility``): the name ``project`` was chosen by the loop over a
    library's result, exactly as ``project = gl.projects.get(pid)`` (which the rule rightly
    leaves unexplained). Right answer: unexplained (CR900), not ``likely``."""
    source = """
        def mirror_all(gl):
            for project in gl.projects.list(all=True):
                print(project.visibility)


        def visibilities(gl):
            return [project.visibility for project in gl.projects.list()]
    """
    kinds = _named(tmp_path, source, ["print(project.^visibility)", "[project.^visibility"])
    assert kinds == ["unexplained", "unexplained"]


@pytest.mark.parametrize(
    "body",
    [
        "project = await client.get_project(pid)",
        "project, _meta = client.fetch_project(pid)",
        "project = client.get_project(pid) if pid else None",
    ],
    ids=["awaited", "unpacked", "conditional"],
)
def test_a_name_bound_to_a_wrapped_library_call_is_not_named_by_its_class(
    tmp_path: Path, body: str
) -> None:
    """``project = await client.get_project(pid)`` (an async API client), ``project, _ =
    client.fetch_project(pid)`` and ``project = client.get_project(pid) if pid else None``
    each bind ``project`` to what a method of an unknown object returned, which the docs
    (references.md, "nor where the name was chosen by the code that holds the object")
    exclude for ``project = sdk.fetch()``. Right answer: unexplained (CR900)."""
    source = f"""
        async def visibility_of(client, pid):
            {body}
            return project.visibility
    """
    assert _named(tmp_path, source, ["return project.^visibility"]) == ["unexplained"]


def test_an_attribute_set_from_a_library_call_is_not_named_by_its_class(tmp_path: Path) -> None:
    """``self.project = gl.projects.get(pid)`` in ``__init__``, then
    ``self.project.visibility``: the attribute holds python-gitlab's project, bound in the
    class itself to a library call. Right answer: unexplained (CR900), as for a local bound
    so."""
    source = """
        class GitlabMirror:
            def __init__(self, gl, pid):
                self.project = gl.projects.get(pid)

            def visibility_of(self):
                return self.project.visibility
    """
    assert _named(tmp_path, source, ["self.project.^visibility"]) == ["unexplained"]


def test_a_path_from_a_module_global_bound_to_a_library_call_is_not_named_by_its_class(
    tmp_path: Path,
) -> None:
    """``settings.project.visibility`` where ``settings`` is a module of the project whose
    global ``project`` is ``SimpleNamespace(**yaml_config["project"])``: configuration, not
    a row. Right answer: unexplained (CR900)."""
    write(
        tmp_path,
        {
            "app/settings.py": """
                from types import SimpleNamespace

                import yaml

                with open("config.yaml") as fh:
                    _raw = yaml.safe_load(fh)

                project = SimpleNamespace(**_raw["project"])
            """,
        },
    )
    source = """
        from app import settings


        def default_visibility():
            return settings.project.visibility
    """
    assert _named(tmp_path, source, ["settings.project.^visibility"]) == ["unexplained"]


def test_flask_sqlalchemys_session_is_not_a_session_row(tmp_path: Path) -> None:
    """A conference ``Session`` model (open-event-server has one) with an ``is_active``
    column that a form binds too. ``db.session.is_active``, ``db`` being the project's
    ``SQLAlchemy()`` imported from ``app.extensions``, is SQLAlchemy's scoped session
    (which has ``is_active``), never a row of ``sessions``. Right answer: unexplained (or
    excluded as a library object), never ``likely``."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/extensions.py": """
                from flask_sqlalchemy import SQLAlchemy

                db = SQLAlchemy()
            """,
            "app/models.py": """
                from app.extensions import db


                class Session(db.Model):
                    __tablename__ = "sessions"
                    id = db.Column(db.Integer, primary_key=True)
                    title = db.Column(db.String)
                    is_active = db.Column(db.Boolean, default=True)
            """,
            "app/forms.py": """
                from flask_wtf import FlaskForm
                from wtforms import BooleanField


                class SpeakerForm(FlaskForm):
                    is_active = BooleanField()
            """,
            "app/util.py": """
                from app.extensions import db


                def transaction_open():
                    return db.session.is_active
            """,
        },
    )
    rows = {
        (p, line, col): kind for p, line, col, kind in accounted(tmp_path, "sessions.is_active")
    }
    kind = rows.get(("app/util.py", *at(files["app/util.py"], "db.session.^is_active")))
    assert kind is not None and not kind.startswith("CR1")


# --- one-to-many relationships declared on the parent ----------------------------------

ORDERED_MODELS = """
    from sqlalchemy import Column, DateTime, ForeignKey, Integer
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        comments = relationship("Comment", backref="author", order_by="Comment.created_at")


    class Comment(Base):
        __tablename__ = "comments"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        created_at = Column(DateTime)
"""

ORDERED_API = """
    from app.models import Comment, User


    def who(comment: Comment):
        return comment.author


    def all_comments(user: User):
        return user.comments
"""


def test_an_ordered_parent_collection_is_still_built_on_the_key(tmp_path: Path) -> None:
    """``comments = relationship("Comment", backref="author", order_by="Comment.created_at")``
    on ``User``, ``comments.user_id`` the one key of ``comments`` to ``users``: SQLAlchemy
    joins on ``user_id`` exactly as without ``order_by``. Right answer: the declaration,
    ``user.comments`` and ``comment.author`` are CR108 ``certain`` (they are without the
    ``order_by``).  An ``order_by`` says nothing of the join."""
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": ORDERED_MODELS, "app/api.py": ORDERED_API},
    )
    rows = {(p, line, col): kind for p, line, col, kind in accounted(tmp_path, "comments.user_id")}
    models, api = files["app/models.py"], files["app/api.py"]
    assert rows.get(("app/models.py", *at(models, "    ^comments = "))) == "CR108 certain"
    assert rows.get(("app/api.py", *at(api, "user.^comments"))) == "CR108 certain"
    assert rows.get(("app/api.py", *at(api, "comment.^author"))) == "CR108 certain"


def test_a_parent_join_on_its_own_namesake_column_is_not_ours(tmp_path: Path) -> None:
    """``Project.owners_tasks`` joins ``Project.id == Task.project_id`` and ``Project.owner_id
    == Task.assignee_id``: the tasks of the project assigned to its owner. It reads
    ``projects.owner_id`` and ``tasks.assignee_id``, never ``tasks.owner_id``. Right
    answer for ``tasks.owner_id``: neither the declaration nor ``project.owners_tasks`` is
    a reference."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
                from sqlalchemy import Column, ForeignKey, Integer
                from sqlalchemy.orm import declarative_base, relationship

                Base = declarative_base()


                class User(Base):
                    __tablename__ = "users"
                    id = Column(Integer, primary_key=True)


                class Project(Base):
                    __tablename__ = "projects"
                    id = Column(Integer, primary_key=True)
                    owner_id = Column(Integer, ForeignKey("users.id"))
                    tasks = relationship("Task", backref="project", foreign_keys="Task.project_id")
                    owners_tasks = relationship(
                        "Task",
                        primaryjoin="and_(Project.id == foreign(Task.project_id), "
                        "Project.owner_id == Task.assignee_id)",
                        viewonly=True,
                    )


                class Task(Base):
                    __tablename__ = "tasks"
                    id = Column(Integer, primary_key=True)
                    project_id = Column(Integer, ForeignKey("projects.id"))
                    owner_id = Column(Integer, ForeignKey("users.id"))
                    assignee_id = Column(Integer, ForeignKey("users.id"))
            """,
            "app/api.py": """
                from app.models import Project


                def for_owner(project: Project):
                    return project.owners_tasks
            """,
        },
    )
    rows = {(p, line, col): kind for p, line, col, kind in accounted(tmp_path, "tasks.owner_id")}
    models, api = files["app/models.py"], files["app/api.py"]
    assert rows.get(("app/models.py", *at(models, "    ^owners_tasks = "))) is None
    assert rows.get(("app/api.py", *at(api, "project.^owners_tasks"))) is None


def test_a_backref_name_shared_by_sibling_subclasses_follows_its_own_parent(
    tmp_path: Path,
) -> None:
    """Single-table inheritance: ``Company.engineers = relationship("Engineer",
    backref="employer")`` (on ``employees.company_id``) and ``Agency.contractors =
    relationship("Contractor", backref="employer")`` (on ``employees.agency_id``).
    SQLAlchemy puts each backref on its own subclass's mapper, so ``Engineer.employer``
    joins on ``company_id`` and ``Contractor.employer`` on ``agency_id``. Right answer for
    ``employees.company_id``: ``engineer.employer`` is CR108, ``contractor.employer`` is
    not a reference."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
                from sqlalchemy import Column, ForeignKey, Integer, String
                from sqlalchemy.orm import declarative_base, relationship

                Base = declarative_base()


                class Company(Base):
                    __tablename__ = "companies"
                    id = Column(Integer, primary_key=True)
                    engineers = relationship("Engineer", backref="employer")


                class Agency(Base):
                    __tablename__ = "agencies"
                    id = Column(Integer, primary_key=True)
                    contractors = relationship("Contractor", backref="employer")


                class Employee(Base):
                    __tablename__ = "employees"
                    id = Column(Integer, primary_key=True)
                    kind = Column(String)
                    company_id = Column(Integer, ForeignKey("companies.id"))
                    agency_id = Column(Integer, ForeignKey("agencies.id"))
                    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "employee"}


                class Engineer(Employee):
                    __mapper_args__ = {"polymorphic_identity": "engineer"}


                class Contractor(Employee):
                    __mapper_args__ = {"polymorphic_identity": "contractor"}
            """,
            "app/api.py": """
                from app.models import Contractor, Engineer


                def engineer_employer(engineer: Engineer):
                    return engineer.employer


                def contractor_employer(contractor: Contractor):
                    return contractor.employer
            """,
        },
    )
    api = files["app/api.py"]
    rows = {(p, line, col): k for p, line, col, k in accounted(tmp_path, "employees.company_id")}
    assert rows.get(("app/api.py", *at(api, "engineer.^employer"))) == "CR108 certain"
    contractor = rows.get(("app/api.py", *at(api, "contractor.^employer")))
    assert contractor is None or not contractor.startswith("CR1")


def test_a_parent_that_subclasses_the_referred_tables_class_is_built_on_the_key(
    tmp_path: Path,
) -> None:
    """Joined inheritance: ``Company(Organization)`` maps ``companies`` joined to
    ``organizations`` and declares ``employees = relationship("Employee",
    backref="company")``; ``employees.organization_id`` refers to ``organizations.id``, the
    one key of ``employees`` to Company's mapped tables, and SQLAlchemy joins on it. Right
    answer: the declaration, ``company.employees`` and ``employee.company`` are CR108.
    """
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
                from sqlalchemy import Column, ForeignKey, Integer, String
                from sqlalchemy.orm import declarative_base, relationship

                Base = declarative_base()


                class Organization(Base):
                    __tablename__ = "organizations"
                    id = Column(Integer, primary_key=True)
                    kind = Column(String)
                    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "org"}


                class Company(Organization):
                    __tablename__ = "companies"
                    id = Column(Integer, ForeignKey("organizations.id"), primary_key=True)
                    __mapper_args__ = {"polymorphic_identity": "company"}
                    employees = relationship("Employee", backref="company")


                class Employee(Base):
                    __tablename__ = "employees"
                    id = Column(Integer, primary_key=True)
                    organization_id = Column(Integer, ForeignKey("organizations.id"))
            """,
            "app/api.py": """
                from app.models import Company, Employee


                def staff(company: Company):
                    return company.employees


                def employer(employee: Employee):
                    return employee.company
            """,
        },
    )
    rows = {
        (p, line, col): kind
        for p, line, col, kind in accounted(tmp_path, "employees.organization_id")
    }
    models, api = files["app/models.py"], files["app/api.py"]
    assert rows.get(("app/models.py", *at(models, "    ^employees = "))) == "CR108 certain"
    assert rows.get(("app/api.py", *at(api, "company.^employees"))) == "CR108 certain"
    assert rows.get(("app/api.py", *at(api, "employee.^company"))) == "CR108 certain"
