"""Words the analysis cannot judge still say why: a dict key, a list item or a subscript no
model is proven to read is unexplained with the reason of its kind, never with none; a file
that does not parse keeps its comments apart from the code no analysis saw."""

from __future__ import annotations

from pathlib import Path

import pytest

from colretire.analysis import py2, scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Team(Base):
        __tablename__ = "teams"
        id = Column(Integer, primary_key=True)
        bracket = Column(String(32))
"""


def _details(root: Path, column: str, path: str) -> dict[tuple[int, int], tuple[str, str]]:
    result = scan(root, ColumnRef.parse(column))
    return {
        (o.line, o.col): (o.tier.value, o.reason.value if o.reason else o.detail)
        for o in result.occurrences
        if o.path == path
    }


def test_an_unjudged_word_of_code_names_the_kind_of_its_node(tmp_path: Path) -> None:
    """API argument dicts (``{"bracket": (str, None)}``), a list of names and the key of an
    object of unknown type: none of them is proven to reach the model, none proven not to.
    Each stays unexplained, and says what it is."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/api.py": """
        from app.models import Team


        def arguments(validate, payload):
            validate({"bracket": (str, None)}, location="query")
            fields = ["name", "bracket"]
            payload["bracket"] = None
            return fields
        """,
        },
    )
    details = _details(tmp_path, "teams.bracket", "app/api.py")
    source = files["app/api.py"]
    assert details[at(source, '{"^bracket"')] == (
        "unexplained",
        "a key of a dict that no model is proven to read",
    )
    assert details[at(source, '"name", "^bracket"')][0] == "unexplained"
    assert details[at(source, 'payload["^bracket"')][0] == "unexplained"
    # no unexplained occurrence goes without a reason
    assert all(detail for tier, detail in details.values())


def test_a_file_that_does_not_parse_keeps_its_comments_apart(tmp_path: Path) -> None:
    """A file left half-edited: the parser refuses it (and so does a Python 2 reading), the
    tokenizer still reads it. The name in a comment is a comment; the names in code, which
    no analysis saw, stay unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/legacy.py": """
        from app.models import Team

        # bracket is filled in by the importer
        def show(team) -> :
            return "bracket: %s" % team.bracket
        """,
        },
    )
    source = files["app/legacy.py"]
    result = scan(tmp_path, ColumnRef.parse("teams.bracket"))
    assert any(r.code == "CR001" and r.path == "app/legacy.py" for r in result.references)
    tiers = {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else o.detail)
        for o in result.occurrences
        if o.path == "app/legacy.py"
    }
    assert tiers[at(source, "# ^bracket")] == (Tier.EXCLUDED, "comment")
    assert tiers[at(source, '"^bracket:')] == (Tier.UNEXPLAINED, "the file does not parse")
    assert tiers[at(source, "team.^bracket")] == (Tier.UNEXPLAINED, "the file does not parse")


@pytest.mark.skipif(py2.translate("x.py", b"print 1\n") is None, reason="no lib2to3 here")
def test_a_python_2_file_is_read_through_its_translation(tmp_path: Path) -> None:
    """``print "..."`` and ``except E, e``: Python 2. Translated in memory, line for line,
    the file is analysed: the class attribute is a certain reference at its place in the
    original text, and the file is still reported as not parsing (CR001)."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/legacy.py": """
        from app.models import Team


        def brackets(session):
            try:
                print "brackets:", session.query(Team.bracket).all()
            except ValueError, error:
                print error
        """,
        },
    )
    source = files["app/legacy.py"]
    result = scan(tmp_path, ColumnRef.parse("teams.bracket"))
    codes = {(r.path, r.line, r.col, r.code) for r in result.references}
    assert any(code == "CR001" and path == "app/legacy.py" for path, _, _, code in codes)
    line, col = at(source, "Team.^bracket")
    assert ("app/legacy.py", line, col, "CR102") in codes, sorted(codes)
    tiers = {(o.line, o.col): o.tier for o in result.occurrences if o.path == "app/legacy.py"}
    assert tiers[(line, col)] is Tier.REFERENCE


@pytest.mark.skipif(py2.translate("x.py", b"print 1\n") is None, reason="no lib2to3 here")
def test_a_python_2_lambda_of_a_tuple_is_read_through_its_translation(tmp_path: Path) -> None:
    """``lambda (p, r): ...``, Python 2's tuple parameter (FAF's ``sorted(result, key=lambda
    (p, r): ...)``): the translation names it ``p_r`` on the same line, and the file's
    write of the column is found where it stands."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/legacy.py": """
        from app.models import Team


        def sort_brackets(session, pairs, bracket):
            team = session.query(Team).first()
            team.bracket = bracket
            return sorted(pairs, key=lambda (p, r): (r.name, p))
        """,
        },
    )
    source = files["app/legacy.py"]
    result = scan(tmp_path, ColumnRef.parse("teams.bracket"))
    codes = {(r.path, r.line, r.col, r.code) for r in result.references}
    assert ("app/legacy.py", *at(source, "team.^bracket ="), "CR103") in codes, sorted(codes)


@pytest.mark.skipif(py2.translate("x.py", b"print 1\n") is None, reason="no lib2to3 here")
def test_a_python_2_model_file_is_indexed_through_its_translation(tmp_path: Path) -> None:
    """The models themselves in Python 2: indexed through the translation, they type the
    rest of the project, and the file is still reported as not parsing (CR001)."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS + "\n    print 'models loaded'\n",
            "app/report.py": """
        from app.models import Team


        def brackets(session):
            return session.query(Team.bracket).all()
        """,
        },
    )
    result = scan(tmp_path, ColumnRef.parse("teams.bracket"))
    codes = {(r.path, r.line, r.col, r.code) for r in result.references}
    assert any(code == "CR001" and path == "app/models.py" for path, _, _, code in codes)
    line, col = at(files["app/report.py"], "Team.^bracket")
    assert ("app/report.py", line, col, "CR102") in codes, sorted(codes)
    assert len([c for c in codes if c[3] == "CR001"]) == 1


def test_a_value_a_models_method_takes_in_its_kwargs_says_so(tmp_path: Path) -> None:
    # A Flask application's handler: the model's classmethod builds the row with
    # cls(*args, **kwargs) after setting a default of its own, so `options` may reach the
    # column through **kwargs (one that hands them on untouched makes the keyword the
    # constructor's: test_finder_class_method_constructors).
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class DataSource(Base):
            __tablename__ = "data_sources"
            id = Column(Integer, primary_key=True)
            options = Column(String)

            @classmethod
            def create_with_group(cls, *args, **kwargs):
                kwargs.setdefault("name", "untitled")
                return cls(*args, **kwargs)
    """,
            "app/handlers.py": """
        from app.models import DataSource


        def create(name, options):
            return DataSource.create_with_group(name=name, options=options)
    """,
        },
    )
    handlers = files["app/handlers.py"]
    details = _details(tmp_path, "data_sources.options", "app/handlers.py")
    assert details[at(handlers, "options=^options")] == (
        "unexplained",
        "given to DataSource.create_with_group(**kwargs), a method of the model, which may "
        "hand it to the column",
    )
