"""A Pydantic request's field handed, under its own name, to a function of the project that
compares the value itself with the column in a filter (``SqlJob.function_fullname ==
function_fullname``, ``SqlJob.function_fullname.in_(...)``): the field holds the column's
values, so the request mirrors the model at that field. The function may be the override
of an abstract method of a store reached through its abstract class."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class SqlJob(Base):
        __tablename__ = "jobs"
        id = Column(String, primary_key=True)
        function_fullname = Column(String)
        status = Column(Integer)
"""

ABSTRACT = """
    from abc import ABC, abstractmethod


    class AbstractJobStore(ABC):
        @abstractmethod
        def list_jobs(self, function_fullname=None, statuses=None):
            pass
"""

STORE = """
    from app.abstract import AbstractJobStore
    from app.models import SqlJob


    class SqlJobStore(AbstractJobStore):
        def __init__(self, session):
            self.session = session

        def list_jobs(self, function_fullname=None, statuses=None):
            query = self.session.query(SqlJob)
            if function_fullname is not None:
                query = query.filter(SqlJob.function_fullname == function_fullname)
            if statuses:
                query = query.filter(SqlJob.status.in_(statuses))
            return query.all()
"""

HANDLERS = """
    from app.abstract import AbstractJobStore
    from app.store import SqlJobStore


    def get_store() -> AbstractJobStore:
        return SqlJobStore(None)
"""

API = """
    from pydantic import BaseModel

    from app.handlers import get_store


    class SearchJobPayload(BaseModel):
        function_fullname: str | None = None
        statuses: list[int] | None = None


    def search_jobs(payload: SearchJobPayload):
        store = get_store()
        return store.list_jobs(
            function_fullname=payload.function_fullname,
            statuses=payload.statuses,
        )
"""


def _project(tmp_path: Path, store: str = STORE) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/abstract.py": ABSTRACT,
            "app/store.py": store,
            "app/handlers.py": HANDLERS,
            "app/api.py": API,
        },
    )


def test_a_field_compared_with_the_column_in_a_filter_mirrors_it(tmp_path: Path) -> None:
    files = _project(tmp_path)
    api = files["app/api.py"]
    rows = accounted(tmp_path, "jobs.function_fullname")
    assert ("app/api.py", *at(api, "^function_fullname: str"), "CR105 certain") in rows
    assert ("app/api.py", *at(api, "payload.^function_fullname"), "CR103 certain") in rows


def test_a_filter_with_an_sqlalchemy_operator_mirrors_it_too(tmp_path: Path) -> None:
    """``SqlJob.function_fullname.in_(function_fullname)``: the value is still compared."""
    store = STORE.replace(
        "SqlJob.function_fullname == function_fullname",
        "SqlJob.function_fullname.in_(function_fullname)",
    )
    files = _project(tmp_path, store)
    api = files["app/api.py"]
    rows = accounted(tmp_path, "jobs.function_fullname")
    assert ("app/api.py", *at(api, "^function_fullname: str"), "CR105 certain") in rows


def test_a_value_changed_before_the_filter_proves_nothing(tmp_path: Path) -> None:
    """``SqlJob.function_fullname == prefix(function_fullname)``: what is compared is made
    from the field, which may hold anything."""
    store = STORE.replace(
        "SqlJob.function_fullname == function_fullname",
        "SqlJob.function_fullname == function_fullname.lower()",
    )
    files = _project(tmp_path, store)
    api = files["app/api.py"]
    rows = accounted(tmp_path, "jobs.function_fullname")
    assert ("app/api.py", *at(api, "^function_fullname: str"), "unexplained") in rows


def test_a_comparison_with_another_attribute_proves_nothing(tmp_path: Path) -> None:
    """``job.owner.function_fullname == function_fullname`` on an object of unknown type: the
    attribute compared is not judged the column."""
    store = STORE.replace(
        "SqlJob.function_fullname == function_fullname",
        "self.owner.function_fullname == function_fullname",
    )
    files = _project(tmp_path, store)
    api = files["app/api.py"]
    rows = accounted(tmp_path, "jobs.function_fullname")
    assert ("app/api.py", *at(api, "^function_fullname: str"), "unexplained") in rows


@pytest.mark.parametrize(
    "bound",
    [
        "function_fullname = ALIASES.get(function_fullname, function_fullname)",
        "for function_fullname in expand(function_fullname):\n                    pass",
        "if (function_fullname := ALIASES.get(function_fullname)) is None:\n                    return []",
    ],
)
def test_a_parameter_bound_again_before_the_filter_proves_nothing(
    tmp_path: Path, bound: str
) -> None:
    """``function_fullname = ALIASES.get(function_fullname, ...)`` then
    ``SqlJob.function_fullname == function_fullname``: the name compared is no longer the
    field's value (an alias of it, say), so the field is not proven to hold the column's
    values."""
    store = STORE.replace(
        "            if function_fullname is not None:\n",
        f"            if function_fullname is not None:\n                {bound}\n",
    )
    assert store != STORE
    files = _project(tmp_path, store)
    api = files["app/api.py"]
    rows = accounted(tmp_path, "jobs.function_fullname")
    assert ("app/api.py", *at(api, "^function_fullname: str"), "unexplained") in rows
    assert ("app/api.py", *at(api, "payload.^function_fullname"), "unexplained") in rows
