"""A keyword handed on is followed into a list the function builds (``conditions.append(
f"id={x}")``) and out of a function that returns tuples (``return query, conditions``), where
only the items that carry it carry it on. The shape is a base class of the models whose
``read`` looks a row up by its id, collecting the conditions for its error message. Each rule
has its near miss, which stays unexplained."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

BASE = """
    import logging

    from sqlalchemy import String, select
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    logger = logging.getLogger(__name__)


    class NoResultFound(Exception):
        pass


    class Base(DeclarativeBase):
        pass


    class SqlalchemyBase(Base):
        __abstract__ = True

        id: Mapped[str] = mapped_column(String, primary_key=True)

        @classmethod
        async def read_async(cls, db_session, identifier=None, actor=None, **kwargs):
            identifiers = [] if identifier is None else [identifier]
            query, query_conditions = cls._preprocess(identifiers, actor, **kwargs)
            if query is None:
                raise NoResultFound(f"{cls.__name__} not found with identifier {identifier}")
            result = await db_session.execute(query)
            item = result.scalar_one_or_none()
            if item is None:
                raise NoResultFound(f"not found with {', '.join(query_conditions)}")
            return item

        @classmethod
        def _preprocess(cls, identifiers, actor, **kwargs):
            logger.debug(f"Reading {cls.__name__} with ID(s): {identifiers}")
            query = select(cls)
            query_conditions = []
            if identifiers:
                if len(identifiers) == 1:
                    query = query.where(cls.id == identifiers[0])
                else:
                    query = query.where(cls.id.in_(identifiers))
                query_conditions.append(f"id='{identifiers}'")
            elif not kwargs:
                return None, query_conditions
            return query, query_conditions

        def to_pydantic(self):
            return {"id": self.id}
"""

MODELS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import Mapped, mapped_column

    from app.base import SqlalchemyBase


    class Job(SqlalchemyBase):
        __tablename__ = "jobs"
        status: Mapped[str] = mapped_column(String)


    class Step(SqlalchemyBase):
        __tablename__ = "steps"
        job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id"))
"""

MANAGER = """
    from app.models import Job as JobModel


    class JobManager:
        def __init__(self, registry):
            self.registry = registry

        async def get_job_by_id_async(self, job_id: str, actor=None):
            async with self.registry.async_session() as session:
                job = await JobModel.read_async(db_session=session, identifier=job_id, actor=actor)
                return job.to_pydantic()
"""

ROUTES = """
    from app.manager import JobManager


    async def retrieve(manager: JobManager, job_id: str):
        return await manager.get_job_by_id_async(job_id=job_id)
"""


def _tier(root: Path, files: dict[str, str]) -> tuple[Tier, str]:
    source = files["app/routes.py"]
    where = at(source, "get_job_by_id_async(^job_id=")
    result = scan(root, ColumnRef.parse("steps.job_id"))
    found = next(
        o for o in result.occurrences if o.path == "app/routes.py" and (o.line, o.col) == where
    )
    return found.tier, f"{found.reason.value if found.reason else ''} | {found.detail}"


def _project(root: Path, base: str = BASE, manager: str = MANAGER) -> dict[str, str]:
    return write(
        root,
        {
            "app/__init__.py": "",
            "app/base.py": base,
            "app/models.py": MODELS,
            "app/manager.py": manager,
            "app/routes.py": ROUTES,
        },
    )


def test_an_id_only_looked_up_through_a_list_of_conditions_and_a_tuple_is_excluded(
    tmp_path: Path,
) -> None:
    """The job's id goes into a filter on ``jobs.id``, a debug message, the exception raised
    and a list of conditions for that exception's message; ``_preprocess`` returns the
    query and the conditions, of which only the conditions hold it: the row found is not
    the id, and the keyword never reaches ``steps.job_id``."""
    files = _project(tmp_path)
    tier, why = _tier(tmp_path, files)
    assert tier is Tier.EXCLUDED, why
    assert why.startswith("keyword | "), why


def test_a_list_that_goes_elsewhere_or_is_not_the_functions_own_keeps_it_unexplained(
    tmp_path: Path,
) -> None:
    """The conditions also handed to a function that cannot be followed, kept in the
    function's caller's list (a parameter), or returned in the tuple's item that the caller
    goes on to read: the value may go anywhere."""
    for base in (
        BASE.replace(
            "return query, query_conditions",
            "remember(query_conditions)\n            return query, query_conditions",
        ),
        BASE.replace(
            "def _preprocess(cls, identifiers, actor, **kwargs):",
            "def _preprocess(cls, identifiers, actor, query_conditions=None, **kwargs):",
        ).replace("query_conditions = []\n", ""),
        BASE.replace(
            "return item",
            "return item, query_conditions",
        ),
    ):
        tier, why = _tier(tmp_path, _project(tmp_path, base=base))
        assert tier is Tier.UNEXPLAINED, why


def test_a_tuple_whose_carrying_item_is_read_keeps_it_unexplained(tmp_path: Path) -> None:
    """Where the function returns the id itself in the tuple's first item
    (``return identifiers, query_conditions``), the caller's ``query`` holds it and goes to
    a call of a library's object that cannot be followed."""
    base = BASE.replace("return query, query_conditions", "return identifiers, query_conditions")
    tier, why = _tier(tmp_path, _project(tmp_path, base=base))
    assert tier is Tier.UNEXPLAINED, why


def test_a_starred_target_takes_the_carrying_item_by_its_place_from_the_end(
    tmp_path: Path,
) -> None:
    """``*head, query_conditions = cls._preprocess(...)`` where ``_preprocess`` returns
    ``query, identifiers, query_conditions``: ``head`` holds the id (the item at position 1),
    and goes to a function that cannot be followed. The positions of the tuple returned are
    not those of the targets once one of them is starred."""
    base = (
        BASE.replace("return None, query_conditions", "return None, identifiers, query_conditions")
        .replace("return query, query_conditions", "return query, identifiers, query_conditions")
        .replace(
            "query, query_conditions = cls._preprocess(identifiers, actor, **kwargs)",
            "*head, query_conditions = cls._preprocess(identifiers, actor, **kwargs)\n"
            "            query = head[0]\n"
            "            remember(head)",
        )
    )
    assert "remember(head)" in base and "return None, identifiers" in base
    tier, why = _tier(tmp_path, _project(tmp_path, base=base))
    assert tier is Tier.UNEXPLAINED, why


def test_an_item_stored_in_a_dict_other_code_holds_keeps_it_unexplained(
    tmp_path: Path,
) -> None:
    """``kept = remember()`` then ``kept["ids"] = identifiers``: the dict came from a call,
    and whoever gave it holds it too (a registry, a request's state), so the id may go
    anywhere from there; a dict the function builds itself (``kept = {}``) and reads no
    more holds it alone, and the keyword is still excluded."""
    stored = (
        "query, query_conditions = cls._preprocess(identifiers, actor, **kwargs)",
        'kept = remember()\n            kept["ids"] = identifiers\n'
        "            query, query_conditions = cls._preprocess(identifiers, actor, **kwargs)",
    )
    assert stored[0] in BASE
    tier, why = _tier(tmp_path, _project(tmp_path, base=BASE.replace(*stored)))
    assert tier is Tier.UNEXPLAINED, why
    own = BASE.replace(stored[0], stored[1].replace("remember()", "{}"))
    tier, why = _tier(tmp_path, _project(tmp_path, base=own))
    assert tier is Tier.EXCLUDED, why
