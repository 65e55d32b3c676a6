"""Uses of a column that spell none of its names, in the shapes real projects had: a bitfield
property over a status column and its setter (Hypothesis's ``User.email_confirmed``), a
class method that looks rows up by the column (``Token.get_by_userid``), models declared
inside a ``with`` block (MLRun's ``with warnings.catch_warnings():``), and a list that a
helper walks as a key path rather than a list of the model's fields (``get_in(task,
["status", "state"])``)."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Confidence, ReferenceKind, Tier
from tests.analysis.helpers import at, write

USERS = """
    import sqlalchemy as sa
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class User(Base):
        __tablename__ = "user"
        id = sa.Column(sa.Integer, primary_key=True)
        status = sa.Column(sa.Integer)

        @property
        def email_confirmed(self):
            return bool((self.status or 0) & 0b001)

        @email_confirmed.setter
        def email_confirmed(self, value):
            if value:
                self.status = (self.status or 0) | 0b001
            else:
                self.status = (self.status or 0) & ~0b001

        @property
        def badge(self):
            return badge_for(self.status)


    def badge_for(status):
        return str(status)
"""


def _refs(root: Path, column: str) -> dict[tuple[str, int], tuple[ReferenceKind, Confidence]]:
    result = scan(root, ColumnRef.parse(column))
    return {(r.path, r.line): (r.kind, r.confidence) for r in result.references}


def test_a_bitfield_property_and_its_setter_are_wrappers_of_the_column(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": USERS,
            "app/views.py": """
        from app.models import User


        def confirm(user: User):
            user.email_confirmed = True
        """,
        },
    )
    models = files["app/models.py"]
    refs = _refs(tmp_path, "user.status")
    wrapper = (ReferenceKind.WRAPPER, Confidence.LIKELY)
    assert refs[("app/models.py", at(models, "def ^email_confirmed(self):")[0])] == wrapper
    assert refs[("app/models.py", at(models, "def ^email_confirmed(self, value)")[0])] == wrapper
    assert refs[("app/views.py", at(files["app/views.py"], "user.^email_confirmed")[0])] == wrapper
    # a property that hands the value to a function may outlive the column: not a wrapper
    assert ("app/models.py", at(models, "def ^badge")[0]) not in refs


def test_a_setter_that_does_more_than_write_the_column_is_no_wrapper(tmp_path: Path) -> None:
    models = USERS.replace(
        "                self.status = (self.status or 0) | 0b001\n",
        "                self.status = (self.status or 0) | 0b001\n                notify(self)\n",
    )
    files = write(tmp_path, {"app/models.py": models})
    refs = _refs(tmp_path, "user.status")
    assert (
        "app/models.py",
        at(files["app/models.py"], "def ^email_confirmed(self):")[0],
    ) not in refs


TOKENS = """
    import sqlalchemy as sa
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Token(Base):
        __tablename__ = "token"
        id = sa.Column(sa.Integer, primary_key=True)
        userid = sa.Column(sa.UnicodeText())
        query = None

        @classmethod
        def get_by_userid(cls, userid):
            return cls.query.filter(cls.userid == userid).first()


    class NipsaUser(Base):
        __tablename__ = "nipsa"
        id = sa.Column(sa.Integer, primary_key=True)
        userid = sa.Column(sa.UnicodeText())
        query = None

        @classmethod
        def get_by_userid(cls, userid):
            return cls.query.filter_by(userid=userid).first()
"""

VIEWS = """
    from app import models


    def developer_token(request):
        return models.Token.get_by_userid(request.authenticated_userid)


    def is_nipsad(request):
        return models.NipsaUser.get_by_userid(request.authenticated_userid) is not None
