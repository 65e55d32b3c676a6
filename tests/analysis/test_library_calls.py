"""A keyword of a library's call, or a key of a dict literal given directly to one, is the
library's own parameter or data: it cannot write the column. Not so for the libraries that
write rows or carry a model's values, for calls that hand their arguments on to the
project's code, nor where a module of the project shadows the library's name."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlmodel import Field, SQLModel


    class Incident(SQLModel, table=True):
        id: int = Field(primary_key=True)
        description: str | None = None
"""


def _tiers(root: Path, path: str) -> dict[tuple[int, int], tuple[Tier, str, str]]:
    result = scan(root, ColumnRef.parse("incident.description"))
    return {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else "", o.detail)
        for o in result.occurrences
        if o.path == path
    }


def test_keywords_of_a_router_and_an_app_built_from_library_classes_are_excluded(
    tmp_path: Path,
) -> None:
    """A FastAPI router and application: the keywords of their methods (a route's
    description, a route's name) are FastAPI's parameters."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/routes.py": """
        from fastapi import APIRouter, FastAPI

        from app.models import Incident

        router = APIRouter()
        app = FastAPI()


        @router.get("/incidents", description="List the incidents")
        def listing(session) -> list[Incident]:
            return session.query(Incident).all()


        app.add_api_route("/all", listing, description="Every incident")
        """,
        },
    )
    source = files["app/routes.py"]
    tiers = _tiers(tmp_path, "app/routes.py")
    tier, reason, detail = tiers[at(source, '^description="List')]
    assert (tier, reason) == (Tier.EXCLUDED, "keyword")
    assert "fastapi.APIRouter().get" in detail
    assert tiers[at(source, '^description="Every')][:2] == (Tier.EXCLUDED, "keyword")


def test_keys_of_a_dict_given_to_a_library_function_or_client_are_excluded(
    tmp_path: Path,
) -> None:
    """dataclasses.field(metadata={...}), requests.post(json={...}), an httpx client built
    in place or in ``async with``: the dict is the library's data."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/providers.py": """
        import dataclasses

        import httpx
        import requests


        @dataclasses.dataclass
        class ProviderConfig:
            token: str = dataclasses.field(metadata={"description": "The API token"})


        def notify(url, text):
            requests.post(url, json={"description": text})


        async def push(url, text):
            await httpx.AsyncClient().post(url, json={"description": text})
            async with httpx.AsyncClient() as client:
                await client.post(url, data={"description": text})
        """,
        },
    )
    source = files["app/providers.py"]
    tiers = _tiers(tmp_path, "app/providers.py")
    for snippet in (
        'metadata={"^description"',
        'json={"^description": text})\n\n\nasync',
        'AsyncClient().post(url, json={"^description"',
        'data={"^description"',
    ):
        assert tiers[at(source, snippet)][:2] == (Tier.EXCLUDED, "keyword"), snippet


def test_database_libraries_dispatchers_and_shadowing_modules_are_not_libraries(
    tmp_path: Path,
) -> None:
    """The near misses: a SQLAlchemy session can write the row; an executor runs a
    function of the project with the keywords it is given; ``kwargs={...}`` hands the
    dict on to a thread's target, ``op_kwargs={...}`` to an Airflow task's callable; a
    dict given with a model's value (``jsonable_encoder(incident, include={...})``) names
    its fields; and a module of the project named like a library is the project's code."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/requests.py": """
        def post(url, json):
            return json
        """,
            "app/jobs.py": """
        import threading
        from concurrent.futures import ThreadPoolExecutor

        from airflow.operators.python import PythonOperator
        from fastapi.encoders import jsonable_encoder
        from sqlalchemy.orm import Session

        from app import requests
        from app.models import Incident


        def store(text):
            return text


        def run(engine, text, incident: Incident):
            session = Session(engine)
            session.execute(INSERT, {"description": text})
            pool = ThreadPoolExecutor()
            pool.submit(store, description=text)
            threading.Thread(target=store, kwargs={"description": text})
            PythonOperator(task_id="store", python_callable=store, op_kwargs={"description": text})
            requests.post("/x", json={"description": text})
            return jsonable_encoder(incident, include={"description": True})
        """,
        },
    )
    source = files["app/jobs.py"]
    tiers = _tiers(tmp_path, "app/jobs.py")
    for snippet in (
        'INSERT, {"^description"',
        "^description=text",
        'kwargs={"^description"',
        'op_kwargs={"^description"',
        'json={"^description"',
        'include={"^description"',
    ):
        tier, reason, _ = tiers[at(source, snippet)]
        assert (tier, reason) != (Tier.EXCLUDED, "keyword"), snippet


def test_a_module_of_the_project_imported_by_its_bare_name_is_no_library(
    tmp_path: Path,
) -> None:
    """A Python 2 module imports its neighbour by its bare name (``import meta``) and maps
    the model with the neighbour's helper: ``meta`` is the project's module, not a library,
    and the keys of the dict it is given stay unexplained."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/model/__init__.py": "",
            "app/model/meta.py": """
        from sqlalchemy import orm

        mapper = orm.mapper
        """,
            "app/model/resource.py": """
        from sqlalchemy import Column, Integer, MetaData, Table, Text

        import meta

        metadata = MetaData()
        incident_table = Table(
            "incident",
            metadata,
            Column("id", Integer, primary_key=True),
            Column("description", Text),
        )


        class Incident(object):
            pass


        meta.mapper(Incident, incident_table, properties={"description": incident_table.c.id})
        """,
        },
    )
    source = files["app/model/resource.py"]
    tier, reason, detail = _tiers(tmp_path, "app/model/resource.py")[
        at(source, 'properties={"^description"')
    ]
    assert (tier, reason) == (Tier.UNEXPLAINED, "")
    assert "meta may be a module of the project" in detail


