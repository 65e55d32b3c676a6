"""MLRun's ``update_feature_set``: ``data = feature_set_update.dict()``, then ``status =
data.pop("status", None)`` and ``feature_set_record.status = status``. The value the dump's
key gives is written into the column: the update schema's field ``status`` carries it (its
declaration mirrors the column), and the key popped from the dump names it. A local bound
to something else too, or a key popped from a dict that is no schema's dump, proves
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from typing import List, Optional

    from pydantic import BaseModel
    from sqlalchemy import JSON, Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class FeatureSet(Base):
        __tablename__ = "feature_sets"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        status = Column(JSON)


    class Run(Base):  # the name is no one model's: only evidence makes the field ours
        __tablename__ = "runs"
        id = Column(Integer, primary_key=True)
        status = Column(JSON)


    class FeatureSetUpdate(BaseModel):
        features: Optional[List[str]]
        status: Optional[dict]
        labels: Optional[dict]
"""

DB = """
    from app.models import FeatureSet, FeatureSetUpdate


    def update_feature_set(session, name, feature_set_update: FeatureSetUpdate, fallback):
        record = session.query(FeatureSet).filter_by(name=name).one()
        data = feature_set_update.dict()
        {rebind}
        status = data.{method}("status", None)
        if status:
            record.status = status
        session.commit()
"""


def _rows(tmp_path: Path, method: str = "pop", rebind: str = "") -> tuple[dict, dict[str, str]]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/db.py": DB.replace("{rebind}", rebind).replace("{method}", method),
        },
    )
    rows = {
        (p, line, col): kind for p, line, col, kind in accounted(tmp_path, "feature_sets.status")
    }
    return rows, files


@pytest.mark.parametrize("method", ["pop", "get"])
def test_the_popped_field_written_into_the_column_mirrors_it(tmp_path: Path, method: str) -> None:
    rows, files = _rows(tmp_path, method)
    field = at(files["app/models.py"], "    ^status: Optional[dict]")
    key = at(files["app/db.py"], f'data.{method}(^"status"')
    assert rows[("app/models.py", *field)] == "CR105 certain"
    assert rows[("app/db.py", *key)] == "CR106 certain"


def test_a_dump_that_may_be_another_mapping_proves_nothing(tmp_path: Path) -> None:
    rows, files = _rows(tmp_path, rebind="if not data:\n            data = dict(fallback)")
    field = at(files["app/models.py"], "    ^status: Optional[dict]")
    key = at(files["app/db.py"], 'data.pop("^status"')  # the word, left unexplained
    assert not rows[("app/models.py", *field)].startswith("CR")
    assert not rows[("app/db.py", *key)].startswith("CR")


def test_a_local_bound_twice_proves_nothing(tmp_path: Path) -> None:
    rows, files = _rows(tmp_path, rebind='status = data.get("labels")')
    field = at(files["app/models.py"], "    ^status: Optional[dict]")
    assert not rows[("app/models.py", *field)].startswith("CR")


USERS = """
    from pydantic import BaseModel
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        email = Column(String)
        password = Column(String)  # the legacy plaintext column, being retired
        password_hash = Column(String)


    class UserCreate(BaseModel):
        email: str
        password: str
"""

ROUTES = """
    from app.models import User, UserCreate


    def hash_password(raw):
        return raw[::-1]


    def create_user(body: UserCreate, session):
        data = body.model_dump()
        raw = data.pop("password")
        user = User(**data, password_hash=hash_password(raw))
        session.add(user)
"""


def test_a_key_popped_to_keep_it_from_the_column_is_not_the_column(tmp_path: Path) -> None:
    """The popped password is hashed into another column: popping it is what keeps it from
    ``users.password``, and dropping the column changes nothing on that line."""
    files = write(
        tmp_path, {"app/__init__.py": "", "app/models.py": USERS, "app/routes.py": ROUTES}
    )
    rows = {(p, line, col): kind for p, line, col, kind in accounted(tmp_path, "users.password")}
    key = at(files["app/routes.py"], 'data.pop("^password")')
    assert not rows.get(("app/routes.py", *key), "").startswith("CR")
    assert not rows.get(("app/routes.py", key[0], key[1] - 1), "").startswith("CR")
