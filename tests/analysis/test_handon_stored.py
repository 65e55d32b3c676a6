"""A keyword handed on to a method of what the class's ``__init__`` stores
(``self.jobs.add_message(job_id=job_id)`` for ``self.jobs = jobs``, ``jobs: JobService``) is
followed into that method, and into the overrides of the classes derived from its class,
any of which the object may be. Stored elsewhere too, the attribute may hold anything."""

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
"""

SERVICE = """
    from app.models import JobMessage


    class JobService:
        def add_message(self, job_id, message):
            return JobMessage(job_id=job_id, message_id=message)
"""

AGENT = """
    from app.service import JobService


    class Agent:
        def __init__(self, jobs: JobService, run_id=None):
            self.jobs = jobs
            self.run_id = run_id
            self.jobs = jobs

        def _record(self, job_id=None, message=None):
            self.jobs.add_message(job_id=job_id or self.run_id, message=message)
"""

ROUTES = """
    from app.agent import Agent


    def step(agent: Agent, run_id):
        agent._record(job_id=run_id, message="started")
"""


def _tier(root: Path, files: dict[str, str]) -> tuple[Tier, str]:
    where = at(files["app/routes.py"], "agent._record(^job_id=")
    result = scan(root, ColumnRef.parse("steps.job_id"))
    found = next(
        o for o in result.occurrences if o.path == "app/routes.py" and (o.line, o.col) == where
    )
    return found.tier, f"{found.reason.value if found.reason else ''} | {found.detail}"


def _project(root: Path, service: str = SERVICE, agent: str = AGENT) -> dict[str, str]:
    return write(
        root,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/service.py": service,
            "app/agent.py": agent,
            "app/routes.py": ROUTES,
        },
    )


def test_a_method_of_what_init_stores_is_followed(tmp_path: Path) -> None:
    """``step`` gives the run's id to ``Agent._record``, which hands the id to ``self.jobs.add_message``, a ``JobService`` by the
    annotation of the parameter ``__init__`` stores: it builds a ``JobMessage`` with it,
    another table's row, and the keyword never reaches ``steps.job_id``."""
    tier, why = _tier(tmp_path, _project(tmp_path))
    assert tier is Tier.EXCLUDED, why
    assert why.startswith("keyword | ") and "job_messages.job_id" in why, why


def test_an_override_or_another_store_keeps_it_from_the_exclusion(tmp_path: Path) -> None:
    """A class derived from ``JobService`` whose ``add_message`` writes a ``Step`` with it:
    the value reaches the column, whose write is the reference, and the keyword is a keyword
    naming that write; ``self.jobs`` also stored by another method (an object of any
    class): unexplained."""
    service = SERVICE.replace(
        "from app.models import JobMessage", "from app.models import JobMessage, Step"
    ) + (
        "\n\n    class StepService(JobService):\n"
        "        def add_message(self, job_id, message):\n"
        "            return Step(job_id=job_id)\n"
    )
    tier, why = _tier(tmp_path, _project(tmp_path, service=service))
    assert tier is Tier.EXCLUDED and why.endswith("that write is the reference"), why
    agent = AGENT + "\n    def reset(self, jobs):\n        self.jobs = jobs\n"
    tier, why = _tier(tmp_path, _project(tmp_path, agent=agent))
    assert tier is Tier.UNEXPLAINED, why


def test_the_attribute_stored_from_another_module_keeps_it_unexplained(tmp_path: Path) -> None:
    """``agent.jobs = StepWriter()`` in another module (a test double, a plug-in, the
    application's wiring): ``self.jobs`` may hold that object, whose ``add_message`` writes
    a ``Step`` with the id."""
    files = _project(tmp_path)
    files.update(
        write(
            tmp_path,
            {
                "app/wiring.py": """
                    from app.agent import Agent
                    from app.models import Step


                    class StepWriter:
                        def add_message(self, job_id, message):
                            return Step(job_id=job_id)


                    def wire(agent: Agent):
                        agent.jobs = StepWriter()
                """
            },
        )
    )
    tier, why = _tier(tmp_path, files)
    assert tier is Tier.UNEXPLAINED, why
