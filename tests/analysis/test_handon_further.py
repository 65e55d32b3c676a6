"""A keyword handed on is followed further: into another table's model, through a dict
whose key the scan could not judge, into a function defined inside the one followed, and
out of the process (an HTTP request, a telemetry span). Each rule has its near miss, which
stays unexplained."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Job(Base):
        __tablename__ = "jobs"
        id = Column(String, primary_key=True)


    class Step(Base):
        __tablename__ = "steps"
        id = Column(Integer, primary_key=True)
        job_id = Column(String, ForeignKey("jobs.id"))


    class JobMessage(Base):
        __tablename__ = "job_messages"
        id = Column(Integer, primary_key=True)
        job_id = Column(String, ForeignKey("jobs.id"))
        message_id = Column(String)


    class Audit(Base):
        __tablename__ = "audit"
        id = Column(Integer, primary_key=True)
        job_id = Column(String)

        def __init__(self, **values):
            self.remember(values)
"""

ROUTES = """
    from app.service import Service


    def run(service: Service, job_id, message):
        service.add_message(job_id=job_id, message=message)
"""


def _tier(root: Path, column: str, path: str, where: tuple[int, int]) -> tuple[Tier, str]:
    result = scan(root, ColumnRef.parse(column))
    found = {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else o.detail)
        for o in result.occurrences
        if o.path == path
    }
    tier, reason = found[where]
    detail = next(
        o.detail for o in result.occurrences if o.path == path and (o.line, o.col) == where
    )
    return tier, f"{reason} | {detail}"


def test_a_value_written_into_another_tables_model_is_excluded(tmp_path: Path) -> None:
    """add_message() builds a JobMessage (another table, the constructor SQLAlchemy
    generates) with the value: it is written into job_messages.job_id, never into
    steps.job_id."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/service.py": """
        from app.models import JobMessage


        class Service:
            def add_message(self, job_id, message):
                row = JobMessage(job_id=job_id, message_id=message.id)
                self.session.add(row)
        """,
            "app/routes.py": ROUTES,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.EXCLUDED
    assert detail.startswith("keyword | ")
    assert "job_messages.job_id" in detail


def test_a_value_given_to_a_model_with_its_own_constructor_stays_unexplained(
    tmp_path: Path,
) -> None:
    """Audit defines its own __init__, which hands the values on: what it does with them is
    its own code, not SQLAlchemy's constructor: the keyword stays unexplained. The value
    given to a method that writes it into the column's own model (Step) is a keyword whose
    function's write is the reference."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/service.py": """
        from app.models import Audit, Step


        class Service:
            def add_message(self, job_id, message):
                self.session.add(Audit(job_id=job_id))

            def add_step(self, job_id):
                self.session.add(Step(job_id=job_id))
        """,
            "app/routes.py": ROUTES
            + """

    def step(service: Service, job_id):
        service.add_step(job_id=job_id)
""",
        },
    )
    source = files["app/routes.py"]
    tier, _ = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.UNEXPLAINED
    tier, _ = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id", 2))
    assert tier is Tier.EXCLUDED


SERVICE_CALLBACK = """
    from httpx import AsyncClient
    from opentelemetry import trace

    tracer = trace.get_tracer(__name__)


    class Service:
        async def add_message(self, job_id, message):
            info = {"job_id": job_id, "url": message.url}
            await self._dispatch(info)

        async def _dispatch(self, info):
            payload = {"job_id": info["job_id"], "status": "done"}
            with tracer.start_as_current_span("callback") as span:
                span.set_attribute("job_id", info["job_id"])
                async with AsyncClient() as client:
                    response = await client.post(info["url"], json=payload)
            return {"code": response.status_code}
"""


def test_a_dict_followed_to_an_http_request_and_a_span_is_excluded(tmp_path: Path) -> None:
    """The value is put in a dict (its key, 'job_id', could not be judged), handed on, read
    back into a payload posted with httpx and set on an OpenTelemetry span: it leaves the
    process, and what the request returns is not it."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/service.py": SERVICE_CALLBACK,
            "app/routes.py": ROUTES,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.EXCLUDED, detail


def test_a_dict_given_to_a_call_that_cannot_be_followed_stays_unexplained(
    tmp_path: Path,
) -> None:
    """The same dict handed to a method of an object of unknown type (not a client made by
    an HTTP library): where it goes is unknown."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/service.py": SERVICE_CALLBACK.replace(
                "await client.post(info", "await self.client.post(info"
            ),
            "app/routes.py": ROUTES,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.UNEXPLAINED
    assert "self.client.post(...)" in detail


NESTED = """
    def log_event(name, attributes=None):
        def _safe(v):
            return v if isinstance(v, str) else str(v)

        attributes = {k: _safe(v) for k, v in attributes.items()} if attributes else None
        print(name, attributes)
