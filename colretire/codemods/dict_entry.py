"""Remove a dictionary entry for the column from a payload.

    return {"id": task.id, "expected_completion_time": task.expected_completion_time}
        ->  return {"id": task.id}

The entry goes when its key is the reference (a string naming the column), when its value
is exactly the read of the column, or when its key is the column's attribute name and its
value reads it (``"eta": minutes(task.eta)``).
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import Parents, ReferenceCodemod, ancestors
from colretire.codemods.edits import remove_items

STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


class RemoveDictEntry(ReferenceCodemod):
    """Reference positions: the key string, or the attribute name of the read."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, STRINGS):
            entry = parents.get(node)
            return entry if isinstance(entry, cst.DictElement) and entry.key is node else None
        if isinstance(node, cst.Name):
            return _entry_of_read(node, parents)
        return None

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict) -> cst.Dict:
        if not any(entry in self.units for entry in original_node.elements):
            return updated_node
        elements = remove_items(
            updated_node.elements, lambda i: original_node.elements[i] in self.units
        )
        if elements:
            return updated_node.with_changes(elements=elements)
        return updated_node.with_changes(
            elements=[],
            lbrace=cst.LeftCurlyBrace(),
            rbrace=cst.RightCurlyBrace(),
        )


def _entry_of_read(name: cst.Name, parents: Parents) -> cst.CSTNode | None:
    read = parents.get(name)
    if not isinstance(read, cst.Attribute) or read.attr is not name:
        return None
    for node in ancestors(read, parents):
        if isinstance(node, cst.DictElement):
            if node.value is read or _key_is(node, name.value):
                return node
            return None
        if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement, cst.Lambda, cst.Dict)):
            return None
    return None


def _key_is(entry: cst.DictElement, text: str) -> bool:
    key = entry.key
    return isinstance(key, cst.SimpleString) and key.evaluated_value == text
