"""Classes generic in a type variable that a subclass binds: a generic base's method
annotated to return the variable returns the class the subclass gives the base
(``TaskRepository(Repository[Task])``, ZenML's ``LinkResponse(BaseResponse[LinkResponseBody,
...])``); and schemas that carry the column through another schema: a property that hands
on a body's field of its own name, a schema built from another schema's field (MLflow's
response model built from its ``Job`` entity). The near misses are the same shapes over a
class that mirrors nothing, or bound to another model."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, Integer, String
    from sqlalchemy.orm import declarative_base

    from app.responses import LinkResponseBody

    Base = declarative_base()


    class LinkSchema(Base):
        __tablename__ = "links"
        id = Column(Integer, primary_key=True)
        is_model_artifact = Column(Boolean)

        def to_model(self) -> LinkResponseBody:
            return LinkResponseBody(is_model_artifact=self.is_model_artifact)


    class NoteSchema(Base):
        __tablename__ = "notes"
        id = Column(Integer, primary_key=True)
        title = Column(String)
"""

BASE = """
    from typing import Generic, Optional, TypeVar

    from pydantic import BaseModel

    AnyBody = TypeVar("AnyBody", bound=BaseModel)
    AnyMetadata = TypeVar("AnyMetadata", bound=BaseModel)


    class BaseResponse(BaseModel, Generic[AnyBody, AnyMetadata]):
        body: Optional["AnyBody"] = None
        metadata: Optional["AnyMetadata"] = None

        def get_body(self) -> "AnyBody":
            if not self.body:
                raise RuntimeError("no body")
            return self.body

        def get_metadata(self) -> "AnyMetadata":
            return self.metadata
"""

RESPONSES = """
    from pydantic import BaseModel

    from app.base import BaseResponse


    class LinkResponseBody(BaseModel):
        is_model_artifact: bool = False


    class LinkResponseMetadata(BaseModel):
        pass


    class LinkResponse(BaseResponse[LinkResponseBody, LinkResponseMetadata]):
        @property
        def is_model_artifact(self) -> bool:
            \"\"\"Whether the artifact is a model.\"\"\"
            return self.get_body().is_model_artifact


    class FlagBody(BaseModel):
        is_model_artifact: bool = False


    class FlagResponse(BaseResponse[FlagBody, LinkResponseMetadata]):
        @property
        def is_model_artifact(self) -> bool:
            return self.get_body().is_model_artifact
"""

CLI = """
    from app.responses import FlagResponse, LinkResponse


    def describe(link: LinkResponse, flag: FlagResponse) -> str:
        if flag.is_model_artifact:
            return "flag"
        return "model" if link.is_model_artifact else "data"
"""


def test_a_generic_bases_method_returns_the_class_its_subclass_gives_it(tmp_path: Path) -> None:
    """``LinkResponse(BaseResponse[LinkResponseBody, ...])``: ``self.get_body()``, annotated
    ``-> AnyBody``, is a ``LinkResponseBody``, which the model builds from the column; the
    property that returns its field of the same name carries it, and so do the reads of
    the property. ``FlagResponse``'s body is a ``FlagBody`` that nothing ties to the model:
    its property and the read of it stay unexplained."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/base.py": BASE,
            "app/responses.py": RESPONSES,
            "app/cli.py": CLI,
        },
    )
    responses, cli = files["app/responses.py"], files["app/cli.py"]
    rows = accounted(tmp_path, "links.is_model_artifact", skip="app/models.py")
    assert rows == [
        ("app/cli.py", *at(cli, "flag.^is_model_artifact"), "unexplained"),
        ("app/cli.py", *at(cli, "link.^is_model_artifact"), "CR103 certain"),
        ("app/responses.py", *at(responses, "    ^is_model_artifact: bool"), "CR105 certain"),
        ("app/responses.py", *at(responses, "def ^is_model_artifact"), "CR105 certain"),
        ("app/responses.py", *at(responses, "get_body().^is_model_artifact"), "CR103 certain"),
        ("app/responses.py", *at(responses, "    ^is_model_artifact: bool", 2), "unexplained"),
        ("app/responses.py", *at(responses, "def ^is_model_artifact", 2), "unexplained"),
        ("app/responses.py", *at(responses, "get_body().^is_model_artifact", 2), "unexplained"),
    ]


REPOSITORY = """
    from typing import Generic, TypeVar

    from app.models import Order, Task

    T = TypeVar("T")


    class Repository(Generic[T]):
        def get(self, key: int) -> T:
            raise NotImplementedError

        def all(self) -> list[T]:
            raise NotImplementedError


    class TaskRepository(Repository[Task]):
        pass


    class OrderRepository(Repository[Order]):
        pass


    def late(tasks: TaskRepository, orders: OrderRepository) -> list[int]:
        task = tasks.get(1)
        order = orders.get(1)
        found = [t.id for t in tasks.all() if t.eta]
        return found + [task.eta, order.eta]
