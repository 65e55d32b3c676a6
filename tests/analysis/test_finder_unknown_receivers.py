"""``obj.by_openid(session, openid)`` where ``obj`` is of unknown type: ``by_openid`` may be
the class method of the model that looks its rows up by the column, so a local named like
the column given to that parameter may be the column's value; it is unexplained, never
excluded as a local."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        openid = Column(String)
        name = Column(String)

        @classmethod
        def by_openid(cls, session, openid):
            return session.query(cls).filter_by(openid=openid).first()

        def rename(self, session, name):
            self.name = name
"""


def test_a_local_given_to_a_method_of_the_model_on_an_unknown_object_is_unexplained(
    tmp_path: Path,
) -> None:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/views.py": """
        def login(obj, session, request):
            openid = request.args["id"]
            return obj.by_openid(session, openid)


        def login_by_keyword(obj, session, openid):
            return obj.by_openid(session, openid=openid)


        def login_on_the_class(users, session, openid):
            return users.by_openid(users, session, openid)


        def lookup(obj, session, openid):
            return obj.lookup(session, openid)


        def rename(obj, session, openid):
            return obj.rename(session, openid)
        """,
        },
    )
    source = files["app/views.py"]
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "users.openid")
        if path == "app/views.py"
    }
    assert rows[at(source, "obj.by_openid(session, ^openid)")] == "unexplained"
    assert rows[at(source, "openid=^openid)")] == "unexplained"
    assert rows[at(source, "users.by_openid(users, session, ^openid)")] == "unexplained"
    # the near misses: a method the model lacks, and a parameter of another name
    assert rows[at(source, "obj.lookup(session, ^openid)")] == "excluded: local"
    assert rows[at(source, "obj.rename(session, ^openid)")] == "excluded: local"
