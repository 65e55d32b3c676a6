"""A class defined in a function, which the index does not know: its own methods
annotated to return a type give that type to their calls on its instances."""

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
