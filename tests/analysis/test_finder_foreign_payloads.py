"""A dict handed whole to the constructor of another table's model (``Client(**data)``)
carries that model's keywords: its keys are that table's columns, whatever model the values
are read from. ``data["owner_id"] = owner.id`` then writes ``clients.owner_id``; the read
``owner.id`` is ``owners.id`` where ``owner`` is proven to be an ``Owner``, and the key is
never a use of ``owners.id``."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import ForeignKey, Integer, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class Owner(Base):
        __tablename__ = "owners"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name: Mapped[str] = mapped_column(String)
        email: Mapped[str] = mapped_column(String)
        clients: Mapped[list["Client"]] = relationship(back_populates="owner")


    class Client(Base):
        __tablename__ = "clients"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name: Mapped[str] = mapped_column(String)
        owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"))
        owner: Mapped[Owner] = relationship(back_populates="clients")
"""

SCHEMAS = """
    from pydantic import BaseModel


    class ClientIn(BaseModel):
        name: str
"""

ROUTES = """
    from app.models import Client, Owner
    from app.schemas import ClientIn


    def create(body: ClientIn, holder):
        data = body.model_dump()
        data["owner_id"] = holder.id
        return Client(**data)


    def create_typed(body: ClientIn, owner: Owner):
        data = body.model_dump()
        data["id"] = owner.id
        data["name"] = owner.name
        return Client(**data)


    def create_literal(owner: Owner):
        data = {"name": "x"}
        data["id"] = owner.id
        return Client(**data)


    def create_inline(owner: Owner):
        return Client(**{"id": owner.id, "name": owner.name})
"""


def _project(root: Path) -> str:
    files = write(
        root,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/routes.py": ROUTES,
        },
    )
    return files["app/routes.py"]


def _routes(source: str, rows: list[tuple[str, int, int, str]]) -> dict[tuple[int, int], str]:
    """Where each occurrence in the routes is, by the position of its word (a reference to
    a string is placed at its quote)."""
    lines = source.splitlines()
    return {
        (line, col + (lines[line - 1][col - 1] in "\"'")): where
        for path, line, col, where in rows
        if path == "app/routes.py"
    }


def test_the_keys_of_a_dict_given_to_another_model_are_that_models_columns(
    tmp_path: Path,
) -> None:
    """Retiring ``owners.id``: the keys ``"id"`` the functions write into the dicts given
    to ``Client(**...)`` are ``clients.id``; only the reads ``owner.id`` of a proven
    ``Owner`` are references, and the one of an untyped ``holder`` is unexplained."""
    source = _project(tmp_path)
    routes = _routes(source, accounted(tmp_path, "owners.id"))
    assert routes[at(source, 'data["owner_id"] = holder.^id')] == "unexplained"
    assert routes[at(source, 'data["^id"] = owner.id')] == "excluded: other-table"
    assert routes[at(source, 'data["id"] = owner.^id')] == "CR103 certain"
    assert routes[at(source, 'data["^id"] = owner.id', 2)] == "excluded: other-table"
    assert routes[at(source, 'data["id"] = owner.^id', 2)] == "CR103 certain"
    assert routes[at(source, 'Client(**{"^id"')] == "excluded: other-table"
    assert routes[at(source, 'Client(**{"id": owner.^id')] == "CR103 certain"


def test_the_same_keys_are_references_of_the_model_the_dict_is_given_to(
    tmp_path: Path,
) -> None:
    """Retiring ``clients.owner_id`` and ``clients.id``: the keys are the payload's
    (certain), whatever object the value is read from."""
    source = _project(tmp_path)
    owner_ids = _routes(source, accounted(tmp_path, "clients.owner_id"))
    assert owner_ids[at(source, 'data["^owner_id"]')] == "CR106 certain"
    routes = _routes(source, accounted(tmp_path, "clients.id"))
    assert routes[at(source, 'data["^id"] = owner.id')] == "CR106 certain"
    assert routes[at(source, 'data["^id"] = owner.id', 2)] == "CR106 certain"
    assert routes[at(source, 'Client(**{"^id"')] == "CR106 certain"
    assert routes[at(source, 'data["id"] = owner.^id')] == "excluded: other-table"


def test_a_key_of_another_models_payload_is_not_excluded_where_the_dict_goes_elsewhere(
    tmp_path: Path,
) -> None:
    """The near misses: a dict also handed to a function (it may reach any model), and a
    key that is no attribute of the model it is given to, stay unexplained; a key written
    into a dict also read otherwise is judged as any other such write (a field of the web
    request). A key the function tests in a dict it gives the model alone is that model's
    too."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/routes.py": """
        from flask import request

        from app.models import Client, Owner


        def audit(data):
            return data


        def create_audited(owner: Owner):
            data = {"name": owner.name}
            data["id"] = owner.id
            audit(data)
            return Client(**data)


        def create_odd(owner: Owner):
            return Client(**{"name": owner.name, "email": owner.email})


        def create_from_request():
            kwargs = request.get_json(force=True)
            kwargs["id"] = str(kwargs["id"])
            return Client(**kwargs)


        def create_checked(owner: Owner):
            data = {"title": "x"}
            if "id" not in data:
                data["id"] = owner.id
            return Client(**data)
        """,
        },
    )
    source = files["app/routes.py"]
    routes = _routes(source, accounted(tmp_path, "owners.id"))
    assert routes[at(source, 'data["^id"] = owner.id')] == "unexplained"
    assert routes[at(source, 'data["id"] = owner.^id')] == "CR103 certain"
    assert routes[at(source, '"^id" not in data')] == "excluded: other-table"
    # a request's dict, read as well as written, keeps the rule of the request's fields
    assert routes[at(source, 'kwargs["^id"] = str')] == "excluded: framework"
    assert routes[at(source, 'data["^id"] = owner.id', 2)] == "excluded: other-table"
    names = _routes(source, accounted(tmp_path, "owners.name"))
    assert names[at(source, 'data = {"^name": owner.name}')] == "unexplained"
    assert names[at(source, 'data = {"name": owner.^name}')] == "CR103 certain"
    assert names[at(source, 'Client(**{"^name": owner.name, "email"')] == "excluded: other-table"
    emails = _routes(source, accounted(tmp_path, "owners.email"))
    assert emails[at(source, '"^email": owner.email')] == "unexplained"
    assert emails[at(source, '"email": owner.^email')] == "CR103 certain"


FILTERS = """
    from sqlalchemy import select

    from app.models import Client


    def find(session, login):
        if "@" in login:
            query = {"email": login}
        else:
            query = {"name": login}
        return session.scalars(select(Client).filter_by(**query)).first()


    def find_logged(session, login, log):
        query = {"name": login}
        log(query)
        return session.scalars(select(Client).filter_by(**query)).first()
"""


def test_a_dict_spread_into_a_filter_of_another_model_names_its_columns(tmp_path: Path) -> None:
    """``select(Client).filter_by(**query)``: the keys of the dict are the keywords of a
    filter of ``Client`` rows, ``clients.name``, never ``owners.name``. The same dict also
    handed to another call (a logger the project may define) stays unexplained."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/lookup.py": FILTERS})
    source = files["app/lookup.py"]
    rows = accounted(tmp_path, "owners.name", skip="app/models.py")
    assert rows == [
        ("app/lookup.py", *at(source, '{"^name": login}'), "excluded: other-table"),
        ("app/lookup.py", *at(source, '{"^name": login}', nth=2), "unexplained"),
    ]