"""

REPOSITORY_MODELS = """
    from sqlalchemy import Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "tasks"
        id = Column(Integer, primary_key=True)
        eta = Column(Integer)


    class Order(Base):
        __tablename__ = "orders"
        id = Column(Integer, primary_key=True)
        eta = Column(Integer)
"""


def test_a_generic_repository_returns_the_model_its_subclass_names(tmp_path: Path) -> None:
    """``TaskRepository(Repository[Task])``: ``get() -> T`` gives a ``Task`` and ``all() ->
    list[T]`` its rows; the ``OrderRepository`` beside it gives ``Order`` rows, whose
    ``eta`` is the other table's."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": REPOSITORY_MODELS,
            "app/repository.py": REPOSITORY,
        },
    )
    source = files["app/repository.py"]
    assert accounted(tmp_path, "tasks.eta", skip="app/models.py") == [
        ("app/repository.py", *at(source, "t.^eta"), "CR103 certain"),
        ("app/repository.py", *at(source, "task.^eta"), "CR103 certain"),
        ("app/repository.py", *at(source, "order.^eta"), "excluded: other-table"),
    ]


JOB_MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    from app.entities import Job

    Base = declarative_base()


    class SqlJob(Base):
        __tablename__ = "jobs"
        id = Column(Integer, primary_key=True)
        function_fullname = Column(String)

        def to_entity(self) -> Job:
            return Job(job_id=self.id, function_fullname=self.function_fullname)
"""

ENTITIES = """
    class Job:
        def __init__(self, job_id: int, function_fullname: str):
            self._job_id = job_id
            self._function_fullname = function_fullname

        @property
        def function_fullname(self) -> str:
            return self._function_fullname
"""

API = """
    from pydantic import BaseModel

    from app.entities import Job as JobEntity


    class Job(BaseModel):
        job_id: int
        function_fullname: str

        @classmethod
        def from_job_entity(cls, job: JobEntity) -> "Job":
            return cls(job_id=job._job_id, function_fullname=job.function_fullname)


    class SubmitJobPayload(BaseModel):
        function_fullname: str


    class Receipt(BaseModel):
        function_fullname: str

        @classmethod
        def of(cls, payload: SubmitJobPayload) -> "Receipt":
            return cls(function_fullname=payload.function_fullname)
"""


def test_a_schema_built_from_a_mirrors_field_mirrors_the_column(tmp_path: Path) -> None:
    """``Job(function_fullname=job.function_fullname)`` of a ``JobEntity``, which the model
    builds from the column: the response model's field carries the column through it.
    ``Receipt``, built from a ``SubmitJobPayload`` that nothing ties to the model, is no
    mirror for having a field of that name."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": JOB_MODELS,
            "app/entities.py": ENTITIES,
            "app/api.py": API,
        },
    )
    api = files["app/api.py"]
    rows = [row for row in accounted(tmp_path, "jobs.function_fullname") if row[0] == "app/api.py"]
    assert rows == [
        ("app/api.py", *at(api, "    ^function_fullname: str"), "CR105 certain"),
        ("app/api.py", *at(api, "^function_fullname=job"), "CR104 certain"),
        ("app/api.py", *at(api, "job.^function_fullname"), "CR103 certain"),
        ("app/api.py", *at(api, "    ^function_fullname: str", 2), "unexplained"),
        ("app/api.py", *at(api, "    ^function_fullname: str", 3), "unexplained"),
        ("app/api.py", *at(api, "^function_fullname=payload"), "unexplained"),
        ("app/api.py", *at(api, "payload.^function_fullname"), "unexplained"),
    ]
