from __future__ import annotations

from colretire.codemods.mark_manual import MarkManual, manual_note
from tests.codemods.helpers import assert_codemod, code, run

NOTE = manual_note("tasks.expected_completion_time")
BEFORE = """
    def late(task: Task) -> bool:
        total = task.expected_completion_time * 60 + task.expected_completion_time
        if task.expected_completion_time > 30:
            return True
        return notify(task.expected_completion_time)
"""
AFTER = """
    def late(task: Task) -> bool:
        # colretire: uses tasks.expected_completion_time; remove by hand
        total = task.expected_completion_time * 60 + task.expected_completion_time
        # colretire: uses tasks.expected_completion_time; remove by hand
        if task.expected_completion_time > 30:
            return True
        # colretire: uses tasks.expected_completion_time; remove by hand
        return notify(task.expected_completion_time)
"""
USES = (
    "task.^expected_completion_time * 60",
    "+ task.^expected_completion_time",
    "if task.^expected_completion_time",
    "notify(task.^expected_completion_time",
)


def test_each_statement_is_marked_once() -> None:
    assert_codemod(MarkManual, BEFORE, AFTER, *USES, notes=[NOTE])


def test_marking_again_changes_nothing() -> None:
    once, _ = run(MarkManual, BEFORE, USES, notes=[NOTE])
    uses = [u for u in USES]
    twice, _ = run(MarkManual, once, uses, notes=[NOTE])
    assert twice == once == code(AFTER)


def test_a_mark_for_another_column_is_not_this_one() -> None:
    before = """
        # colretire: uses projects.expected_completion_time; remove by hand
        total = task.expected_completion_time * 60
    """
    after = """
        # colretire: uses projects.expected_completion_time; remove by hand
        # colretire: uses tasks.expected_completion_time; remove by hand
        total = task.expected_completion_time * 60
    """
    assert_codemod(MarkManual, before, after, "task.^expected", notes=[NOTE])


def test_the_start_of_a_statement_marks_that_statement() -> None:
    before = """
        class Report:
            def late(self):
                return self.task.expected_completion_time * 2
    """
    after = """
        class Report:
            def late(self):
                # colretire: uses tasks.expected_completion_time; remove by hand
                return self.task.expected_completion_time * 2
    """
    assert_codemod(MarkManual, before, after, "^return", notes=[NOTE])
