"""A parameter handed on, under its own name, to a keyword of a call that may write it into
the column is unexplained, never silently a local; once the call is followed into a function
that never takes it to the column, it is a local again."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Boolean, Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Prompt(Base):
        __tablename__ = "prompt"
        id = Column(Integer, primary_key=True)
        text = Column(String)
        hidden = Column(Boolean)
"""

REPOSITORY = """
    class PromptRepository:
        @classmethod
        def insert(cls, **values):
            return cls.backend.store(**values)


    def describe(hidden=False):
        return "hidden" if hidden else "shown"
"""


def _tiers(root: Path, path: str) -> dict[tuple[int, int], tuple[Tier, str, str]]:
    result = scan(root, ColumnRef.parse("prompt.hidden"))
    return {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else "", o.detail)
        for o in result.occurrences
        if o.path == path
    }


def test_a_parameter_handed_to_a_call_that_cannot_be_followed_is_unexplained(
    tmp_path: Path,
) -> None:
    """create() hands its parameter to PromptRepository.insert(), which takes it in
    ``**values`` and stores it where the analysis cannot follow: the parameter and the
    value handed on may be the column's on its way in."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/repository.py": REPOSITORY,
            "app/service.py": """
        from app.repository import PromptRepository


        class PromptService:
            def create(self, text, hidden=False):
                if hidden:
                    text = text.strip()
                return PromptRepository.insert(text=text, hidden=hidden)
        """,
        },
    )
    source = files["app/service.py"]
    tiers = _tiers(tmp_path, "app/service.py")
    tier, _, detail = tiers[at(source, "text, ^hidden=False")]
    assert tier is Tier.UNEXPLAINED
    assert detail.startswith("a parameter handed on, under its name, to PromptRepository.insert")
    assert tiers[at(source, "hidden=^hidden)")][0] is Tier.UNEXPLAINED
    assert tiers[at(source, "^hidden=hidden)")][0] is Tier.UNEXPLAINED
    # a test of the parameter carries nothing anywhere: still a local
    assert tiers[at(source, "if ^hidden:")][:2] == (Tier.EXCLUDED, "local")


def test_a_parameter_handed_to_a_function_that_never_writes_it_stays_a_local(
    tmp_path: Path,
) -> None:
    """The near miss: describe() only tests its parameter. The keyword is excluded once
    followed, and so are the parameter and the value handed on; a parameter handed on
    under another keyword's name (``flag=hidden``) was never in question."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/repository.py": REPOSITORY,
            "app/labels.py": """
        from app.repository import describe


        def label(hidden=False):
            return describe(hidden=hidden)


        def other(hidden=False):
            return render(flag=hidden)
        """,
        },
    )
    source = files["app/labels.py"]
    tiers = _tiers(tmp_path, "app/labels.py")
    assert tiers[at(source, "^hidden=hidden)")][:2] == (Tier.EXCLUDED, "keyword")
    tier, reason, detail = tiers[at(source, "def label(^hidden")]
    assert (tier, reason) == (Tier.EXCLUDED, "local")
    assert "describe()" in detail
    assert tiers[at(source, "hidden=^hidden)")][:2] == (Tier.EXCLUDED, "local")
    assert tiers[at(source, "def other(^hidden")][:2] == (Tier.EXCLUDED, "local")
    assert tiers[at(source, "flag=^hidden")][:2] == (Tier.EXCLUDED, "local")
