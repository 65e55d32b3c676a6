"""Remove a string naming the column from a list of field names.

    FIELDS = ["id", "title", "expected_completion_time"]   ->  FIELDS = ["id", "title"]
    task.model_dump(exclude={"id", "expected_completion_time"})  ->  task.model_dump(exclude={"id"})
    task.model_dump(exclude={"expected_completion_time"})  ->  task.model_dump()

A list, tuple or set literal loses the element when others remain. A lone element goes with
its ``exclude=`` keyword (excluding a field that no longer exists excludes nothing); a lone
element anywhere else (``include={"col"}``, ``("col",)``) is left for a person, since an
empty list there means something else.
"""

from __future__ import annotations

from typing import TypeVar

import libcst as cst

from colretire.codemods.base import Parents, ReferenceCodemod
from colretire.codemods.dict_entry import STRINGS
from colretire.codemods.edits import remove_items, without_args

SEQUENCES = (cst.List, cst.Tuple, cst.Set)
_Sequence = TypeVar("_Sequence", cst.List, cst.Set, cst.Tuple)
DROPPED_WITH_LAST = frozenset({"exclude"})


class RemoveStringItem(ReferenceCodemod):
    """Reference positions: the start of the string."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        element = parents.get(node)
        if not isinstance(node, STRINGS) or not isinstance(element, cst.Element):
            return None
        sequence = parents.get(element)
        if not isinstance(sequence, SEQUENCES):
            return None
        if len(sequence.elements) > 1:
            return element
        argument = parents.get(sequence)
        if isinstance(argument, cst.Arg) and argument.value is sequence and argument.keyword:
            return argument if argument.keyword.value in DROPPED_WITH_LAST else None
        return None

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.List:
        return self._without(original_node, updated_node)

    def leave_Set(self, original_node: cst.Set, updated_node: cst.Set) -> cst.Set:
        return self._without(original_node, updated_node)

    def leave_Tuple(self, original_node: cst.Tuple, updated_node: cst.Tuple) -> cst.Tuple:
        updated = self._without(original_node, updated_node)
        if len(updated.elements) == 1 and not isinstance(updated.elements[0].comma, cst.Comma):
            return updated.with_changes(  # ("a",) keeps its comma, or it is no tuple
                elements=[updated.elements[0].with_changes(comma=cst.Comma())]
            )
        return updated

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not any(arg in self.units for arg in original_node.args):
            return updated_node
        return without_args(updated_node, lambda i: original_node.args[i] in self.units)

    def _without(self, original: _Sequence, updated: _Sequence) -> _Sequence:
        if not any(element in self.units for element in original.elements):
            return updated
        elements = remove_items(updated.elements, lambda i: original.elements[i] in self.units)
        return updated.with_changes(elements=elements)
