"""A plain class whose hand-written constructor keeps a parameter named like the column in
its own attribute of that name (``self.api_key = api_key``) and nowhere else: the
parameter, its uses there and the keyword that fills it are that attribute's, a member of
a class that maps no table (``other-type``), as a dataclass's field and its keyword are.
Each near miss (the value also handed on, kept under another name, a base colretire cannot
read, a class that mirrors the model) stays unexplained."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class User(Base):
        __tablename__ = "user"
        id = Column(Integer, primary_key=True)
        api_key = Column(String)
"""

LOADER = """
    import requests


    class MistralLoader:
        def __init__(self, api_key: str, file_path: str, timeout: int = 30):
            if not api_key:
                raise ValueError("API key cannot be empty.")
            self.api_key = api_key
            self.file_path = file_path
            self.timeout = timeout

        def load(self):
            headers = {"Authorization": f"Bearer {self.api_key}"}
            return requests.get("https://api.mistral.ai/v1/files", headers=headers)
"""

ROUTES = """
    from app.loader import MistralLoader


    def loader_for(config, path):
        return MistralLoader(api_key=config.MISTRAL_OCR_API_KEY, file_path=path)
"""


def _verdicts(root: Path, path: str) -> dict[tuple[int, int], tuple[Tier, str]]:
    result = scan(root, ColumnRef.parse("user.api_key"))
    return {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else o.detail)
        for o in result.occurrences
        if o.path == path
    }


def test_a_parameter_kept_in_its_own_attribute_is_the_attributes(tmp_path: Path) -> None:
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/loader.py": LOADER, "app/routes.py": ROUTES}
    )
    loader = files["app/loader.py"]
    found = _verdicts(tmp_path, "app/loader.py")
    for where in ("self, ^api_key: str", "not ^api_key:", "self.^api_key = ", "= ^api_key\n"):
        assert found[at(loader, where)] == (Tier.EXCLUDED, "other-type"), where
    routes = files["app/routes.py"]
    tier, _ = _verdicts(tmp_path, "app/routes.py")[at(routes, "^api_key=")]
    assert tier is Tier.EXCLUDED
    result = scan(tmp_path, ColumnRef.parse("user.api_key"))
    [keyword] = [o for o in result.occurrences if o.path == "app/routes.py"]
    assert "MistralLoader.api_key" in keyword.detail


def test_a_parameter_also_handed_on_stays_unexplained(tmp_path: Path) -> None:
    """The constructor also gives the value to a call (which may write it anywhere): the
    parameter is more than the attribute."""
    loader = LOADER.replace(
        "self.timeout = timeout", "self.timeout = timeout\n            register(api_key)"
    )
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/loader.py": loader, "app/routes.py": ROUTES}
    )
    found = _verdicts(tmp_path, "app/loader.py")
    assert found[at(files["app/loader.py"], "self, ^api_key: str")][0] is Tier.UNEXPLAINED
    routes = files["app/routes.py"]
    assert _verdicts(tmp_path, "app/routes.py")[at(routes, "^api_key=")][0] is Tier.UNEXPLAINED


def test_a_parameter_kept_under_another_name_stays_unexplained(tmp_path: Path) -> None:
    """``self._key = api_key``: later reads spell none of the column's names, so where the
    value goes no occurrence would show."""
    loader = LOADER.replace("self.api_key = api_key", "self._key = api_key")
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/loader.py": loader, "app/routes.py": ROUTES}
    )
    found = _verdicts(tmp_path, "app/loader.py")
    assert found[at(files["app/loader.py"], "self, ^api_key: str")][0] is Tier.UNEXPLAINED
    routes = files["app/routes.py"]
    assert _verdicts(tmp_path, "app/routes.py")[at(routes, "^api_key=")][0] is Tier.UNEXPLAINED


def test_a_class_of_unknown_bases_stays_unexplained(tmp_path: Path) -> None:
    """A loader deriving from a library's class colretire cannot read: its attribute may
    mirror the column, and so may the parameter kept there."""
    loader = LOADER.replace("import requests", "import requests\n    from vendor import BaseLoader")
    loader = loader.replace("class MistralLoader:", "class MistralLoader(BaseLoader):")
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/loader.py": loader, "app/routes.py": ROUTES}
    )
    found = _verdicts(tmp_path, "app/loader.py")
    assert found[at(files["app/loader.py"], "self, ^api_key: str")][0] is Tier.UNEXPLAINED
    routes = files["app/routes.py"]
    assert _verdicts(tmp_path, "app/routes.py")[at(routes, "^api_key=")][0] is Tier.UNEXPLAINED


