"""A function that reads its locals by name turns its parameters' names into keys:
Packit's ``get_all_by(commit_sha, project_name=None, ...)`` builds ``{arg: value for arg,
value in locals().items() if value is not None}`` and hands it to ``filter_by(**...)``, so
the parameter ``commit_sha`` is the column's keyword. Such a parameter is not excluded as a
local: it is unexplained (a parameter of any other function stays a local)."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class CoprBuildTargetModel(Base):
        __tablename__ = "copr_build_targets"
        id = Column(Integer, primary_key=True)
        commit_sha = Column(String)
        owner = Column(String)
"""

QUERIES = """
    from app.models import CoprBuildTargetModel


    def get_all_by(session, commit_sha, owner=None):
        non_none_args = {arg: value for arg, value in locals().items() if value is not None}
        non_none_args.pop("session")
        return session.query(CoprBuildTargetModel).filter_by(**non_none_args)


    def count_by(session, commit_sha):
        return session.query(CoprBuildTargetModel).count()


    def nested(session, commit_sha):
        def inner():
            return locals()

        return inner()
"""


def test_a_parameter_of_a_function_reading_its_locals_by_name_is_unexplained(
    tmp_path: Path,
) -> None:
    source = write(
        tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/queries.py": QUERIES}
    )["app/queries.py"]
    rows = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "copr_build_targets.commit_sha")
        if p == "app/queries.py"
    }
    assert rows[at(source, "get_all_by(session, ^commit_sha")] == "unexplained"
    assert rows[at(source, "count_by(session, ^commit_sha")] == "excluded: local"
    # locals() of a nested function reads the nested function's locals, not these
    assert rows[at(source, "nested(session, ^commit_sha")] == "excluded: local"
