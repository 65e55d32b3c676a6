"""Classes generic in a type variable that a subclass binds: a generic base's method
annotated to return the variable returns the class the subclass gives the base
(``TaskRepository(Repository[Task])``, ZenML's ``LinkResponse(BaseResponse[LinkResponseBody,
...])``); the near misses are the same shapes bound to another class."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

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
