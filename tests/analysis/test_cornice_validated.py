"""A Cornice view whose body is validated by a colander schema (``@tickets.post(schema=
SaveTicketSchema(), validators=(colander_body_validator, validate_labels))``) gets the
schema's fields as the keys of ``request.validated``, and each validator of the tuple reads
and writes that same dict. Where the view hands it whole to a class method that spreads it
into the model (``Ticket(**data, queue_id=queue)``), the schema's field of the column's name
is a certain schema field (CR105) and the validators' keys of it certain string references
(CR106); a local that held such a key's value is then a local, and the field an error is
reported on (``request.errors.add("body", "labels", ...)``) the request's. Where it spreads it into the
model of another table that has the name, they are that table's (other-table). Not where
the key may not get there or the dict is not read field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, UnicodeText
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Ticket(Base):
        __tablename__ = "tickets"
        id = Column(Integer, primary_key=True)
        queue_id = Column(Integer)
        labels = Column(UnicodeText)

        @classmethod
        def open(cls, request, data):
            data.pop("edited", None)
            queue = data.pop("queue", None)
            ticket = Ticket(**data, queue_id=queue)
            request.db.add(ticket)
            return ticket

        @classmethod
        def reopen(cls, request, data):
            ticket = request.db.query(Ticket).filter_by(id=data["edited"]).first()
            del data["edited"]
            for key, value in data.items():
                setattr(ticket, key, value)
            return ticket


    class Board(Base):
        __tablename__ = "boards"
        id = Column(Integer, primary_key=True)
        labels = Column(UnicodeText)
"""

SCHEMAS = """
    import colander


    class TokenSchema(colander.MappingSchema):
        token = colander.SchemaNode(colander.String())


    class SaveTicketSchema(TokenSchema, colander.MappingSchema):
        title = colander.SchemaNode(colander.String())
        labels = colander.SchemaNode(colander.String(), missing=None)
"""

VALIDATORS = """
    from functools import wraps


    def after_schema(f):
        @wraps(f)
        def checked(request, **kwargs):
            if len(request.validated) == 0 and len(request.errors) > 0:
                return
            f(request, **kwargs)

        return checked


    @after_schema
    def validate_title(request, **kwargs):
        if not request.validated.get("title"):
            request.errors.add("body", "title", "A title is required")
            request.validated = {}
            return
        request.validated.pop("token", None)


    @after_schema
    def validate_labels(request, **kwargs):
        labels = request.validated.get("labels")
        if labels is None:
            request.validated["labels"] = None
            return
        for label in labels.split():
            if not label.isalnum():
                request.errors.add("body", "labels", "Bad label")
"""

VIEWS = """
    import copy

    from cornice import Service
    from cornice.validators import colander_body_validator

    from desk.models import Ticket
    from desk.schemas import SaveTicketSchema
    from desk.validators import validate_labels, validate_title

    tickets = Service(name="tickets", path="/tickets/")


    @tickets.post(
        schema=SaveTicketSchema(),
        validators=(colander_body_validator, validate_title, validate_labels),
    )
    def new_ticket(request):
        data = request.validated
        request.log("got %s" % data)
        if data.get("edited"):
            opened = [Ticket.reopen(request, data)]
        else:
            opened = []
            for queue in request.queues:
                one = copy.copy(data)
                one["queue"] = queue
                opened.append(Ticket.open(request, one))
        return opened
"""


def _rows(tmp_path: Path, **changes: str) -> list[tuple[str, int, int, str]]:
    files = {
        "desk/__init__.py": "",
        "desk/models.py": MODELS,
        "desk/schemas.py": SCHEMAS,
        "desk/validators.py": VALIDATORS,
        "desk/views.py": VIEWS,
    }
    for name, text in changes.items():
        files[f"desk/{name}.py"] = text
    write(tmp_path, files)
    return accounted(tmp_path, "tickets.labels")


