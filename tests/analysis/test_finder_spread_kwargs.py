"""A function that spreads its ``**kwargs`` whole into the model's constructor (CKAN's
test-data helper: ``def _create_user(cls, name="", **user_dict)``, then ``user_ref = name or
user_dict["openid"]`` and ``User(name=name, **user_dict)``) hands the model every key the
dict holds: a key it reads, writes or tests in it by name is the model's keyword, a string
reference (CR106). Not where the dict may lose the key or go elsewhere: a key popped or
deleted, the parameter bound anew, the dict handed to another call, or spread into a call
that builds no model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        openid = Column(String)
"""

HELPER = """
    import logging

    from app import models

    log = logging.getLogger(__name__)


    class TestData:
        refs = []

        @classmethod
        def create_user(cls, name="", **user_dict):
            if user_dict.get("open_id"):
                log.warning("an old key")
            user_ref = name or user_dict["openid"]
            for k, v in user_dict.items():
                if v:
                    user_dict[k] = str(v)
            user = models.User(name=name, **user_dict)
            cls.refs.append(user_ref)
            return user
"""


def _helper(tmp_path: Path, helper: str) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/helper.py": helper})
    return [r for r in accounted(tmp_path, "users.openid") if r[0] == "app/helper.py"]


def test_a_key_read_from_kwargs_spread_into_the_model(tmp_path: Path) -> None:
    helper = code(HELPER)
    rows = _helper(tmp_path, HELPER)
    assert ("app/helper.py", *at(helper, 'user_dict[^"openid"]'), "CR106 certain") in rows


@pytest.mark.parametrize(
    "new",
    [
        'user_ref = name or user_dict.get("openid")',
        'user_ref = name if "openid" not in user_dict else name',
    ],
)
def test_a_key_got_or_tested_in_the_kwargs(tmp_path: Path, new: str) -> None:
    old = 'user_ref = name or user_dict["openid"]'
    helper = code(HELPER).replace(old, new)
    assert helper != code(HELPER)
    rows = _helper(tmp_path, helper)
    assert ("app/helper.py", *at(helper, '^"openid"'), "CR106 certain") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the key is taken out before the call: it never reaches the model
        (
            "for k, v in user_dict.items():",
            'user_dict.pop("openid", None)\n        for k, v in user_dict.items():',
        ),
        (
            "for k, v in user_dict.items():",
            'del user_dict["openid"]\n        for k, v in user_dict.items():',
        ),
        # the dict handed to another call, which may take keys out of it
        (
            "for k, v in user_dict.items():",
            "audit(user_dict)\n        for k, v in user_dict.items():",
        ),
        # bound anew: another dict reaches the model
        (
            "for k, v in user_dict.items():",
            "user_dict = dict(name=name)\n        for k, v in user_dict.items():",
        ),
        # spread into a call that builds no model
        ("models.User(name=name, **user_dict)", "dict(name=name, **user_dict)"),
        # spread into two calls
        ("cls.refs.append(user_ref)", "cls.refs.append(dict(**user_dict))"),
        # read by a nested function, which may run later
        ("cls.refs.append(user_ref)", "cls.refs.append(lambda: user_dict)"),
    ],
)
def test_kwargs_that_may_not_reach_the_model_whole(tmp_path: Path, old: str, new: str) -> None:
    helper = code(HELPER).replace(old, new, 1)
    assert helper != code(HELPER)
    rows = _helper(tmp_path, helper)
    position = at(helper, 'user_dict[^"openid"]')
    assert not any(r[1:3] == position and r[3].startswith("CR106") for r in rows)


def test_kwargs_of_a_function_that_builds_another_model(tmp_path: Path) -> None:
    models = code(MODELS) + code(
        """

        class Account(Base):
            __tablename__ = "accounts"
            id = Column(Integer, primary_key=True)
            openid = Column(String)
        """
    )
    helper = code(HELPER).replace("models.User(", "models.Account(")
    write(tmp_path, {"app/__init__.py": "", "app/models.py": models, "app/helper.py": helper})
    rows = [r for r in accounted(tmp_path, "users.openid") if r[0] == "app/helper.py"]
    position = at(helper, 'user_dict[^"openid"]')
    assert not any(r[1:3] == position and r[3].startswith("CR106") for r in rows)
