"""Models whose table names no class spells out: a ``declared_attr`` ``__tablename__`` on a
custom base names every subclass's table by a convention. The finder reads the convention
from the base's code and names each model's table from it, as SQLAlchemy would at import."""

from __future__ import annotations

from pathlib import Path

import pytest

from colretire.analysis.index import derived_tablename
from tests.analysis.helpers import at, found, summary, write

VIEWS = """
    from app.models import TaskRun


    def show(run: TaskRun) -> str:
        return run.status
"""


def _project(tmp_path: Path, models: str) -> dict[str, str]:
    return write(tmp_path, {"app/models.py": models, "app/views.py": VIEWS})


def test_a_custom_base_given_to_declarative_base_names_tables_in_snake_case(
    tmp_path: Path,
) -> None:
    files = _project(
        tmp_path,
        """
        import re

        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base, declared_attr


        class CustomBase:
            @declared_attr
            def __tablename__(cls):
                return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

            id = Column(Integer, primary_key=True)


        Base = declarative_base(cls=CustomBase)


        class TaskRun(Base):
            status = Column(String)
    """,
    )
    assert summary(found(tmp_path, "task_run.status")) == [
        ("app/models.py", *at(files["app/models.py"], "^status = "), "CR101", "certain"),
        ("app/views.py", *at(files["app/views.py"], "run.^status"), "CR103", "certain"),
    ]
    assert found(tmp_path, "taskrun.status") == []


def test_a_declarative_base_subclass_with_a_plural_directive(tmp_path: Path) -> None:
    files = _project(
        tmp_path,
        """
        from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


        class Base(DeclarativeBase):
            @declared_attr.directive
            def __tablename__(cls) -> str:
                return f"{cls.__name__.lower()}s"


        class TaskRun(Base):
            id: Mapped[int] = mapped_column(primary_key=True)
            status: Mapped[str]
    """,
    )
    refs = found(tmp_path, "taskruns.status")
    assert [(r.path, r.line, r.code) for r in refs] == [
        ("app/models.py", at(files["app/models.py"], "^status: ")[0], "CR101"),
        ("app/views.py", at(files["app/views.py"], "run.^status")[0], "CR103"),
    ]


def test_a_literal_tablename_overrides_the_convention(tmp_path: Path) -> None:
    _project(
        tmp_path,
        """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import as_declarative, declared_attr


        @as_declarative()
        class Base:
            @declared_attr
            def __tablename__(cls):
                return cls.__name__.lower()

            id = Column(Integer, primary_key=True)


        class TaskRun(Base):
            __tablename__ = "runs"
            status = Column(String)
    """,
    )
    assert {r.code for r in found(tmp_path, "runs.status")} == {"CR101", "CR103"}
    assert found(tmp_path, "taskrun.status") == []


def test_a_convention_the_finder_cannot_follow_names_no_table(tmp_path: Path) -> None:
    """A ``__tablename__`` computed from a lookup the analysis cannot evaluate names no
    table: no guess, and therefore no certain finding on a table it made up."""
    _project(
        tmp_path,
        """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base, declared_attr

        NAMES = {"TaskRun": "task_runs"}


        class CustomBase:
            @declared_attr
            def __tablename__(cls):
                return NAMES[cls.__name__]

            id = Column(Integer, primary_key=True)


        Base = declarative_base(cls=CustomBase)


        class TaskRun(Base):
            status = Column(String)
    """,
    )
    for table in ("task_run", "task_runs", "taskrun"):
        assert found(tmp_path, f"{table}.status") == []


@pytest.mark.parametrize(
    ("rule", "table"),
    [
        ("name", "TaskRun"),
        ("lower", "taskrun"),
        ("snake", "task_run"),
        ("snake+s", "task_runs"),
        ("lower+s", "taskruns"),
    ],
)
def test_each_convention_names_a_class(rule: str, table: str) -> None:
    assert derived_tablename("TaskRun", rule) == table


def test_acronyms_split_as_words_in_snake_case() -> None:
    assert derived_tablename("HTTPRequestLog", "snake") == "http_request_log"