"""


def test_a_function_defined_inside_is_followed_with_the_value_it_is_given(
    tmp_path: Path,
) -> None:
    """log_event() converts each value with a function of its own: its parameter is not the
    value of the enclosing function, and following it shows the value is only printed."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/events.py": NESTED.replace("attributes", "job_id"),
            "app/routes.py": """
        from app.events import log_event


        def run(job_id):
            log_event("ran", job_id=job_id)
        """,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.EXCLUDED, detail


def test_a_function_defined_inside_that_reads_the_value_itself_stays_unexplained(
    tmp_path: Path,
) -> None:
    """A function defined inside that reads the enclosing value (not a parameter of its
    own) and is handed on: where it runs is unknown."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/events.py": """
        def log_event(name, job_id=None):
            def later():
                return job_id

            SCHEDULER.run(later)
        """,
            "app/routes.py": """
        from app.events import log_event


        def run(job_id):
            log_event("ran", job_id=job_id)
        """,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.UNEXPLAINED
    assert "a function defined inside it uses it" in detail


VERIFY = """
    from app.models import Job


    class Service:
        def _verify(self, job_id) -> "Job":
            return self.session.query(Job).filter(Job.id == job_id).one()

        def finish(self, job_id, error):
            job = self._verify(job_id)
            job.error = f"job {job_id} failed: {error}"
"""


def test_a_value_assigned_to_a_column_of_another_tables_row_is_excluded(tmp_path: Path) -> None:
    """finish() writes a message made of the value into job.error, where job is what a
    method annotated to return a Job gave, just before in the same block: a column of the
    jobs table, not steps.job_id."""
    models = MODELS.replace(
        "        id = Column(String, primary_key=True)\n\n\n    class Step",
        "        id = Column(String, primary_key=True)\n        error = Column(String)\n"
        '        steps = relationship("Step")\n\n\n    class Step',
    ).replace(
        "from sqlalchemy.orm import declarative_base",
        "from sqlalchemy.orm import declarative_base, relationship",
    )
    files = write(
        tmp_path,
        {
            "app/models.py": models,
            "app/service.py": VERIFY,
            "app/routes.py": """
        from app.service import Service


        def fail(service: Service, job_id):
            service.finish(job_id=job_id, error="timeout")
        """,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.EXCLUDED, detail
    assert "jobs.error" in detail


def test_a_value_assigned_to_a_row_not_proven_or_to_a_relationship_stays_unexplained(
    tmp_path: Path,
) -> None:
    """The same write where the object was bound in another block (or rebound between), or
    where the attribute is a relationship (which may write the foreign key of the column's
    own table): unexplained. (``Job.messages`` leads to another table's rows; the collection
    of ``Step`` rows would be the other side of the relationship built on steps.job_id, and
    its write a reference.)"""
    models = MODELS.replace(
        "        id = Column(String, primary_key=True)\n\n\n    class Step",
        "        id = Column(String, primary_key=True)\n        error = Column(String)\n"
        '        messages = relationship("JobMessage")\n\n\n    class Step',
    ).replace(
        "from sqlalchemy.orm import declarative_base",
        "from sqlalchemy.orm import declarative_base, relationship",
    )
    routes = """
        from app.service import Service


        def fail(service: Service, job_id):
            service.finish(job_id=job_id, error="timeout")
        """
    for service in (
        VERIFY.replace(
            "            job = self._verify(job_id)\n",
            "            job = self._verify(job_id)\n            job = self.cache.pop()\n",
        ),
        VERIFY.replace(
            "            job = self._verify(job_id)\n",
            "            if error:\n                job = self._verify(job_id)\n",
        ),
        VERIFY.replace('job.error = f"job {job_id} failed: {error}"', "job.messages = [job_id]"),
    ):
        files = write(
            tmp_path,
            {"app/models.py": models, "app/service.py": service, "app/routes.py": routes},
        )
        source = files["app/routes.py"]
        where = at(source, "^job_id=job_id")
        tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", where)
        assert tier is Tier.UNEXPLAINED, (service, detail)


BASES = """
    from app.models import Job


    class Repository:
        def find(self, job_id):
            return self.session.query(Job).filter(Job.id.in_(job_id)).all()


    class JobRepository(Repository):
        pass
"""

FIND = """
    from app.repository import JobRepository


    def show(repository: JobRepository, job_id):
        return repository.find(job_id=job_id)
