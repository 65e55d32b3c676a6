"""Mark a use that cannot be removed mechanically, for a person to remove.

    total = task.expected_completion_time * 60
        ->
    # colretire: uses tasks.expected_completion_time; remove by hand
    total = task.expected_completion_time * 60

The code stays as it is. The comment goes on the line above the statement that holds the
use, once per statement and once only: a second run finds it and adds nothing. A statement
can get several comments (a use and a write held back), all in one edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, TypeVar, cast

import libcst as cst
from libcst.codemod import CodemodContext

from colretire.codemods.base import Parents, Position, ReferenceCodemod, enclosing_statement
from colretire.codemods.edits import add_comment_above

Node = TypeVar("Node", bound=cst.CSTNode)
STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
BLOCKS = (cst.Module, cst.IndentedBlock, cst.BaseSuite)


def manual_note(column: str) -> str:
    """The comment above a use left for a person."""
    return f"colretire: uses {column}; remove by hand"


def emptied_note(column: str) -> str:
    """The comment above a statement whose block the removal of ``column``'s uses empties."""
    return f"colretire: empty once the uses of {column} went; remove by hand"


def held_note(column: str) -> str:
    """The comment above a model attribute kept while uses of it are left for a person."""
    return f"colretire: remove {column} once the uses marked for a person are gone"


def unexplained_note(column: str, name: str) -> str:
    """The comment above a definition kept while code the analysis could not judge may use
    it (an unexplained occurrence of its name)."""
    return f"colretire: remove {column} once the unexplained uses of {name} are judged"


class MarkManual(ReferenceCodemod):
    """Reference positions: anywhere in the statement to mark (its start, or the use)."""

    REMOVES: ClassVar[bool] = False

    def __init__(
        self, context: CodemodContext, positions: Iterable[Position], notes: Sequence[str]
    ) -> None:
        super().__init__(context, positions)
        self.notes = tuple(notes)

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, STATEMENTS):
            return node
        if isinstance(node, BLOCKS):
            return None
        return enclosing_statement(node, parents)

    def on_leave(self, original_node: Node, updated_node: Node) -> Node | cst.RemovalSentinel:
        result = super().on_leave(original_node, updated_node)
        if original_node in self.units and isinstance(result, STATEMENTS):
            for note in self.notes:
                result = add_comment_above(result, note)
            return cast(Node, result)
        return result
