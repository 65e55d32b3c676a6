"""An attribute a constructor stores from values of stated types: one class where they all
name it (``self.study = create_study()`` in one branch, ``self.study = study`` for a
``study: Study | None`` in the other), none where they disagree."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class StudyModel(Base):
        __tablename__ = "studies"
        id = Column(Integer, primary_key=True)
        direction = Column(String(8))
"""

STUDIES = """
    class Study:
        def __init__(self, name: str) -> None:
            self.name = name

        @property
        def direction(self) -> str:
            return "minimize"


    class Budget:
        direction = "up"


    def create_study(name: str) -> Study:
        return Study(name)
"""

TUNER = """
    from app.studies import Budget, Study, create_study


    class Tuner:
        def __init__(self, study: Study | None = None) -> None:
            if study is None:
                self.study = create_study("tuning")
            else:
                self.study = study

        def minimizing(self):
            return self.study.direction == "minimize"


    class Planner:
        def __init__(self, study: Study | None = None) -> None:
            if study is None:
                self.study = Budget()
            else:
                self.study = study

        def minimizing(self):
            return self.study.direction == "minimize"
"""


def test_an_attribute_stored_from_values_of_one_class(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/studies.py": STUDIES,
            "app/tuner.py": TUNER,
        },
    )
    source = files["app/tuner.py"]
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "studies.direction")
        if path == "app/tuner.py"
    }
    # a Study either way: its own property
    assert rows[at(source, "self.study.^direction")] == "excluded: other-type"
    # a Study or a Budget: no one class the constructor proves
    assert rows[at(source, "self.study.^direction", 2)] == "unexplained"
