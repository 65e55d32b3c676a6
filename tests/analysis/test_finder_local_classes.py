"""A class the index does not know (one defined in a function, a test class of the scanned
file): its own methods annotated to return a type, or those of the one base that has
them, give that type to their calls on its instances."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "tasks"
        id = Column(Integer, primary_key=True)
        eta = Column(Integer)
"""

PLANS = """
    class Plan:
        def __init__(self, eta: int) -> None:
            self.eta = eta


    class Board:
        def plans(self) -> list[Plan]:
            return []
"""

CODE = """
    from app.plans import Board, Plan


    def staged(board: Board, stage: str) -> Board:
        class StagedBoard(Board):
            def plans(self) -> list[Plan]:
                return [p for p in super().plans() if p.stage == stage]

            def drafts(self):
                return []

            def soonest(self):
                plans = self.plans()
                return min(plans, key=lambda p: p.eta)

            def first_draft(self):
                drafts = self.drafts()
                return min(drafts, key=lambda p: p.eta)

        return StagedBoard()
"""


def test_a_method_of_a_class_defined_in_a_function(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/plans.py": PLANS,
            "app/code.py": CODE,
        },
    )
    source = files["app/code.py"]
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "tasks.eta")
        if path == "app/code.py"
    }
    # self.plans() is annotated to give Plans: their own eta
    assert rows[at(source, "lambda p: p.^eta")] == "excluded: other-type"
    # self.drafts() says nothing of what it gives
    assert rows[at(source, "lambda p: p.^eta", 2)] == "unexplained"


HELPERS = """
    from app.models import Task


    class TaskMixin:
        def reloaded(self, task: Task) -> Task:
            return task


    class PlanMixin:
        def reloaded(self, plan):
            return plan
"""

TESTS = """
    from unittest import TestCase

    from app.helpers import PlanMixin, TaskMixin


    class TaskTestCase(TaskMixin):
        pass


    class TestTask(TaskTestCase):
        def test_eta(self, job):
            job = self.reloaded(job)
            assert job.eta == 3


    class TestBoth(TaskMixin, PlanMixin):
        def test_eta(self, job):
            job = self.reloaded(job)
            assert job.eta == 3


    class TestLibrary(TestCase, TaskMixin):
        def test_eta(self, job):
            job = self.reloaded(job)
            assert job.eta == 3
"""


def test_a_method_a_class_of_the_file_inherits(tmp_path: Path) -> None:
    """``self.reloaded(job)`` in a test class whose base of the same file derives from
    ``TaskMixin``, whose ``reloaded`` is annotated to return a ``Task``: a ``Task``. Two
    bases that both have the method, or a library's base (which may have one), leave it
    unknown."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/plans.py": PLANS,  # a plain class with an eta: the name alone says nothing
            "app/helpers.py": HELPERS,
            "tests/__init__.py": "",
            "tests/test_tasks.py": TESTS,
        },
    )
    source = files["tests/test_tasks.py"]
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "tasks.eta")
        if path == "tests/test_tasks.py"
    }
    assert rows[at(source, "job.^eta")] == "CR103 certain"
    assert rows[at(source, "job.^eta", 2)] == "unexplained"
    assert rows[at(source, "job.^eta", 3)] == "unexplained"
