from __future__ import annotations

from colretire.codemods.declaration import RemoveDeclaration
from tests.codemods.helpers import assert_codemod, run

MODEL = """
    from sqlalchemy import Integer, String
    from sqlalchemy.orm import Mapped, mapped_column


    class Task(Base):
        __tablename__ = "tasks"

        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        # minutes the task should take
        expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)  # eta
        title: Mapped[str] = mapped_column(String(200))
"""


def test_the_mapped_attribute_goes_with_its_comments() -> None:
    assert_codemod(
        RemoveDeclaration,
        MODEL,
        """
        from sqlalchemy import Integer, String
        from sqlalchemy.orm import Mapped, mapped_column


        class Task(Base):
            __tablename__ = "tasks"

            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            title: Mapped[str] = mapped_column(String(200))
        """,
        "^expected_completion_time: Mapped",
    )


def test_a_same_named_attribute_of_another_model_stays() -> None:
    before = (
        MODEL
        + """
    class Project(Base):
        __tablename__ = "projects"

        expected_completion_time: Mapped[int | None] = mapped_column(Integer)
    """
    )
    result, _ = run(RemoveDeclaration, before, ["^expected_completion_time: Mapped"])
    assert "class Project(Base):" in result
    assert result.count("expected_completion_time") == 1


def test_nothing_changes_at_a_position_that_is_not_a_declaration() -> None:
    assert_codemod(RemoveDeclaration, MODEL, MODEL, "^Integer, primary_key")


def test_blank_lines_around_the_attribute_are_not_doubled_or_lost() -> None:
    assert_codemod(
        RemoveDeclaration,
        """
        class Task(Base):
            id = Column(Integer, primary_key=True)

            expected_completion_time = Column(Integer, nullable=True)

            title = Column(String(200))
        """,
        """
        class Task(Base):
            id = Column(Integer, primary_key=True)

            title = Column(String(200))
        """,
        "^expected_completion_time = ",
    )


def test_a_classic_column_and_its_now_unused_import() -> None:
    assert_codemod(
        RemoveDeclaration,
        """
        from sqlalchemy import Column, Integer, Numeric


        class Task(Base):
            __tablename__ = "tasks"
            id = Column(Integer, primary_key=True)
            fee = Column(Numeric(10, 2), nullable=True)
        """,
        """
        from sqlalchemy import Column, Integer


        class Task(Base):
            __tablename__ = "tasks"
            id = Column(Integer, primary_key=True)
        """,
        "^fee = ",
    )


def test_an_imperative_table_column() -> None:
    assert_codemod(
        RemoveDeclaration,
        """
        tasks = Table(
            "tasks",
            metadata,
            Column("id", Integer, primary_key=True),
            Column("expected_completion_time", Integer, nullable=True),
        )
        """,
        """
        tasks = Table(
            "tasks",
            metadata,
            Column("id", Integer, primary_key=True),
        )
        """,
        '^Column("expected_completion_time"',
    )


def test_a_mixin_declared_attr() -> None:
    assert_codemod(
        RemoveDeclaration,
        """
        class Timed:
            @declared_attr
            def expected_completion_time(cls) -> Mapped[int | None]:
                return mapped_column(Integer)

            @declared_attr.directive
            def started(cls) -> Mapped[int]:
                return mapped_column(Integer)
        """,
        """
        class Timed:
            @declared_attr.directive
            def started(cls) -> Mapped[int]:
                return mapped_column(Integer)
        """,
        "def ^expected_completion_time",
    )


def test_a_relationship_declaration() -> None:
    assert_codemod(
        RemoveDeclaration,
        """
        class Case(Base):
            source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
            source: Mapped[Source | None] = relationship()
            title: Mapped[str]
        """,
        """
        class Case(Base):
            source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
            title: Mapped[str]
        """,
        "^source: Mapped",
    )


def test_a_class_left_empty_gets_pass() -> None:
    assert_codemod(
        RemoveDeclaration,
        """
        class EtaMixin:
            expected_completion_time: Mapped[int | None] = mapped_column(Integer)
        """,
        """
        class EtaMixin:
            pass
        """,
        "^expected_completion_time",
    )
