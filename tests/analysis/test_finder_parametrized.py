"""The first argument of ``pytest.mark.parametrize`` names parameters of the test it
decorates: a word of it is a parameter's name (``local``), though ``username,email`` reads as
a list of columns to the SQL reader. The shape is a test module of a sign-up API beside a
model with a ``username`` column."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Login(Base):
        __tablename__ = "logins"
        id = Column(Integer, primary_key=True)
        username = Column(String)
"""

TESTS = """
    import pytest

    CASES = [("bob", "bob@example.com", 201), ("", "x@example.com", 400)]


    @pytest.mark.parametrize("username,email,expected", CASES)
    def test_register(client, username, email, expected):
        assert client.post("/register", json={"email": email}).status_code == expected


    @pytest.mark.parametrize(("username", "expected"), [("bob", 201)])
    def test_name(client, username, expected):
        assert expected


    @pytest.mark.parametrize("username,other", [("bob", 1)])
    def test_other(client, other):
        assert other
"""


def test_the_names_parametrize_gives_a_test_are_its_parameters(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "tests/test_signup.py": TESTS})
    source = files["tests/test_signup.py"]
    rows = [r for r in accounted(tmp_path, "logins.username") if r[0] == "tests/test_signup.py"]
    decided = {r[1:3]: r[3] for r in rows}
    assert decided[at(source, '("^username,email')] == "excluded: local"
    assert decided[at(source, '(("^username", "expected")')] == "excluded: local"
    # near miss: the test takes no ``username``, so the string names no parameter of it
    assert decided[at(source, '("^username,other"')] == "unexplained"
