from __future__ import annotations

from colretire.codemods.assignment import RemoveAssignment
from tests.codemods.helpers import assert_codemod


def test_an_assignment_and_the_import_only_it_used() -> None:
    assert_codemod(
        RemoveAssignment,
        """
        from app.eta import estimate


        def update_task(task: Task, payload: TaskIn) -> None:
            task.title = payload.title
            # keep the estimate fresh
            task.expected_completion_time = estimate(payload)
            task.status = payload.status
        """,
        """
        def update_task(task: Task, payload: TaskIn) -> None:
            task.title = payload.title
            task.status = payload.status
        """,
        "task.^expected_completion_time =",
    )


def test_augmented_annotated_and_del() -> None:
    assert_codemod(
        RemoveAssignment,
        """
        def bump(task: Task) -> None:
            task.expected_completion_time += 5
            task.expected_completion_time: int = 5
            del task.expected_completion_time
            task.touched = True
        """,
        """
        def bump(task: Task) -> None:
            task.touched = True
        """,
        "task.^expected_completion_time +=",
        "task.^expected_completion_time:",
        "del task.^expected_completion_time",
    )


def test_a_block_left_empty_gets_pass() -> None:
    assert_codemod(
        RemoveAssignment,
        """
        if payload.eta is not None:
            task.expected_completion_time = payload.eta
        for task in tasks: task.expected_completion_time = None
        """,
        """
        if payload.eta is not None:
            pass
        for task in tasks: pass
        """,
        "task.^expected_completion_time = payload",
        "task.^expected_completion_time = None",
    )


def test_setattr_and_one_of_several_targets_and_statements() -> None:
    assert_codemod(
        RemoveAssignment,
        """
        setattr(task, "expected_completion_time", 30)
        eta = task.expected_completion_time = 30
        task.title = "x"; task.expected_completion_time = 1
        """,
        """
        eta = 30
        task.title = "x"
        """,
        '^"expected_completion_time", 30',
        "task.^expected_completion_time = 30",
        "task.^expected_completion_time = 1",
    )


def test_nothing_changes_for_a_read() -> None:
    before = """
        eta = task.expected_completion_time
        other.expected_completion_time = eta
    """
    assert_codemod(RemoveAssignment, before, before, "task.^expected_completion_time")
