from __future__ import annotations

from colretire.codemods.mark_deferred import MarkDeferred
from tests.codemods.helpers import assert_codemod, run

NOTE = "# colretire: deprecated, see state/columns.toml"


def test_mapped_column_gets_deferred_and_the_note() -> None:
    assert_codemod(
        MarkDeferred,
        """
        class Task(Base):
            id: Mapped[int] = mapped_column(primary_key=True)
            expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
        """,
        f"""
        class Task(Base):
            id: Mapped[int] = mapped_column(primary_key=True)
            {NOTE}
            expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True, deferred=True)
        """,
        "^expected_completion_time",
    )


def test_one_argument_per_line_stays_so() -> None:
    assert_codemod(
        MarkDeferred,
        """
        class Task(Base):
            expected_completion_time: Mapped[int | None] = mapped_column(
                Integer,
                nullable=True,
            )
        """,
        f"""
        class Task(Base):
            {NOTE}
            expected_completion_time: Mapped[int | None] = mapped_column(
                Integer,
                nullable=True,
                deferred=True,
            )
        """,
        "^expected_completion_time",
    )


def test_a_classic_column_is_wrapped_and_deferred_imported() -> None:
    assert_codemod(
        MarkDeferred,
        """
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import declarative_base


        class Task(Base):
            eta = Column("expected_completion_time", Integer)
        """,
        f"""
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import declarative_base, deferred


        class Task(Base):
            {NOTE}
            eta = deferred(Column("expected_completion_time", Integer))
        """,
        "^eta =",
    )


def test_marking_twice_changes_nothing() -> None:
    before = """
        class Task(Base):
            expected_completion_time: Mapped[int | None] = mapped_column(deferred=False)
            fee = Column(Numeric)
    """
    once, _ = run(MarkDeferred, before, ["^expected_completion_time", "^fee"])
    twice, _ = run(MarkDeferred, once, ["^expected_completion_time", "^fee"])
    assert twice == once
    assert "mapped_column(deferred=True)" in once
    assert "fee = deferred(Column(Numeric))" in once


def test_a_custom_note() -> None:
    result, _ = run(
        MarkDeferred,
        "class Task(Base):\n    eta: Mapped[int] = mapped_column()\n",
        ["^eta"],
        note="colretire: deprecated, see db/retire.toml",
    )
    assert "    # colretire: deprecated, see db/retire.toml\n    eta" in result


def test_a_sqlmodel_field_gets_the_note_and_a_warning() -> None:
    result, context = run(
        MarkDeferred,
        "class Task(SQLModel, table=True):\n    eta: int | None = Field(default=None)\n",
        ["^eta"],
    )
    assert (
        result
        == f"class Task(SQLModel, table=True):\n    {NOTE}\n    eta: int | None = Field(default=None)\n"
    )
    assert context.warnings == [
        "Field(...) cannot be deferred: only the comment was added; defer the column where "
        "the class is mapped"
    ]


def test_nothing_changes_for_a_position_that_is_not_a_declaration() -> None:
    before = """
        def eta(task):
            return task.expected_completion_time
    """
    assert_codemod(MarkDeferred, before, before, "task.^expected_completion_time")
