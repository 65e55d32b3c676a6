"""A property that is the column's value by operators alone, read on an object of unknown
type: Pagure's ``Project.is_on_repospanner`` (``return self.repospanner_region is not
None``), read as ``project.is_on_repospanner`` where ``project`` is a function's parameter.
Where no class of the project but the model binds the name, the read is a likely use of the
property (as a column's own name is); where another class binds it too, the property is left
as any other code that reads the column (its read inside is the reference): no use of it is
claimed."""

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

        @property
        def is_on_repospanner(self):
            return self.repospanner_region is not None
"""

GIT = """
    def push(project, branch):
        if project.is_on_repospanner:
            return "repospanner"
        return branch
"""

MIRROR = """
    class Mirror:
        def __init__(self, spanned):
            self.is_on_repospanner = spanned
"""


def _kind(tmp_path: Path, **more: str) -> str | None:
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/git.py": GIT}
        | {f"app/{name}.py": text for name, text in more.items()},
    )
    where = at(files["app/git.py"], "project.^is_on_repospanner")
    return next(
        (
            kind
            for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
            if (p, line, col) == ("app/git.py", *where)
        ),
        None,
    )


def test_a_property_no_other_class_has_is_likely_on_an_unknown_object(tmp_path: Path) -> None:
    assert _kind(tmp_path) == "CR109 likely"


def test_a_property_another_class_binds_too_is_no_claim(tmp_path: Path) -> None:
    assert _kind(tmp_path, mirror=MIRROR) in (None, "unexplained")