"""


def test_an_inherited_method_that_only_filters_on_the_value_is_followed(tmp_path: Path) -> None:
    """find() is defined on the base class of the project JobRepository derives from, and
    only compares a column of another table with the value in a filter
    (``Job.id.in_(job_id)``): a read, and the rows it returns are not the value."""
    files = write(
        tmp_path,
        {"app/models.py": MODELS, "app/repository.py": BASES, "app/routes.py": FIND},
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.EXCLUDED, detail
    assert "find(...)" in detail


def test_an_inherited_method_is_not_followed_past_a_library_base(tmp_path: Path) -> None:
    """Where a base comes from a library (which may define the method), or the value is
    given to a call that is not a comparison of a column, the keyword stays unexplained."""
    for repository in (
        BASES.replace(
            "class JobRepository(Repository):", "class JobRepository(Cached, Repository):"
        ).replace(
            "from app.models import Job", "from app.models import Job\nfrom cache import Cached"
        ),
        BASES.replace("Job.id.in_(job_id)", "Job.id.in_(self.expand(job_id))"),
    ):
        files = write(
            tmp_path,
            {"app/models.py": MODELS, "app/repository.py": repository, "app/routes.py": FIND},
        )
        source = files["app/routes.py"]
        where = at(source, "^job_id=job_id")
        tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", where)
        assert tier is Tier.UNEXPLAINED, (repository, detail)


EVENTS = """
    import logging
    from dataclasses import dataclass

    logger = logging.getLogger(__name__)


    @dataclass
    class Event:
        name: str
        job_id: str | None = None


    def record(name, job_id=None):
        event = Event(name=name, job_id=job_id)
        logger.info("event %s", event)
"""

RECORD = """
    from app.events import Event, record


    def run(job_id):
        record("ran", job_id=job_id)
        return Event(name="ran", job_id=job_id)
"""


def test_a_dataclass_built_with_the_value_is_followed_as_its_field(tmp_path: Path) -> None:
    """record() keeps the value in an Event, a dataclass (its constructor generated), and
    only logs the event: the object is followed, and the value never reaches the column.
    Given straight to Event(...), the keyword names the field Event.job_id, a member of a
    class that maps no table, as its declaration is: excluded as that declaration is."""
    files = write(
        tmp_path,
        {"app/models.py": MODELS, "app/events.py": EVENTS, "app/routes.py": RECORD},
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.EXCLUDED, detail
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id", 2))
    assert tier is Tier.EXCLUDED
    assert "sets its field Event.job_id" in detail
    events = files["app/events.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/events.py", at(events, "^job_id: str"))
    assert (tier, detail) == (Tier.EXCLUDED, "other-type | a member of Event")


def test_a_dataclass_whose_field_is_undecided_keeps_the_keyword_unexplained(
    tmp_path: Path,
) -> None:
    """The same Event on a base colretire cannot read: its field job_id may mirror the
    column, so its declaration is unexplained, and so is the keyword that sets it."""
    events = EVENTS.replace(
        "from dataclasses import dataclass",
        "from dataclasses import dataclass\n    from vendor import Payload",
    )
    events = events.replace("class Event:", "class Event(Payload):")
    files = write(
        tmp_path,
        {"app/models.py": MODELS, "app/events.py": events, "app/routes.py": RECORD},
    )
    events_source = files["app/events.py"]
    tier, _ = _tier(tmp_path, "steps.job_id", "app/events.py", at(events_source, "^job_id: str"))
    assert tier is Tier.UNEXPLAINED
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id", 2))
    assert tier is Tier.UNEXPLAINED
    assert "Payload" in detail


def test_a_dataclass_that_goes_on_keeps_the_keyword_unexplained(tmp_path: Path) -> None:
    """The same Event stored in an attribute of another object: it may carry the value on."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/events.py": EVENTS.replace('logger.info("event %s", event)', "QUEUE.last = event"),
            "app/routes.py": RECORD,
        },
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.UNEXPLAINED
    assert "attribute last" in detail


STORAGE = """
    import abc


    class BaseStorage(abc.ABC):
        @abc.abstractmethod
        def set_value(self, job_id):
            raise NotImplementedError

        def check(self, job_id):
            raise NotImplementedError


    class Storage(BaseStorage):
        def set_value(self, job_id):
            return job_id == ""
"""