def test_a_base_of_the_model_stays_unexplained(tmp_path: Path) -> None:
    """A plain class the model derives from: its constructor is the model's, and the
    attribute it keeps the value in is the column."""
    models = MODELS.replace("class User(Base):", "class User(KeyHolder, Base):").replace(
        "Base = declarative_base()",
        "Base = declarative_base()\n\n\n"
        "    class KeyHolder:\n"
        "        def __init__(self, api_key=None):\n"
        "            self.api_key = api_key",
    )
    files = write(tmp_path, {"app/models.py": models})
    found = _verdicts(tmp_path, "app/models.py")
    tier = found[at(files["app/models.py"], "self, ^api_key=None")][0]
    assert tier is not Tier.EXCLUDED


WIDGET = """
    import enum


    class StudyDirection(enum.Enum):
        MINIMIZE = 1
        MAXIMIZE = 2


    class CompleteTrialsWidget:
        def __init__(self, trials, direction: StudyDirection) -> None:
            if direction not in (StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE):
                raise ValueError(f"Unknown direction {direction}.")
            self.direction = direction
            values = [trial.value for trial in trials]
            if direction == StudyDirection.MINIMIZE:
                self.best = min(values)
            else:
                self.best = max(values)
"""

STUDY_MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class StudyModel(Base):
        __tablename__ = "studies"
        study_id = Column(Integer, primary_key=True)
        direction = Column(String(8))
"""


def test_a_parameter_compared_or_put_in_a_message_is_still_only_kept(tmp_path: Path) -> None:
    """The widget compares its ``direction`` with the enumeration's members and names it
    in the message of the exception it raises: neither keeps the value anywhere else."""
    files = write(tmp_path, {"app/models.py": STUDY_MODELS, "app/widget.py": WIDGET})
    widget = files["app/widget.py"]
    result = scan(tmp_path, ColumnRef.parse("studies.direction"))
    found = {
        (o.line, o.col): o.tier
        for o in result.occurrences
        if o.path == "app/widget.py" and (o.line, o.col) >= at(widget, "trials, ^direction")
    }
    assert set(found.values()) == {Tier.EXCLUDED}, found


def test_a_parameter_read_for_something_else_stays_unexplained(tmp_path: Path) -> None:
    """``self.label = direction.name``: a value made of it, kept under another name."""
    widget = WIDGET.replace(
        "self.direction = direction",
        "self.direction = direction\n            self.label = direction.name",
    )
    files = write(tmp_path, {"app/models.py": STUDY_MODELS, "app/widget.py": widget})
    result = scan(tmp_path, ColumnRef.parse("studies.direction"))
    [parameter] = [
        o
        for o in result.occurrences
        if o.path == "app/widget.py"
        and (o.line, o.col) == at(files["app/widget.py"], "trials, ^direction")
    ]
    assert parameter.tier is Tier.UNEXPLAINED


TOKENS = """
    from sqlalchemy import Column, ForeignKey, Integer, String, Table
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()

    users_to_favorites = Table(
        "users_to_favorites",
        Base.metadata,
        Column("user_id", Integer, ForeignKey("users.id")),
        Column("recipe_id", Integer),
    )


    class PasswordResetModel(Base):
        __tablename__ = "password_reset_tokens"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        token = Column(String(64))

        def __init__(self, user_id, token, **_):
            self.user_id = user_id
            self.token = token
"""


def test_another_tables_model_keeps_the_parameter_in_its_own_column(tmp_path: Path) -> None:
    """The hand-written constructor of the model of ``password_reset_tokens`` keeps its
    ``user_id`` in that table's column: the parameter is that column's value."""
    files = write(tmp_path, {"app/models.py": TOKENS})
    models = files["app/models.py"]
    result = scan(tmp_path, ColumnRef.parse("users_to_favorites.user_id"))
    found = {(o.line, o.col): (o.tier, o.reason) for o in result.occurrences}
    for where in ("self, ^user_id, token", "= ^user_id\n"):
        tier, reason = found[at(models, where)]
        assert (tier, reason and reason.value) == (Tier.EXCLUDED, "other-table"), where


def test_a_class_that_redirects_its_attributes_stays_unexplained(tmp_path: Path) -> None:
    """A ``__setattr__`` of its own may put ``self.api_key`` on another object, a row
    among them: the parameter may reach the column."""
    loader = LOADER.replace(
        "    def load(self):",
        "    def __setattr__(self, name, value):\n"
        "            setattr(self.__dict__.get('row') or object(), name, value)\n\n"
        "        def load(self):",
    )
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/loader.py": loader, "app/routes.py": ROUTES}
    )
    found = _verdicts(tmp_path, "app/loader.py")
    assert found[at(files["app/loader.py"], "self, ^api_key: str")][0] is Tier.UNEXPLAINED
    routes = files["app/routes.py"]
    assert _verdicts(tmp_path, "app/routes.py")[at(routes, "^api_key=")][0] is Tier.UNEXPLAINED


def test_a_class_whose_base_of_another_module_redirects_stays_unexplained(
    tmp_path: Path,
) -> None:
    """``Forwarding.__setattr__``, in another module, puts every attribute of a ``Creds``
    on the row it holds: ``self.api_key = api_key`` may write the column."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/base.py": """
                class Forwarding:
                    def __setattr__(self, key, value):
                        setattr(self._row, key, value)
            """,
            "app/holder.py": """
                from app.base import Forwarding
                from app.models import User


                class Creds(Forwarding):
                    def __init__(self, row, api_key: str):
                        self._row = row
                        self.api_key = api_key


                def rotate(session, new):
                    Creds(session.get(User, 1), api_key=new)
            """,
        },
    )
    holder = files["app/holder.py"]
    found = _verdicts(tmp_path, "app/holder.py")
    for where in ("row, ^api_key: str", "= ^api_key\n", "Creds(session.get(User, 1), ^api_key="):
        assert found[at(holder, where)][0] is Tier.UNEXPLAINED, where


