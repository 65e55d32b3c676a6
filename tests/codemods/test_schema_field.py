from __future__ import annotations

from colretire.codemods.schema_field import RemoveSchemaField
from tests.codemods.helpers import assert_codemod


def test_a_field_with_field_and_its_import() -> None:
    assert_codemod(
        RemoveSchemaField,
        """
        from pydantic import BaseModel, ConfigDict, Field


        class TaskOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)

            id: int
            expected_completion_time: int | None = Field(
                default=None,
                description="minutes",
            )
            title: str
        """,
        """
        from pydantic import BaseModel, ConfigDict


        class TaskOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)

            id: int
            title: str
        """,
        "^expected_completion_time: int",
    )


def test_a_same_named_field_of_another_schema_stays() -> None:
    before = """
        class TaskOut(BaseModel):
            expected_completion_time: int | None = None


        class ProjectOut(BaseModel):
            expected_completion_time: int | None = None
    """
    after = """
        class TaskOut(BaseModel):
            pass


        class ProjectOut(BaseModel):
            expected_completion_time: int | None = None
    """
    assert_codemod(RemoveSchemaField, before, after, "^expected_completion_time")


def test_nothing_changes_for_a_local_variable_of_that_name() -> None:
    before = """
        def eta(task):
            expected_completion_time = task.eta
            return expected_completion_time
    """
    assert_codemod(RemoveSchemaField, before, before, "^expected_completion_time =")


def test_the_last_field_keeps_the_comment_block_that_was_not_its_own() -> None:
    assert_codemod(
        RemoveSchemaField,
        """
        class TaskOut(BaseModel):
            id: int

            # timing
            started: int | None = None

            expected_completion_time: int | None = None
        """,
        """
        class TaskOut(BaseModel):
            id: int

            # timing
            started: int | None = None
        """,
        "^expected_completion_time",
    )