def test_an_abstract_method_is_followed_into_its_overrides(tmp_path: Path) -> None:
    """The value given to a method of a base class declared abstract goes wherever its
    overrides take it: the one override only tests it, so it never reaches the column.
    Where an override keeps it, or the method (whose body only raises
    NotImplementedError) has no override in the project, it stays unexplained."""
    cases = [
        ("set_value", STORAGE, Tier.EXCLUDED, "never reaches the column"),
        (
            "set_value",
            STORAGE.replace('return job_id == ""', "self.last = job_id"),
            Tier.UNEXPLAINED,
            "attribute last",
        ),
        ("check", STORAGE, Tier.UNEXPLAINED, "is abstract"),
    ]
    for method, storage, expected, said in cases:
        files = write(
            tmp_path,
            {
                "app/models.py": MODELS,
                "app/storage.py": storage,
                "app/routes.py": f"""
        from app.storage import BaseStorage


        def save(storage: BaseStorage, job_id):
            storage.{method}(job_id=job_id)
        """,
            },
        )
        source = files["app/routes.py"]
        where = at(source, "^job_id=job_id")
        tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", where)
        assert tier is expected, (method, detail)
        assert said in detail


def _spread_service(body: str) -> dict[str, str]:
    return {
        "app/models.py": MODELS
        + """

    class Delivery(Base):
        __tablename__ = "deliveries"
        id = Column(Integer, primary_key=True)
        job_id = Column(String, ForeignKey("jobs.id"))
        job = relationship(Job)
""".replace(
            "from sqlalchemy.orm import declarative_base",
            "from sqlalchemy.orm import declarative_base, relationship",
        ),
        "app/service.py": """
        from app.models import Delivery, JobMessage, Step


        class Service:
            def add_message(self, job_id, message):
"""
        + body,
        "app/routes.py": ROUTES,
    }


def test_a_dict_spread_into_another_tables_model_is_excluded(tmp_path: Path) -> None:
    """add_message() puts the value in a dict literal under 'job_id' (a column of
    JobMessage, another table whose constructor SQLAlchemy generates) and builds the row
    with ``JobMessage(**data)``: it is written into job_messages.job_id, never into
    steps.job_id."""
    files = write(
        tmp_path,
        _spread_service(
            """
                data = {"job_id": job_id, "message_id": message.id}
                if message.reply:
                    data["message_id"] = message.reply
                row = JobMessage(**data)
                self.session.add(row)
        """
        ),
    )
    source = files["app/routes.py"]
    tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
    assert tier is Tier.EXCLUDED, detail
    assert detail.startswith("keyword | ")
    assert "job_messages.job_id" in detail


def test_a_dict_spread_with_a_key_not_proven_a_column_stays_unexplained(tmp_path: Path) -> None:
    """Near misses: a key computed at run time, a key naming a relationship (whose
    assignment may write a foreign key of the column's table), a dict bound twice, a dict
    spread into another dict first: where the value lands is not proven to be another
    table's column. A dict spread into the column's own model writes the column: that
    write is the reference, and the keyword a keyword naming it."""
    bodies = [
        """
                data = {"message_id": message.id}
                data[message.field] = job_id
                self.session.add(JobMessage(**data))
        """,
        """
                data = {"job": job_id}
                self.session.add(Delivery(**data))
        """,
        """
                data = {"job_id": job_id}
                data = message.values
                self.session.add(JobMessage(**data))
        """,
        """
                extra = {"job_id": job_id}
                data = {**extra, "message_id": message.id}
                self.session.add(JobMessage(**data))
        """,
        """
                data = {"job_id": job_id}
                self.session.add(Step(**data))
        """,
    ]
    for index, body in enumerate(bodies):
        root = tmp_path / str(index)
        files = write(root, _spread_service(body))
        source = files["app/routes.py"]
        tier, detail = _tier(root, "steps.job_id", "app/routes.py", at(source, "^job_id=job_id"))
        expected = Tier.EXCLUDED if "Step(**data)" in body else Tier.UNEXPLAINED
        assert tier is expected, (index, detail)


def test_a_function_reading_its_locals_by_name_is_not_followed(tmp_path: Path) -> None:
    """``Step(**locals()["data"])`` spreads the dict into the column's own model by a name
    no expression of the function spells: the keyword stays unexplained, though the dict
    goes into JobMessage too. Near miss: ``vars(message)`` reads another object's
    attributes, not the locals, and the dict spread into JobMessage alone is excluded."""
    cases = [
        ('self.session.add(Step(**locals()["data"]))', Tier.UNEXPLAINED),
        ("self.session.add(Step(**vars()))", Tier.UNEXPLAINED),
        ("self.log(vars(message))", Tier.EXCLUDED),
    ]
    for line, expected in cases:
        files = write(
            tmp_path,
            _spread_service(
                f"""
                data = {{"job_id": job_id, "message_id": message.id}}
                self.session.add(JobMessage(**data))
                {line}
        """
            ),
        )
        source = files["app/routes.py"]
        where = at(source, "^job_id=job_id")
        tier, detail = _tier(tmp_path, "steps.job_id", "app/routes.py", where)
        assert tier is expected, (line, detail)
