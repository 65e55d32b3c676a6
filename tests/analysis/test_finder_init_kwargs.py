"""The model's own ``__init__`` that takes ``**kwargs`` and reads a keyword of the column's
name from them (CTFd's ``DynamicChallenge.__init__``: ``super().__init__(**kwargs)`` then
``self.value = kwargs["initial"]``) reads the keyword its callers give the constructor,
``DynamicChallenge(initial=...)``: a certain keyword reference, as that keyword is. The same
subscript in a class that is not the model, in another method, or on a ``kwargs`` bound anew
in the body is not that keyword."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Challenges(Base):
        __tablename__ = "challenges"
        id = Column(Integer, primary_key=True)
        type = Column(String(80))
        value = Column(Integer)
        __mapper_args__ = {"polymorphic_on": type}
"""

PLUGIN = """
    from app.models import Challenges, Column, ForeignKey, Integer


    class DynamicChallenge(Challenges):
        __tablename__ = "dynamic_challenge"
        __mapper_args__ = {"polymorphic_identity": "dynamic"}
        id = Column(Integer, ForeignKey("challenges.id"), primary_key=True)
        initial = Column(Integer, default=0)

        def __init__(self, *args, **kwargs):
            super(DynamicChallenge, self).__init__(**kwargs)
            self.value = kwargs["initial"]
"""


def _plugin(tmp_path: Path, plugin: str) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/plugin.py": plugin})
    return [r for r in accounted(tmp_path, "dynamic_challenge.initial") if r[0] == "app/plugin.py"]


def test_the_models_init_reads_the_keyword_of_the_column(tmp_path: Path) -> None:
    plugin = code(PLUGIN)
    assert ("app/plugin.py", *at(plugin, 'kwargs[^"initial"]'), "CR104 certain") in _plugin(
        tmp_path, PLUGIN
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # another method: its kwargs are not the constructor's
        ("def __init__(self, *args, **kwargs):", "def reset(self, *args, **kwargs):"),
        # kwargs bound anew before the read
        (
            "super(DynamicChallenge, self).__init__(**kwargs)",
            "kwargs = dict(kwargs, initial=0)",
        ),
    ],
)
def test_a_read_that_is_not_the_constructors_keyword(tmp_path: Path, old: str, new: str) -> None:
    changed = code(PLUGIN).replace(old, new)
    assert changed != code(PLUGIN)
    rows = _plugin(tmp_path, changed)
    position = at(changed, 'kwargs[^"initial"]')
    assert not any(r[1:3] == position and r[3].endswith("certain") for r in rows)


def test_a_class_that_is_not_the_model(tmp_path: Path) -> None:
    plugin = code(PLUGIN) + code(
        """

        class Form:
            def __init__(self, **kwargs):
                self.start = kwargs["initial"]
        """
    )
    rows = _plugin(tmp_path, plugin)
    position = at(plugin, 'kwargs[^"initial"]', 2)
    assert not any(r[1:3] == position and r[3].endswith("certain") for r in rows)
