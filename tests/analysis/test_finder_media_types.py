"""A string that is, whole, a media type (the value of a ``Content-Type`` or ``Accept``
header) labels a format: its ``application`` or ``text`` is no column, though its ``/`` and
``=`` are SQL's operators too. The shape is a provider module that sends its own headers,
beside a model with an ``application`` column."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from typing import Optional

    from sqlmodel import Field, SQLModel


    class TopologyService(SQLModel, table=True):
        id: Optional[int] = Field(default=None, primary_key=True)
        application: Optional[str] = None
"""

PROVIDER = """
    import requests

    from app.models import TopologyService


    class ChatProvider:
        def notify(self, url, text):
            headers = {"Content-Type": "application/json; charset=UTF-8"}
            accept = {"Accept": "application/vnd.chat+json;version=2"}
            return requests.post(url, json={"text": text}, headers={**headers, **accept})
"""

CONDITION = """
    from app.models import TopologyService


    def fragment(session, name):
        where = "application = :name"
        return session.execute(where, {"name": name})
"""


def test_a_media_type_is_prose(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/provider.py": PROVIDER})
    source = files["app/provider.py"]
    assert accounted(tmp_path, "topologyservice.application", skip="app/models.py") == [
        ("app/provider.py", *at(source, '"^application/json;'), "excluded: prose"),
        ("app/provider.py", *at(source, '"^application/vnd'), "excluded: prose"),
    ]


def test_a_condition_on_the_column_is_not_a_media_type(tmp_path: Path) -> None:
    """Near miss: ``application = :name`` has the ``=`` of a media type's parameter, but no
    ``type/subtype`` before it: it may be SQL, and is read as such (here a fragment whose
    table is not known)."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/query.py": CONDITION})
    source = files["app/query.py"]
    rows = accounted(tmp_path, "topologyservice.application", skip="app/models.py")
    assert rows == [("app/query.py", *at(source, '"^application = :name"'), "unexplained")]