JIRA = """
    import requests


    class JiraProvider:
        def create_issue(self, url, summary, description, labels=None):
            fields = {
                "summary": summary,
                "description": description,
                "issuetype": {"name": "Task"},
            }
            if labels:
                fields["labels"] = labels
            request_body = {"fields": fields}
            try:
                response = requests.post(url=url, json=request_body, verify=False)
                response.raise_for_status()
            except Exception as e:
                context = {"summary": summary, "description": description}
                raise RuntimeError(f"Failed to notify jira: {e} - Params: {context}")
            return response.json()
"""


def test_keys_of_a_local_dict_only_sent_to_a_library_are_excluded(tmp_path: Path) -> None:
    """``fields`` filled by key, then sent inside ``request_body`` by ``requests.post``;
    ``context`` only formatted into the exception raised: their keys are the request's
    data and a message's words, as in a literal given in place."""
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/jira.py": JIRA},
    )
    source = files["app/jira.py"]
    tiers = _tiers(tmp_path, "app/jira.py")
    tier, reason, detail = tiers[at(source, '"^description": description,\n')]
    assert (tier, reason) == (Tier.EXCLUDED, "keyword")
    assert "requests.post" in detail
    tier, reason, _ = tiers[at(source, '"^description": description}')]
    assert (tier, reason) == (Tier.EXCLUDED, "prose")


def test_a_local_dict_that_goes_anywhere_else_keeps_its_keys_unexplained(
    tmp_path: Path,
) -> None:
    """The same dict also given whole to a model (``Incident(**fields)``), its keys walked
    (``for key, value in fields.items(): setattr(...)``), returned, or sent under a keyword
    that hands arguments on: the keys may name the column."""
    for change in (
        ("request_body = {", "Incident(**fields)\n            request_body = {"),
        (
            "request_body = {",
            "for k, v in fields.items():\n                setattr(self, k, v)\n            request_body = {",
        ),
        ("return response.json()", "return fields"),
        ("json=request_body,", "kwargs=request_body,"),
    ):
        jira = JIRA.replace(*change).replace(
            "import requests", "import requests\n\n    from app.models import Incident"
        )
        files = write(
            tmp_path,
            {"app/__init__.py": "", "app/models.py": MODELS, "app/jira.py": jira},
        )
        source = files["app/jira.py"]
        tiers = _tiers(tmp_path, "app/jira.py")
        tier, _, _ = tiers[at(source, '"^description": description,\n')]
        assert tier is not Tier.EXCLUDED, change


