"""Planning one file: which codemod takes each reference, what goes with what, what is
left for a person and why, and the order the edits run in."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from colretire.codemods.assignment import RemoveAssignment
from colretire.codemods.dict_entry import RemoveDictEntry
from colretire.codemods.mark_manual import MarkManual
from colretire.codemods.plan import FilePlan, Note, apply_plan, plan_module
from colretire.codemods.query_term import RemoveQueryTerm
from colretire.model import Confidence, Reference, ReferenceKind
from tests.codemods.helpers import at, code

K = ReferenceKind
COLUMN = "tasks.expected_completion_time"

SOURCE = code(
    """
    from app.eta import minutes


    def serialize(task: Task) -> dict:
        return {"id": task.id, "expected_completion_time": task.expected_completion_time}


    def late(session, task: Task) -> bool:
        task.expected_completion_time = task.expected_completion_time + 5
        rows = session.scalars(
            select(Task).where(Task.expected_completion_time > 5).order_by(Task.expected_completion_time)
        )
        return minutes(task.expected_completion_time) > 30
    """
)


def ref(
    snippet: str,
    kind: ReferenceKind,
    confidence: Confidence = Confidence.CERTAIN,
    source: str = SOURCE,
) -> Reference:
    line, col = at(source, snippet)
    return Reference("app/uses.py", line, col, kind, confidence, "CR103", "use")


REFS = [
    ref('^"expected_completion_time": task', K.STRING),
    ref('": task.^expected_completion_time}', K.INSTANCE_ATTRIBUTE),
    ref("    task.^expected_completion_time =", K.INSTANCE_ATTRIBUTE),
    ref("= task.^expected_completion_time + 5", K.INSTANCE_ATTRIBUTE),
    ref("where(Task.^expected_completion_time", K.CLASS_ATTRIBUTE),
    ref("order_by(Task.^expected_completion_time", K.CLASS_ATTRIBUTE),
    ref("minutes(task.^expected_completion_time", K.INSTANCE_ATTRIBUTE),
]


def plan(source: str, refs: list[Reference], **options: bool) -> FilePlan:
    return plan_module(cst.parse_module(source), refs, column=COLUMN, **options)


def test_references_in_one_unit_are_one_edit() -> None:
    planned = plan(SOURCE, REFS)
    by_codemod = {(e.codemod, len(e.references)) for e in planned.edits}
    assert (RemoveDictEntry, 2) in by_codemod
    assert (RemoveAssignment, 2) in by_codemod
    assert [e.codemod for e in planned.edits].count(RemoveQueryTerm) == 1
    assert planned.removed == tuple(sorted([*REFS[:4], REFS[5]]))


def test_edits_run_from_the_last_unit_to_the_first_marks_after_removals_inside() -> None:
    planned = plan(SOURCE, REFS)
    anchors = [e.anchor for e in planned.edits]
    assert anchors == sorted(anchors, reverse=True)
    assert planned.edits[0].codemod is MarkManual


def test_what_is_left_for_a_person_says_why() -> None:
    planned = plan(SOURCE, REFS)
    assert [(m.reference, m.reason, m.marked) for m in planned.manual] == [
        (REFS[4], "a condition of a query: removing it would change which rows it reads", True),
        (REFS[6], "passed to a function", True),
    ]


def test_a_removed_order_by_term_is_reported_as_a_change_of_order() -> None:
    planned = plan(SOURCE, REFS)
    line, col = REFS[5].line, REFS[5].col
    assert Note(
        line, col, "CR103 removed from an order_by: the rows may come in another order"
    ) in (planned.notes)


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("return task.expected_completion_time * 60", "used in arithmetic"),
        ("return -task.expected_completion_time", "used in arithmetic"),
        ("return task.eta or task.expected_completion_time", "used in an and/or expression"),
        ("return task.expected_completion_time > 5", "compared"),
        ("if not task.expected_completion_time:\n        return 1", "used in a condition"),
        ("if task.expected_completion_time > 5:\n        return 1", "used in a condition"),
        ("while task.expected_completion_time:\n        break", "used in a condition"),
        ("return 1 if task.expected_completion_time else 2", "used in a condition"),
        ("return not task.expected_completion_time", "negated"),
        ("return [t for t in task.items if task.expected_completion_time]", "used in a condition"),
        (
            "return [task.expected_completion_time for _ in range(3)]",
            "collected by a comprehension",
        ),
        ("total += task.expected_completion_time", "used in arithmetic"),
        ("return {task.expected_completion_time: 1}", "used as a dict key"),
        ('return {"late": task.expected_completion_time}', "put in a dict under another key"),
        ("return [task.expected_completion_time]", "collected in a list, tuple or set"),
        ("return LATE[task.expected_completion_time]", "used as a key or index"),
        ("other.eta = task.expected_completion_time", "copied to another object"),
        ("yield task.expected_completion_time", "yielded"),
        ("task.expected_completion_time", "read as a statement of its own"),
        ("for minute in task.expected_completion_time:\n        pass", "iterated over"),
        ("return minutes(task.expected_completion_time)", "passed to a function"),
        ("return task.expected_completion_time", "returned"),
        ("late = task.expected_completion_time", "assigned to a variable"),
        ("if task.expected_completion_time:\n        return 1", "used in a condition"),
        ('return f"{task.expected_completion_time} min"', "formatted into a string"),
        ("return task.expected_completion_time.bit_length()", "used as an object"),
    ],
)
def test_each_use_left_for_a_person_says_how_it_is_used(statement: str, reason: str) -> None:
    source = f"def late(task: Task):\n    {statement}\n"
    use = ref("task.^expected_completion_time", K.INSTANCE_ATTRIBUTE, source=source)
    planned = plan(source, [use])
    assert [(m.reason, m.marked) for m in planned.manual] == [(reason, True)]


def test_likely_references_are_listed_not_touched_unless_asked() -> None:
    likely = ref("order_by(Task.^expected_completion_time", K.CLASS_ATTRIBUTE, Confidence.LIKELY)
    listed = plan(SOURCE, [likely])
    assert listed.edits == ()
    assert listed.manual[0].reason == "likely, not certain: --include-likely rewrites it"
    assert not listed.manual[0].marked
    taken = plan(SOURCE, [likely], include_likely=True)
    assert [e.codemod for e in taken.edits] == [RemoveQueryTerm]


def test_the_whole_file() -> None:
    module = cst.parse_module(SOURCE)
    context = CodemodContext(full_module_name="app.uses", full_package_name="app")
    result, missed = apply_plan(module, plan(SOURCE, REFS), context)
    assert missed == ()
    assert result.code == code(
        """
        from app.eta import minutes


        def serialize(task: Task) -> dict:
            return {"id": task.id}


        def late(session, task: Task) -> bool:
            # colretire: uses tasks.expected_completion_time; remove by hand
            rows = session.scalars(
                select(Task).where(Task.expected_completion_time > 5)
            )
            # colretire: uses tasks.expected_completion_time; remove by hand
            return minutes(task.expected_completion_time) > 30
        """
    )


def test_a_reference_where_no_code_starts_is_reported_not_guessed() -> None:
    stray = Reference("app/uses.py", 2, 40, K.CLASS_ATTRIBUTE, Confidence.CERTAIN, "CR102", "x")
    planned = plan(SOURCE, [stray])
    assert planned.edits == ()
    assert planned.manual[0].reason == "no code starts at this position"


def test_migrations_are_never_rewritten() -> None:
    migration = ref("where(Task.^expected_completion_time", K.MIGRATION)
    planned = plan(SOURCE, [migration])
    assert planned.edits == () and planned.manual == ()


def test_a_mark_above_decorators_does_not_move_a_removal_inside_them() -> None:
    source = code(
        """
        @app.get("/x", openapi_extra={"id": 1, "expected_completion_time": 2})
        @cached(key=lambda task: task.expected_completion_time * 2)
        def view(task: Task):
            return task.id
        """
    )
    refs = [
        ref('^"expected_completion_time": 2', K.STRING, source=source),
        ref("task: task.^expected_completion_time", K.INSTANCE_ATTRIBUTE, source=source),
    ]
    module = cst.parse_module(source)
    result, missed = apply_plan(module, plan(source, refs), CodemodContext())
    assert missed == ()
    assert result.code == code(
        """
        # colretire: uses tasks.expected_completion_time; remove by hand
        @app.get("/x", openapi_extra={"id": 1})
        @cached(key=lambda task: task.expected_completion_time * 2)
        def view(task: Task):
            return task.id
        """
    )


def test_a_word_inside_multi_line_sql_marks_the_statement_holding_the_string() -> None:
    """The finder places a raw SQL reference at the word inside the string, where no node
    starts: the statement that holds the string is marked."""
    source = code(
        '''
        def upgrade(engine):
            engine.execute(
                """
                ALTER TABLE tasks
                    DROP COLUMN expected_completion_time;
                """
            )
        '''
    )
    sql = ref("DROP COLUMN ^expected_completion_time", K.RAW_SQL, source=source)
    module = cst.parse_module(source)
    planned = plan(source, [sql])
    assert [(m.reason, m.marked) for m in planned.manual] == [("named in raw SQL", True)]
    result, missed = apply_plan(module, planned, CodemodContext())
    assert missed == ()
    assert result.code.splitlines()[1:3] == [
        "    # colretire: uses tasks.expected_completion_time; remove by hand",
        "    engine.execute(",
    ]
