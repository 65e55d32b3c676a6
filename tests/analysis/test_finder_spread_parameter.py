"""A method that takes a dict as an ordinary parameter and spreads it whole into the model's
constructor (``def create(cls, request, fields): ... if not fields["tags"]: fields["tags"] =
...; ticket = Ticket(**fields, queue=queue)``) hands the model every key the dict holds when
the call is made: a key it reads, writes or tests in it by name before the call is the
model's keyword, a string reference (CR106). Not where the dict may lose that key or go
elsewhere: that key popped or deleted, the parameter bound anew, the dict handed to another
call or spread into two, spread into a call that builds no model, or the key written only
after the call."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, String, UnicodeText
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Queue(Base):
        __tablename__ = "queues"
        id = Column(Integer, primary_key=True)
        default_tags = Column(UnicodeText)


    class Ticket(Base):
        __tablename__ = "tickets"
        id = Column(Integer, primary_key=True)
        title = Column(String)
        tags = Column(UnicodeText)
        draft = Column(String)

        @classmethod
        def create(cls, request, fields):
            fields["title"] = fields["title"].strip()
            del fields["draft"]
            queue = fields.pop("queue", None)
            if not fields["tags"]:
                fields["tags"] = "triage"
            ticket = Ticket(**fields, queue_id=queue)
            if fields.get("notify"):
                request.notify(ticket.id)
            return ticket
"""


def _rows(tmp_path: Path, models: str) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"app/__init__.py": "", "app/models.py": models})
    return [r for r in accounted(tmp_path, "tickets.tags") if r[0] == "app/models.py"]


def test_keys_of_a_parameter_spread_into_the_model(tmp_path: Path) -> None:
    models = code(MODELS)
    rows = _rows(tmp_path, MODELS)
    assert ("app/models.py", *at(models, 'if not fields[^"tags"]'), "CR106 certain") in rows
    assert ("app/models.py", *at(models, '    fields[^"tags"] = "triage"'), "CR106 certain") in rows


def test_a_key_got_from_the_parameter(tmp_path: Path) -> None:
    models = code(MODELS).replace('if not fields["tags"]:', 'if not fields.get("tags"):')
    rows = _rows(tmp_path, models)
    assert ("app/models.py", *at(models, 'fields.get(^"tags")'), "CR106 certain") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # that very key taken out before the call: it never reaches the model
        ('del fields["draft"]', 'del fields["tags"]'),
        ('queue = fields.pop("queue", None)', 'queue = fields.pop("tags", None)'),
        # a key taken out that no literal names: it may be this one
        ('del fields["draft"]', "del fields[request.field]"),
        ('queue = fields.pop("queue", None)', "queue = fields.pop(request.field, None)"),
        # the dict handed to another call, which may take keys out of it
        ('del fields["draft"]', "request.clean(fields)"),
        # bound anew: another dict reaches the model
        ('del fields["draft"]', "fields = dict(request.params)"),
        # spread into a call that builds no model
        ("Ticket(**fields, queue_id=queue)", "dict(**fields, queue_id=queue)"),
        # spread into two calls
        ("request.notify(ticket.id)", "request.notify(dict(**fields))"),
        # read by a nested function, which may run later
        ("request.notify(ticket.id)", "request.notify(lambda: fields)"),
    ],
)
def test_a_parameter_that_may_not_reach_the_model_whole(tmp_path: Path, old: str, new: str) -> None:
    models = code(MODELS).replace(old, new, 1)
    assert models != code(MODELS)
    rows = _rows(tmp_path, models)
    position = at(models, 'if not fields[^"tags"]')
    assert not any(r[1:3] == position and r[3].startswith("CR106") for r in rows)


def test_a_key_written_after_the_call(tmp_path: Path) -> None:
    models = code(MODELS).replace(
        "        return ticket\n",
        '        fields["tags"] = None\n        return ticket\n',
    )
    rows = _rows(tmp_path, models)
    position = at(models, 'fields[^"tags"] = None')
    assert not any(r[1:3] == position and r[3].startswith("CR106") for r in rows)
    assert ("app/models.py", *at(models, 'if not fields[^"tags"]'), "CR106 certain") in rows


def test_a_parameter_spread_into_another_model(tmp_path: Path) -> None:
    models = code(MODELS).replace("ticket = Ticket(**fields", "ticket = Queue(**fields")
    rows = _rows(tmp_path, models)
    position = at(models, 'if not fields[^"tags"]')
    assert not any(r[1:3] == position and r[3].startswith("CR106") for r in rows)


def test_a_key_read_after_the_call_where_it_is_written_after_it(tmp_path: Path) -> None:
    models = code(MODELS).replace(
        "        return ticket\n",
        '        fields["tags"] = "late"\n        log = fields["tags"]\n        return ticket\n',
    )
    rows = _rows(tmp_path, models)
    position = at(models, 'log = fields[^"tags"]')
    assert not any(r[1:3] == position and r[3].startswith("CR106") for r in rows)
