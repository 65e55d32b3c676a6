"""An association proxy of another model that reaches the column through a relationship to
its model (``keywords = association_proxy("user_keywords", "keyword")`` on ``User``, where
``User.user_keywords`` holds ``UserKeyword`` rows) reads and writes the column on the
related rows: it is a wrapper built on the column (CR109), declared on the users model but
naming the association table's column. Its declaration, the string naming the column in
it, and its uses on the holder's objects are references, never ``other-table``."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Exclusion, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.ext.associationproxy import association_proxy
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        user_keywords = relationship("UserKeyword", back_populates="user")
        keywords = association_proxy("user_keywords", "keyword")


    class UserKeyword(Base):
        __tablename__ = "user_keywords"
        user_id = Column(Integer, ForeignKey("users.id"), primary_key=True)
        keyword = Column(String, primary_key=True)
        user = relationship(User, back_populates="user_keywords")


    class Keyword(Base):
        __tablename__ = "keywords"
        id = Column(Integer, primary_key=True)
        keyword = Column(String)
"""

VIEWS = """
    from app.models import Keyword, User


    def tag(user: User, word: str):
        user.keywords.append(word)


    def tagged(session, word):
        return session.query(User).filter(User.keywords.contains(word)).all()


    def catalogue(entry: Keyword):
        return entry.keyword


    def register(words):
        return User(keywords=words)


    def register_all(words):
        return User(**{"keywords": words})
"""


def _tiers(root: Path, column: str) -> dict[tuple[str, int, int], tuple[Tier, Exclusion | None]]:
    result = scan(root, ColumnRef.parse(column))
    return {(o.path, o.line, o.col): (o.tier, o.reason) for o in result.occurrences}


def _messages(root: Path, column: str) -> dict[tuple[str, int], str]:
    result = scan(root, ColumnRef.parse(column))
    return {(r.path, r.line): r.message for r in result.references}


def test_a_proxy_over_the_column_is_a_wrapper_of_it(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": VIEWS})
    models, views = files["app/models.py"], files["app/views.py"]
    tiers = _tiers(tmp_path, "user_keywords.keyword")
    declared = at(models, '"user_keywords", "^keyword")')
    assert tiers[("app/models.py", *declared)][0] is Tier.REFERENCE
    assert tiers[("app/models.py", *at(models, "    ^keywords = association_proxy"))] == (
        Tier.REFERENCE,
        None,
    )
    for use in (
        "user.^keywords.append",
        "User.^keywords.contains",
        "User(^keywords=words)",
    ):
        assert tiers[("app/views.py", *at(views, use))][0] is Tier.REFERENCE, use
    messages = _messages(tmp_path, "user_keywords.keyword")
    assert "association_proxy" in messages[("app/models.py", declared[0])]
    # a key of a dict spread into User names no attribute of the association table
    # under the proxy's own name: left as it was
    assert tiers[("app/views.py", *at(views, 'User(**{"^keywords"'))][0] is Tier.UNEXPLAINED
    # the near miss: the keywords table's own column stays that table's
    catalogue = at(views, "entry.^keyword")
    assert tiers[("app/views.py", *catalogue)] == (Tier.EXCLUDED, Exclusion.OTHER_TABLE)


def test_a_proxy_named_like_the_column_is_not_the_holder_s_column(tmp_path: Path) -> None:
    """``keyword = association_proxy("user_keywords", "keyword")`` on ``User``: the users
    model has no column of that name; its attribute is the proxy over ours."""
    models = MODELS.replace("keywords = association_proxy", "keyword = association_proxy")
    views = VIEWS.replace("keywords", "keyword")
    files = write(tmp_path, {"app/models.py": models, "app/views.py": views})
    tiers = _tiers(tmp_path, "user_keywords.keyword")
    models, views = files["app/models.py"], files["app/views.py"]
    assert tiers[("app/models.py", *at(models, "    ^keyword = association_proxy"))] == (
        Tier.REFERENCE,
        None,
    )
    for use in (
        "user.^keyword.append",
        "User.^keyword.contains",
        "User(^keyword=words)",
        'User(**{"^keyword"',
    ):
        assert tiers[("app/views.py", *at(views, use))] == (Tier.REFERENCE, None), use


def test_a_proxy_over_another_table_s_column_stays_that_table_s(tmp_path: Path) -> None:
    """The near miss: a proxy through a relationship to the keywords table names its
    column, not the association table's."""
    models = MODELS.replace(
        """        keywords = association_proxy("user_keywords", "keyword")
""",
        """        keywords = association_proxy("user_keywords", "keyword")
        favourite_id = Column(Integer, ForeignKey("keywords.id"))
        favourite = relationship("Keyword")
        keyword = association_proxy("favourite", "keyword")
""",
    )
    files = write(tmp_path, {"app/models.py": models, "app/views.py": VIEWS})
    models = files["app/models.py"]
    tiers = _tiers(tmp_path, "user_keywords.keyword")
    other = tiers[("app/models.py", *at(models, "    ^keyword = association_proxy"))]
    assert other[0] is not Tier.REFERENCE
    assert tiers[("app/models.py", *at(models, '"favourite", "^keyword")'))][0] is not (
        Tier.REFERENCE
    )
