"""A parameter annotated as one of several model classes themselves.

Fides's ``upsert_last_saved_record(..., current_record_class: Union[Type[CurrentPreference],
Type[LastServedNotice]], ...)`` filters ``current_record_class.provided_identity_id ==
created_historical_record.provided_identity_id``: the class attribute is one of those
classes'. Ours among them, the read is a class attribute of our model (as a read on a union
of instances is); only other tables' models, it is theirs; a class that is no model, or a
union of a class and an instance, proves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from typing import Optional, Type, Union

    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class History(Base):
        __tablename__ = "history"
        id = Column(Integer, primary_key=True)
        identity_id = Column(String)


    class Current(Base):
        __tablename__ = "current"
        id = Column(Integer, primary_key=True)
        identity_id = Column(String)


    class Served(Base):
        __tablename__ = "served"
        id = Column(Integer, primary_key=True)
        identity_id = Column(String)


    class Settings:
        identity_id = "sub"


    def upsert(db, record: History, record_class: Union[Type[Current], Type[Served]]):
        return db.query(record_class).filter(
            record_class.identity_id == record.identity_id
        ).first()
"""


def _read(tmp_path: Path, models: str, column: str) -> str:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": models})
    line, col = at(files["app/models.py"], "record_class.^identity_id")
    [where] = [r[3] for r in accounted(tmp_path, column) if r[:3] == ("app/models.py", line, col)]
    return where


@pytest.mark.parametrize("column", ["current.identity_id", "served.identity_id"])
def test_one_of_the_classes_is_ours(tmp_path: Path, column: str) -> None:
    assert _read(tmp_path, MODELS, column) == "CR102 certain"


def test_only_other_tables_classes(tmp_path: Path) -> None:
    assert _read(tmp_path, MODELS, "history.identity_id") == "excluded: other-table"


def test_an_optional_class_is_that_class(tmp_path: Path) -> None:
    models = code(MODELS).replace("Union[Type[Current], Type[Served]]", "Optional[Type[Current]]")
    assert _read(tmp_path, models, "current.identity_id") == "CR102 certain"


@pytest.mark.parametrize(
    "annotation",
    [
        "Union[Type[Current], Type[Settings]]",  # a class that maps no table beside
        "Union[Type[Current], Served]",  # a class or an instance
    ],
)
def test_what_proves_nothing_for_another_table(tmp_path: Path, annotation: str) -> None:
    models = code(MODELS).replace("Union[Type[Current], Type[Served]]", annotation)
    assert _read(tmp_path, models, "history.identity_id") == "unexplained"
