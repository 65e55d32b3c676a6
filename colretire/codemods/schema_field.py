"""Remove a schema's field that mirrors the column.

    class TaskOut(BaseModel):
        model_config = ConfigDict(from_attributes=True)
        id: int
        expected_completion_time: int | None = None     # removed

A pydantic or SQLModel field, with or without ``Field(...)``. A class left without a
statement gets ``pass``.
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import Parents, StatementRemover, class_attribute


class RemoveSchemaField(StatementRemover):
    """Reference positions: the field's name in the class body."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        return class_attribute(node, parents) if isinstance(node, cst.Name) else None