"""


def test_a_lookup_by_the_column_and_its_callers_are_wrappers(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": TOKENS, "app/views.py": VIEWS})
    refs = _refs(tmp_path, "token.userid")
    wrapper = (ReferenceKind.WRAPPER, Confidence.LIKELY)
    models, views = files["app/models.py"], files["app/views.py"]
    assert refs[("app/models.py", at(models, "def ^get_by_userid")[0])] == wrapper
    assert refs[("app/views.py", at(views, "models.Token.^get_by_userid")[0])] == wrapper
    # the other class's lookup of the same name is another table's
    assert ("app/views.py", at(views, "models.NipsaUser.^get_by_userid")[0]) not in refs
    assert ("app/models.py", at(models, "def ^get_by_userid", 2)[0]) not in refs


def test_a_lookup_that_filters_by_more_than_the_column_is_no_wrapper(tmp_path: Path) -> None:
    models = TOKENS.replace(
        "return cls.query.filter(cls.userid == userid).first()",
        "return cls.query.filter(cls.userid == userid, cls.id > 0).first()",
    )
    files = write(tmp_path, {"app/models.py": models, "app/views.py": VIEWS})
    refs = _refs(tmp_path, "token.userid")
    assert ("app/views.py", at(files["app/views.py"], "models.Token.^get_by_userid")[0]) not in refs


FEATURE_SETS = """
    import warnings

    from sqlalchemy import JSON, Column, Integer, String
    from sqlalchemy.ext.declarative import declarative_base

    Base = declarative_base()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")

        class FeatureSet(Base):
            __tablename__ = "feature_sets"
            id = Column(Integer, primary_key=True)
            state = Column(String)
            status = Column(JSON)
"""


def test_models_declared_inside_a_with_block_are_found(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": FEATURE_SETS})
    refs = _refs(tmp_path, "feature_sets.status")
    assert refs[("app/models.py", at(files["app/models.py"], "^status = Column")[0])] == (
        ReferenceKind.DECLARATION,
        Confidence.CERTAIN,
    )


HELPERS = """
    def get_in(obj, keys, default=None):
        if isinstance(keys, str):
            keys = keys.split(".")
        for key in keys:
            if not obj or key not in obj:
                return default
            obj = obj[key]
        return obj


    def pick(row, names):
        return [getattr(row, name) for name in names]
"""


def test_a_key_path_a_helper_walks_is_no_list_of_fields(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": FEATURE_SETS,
            "app/helpers.py": HELPERS,
            "app/runs.py": """
        from app.helpers import get_in, pick


        def states(results):
            return [get_in(task, ["status", "state"]) for task in results]


        def columns(feature_set):
            return pick(feature_set, ["status", "state"])
        """,
        },
    )
    runs = files["app/runs.py"]
    result = scan(tmp_path, ColumnRef.parse("feature_sets.status"))
    path_word = at(runs, 'get_in(task, ["^status"')
    listed = at(runs, 'pick(feature_set, ["^status"')
    tiers = {(o.line, o.col): o for o in result.occurrences if o.path == "app/runs.py"}
    assert tiers[path_word].tier is Tier.UNEXPLAINED
    assert tiers[path_word].detail == "a key of a key path that get_in() walks"
    # the same list given to a function that reads each name on one object: field names
    assert tiers[listed].tier is Tier.REFERENCE
    assert any(r.path == "app/runs.py" and r.line == listed[0] for r in result.references)


def test_a_migration_s_tables_make_no_file_unreachable(tmp_path: Path) -> None:
    """Buildbot: the only tables the index knows are a sqlalchemy-migrate script's, in a
    directory of its own; the connector's components reach the live tables through
    ``self.db.model`` without importing them. No file may be excluded as unreachable."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/db/__init__.py": "",
            "app/db/builds.py": """
        class BuildsConnectorComponent:
            def set_state(self, conn, buildid, strings):
                tbl = self.db.model.builds
                conn.execute(tbl.update(), state_strings_json=strings)
        """,
            "app/db/migrate/versions/001_initial.py": """
        import sqlalchemy as sa

        metadata = sa.MetaData()

        builds = sa.Table(
            "builds", metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("state_strings_json", sa.Text),
        )


        def upgrade(migrate_engine):
            metadata.bind = migrate_engine
            builds.create()
        """,
        },
    )
    result = scan(tmp_path, ColumnRef.parse("builds.state_strings_json"))
    words = [o for o in result.occurrences if o.path == "app/db/builds.py"]
    assert words
    assert all(o.reason is None or o.reason.value != "unreachable" for o in words)