def test_a_local_dict_serialised_by_a_library_keeps_its_keys_unexplained(
    tmp_path: Path,
) -> None:
    """``body = json.dumps(fields)``, then ``save(body)``: a serialiser gives back what it
    is given, and the project's ``save`` builds the model from it; a serialised dict's keys
    live on wherever its result goes (a file, a queue, the function's caller)."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/store.py": """
                import json

                from app.models import Incident


                def save(session, body):
                    session.add(Incident(**json.loads(body)))
            """,
            "app/jobs.py": """
                import json

                from app.store import save


                def report(session, text):
                    fields = {"description": text}
                    body = json.dumps(fields)
                    save(session, body)


                def report_in_place(session, text):
                    fields = {"description": text}
                    save(session, json.dumps(fields))
            """,
        },
    )
    source = files["app/jobs.py"]
    tiers = _tiers(tmp_path, "app/jobs.py")
    for nth in (1, 2):
        tier, _, _ = tiers[at(source, '{"^description": text}', nth)]
        assert tier is not Tier.EXCLUDED, nth


def test_a_dict_literal_serialised_in_place_keeps_its_keys_unexplained(
    tmp_path: Path,
) -> None:
    """``save(session, json.dumps({"description": text}))``: a dict literal given to a
    serialiser in place is its data no more than one bound to a local first; the JSON may
    be stored back into the model or sent to an API of the project. Its keys stay
    unexplained, while the serialiser's own keywords (``indent=``) and the keys of a dict
    given to a library that keeps it (``requests.post(url, json={...})``) are still the
    library's (the near miss)."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/store.py": """
                import json

                from app.models import Incident


                def save(session, body):
                    session.add(Incident(**json.loads(body)))
            """,
            "app/jobs.py": """
                import json

                import requests
                import yaml

                from app.store import save


                def report(session, text):
                    save(session, json.dumps({"description": text}, indent=2))


                def report_yaml(session, text):
                    return yaml.safe_dump({"description": text})


                def notify(url, text):
                    requests.post(url, json={"description": text})
            """,
        },
    )
    source = files["app/jobs.py"]
    tiers = _tiers(tmp_path, "app/jobs.py")
    for nth in (1, 2):
        tier, _, detail = tiers[at(source, '{"^description": text}', nth)]
        assert tier is Tier.UNEXPLAINED, (nth, detail)
    assert tiers[at(source, 'json={"^description"')][:2] == (Tier.EXCLUDED, "keyword")


WEBHOOK = """
    import requests


    class PagerProvider:
        def install(self, url, tenant, label, headers):
            requests.post(url, json={"incidentLabel": {"label": label, "description": label}})
            requests.post(url, json=[{"description": label}])
            payload = {
                "subscription": {
                    "type": "webhook",
                    "description": f"Keep webhook ({tenant})",
                    "filters": [{"description": tenant}],
                },
            }
            requests.post(url, headers=headers, json=payload)
"""


def test_dicts_nested_in_a_literal_sent_to_a_library_are_its_data(tmp_path: Path) -> None:
    """A webhook's payload written as one literal of nested dicts and lists, given in place
    or bound to a local only sent to ``requests.post``: every dict of the literal is the
    request's data, however deep (the outer keys need not name the column)."""
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/pager.py": WEBHOOK},
    )
    source = files["app/pager.py"]
    tiers = _tiers(tmp_path, "app/pager.py")
    for snippet in (
        '"^description": label}}',
        '[{"^description": label}]',
        '"^description": f"Keep',
        '[{"^description": tenant}]',
    ):
        tier, reason, detail = tiers[at(source, snippet)]
        assert (tier, reason) == (Tier.EXCLUDED, "keyword"), snippet
        assert "requests.post" in detail, snippet


