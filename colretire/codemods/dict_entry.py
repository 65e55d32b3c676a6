"""Remove a dictionary entry for the column from a payload.

    return {"id": task.id, "expected_completion_time": task.expected_completion_time}
        ->  return {"id": task.id}
    session.execute(update(Task).values({"title": t, "expected_completion_time": 0}))
        ->  session.execute(update(Task).values({"title": t}))

The entry goes when its key is the reference (a string naming the column), or when its key
is the column's attribute name and its value reads it (``"eta": minutes(task.eta)``). A read
put under another key (``{"late": task.eta}``) flows on to whoever reads that key: it is
left for a person, as is the only entry of ``.values({...})`` or ``.update({...})`` (a
statement without values).
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import Parents, ReferenceCodemod, ancestors, last_name
from colretire.codemods.edits import remove_items

STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


class RemoveDictEntry(ReferenceCodemod):
    """Reference positions: the key string, or the attribute name of the read."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, STRINGS):
            entry = parents.get(node)
            if not isinstance(entry, cst.DictElement) or entry.key is not node:
                return None
            return entry if not _only_value(entry, parents) else None
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
            if _key_is(node, name.value) and not _only_value(node, parents):
                return node
            return None
        if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement, cst.Lambda, cst.Dict)):
            return None
    return None


def _key_is(entry: cst.DictElement, text: str) -> bool:
    key = entry.key
    return isinstance(key, cst.SimpleString) and key.evaluated_value == text


#: Calls whose dict argument holds the values a statement sets, and must keep one.
VALUES = frozenset({"values", "update", "ordered_values"})


def _only_value(entry: cst.DictElement, parents: Parents) -> bool:
    """Whether ``entry`` is the only one of a dict passed to ``.values()``/``.update()``."""
    mapping = parents.get(entry)
    argument = parents.get(mapping) if mapping is not None else None
    call = parents.get(argument) if argument is not None else None
    if not isinstance(mapping, cst.Dict) or len(mapping.elements) != 1:
        return False
    return isinstance(call, cst.Call) and last_name(call.func) in VALUES