ENTITY = """
    class Identifier:
        def __init__(self, length):
            self.length = length


    class Integer:
        pass


    class EntityType:
        buildrequestid = Integer()
        buildsetid = Integer()
        priority = Integer()
        buildername = Identifier(20)
"""


BUILD_REQUESTS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class BuildRequest(Base):
        __tablename__ = "buildrequests"
        buildrequestid = Column(Integer, primary_key=True)
        buildsetid = Column(Integer)
        priority = Column(Integer)
        buildername = Column(String(20))
"""


def test_a_plain_class_named_like_the_table_s_columns_is_not_proven_plain(tmp_path: Path) -> None:
    """Buildbot's data API types: a class of no schema library whose members are named
    like several of the table's columns describes its rows: a member named like the
    column is unexplained, not excluded as a plain class's."""
    files = write(
        tmp_path,
        {
            "app/models.py": BUILD_REQUESTS,
            "app/types.py": ENTITY,
            "app/other.py": """
        class Label:
            color = "red"
            buildername = "nightly"
        """,
        },
    )
    result = scan(tmp_path, ColumnRef.parse("buildrequests.buildername"))
    by_place = {(o.path, o.line, o.col): o for o in result.occurrences}
    member = by_place[("app/types.py", *at(files["app/types.py"], "^buildername ="))]
    assert member.tier is Tier.UNEXPLAINED
    assert "named like 3 columns of buildrequests" in member.detail
    # a plain class with no such members stays a plain class's
    other = by_place[("app/other.py", *at(files["app/other.py"], "^buildername ="))]
    assert other.tier is Tier.EXCLUDED


def test_a_lookup_named_like_a_dict_method_counts_only_on_its_class(tmp_path: Path) -> None:
    models = TOKENS[: TOKENS.index("class NipsaUser")].replace("get_by_userid", "get")
    files = write(
        tmp_path,
        {
            "app/models.py": models,
            "app/views.py": """
        from app import models

        SETTINGS = {"a": 1}


        def developer_token(request):
            return models.Token.get(request.authenticated_userid)


        def setting(name):
            return SETTINGS.get(name)
        """,
        },
    )
    refs = _refs(tmp_path, "token.userid")
    views = files["app/views.py"]
    assert ("app/views.py", at(views, "models.Token.^get")[0]) in refs
    assert ("app/views.py", at(views, "SETTINGS.^get")[0]) not in refs


