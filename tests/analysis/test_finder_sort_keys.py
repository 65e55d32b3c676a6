"""The parameter of a lambda given as the ``key=`` of ``min``, ``max`` or ``sorted`` is an
item of the iterable they are given first (``max(trials, key=lambda t: t.value)``), and a
list rebuilt from some of its own items (``trials = [t for t in trials if ...]``) still
holds what it held."""

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
"""

CODE = """
    from app.models import Task
    from app.plans import Plan


    def best(plans: list[Plan]) -> Plan:
        plans = [p for p in plans if p.eta is not None]
        return max(plans, key=lambda p: p.eta)


    def first(tasks: list[Task]):
        return sorted(tasks, key=lambda t: t.eta)


    def shadowed(plans: list[Plan], max):
        return max(plans, key=lambda p: p.eta)


    def mixed(plans: list[Plan], others):
        plans = [p for p in others if p.eta is not None]
        return min(plans, key=lambda p: p.eta)
"""


def test_the_key_of_a_sort_is_given_the_items_of_the_iterable(tmp_path: Path) -> None:
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
    # a Plan, filtered from the annotated list: not the model's
    assert rows[at(source, "max(plans, key=lambda p: p.^eta)")] == "excluded: other-type"
    # a Task: the column
    assert rows[at(source, "key=lambda t: t.^eta)")] == "CR103 certain"
    # ``max`` bound by the function, and a list rebuilt from another: unknown items
    assert rows[at(source, "max(plans, key=lambda p: p.^eta)", 2)] == "unexplained"
    assert rows[at(source, "min(plans, key=lambda p: p.^eta)")] == "unexplained"