def _changed(tmp_path: Path, **changes: str) -> list[tuple[str, int, int, str]]:
    """The rows of the project with ``changes``, after checking that the project as it is
    proves the field (so that what the change leaves unexplained is the change's doing)."""
    (tmp_path / "as-is").mkdir()
    (tmp_path / "changed").mkdir()
    assert ("desk/schemas.py", *_field(), "CR105 certain") in _rows(tmp_path / "as-is")
    return _rows(tmp_path / "changed", **changes)


def _field(schemas: str = SCHEMAS) -> tuple[int, int]:
    return at(code(schemas), "    ^labels = colander")


def _keys(validators: str = VALIDATORS) -> list[tuple[int, int]]:
    text = code(validators)
    return [at(text, '.get("^labels")'), at(text, 'request.validated["^labels"] = None')]


def test_the_field_and_the_validator_keys_of_a_dict_spread_into_the_model(
    tmp_path: Path,
) -> None:
    rows = _rows(tmp_path)
    assert ("desk/schemas.py", *_field(), "CR105 certain") in rows
    for position in _keys():
        assert ("desk/validators.py", *position, "CR106 certain") in rows
    # the local that held the key's value is a local once the read is proven
    local = at(code(VALIDATORS), "for label in ^labels.split()")
    assert ("desk/validators.py", *local, "excluded: local") in rows
    # the name of the request's field an error is reported on
    named = at(code(VALIDATORS), 'request.errors.add("body", "^labels"')
    assert ("desk/validators.py", *named, "excluded: framework") in rows


def test_the_dict_given_to_the_model_of_another_table(tmp_path: Path) -> None:
    models = MODELS.replace("ticket = Ticket(**data", "ticket = Board(**data")
    rows = _changed(tmp_path, models=models.replace("query(Ticket)", "query(Board)"))
    # the dict goes to a Board: its words are that table's column
    assert ("desk/schemas.py", *_field(), "excluded: other-table") in rows
    for position in _keys():
        assert ("desk/validators.py", *position, "excluded: other-table") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the schema checked, but the validated dict not filled field by field
        ("colander_body_validator, validate_title", "colander_validator, validate_title"),
        # the view takes the key out
        ('request.log("got %s" % data)', 'data.pop("labels", None)'),
        # a key taken out that no literal names: it may be this one
        ('request.log("got %s" % data)', "data.pop(request.field, None)"),
        # the dict handed to another call on the same way to the model
        ('request.log("got %s" % data)', "request.clean(data)"),
        # another dict bound in its place
        ("data = request.validated", "data = dict(request.params)"),
        # a decorator beside the service's, which may call the view otherwise
        ("def new_ticket(request):", "@request_logged\ndef new_ticket(request):"),
    ],
)
def test_a_view_that_may_not_hand_the_key_to_the_model(tmp_path: Path, old: str, new: str) -> None:
    views = code(VIEWS).replace(old, new, 1)
    assert views != code(VIEWS)
    views = views.replace(
        "from cornice.validators import colander_body_validator",
        "from cornice.validators import colander_body_validator, colander_validator",
    )
    rows = _changed(tmp_path, views=views)
    assert ("desk/schemas.py", *_field(), "unexplained") in rows
    for position in _keys():
        assert ("desk/validators.py", *position, "unexplained") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a key taken out of the validated dict by a name no literal gives
        ('request.validated.pop("token", None)', "request.validated.pop(request.field, None)"),
        # the dict bound anew where no error stops the request
        ('        request.errors.add("body", "title", "A title is required")\n', ""),
        # the validated dict handed whole to a function that may take the key out
        ('request.validated.pop("token", None)', "request.scrub(request.validated)"),
    ],
)
def test_a_validator_that_may_take_the_key_out(tmp_path: Path, old: str, new: str) -> None:
    validators = code(VALIDATORS).replace(old, new, 1)
    assert validators != code(VALIDATORS)
    rows = _changed(tmp_path, validators=validators)
    assert ("desk/schemas.py", *_field(), "unexplained") in rows
    for position in _keys(validators):
        assert ("desk/validators.py", *position, "unexplained") in rows