def test_a_class_that_hands_on_its_attributes_by_name_stays_unexplained(tmp_path: Path) -> None:
    """``User(**vars(self))`` gives the model every attribute under its name: the value
    kept in ``self.api_key`` reaches the column with no read that spells it."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS.replace(
                "api_key = Column(String)",
                "api_key = Column(String)\n        name = Column(String)",
            ),
            "app/form.py": """
                class UserForm:
                    def __init__(self, name: str, api_key: str):
                        self.name = name
                        self.api_key = api_key

                    def to_row(self):
                        from app.models import User

                        return User(**vars(self))
            """,
            "app/svc.py": """
                from app.form import UserForm


                def make(session, key):
                    session.add(UserForm(name="x", api_key=key).to_row())
            """,
        },
    )
    form = files["app/form.py"]
    found = _verdicts(tmp_path, "app/form.py")
    for where in ("name: str, ^api_key: str", "= ^api_key\n"):
        assert found[at(form, where)][0] is Tier.UNEXPLAINED, where
    svc = files["app/svc.py"]
    assert _verdicts(tmp_path, "app/svc.py")[at(svc, "^api_key=")][0] is Tier.UNEXPLAINED


def test_another_models_proxy_of_that_name_stays_unexplained(tmp_path: Path) -> None:
    """``Account.api_key = association_proxy("user", "api_key")``: another model's
    attribute of the column's name that is no column of its own writes the user's row, and
    so may the constructor's parameter kept there. The proxy is a wrapper of the column:
    the write through it (and the value it writes) is a reference."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
                from sqlalchemy import Column, ForeignKey, Integer, String
                from sqlalchemy.ext.associationproxy import association_proxy
                from sqlalchemy.orm import declarative_base, relationship

                Base = declarative_base()


                class User(Base):
                    __tablename__ = "user"
                    id = Column(Integer, primary_key=True)
                    api_key = Column(String)


                class Account(Base):
                    __tablename__ = "account"
                    id = Column(Integer, primary_key=True)
                    user_id = Column(ForeignKey("user.id"))
                    user = relationship(User)
                    api_key = association_proxy("user", "api_key")

                    def __init__(self, user, api_key):
                        self.user = user
                        self.api_key = api_key
            """,
        },
    )
    models = files["app/models.py"]
    found = _verdicts(tmp_path, "app/models.py")
    assert found[at(models, "user, ^api_key):")][0] is Tier.UNEXPLAINED
    for where in ("self.^api_key = api_key", "= ^api_key\n"):
        assert found[at(models, where)][0] is Tier.REFERENCE, where


def test_a_class_with_a_property_of_that_name_stays_unexplained(tmp_path: Path) -> None:
    """``api_key = property(..., _set)``: ``self.api_key = api_key`` runs the setter, which
    writes the row it holds; the value is not kept in an attribute of the class."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/creds.py": """
                class Creds:
                    def __init__(self, row, api_key: str):
                        self._row = row
                        self.api_key = api_key

                    def _set(self, value):
                        self._row.api_key = value

                    api_key = property(lambda self: None, _set)
            """,
            "app/svc.py": """
                from app.creds import Creds


                def rotate(row, new):
                    Creds(row, api_key=new)
            """,
        },
    )
    creds = files["app/creds.py"]
    found = _verdicts(tmp_path, "app/creds.py")
    for where in ("row, ^api_key: str", "= ^api_key\n"):
        assert found[at(creds, where)][0] is Tier.UNEXPLAINED, where
    svc = files["app/svc.py"]
    assert _verdicts(tmp_path, "app/svc.py")[at(svc, "^api_key=")][0] is Tier.UNEXPLAINED