def test_a_nested_dict_handed_out_of_a_sent_local_keeps_its_keys_unexplained(
    tmp_path: Path,
) -> None:
    """The same local also read by key (``payload["subscription"]`` given to the project's
    ``save``, or ``payload.get("subscription")``): the nested dict goes there whole, its
    keys with it. A dict built by a call inside the literal is no part of it."""
    for change in (
        ("json=payload)", 'json=payload)\n            save(payload["subscription"])'),
        ("json=payload)", 'json=payload)\n            save(payload.get("subscription"))'),
    ):
        files = write(
            tmp_path,
            {
                "app/__init__.py": "",
                "app/models.py": MODELS,
                "app/pager.py": WEBHOOK.replace(*change).replace(
                    "import requests", "import requests\n\n    from app.store import save"
                ),
                "app/store.py": """
                    from app.models import Incident


                    def save(data):
                        return Incident(**data)
                """,
            },
        )
        source = files["app/pager.py"]
        tiers = _tiers(tmp_path, "app/pager.py")
        tier, _, _ = tiers[at(source, '"^description": f"Keep')]
        assert tier is not Tier.EXCLUDED, change
        # the request's literal given in place is still the library's
        assert tiers[at(source, '"^description": label}}')][:2] == (Tier.EXCLUDED, "keyword")
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/pager.py": """
                import requests

                from app.store import build


                def install(url, label):
                    requests.post(url, json={"incident": build({"description": label})})
            """,
            "app/store.py": """
                from app.models import Incident


                def build(data):
                    return Incident(**data)
            """,
        },
    )
    tier, _, _ = _tiers(tmp_path, "app/pager.py")[
        at(files["app/pager.py"], '{"^description": label}')
    ]
    assert tier is not Tier.EXCLUDED


def test_a_nested_dict_read_back_out_of_its_holder_keeps_its_keys_unexplained(
    tmp_path: Path,
) -> None:
    """``request_body = {"fields": fields}`` sent to ``requests.post``, but
    ``request_body["fields"]`` (or ``.get("fields")``, ``.pop(...)``) is also read back and
    handed to the project's ``save``, which may build the model from it: the keys of
    ``fields`` go on with it and may name the column."""
    for read in (
        'request_body["fields"]',
        'request_body.get("fields")',
        "request_body.pop('fields')",
    ):
        jira = JIRA.replace(
            "return response.json()", f"save({read})\n            return response.json()"
        )
        files = write(
            tmp_path,
            {"app/__init__.py": "", "app/models.py": MODELS, "app/jira.py": jira},
        )
        source = files["app/jira.py"]
        tiers = _tiers(tmp_path, "app/jira.py")
        tier, _, _ = tiers[at(source, '"^description": description,\n')]
        assert tier is not Tier.EXCLUDED, read


def test_a_holder_read_by_key_of_its_own_keeps_the_nested_keys_excluded(
    tmp_path: Path,
) -> None:
    """``request_body`` read by key but only its ``fields`` sent on, whole: where the
    holder itself is only sent, a read of it gives out a nested dict, so the keys stay
    excluded only when no such read exists (the neighbour of the case above)."""
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/jira.py": JIRA},
    )
    source = files["app/jira.py"]
    tier, reason, _ = _tiers(tmp_path, "app/jira.py")[at(source, '"^description": description,\n')]
    assert (tier, reason) == (Tier.EXCLUDED, "keyword")


def test_a_dict_handed_to_the_projects_code_inside_a_message_keeps_its_keys_unexplained(
    tmp_path: Path,
) -> None:
    """``print(save([fields]))`` or ``raise ValueError(save([fields]))``: the dict reaches
    the project's ``save`` (inside a list) before anything is printed or raised, and
    ``save`` may build the model from it; only a dict formatted into the message itself
    (``raise ValueError(f"... {context}")``) is a message's words."""
    for sent in ("print(save([request_body]))", "raise ValueError(save([request_body]))"):
        jira = JIRA.replace(
            "response = requests.post(url=url, json=request_body, verify=False)", sent
        )
        assert sent in jira
        files = write(
            tmp_path,
            {"app/__init__.py": "", "app/models.py": MODELS, "app/jira.py": jira},
        )
        source = files["app/jira.py"]
        tiers = _tiers(tmp_path, "app/jira.py")
        tier, _, _ = tiers[at(source, '"^description": description,\n')]
        assert tier is not Tier.EXCLUDED, sent
        tier, reason, _ = tiers[at(source, '"^description": description}')]
        assert (tier, reason) == (Tier.EXCLUDED, "prose"), sent


def _paging(pagerduty: str) -> dict[str, str]:
    """A sender that builds a client of the ``pagerduty`` library, beside the project's own
    ``pagerduty.py`` module (given as ``pagerduty``)."""
    return {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/alerts/__init__.py": "",
        "app/alerts/pagerduty.py": pagerduty,
        "app/alerts/sender.py": """
        def page(summary):
            from pagerduty import EventsClient

            client = EventsClient(description="incident pager", routing="ops")
            return client.send(summary)
        """,
    }


def test_a_library_class_a_module_beside_the_file_cannot_give_is_the_librarys(
    tmp_path: Path,
) -> None:
    """``from pagerduty import EventsClient`` beside the project's ``pagerduty.py``, which
    binds no ``EventsClient``: were the import to find that module, it would fail, so the
    class is the library's and its keyword is the library's parameter."""
    files = write(
        tmp_path,
        _paging("""
        def escalate(summary):
            try:
                from pagerduty import EventsClient
            except ImportError:
                return None
            return EventsClient(routing="ops").send(summary)
        """),
    )
    source = files["app/alerts/sender.py"]
    tier, reason, detail = _tiers(tmp_path, "app/alerts/sender.py")[at(source, "^description=")]
    assert (tier, reason) == (Tier.EXCLUDED, "keyword")
    assert detail == "a keyword of EventsClient(...)"


def test_a_library_class_a_module_beside_the_file_binds_stays_unexplained(
    tmp_path: Path,
) -> None:
    """The module beside the file defines an ``EventsClient`` of its own: the import may
    find it, and its constructor may hand the keyword on."""
    files = write(
        tmp_path,
        _paging("""
        class EventsClient:
            def __init__(self, description, routing):
                self.description = description
                self.routing = routing
        """),
    )
    source = files["app/alerts/sender.py"]
    tier, _, detail = _tiers(tmp_path, "app/alerts/sender.py")[at(source, "^description=")]
    assert tier is Tier.UNEXPLAINED
    assert "pagerduty may be a module of the project" in detail