def test_a_lookup_of_a_mixin_two_tables_share_is_no_wrapper_of_one(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": """
        import sqlalchemy as sa
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class UserOwned:
            userid = sa.Column(sa.UnicodeText())
            query = None

            @classmethod
            def get_by_userid(cls, userid):
                return cls.query.filter(cls.userid == userid).first()


        class Token(UserOwned, Base):
            __tablename__ = "token"
            id = sa.Column(sa.Integer, primary_key=True)


        class Nipsa(UserOwned, Base):
            __tablename__ = "nipsa"
            id = sa.Column(sa.Integer, primary_key=True)
        """,
            "app/views.py": VIEWS.replace("NipsaUser", "Nipsa"),
        },
    )
    refs = _refs(tmp_path, "token.userid")
    assert ("app/views.py", at(files["app/views.py"], "models.Nipsa.^get_by_userid")[0]) not in refs


def test_a_setter_that_writes_another_column_makes_no_wrapper_of_it(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": """
        import sqlalchemy as sa
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class User(Base):
            __tablename__ = "user"
            id = sa.Column(sa.Integer, primary_key=True)
            _email = sa.Column("email", sa.UnicodeText())
            email_verified = sa.Column(sa.Boolean, default=False)

            @property
            def email(self):
                return self._email

            @email.setter
            def email(self, value):
                self._email = value
                self.email_verified = False
        """,
            "app/views.py": """
        from app.models import User


        def mail_to(user: User):
            return "mailto:" + user.email
        """,
        },
    )
    refs = _refs(tmp_path, "user.email_verified")
    assert ("app/views.py", at(files["app/views.py"], "user.^email")[0]) not in refs


def test_a_migration_beside_the_models_still_guards_its_package(tmp_path: Path) -> None:
    """The models in one package, a sqlalchemy-migrate script in another: the script's
    package stays a root, so its other files are read, not excluded as unreachable."""
    files = write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/models.py": """
        import sqlalchemy as sa
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Job(Base):
            __tablename__ = "job"
            id = sa.Column(sa.Integer, primary_key=True)
            status = sa.Column(sa.String)
        """,
            "svc/__init__.py": "",
            "svc/db/__init__.py": "",
            "svc/db/migrate/__init__.py": "",
            "svc/db/migrate/versions/__init__.py": "",
            "svc/db/migrate/versions/001_initial.py": """
        import sqlalchemy as sa

        metadata = sa.MetaData()
        jobs = sa.Table(
            "job", metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("status", sa.String(20)),
        )


        def upgrade(migrate_engine):
            metadata.bind = migrate_engine
            jobs.create()
        """,
            "svc/worker.py": """
        def finish(job):
            job.status = "done"
            return job
        """,
        },
    )
    result = scan(tmp_path, ColumnRef.parse("job.status"))
    word = at(files["svc/worker.py"], "job.^status")
    found = next(
        o for o in result.occurrences if (o.path, o.line, o.col) == ("svc/worker.py", *word)
    )
    assert found.reason is None or found.reason.value != "unreachable"


def test_a_key_path_a_nested_helper_walks_is_no_list_of_fields(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": FEATURE_SETS,
            "app/runs.py": """
        def states(results):
            def walk(obj, keys):
                for key in keys:
                    obj = obj.get(key, {})
                return obj

            return [walk(task, ["status", "state"]) for task in results]
        """,
        },
    )
    result = scan(tmp_path, ColumnRef.parse("feature_sets.status"))
    word = at(files["app/runs.py"], 'walk(task, ["^status"')
    found = next(o for o in result.occurrences if (o.path, o.line, o.col) == ("app/runs.py", *word))
    assert found.tier is Tier.UNEXPLAINED
    assert found.detail == "a key of a key path that walk() walks"


SQLDB = """
    from app.models import FeatureSet


    class Run:
        def __init__(self):
            self.status = "new"


    class SQLDB:
        def update_feature_set(self, session, name, uid, status):
            if uid:
                query = self._query(session, FeatureSet, name=name, uid=uid)
            else:
                query = self._query(session, FeatureSet, name=name)
            record = query.one_or_none()
            record.status = status

        def _query(self, session, cls, **kw):
            kw = {k: v for k, v in kw.items() if v is not None}
            return session.query(cls).filter_by(**kw)
"""


def test_a_method_returning_a_query_of_the_class_it_is_given(tmp_path: Path) -> None:
    """MLRun's ``SQLDB._query(session, FeatureSet, ...)``: a query of FeatureSet, whose
    ``one_or_none()`` is a row (``status`` is common: no likely read stands in)."""
    files = write(tmp_path, {"app/models.py": FEATURE_SETS, "app/db.py": SQLDB})
    refs = _refs(tmp_path, "feature_sets.status")
    assert refs[("app/db.py", at(files["app/db.py"], "record.^status")[0])] == (
        ReferenceKind.INSTANCE_ATTRIBUTE,
        Confidence.CERTAIN,
    )


def test_a_method_returning_one_row_is_no_query(tmp_path: Path) -> None:
    db = SQLDB.replace(
        "return session.query(cls).filter_by(**kw)",
        "return session.query(cls).filter_by(**kw).first()",
    )
    files = write(tmp_path, {"app/models.py": FEATURE_SETS, "app/db.py": db})
    refs = _refs(tmp_path, "feature_sets.status")
    found = refs.get(("app/db.py", at(files["app/db.py"], "record.^status")[0]))
    assert found != (ReferenceKind.INSTANCE_ATTRIBUTE, Confidence.CERTAIN)
