"""``copy.copy(x)`` and ``copy.deepcopy(x)`` give another object of ``x``'s class: a copy of
a plain object is not the model's, a copy of the model's row is."""

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
    import copy
    from copy import deepcopy

    from app.models import Task
    from app.plans import Plan


    def shifted(plan: Plan, eta):
        moved = copy.deepcopy(plan)
        moved.eta = eta
        return moved


    def cloned(task: Task):
        twin = deepcopy(task)
        return twin.eta


    def anything(thing, eta):
        other = copy.copy(thing)
        other.eta = eta
"""


def test_a_copy_is_an_object_of_the_class_copied(tmp_path: Path) -> None:
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
    assert rows[at(source, "moved.^eta = eta")] == "excluded: other-type"
    assert rows[at(source, "twin.^eta")] == "CR103 certain"
    assert rows[at(source, "other.^eta = eta")] == "unexplained"


STORE = """
    import copy

    from app.plans import Plan


    def load_plan(plan_id: int) -> Plan:
        return Plan(plan_id)


    def reschedule(plan_id, eta):
        plan = load_plan(plan_id)
        plan = copy.copy(plan)
        plan.eta = eta
        return plan


    def reschedule_all(plan_ids, eta):
        for plan_id in plan_ids:
            plan = load_plan(plan_id)
            plan = copy.copy(plan)
            plan.eta = eta


    def reschedule_again(plan_id, eta):
        plan = load_plan(plan_id)
        for _ in range(2):
            plan = copy.copy(plan)
            plan.eta = eta
            plan = object()
"""


def test_a_name_copied_into_itself_keeps_the_class_it_held(tmp_path: Path) -> None:
    """``plan = copy.copy(plan)`` reads the name before the statement binds it again: the
    copy is of what the assignment before it gave (in a loop too), unless a binding later
    in the loop may bring the name back round to the copy."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/plans.py": PLANS,
            "app/store.py": STORE,
        },
    )
    source = files["app/store.py"]
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "tasks.eta")
        if path == "app/store.py"
    }
    assert rows[at(source, "plan.^eta = eta")] == "excluded: other-type"
    assert rows[at(source, "plan.^eta = eta", 2)] == "excluded: other-type"
    assert rows[at(source, "plan.^eta = eta", 3)] == "unexplained"
