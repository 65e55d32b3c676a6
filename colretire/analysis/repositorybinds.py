"""Whether code other than a repository's ``__init__`` may give its model or schema attribute
a value (:mod:`~colretire.analysis.repositories`): a binding of an attribute of that name,
or a binding by a computed name, in a file that names it."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping

from colretire.analysis.exclusive import parsed
from colretire.analysis.repositories import ValidatedPair


def rebound(
    pairs: Mapping[str, ValidatedPair], files: Iterable[str], read: Callable[[str], bytes]
) -> set[str]:
    """The repository classes (of ``pairs``, by name) whose model or schema attribute the
    code of ``files`` (every file that names one) binds or deletes more than once in all
    (the ``__init__``'s own binding is one), or may bind by a computed name (``setattr``,
    ``__dict__``, ``vars()`` in a file that names it); a file that does not parse may do
    anything."""
    counts: dict[str, int] = {}
    unseen: set[str] = set()
    wanted = {attr for pair in pairs.values() for attr in pair.attrs}
    for rel in files:
        data = read(rel)
        tree = parsed(rel, data)
        if tree is None or _COMPUTED.search(data):
            unseen |= {a for a in wanted if re.search(rb"\b" + a.encode() + rb"\b", data)}
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in wanted
                and not isinstance(node.ctx, ast.Load)
            ):
                counts[node.attr] = counts.get(node.attr, 0) + 1
    return {
        name
        for name, pair in pairs.items()
        if any(counts.get(a, 0) != 1 or a in unseen for a in pair.attrs)
    }


#: code that binds attributes by a computed name
_COMPUTED = re.compile(rb"\bsetattr\s*\(|\b__dict__\b|\bvars\s*\(")
