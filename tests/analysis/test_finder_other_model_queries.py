"""A keyword of ``filter_by`` on a query of a proven model (``User.query.filter_by(...)``,
``db.session.query(User).filter_by(...)``), or of ``.has(...)``/``.any(...)`` on a
relationship whose target class is proven (``Project.creator.has(...)``), names that
model's column: another table's when the model is another table's class."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class User(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        username = db.Column(db.String(80), unique=True)


    class Project(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        creator_id = db.Column(db.Integer, db.ForeignKey("user.id"))
        creator = db.relationship("User", uselist=False)
        members = db.relationship("User")
        logins = db.relationship("LoginHistory")


    class LoginHistory(db.Model):
        __tablename__ = "login_history"
        id = db.Column(db.Integer, primary_key=True)
        username = db.Column(db.String(80))
"""

CONTROLLER = """
    from accounts.models import Account

    from app.models import LoginHistory, Project, User, db


    def get_user(username):
        return User.query.filter_by(username=username).first_or_404("User not found")


    def active_user(username):
        return User.query.filter(User.id > 0).filter_by(username=username).first()


    def session_user(username):
        return db.session.query(User).filter_by(username=username).first()


    def templates():
        return Project.query.filter(Project.creator.has(username="TEMPLATES")).all()


    def shared(name):
        return Project.query.filter(Project.members.any(username=name)).all()


    def joined(name):
        return User.query.join(LoginHistory).filter_by(username=name).all()


    def unknown(query, name):
        return query.filter_by(username=name).all()


    def account(name):
        return Account.query.filter_by(username=name).first()


    def with_logins(name):
        return Project.query.filter(Project.logins.any(username=name)).all()


    def joined_logins(name):
        return LoginHistory.query.join(User).filter_by(username=name).all()


    def logins(name):
        return LoginHistory.query.filter_by(username=name).all()
"""


def rows_at(tmp_path: Path) -> tuple[str, list[tuple[str, int, int, str]]]:
    files = write(tmp_path, {"app/models.py": MODELS, "app/controller.py": CONTROLLER})
    return files["app/controller.py"], accounted(tmp_path, "login_history.username")


def where(rows: list[tuple[str, int, int, str]], source: str, snippet: str) -> list[str]:
    position = ("app/controller.py", *at(source, snippet))
    return [r[3] for r in rows if r[:3] == position]


def test_a_keyword_of_a_query_of_another_model_is_that_model_s(tmp_path: Path) -> None:
    """``User.query.filter_by(username=...)``, also after ``filter(...)`` and on
    ``db.session.query(User)``, filters User's own column: another table's."""
    source, rows = rows_at(tmp_path)
    for snippet in (
        "User.query.filter_by(^username=username).first_or_404",
        "filter(User.id > 0).filter_by(^username",
        "query(User).filter_by(^username",
    ):
        verdict = where(rows, source, snippet)
        assert len(verdict) == 1 and verdict[0].startswith("excluded: other-table"), snippet


def test_a_keyword_of_has_or_any_on_a_relationship_is_its_target_s(tmp_path: Path) -> None:
    """``Project.creator.has(username=...)`` and ``Project.members.any(username=...)``
    filter rows of User, the relationships' target."""
    source, rows = rows_at(tmp_path)
    for snippet in ("creator.has(^username", "members.any(^username"):
        verdict = where(rows, source, snippet)
        assert len(verdict) == 1 and verdict[0].startswith("excluded: other-table"), snippet


def test_a_keyword_after_a_join_or_on_an_unknown_query_stays_unexplained(
    tmp_path: Path,
) -> None:
    """Near misses: ``filter_by`` after a join filters the last joined entity (here the
    column's own model), and a query of unknown entity proves nothing: unexplained."""
    source, rows = rows_at(tmp_path)
    assert where(rows, source, "join(LoginHistory).filter_by(^username") == ["unexplained"]
    assert where(rows, source, "return query.filter_by(^username") == ["unexplained"]


def test_a_keyword_of_a_query_of_an_unknown_class_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: ``Account``, a class of a package the project does not hold, maps no
    table colretire knows: its query's keyword stays unexplained."""
    source, rows = rows_at(tmp_path)
    assert where(rows, source, "Account.query.filter_by(^username") == ["unexplained"]


def test_a_keyword_of_a_query_of_the_column_s_own_model_is_a_reference(tmp_path: Path) -> None:
    """Near miss: ``LoginHistory.query.filter_by(username=...)`` is the column itself."""
    source, rows = rows_at(tmp_path)
    verdict = where(rows, source, "LoginHistory.query.filter_by(^username")
    assert len(verdict) == 1 and verdict[0].endswith("certain")


def test_a_keyword_of_any_on_a_relationship_to_the_column_s_model_is_a_reference(
    tmp_path: Path,
) -> None:
    """``Project.logins.any(username=...)`` filters rows of LoginHistory: the column."""
    source, rows = rows_at(tmp_path)
    verdict = where(rows, source, "logins.any(^username")
    assert len(verdict) == 1 and verdict[0].endswith("certain")


def test_a_keyword_of_the_column_s_own_query_after_a_join_stays_unexplained(
    tmp_path: Path,
) -> None:
    """Near miss: ``LoginHistory.query.join(User).filter_by(username=...)`` filters User,
    the last joined entity, not the column's model: unexplained, not certain."""
    source, rows = rows_at(tmp_path)
    assert where(rows, source, "join(User).filter_by(^username") == ["unexplained"]


SEVERAL = """
    from app.models import LoginHistory, Project, User, db


    def models_of(name):
        return (
            db.session.query(User, LoginHistory)
            .filter_by(username=name)
            .join(LoginHistory, LoginHistory.username == User.username)
            .first()
        )


    def ids_of(name):
        return db.session.query(User.id).filter_by(username=name).all()


    def own_first(name):
        return db.session.query(LoginHistory, User).filter_by(username=name).all()


    def own_ids(name):
        return db.session.query(LoginHistory.id).order_by(LoginHistory.id).filter_by(username=name).all()


    def joined_first(name):
        return db.session.query(User, LoginHistory).join(LoginHistory).filter_by(username=name).all()


    def counted(name):
        return db.session.query(db.func.count(User.id)).filter_by(username=name).scalar()
"""


def test_a_keyword_of_a_query_of_several_entities_is_the_first_one_s(tmp_path: Path) -> None:
    """MindsDB's ``db.session.query(db.Predictor, db.Integration).filter_by(company_id=...)``
    and ``db.session.query(db.View.id).filter_by(...)``: SQLAlchemy's ``filter_by`` names
    the columns of the query's primary entity, its first (the entity of a column given
    first), until a join. Another table's model first: that table's column; the column's
    own model first: the column. After a join, or with an expression first, unexplained."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/controller.py": SEVERAL})
    source, rows = files["app/controller.py"], accounted(tmp_path, "login_history.username")
    for snippet in (
        "        .filter_by(^username=name)\n",
        "query(User.id).filter_by(^username",
    ):
        verdict = where(rows, source, snippet)
        assert len(verdict) == 1 and verdict[0].startswith("excluded: other-table"), snippet
    for snippet in (
        "query(LoginHistory, User).filter_by(^username",
        "order_by(LoginHistory.id).filter_by(^username",
    ):
        assert where(rows, source, snippet) == ["CR104 certain"], snippet
    assert where(rows, source, "join(LoginHistory).filter_by(^username") == ["unexplained"]
    assert where(rows, source, "count(User.id)).filter_by(^username") == ["unexplained"]