def test_a_field_named_otherwise(tmp_path: Path) -> None:
    schemas = SCHEMAS.replace("colander.String(), missing=None)", 'colander.String(), name="tags")')
    rows = _rows(tmp_path, schemas=schemas)
    assert ("desk/schemas.py", *_field(schemas), "unexplained") in rows
    for position in _keys():  # the validator's keys are still the model's
        assert ("desk/validators.py", *position, "CR106 certain") in rows


def test_a_validator_called_with_something_else_than_the_request(tmp_path: Path) -> None:
    validators = code(VALIDATORS).replace("f(request, **kwargs)", "f(request.copy(), **kwargs)")
    assert validators != code(VALIDATORS)
    rows = _rows(tmp_path, validators=validators)
    for position in _keys(validators):
        assert ("desk/validators.py", *position, "unexplained") in rows
    assert ("desk/schemas.py", *_field(), "CR105 certain") in rows


def test_the_same_words_are_another_tables_for_a_namesake_column(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "desk/__init__.py": "",
            "desk/models.py": MODELS,
            "desk/schemas.py": SCHEMAS,
            "desk/validators.py": VALIDATORS,
            "desk/views.py": VIEWS,
        },
    )
    rows = accounted(tmp_path, "boards.labels")
    assert ("desk/schemas.py", *_field(), "excluded: other-table") in rows
    for position in _keys():
        assert ("desk/validators.py", *position, "excluded: other-table") in rows
    local = at(code(VALIDATORS), "for label in ^labels.split()")
    assert ("desk/validators.py", *local, "excluded: local") in rows


def test_a_namesake_left_where_a_call_the_dict_goes_to_cannot_be_read(tmp_path: Path) -> None:
    views = VIEWS.replace("Ticket.reopen(request, data)", "request.reopen(data)")
    write(
        tmp_path,
        {
            "desk/__init__.py": "",
            "desk/models.py": MODELS,
            "desk/schemas.py": SCHEMAS,
            "desk/validators.py": VALIDATORS,
            "desk/views.py": views,
        },
    )
    # the other branch still takes the key to a Ticket
    assert ("desk/schemas.py", *_field(), "CR105 certain") in accounted(tmp_path, "tickets.labels")
    # but request.reopen() may give it to a Board: it is not shown to be the Ticket's alone
    rows = accounted(tmp_path, "boards.labels")
    assert ("desk/schemas.py", *_field(), "unexplained") in rows
    for position in _keys():
        assert ("desk/validators.py", *position, "unexplained") in rows


def test_a_dict_whose_keys_are_set_on_a_row_of_the_model(tmp_path: Path) -> None:
    # Ticket.open builds no model any more: the key reaches a Ticket through reopen() alone,
    # which sets every key of the dict on a row of a query of Ticket
    models = MODELS.replace("ticket = Ticket(**data, queue_id=queue)", "ticket = dict(**data)")
    rows = _rows(tmp_path, models=models)
    assert ("desk/schemas.py", *_field(), "CR105 certain") in rows
    for position in _keys():
        assert ("desk/validators.py", *position, "CR106 certain") in rows


def test_a_namesake_left_where_the_validator_serves_another_view(tmp_path: Path) -> None:
    views = code(VIEWS) + code("""


        @tickets.put(
            schema=SaveTicketSchema(),
            validators=(colander_body_validator, validate_labels),
        )
        def touch_ticket(request):
            return request.touch(request.validated)
    """)
    write(
        tmp_path,
        {
            "desk/__init__.py": "",
            "desk/models.py": MODELS,
            "desk/schemas.py": SCHEMAS,
            "desk/validators.py": VALIDATORS,
            "desk/views.py": views,
        },
    )
    assert ("desk/schemas.py", *_field(), "CR105 certain") in accounted(tmp_path, "tickets.labels")
    # touch_ticket() hands the same keys to what cannot be read: they may reach a Board
    rows = accounted(tmp_path, "boards.labels")
    assert ("desk/schemas.py", *_field(), "unexplained") in rows
    for position in _keys():
        assert ("desk/validators.py", *position, "unexplained") in rows
