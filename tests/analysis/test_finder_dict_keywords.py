"""A keyword of ``dict(...)`` or of a dict's ``update(...)`` becomes a key of that dict,
which may be spread into the model later (``data = dict(eta=...)``, ``data.update(eta=...)``
and then ``Task(**data)``): it is no parameter of a plain value's method nor of a builtin,
and stays unexplained where nothing proves where the dict goes. A keyword of another
method of a plain value (``"{eta}".format(eta=...)``) is still that method's."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "task"
        id = Column(Integer, primary_key=True)
        eta = Column(String)
"""

USE = """
    from collections import OrderedDict

    from app.models import Task


    def built(values):
        data = dict(eta=1)
        return Task(**data)


    def filled():
        data = {}
        data.update(eta=2)
        return Task(**data)


    def merged(values):
        return Task(**dict(values, eta=3))


    def ordered():
        return Task(**OrderedDict(eta=4))


    def spread(**fields):
        fields.update(eta=5)
        return Task(**fields)


    def message():
        return "{eta}".format(eta=6)
"""


def test_keywords_that_become_keys_of_a_dict_are_not_excluded(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/use.py": USE})
    source = files["app/use.py"]
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "task.eta")
        if path == "app/use.py"
    }
    for n in range(1, 6):
        assert not rows[at(source, f"^eta={n})")].startswith("excluded"), n
    assert rows[at(source, "format(^eta=6)")] == "excluded: keyword"
