"""Which unexplained occurrences of a column's names could be a use of a definition.

The finder puts every word that spells one of the column's names in a tier: a reference, an
exclusion, or unexplained (``CR900``: it could not decide). An unexplained word is not a
reference, so no codemod touches it; but the rewrite must not take away what it may use.
Of the unexplained words, those in one of three forms could reach a model attribute or a
schema field of the same name through an object whose class the analysis could not decide:

- an attribute, read, written or deleted: ``self.get_metadata().component_spec_path``;
- a keyword argument of a call: ``build(component_spec_path=...)``, which may be the
  model's or the schema's constructor;
- a string key, exactly the name: an index ``row["component_spec_path"]``, a dict key
  ``{"component_spec_path": ...}`` (``Model(**payload)``), an argument of a call
  ``getattr(obj, "component_spec_path")``, ``data.get("component_spec_path")``.

Any other unexplained word cannot make Python look the attribute up, so it holds nothing
back: a function, parameter or class attribute of that name, a word inside longer text or
SQL, a name in a list or set of field names (``model_dump(exclude={"component_spec_path"})``
passes whether the field exists or not). A file that does not parse is not weighed here:
the scan reports it (``CR001``), and the rewrite keeps the model attribute for it already.

    readers = could_use(root, scan.unexplained)     # {"component_spec_path": (occurrence, ...)}
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from colretire.analysis.source import Source, decode
from colretire.model import Occurrence

Position = tuple[int, int]


def could_use(root: Path, unexplained: Iterable[Occurrence]) -> dict[str, tuple[Occurrence, ...]]:
    """The unexplained occurrences under ``root`` that could be an attribute, keyword or
    string use of a definition, by the name they spell; each file is parsed once."""
    by_path: dict[str, list[Occurrence]] = {}
    for occurrence in unexplained:
        by_path.setdefault(occurrence.path, []).append(occurrence)
    found: dict[str, list[Occurrence]] = {}
    for path, occurrences in sorted(by_path.items()):
        forms = use_positions(root / path)
        for occurrence in sorted(occurrences):
            if forms is not None and (occurrence.line, occurrence.col) in forms:
                found.setdefault(occurrence.name, []).append(occurrence)
    return {name: tuple(found[name]) for name in sorted(found)}


def use_positions(location: Path) -> set[Position] | None:
    """The 1-based positions in the file of every attribute name, keyword argument name,
    and word of a string key that is a single identifier (an index, a dict key, a call's
    argument); ``None`` when the file cannot be read or parsed."""
    try:
        text = decode(location.read_bytes())
        tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return positions_in(Source(str(location), text, tree))


def positions_in(source: Source) -> set[Position]:
    """See :func:`use_positions`."""
    found: set[Position] = set()
    keys: list[ast.expr | None] = []
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Attribute):
            found.add(source.attr_start(node))
        elif isinstance(node, ast.keyword) and node.arg is not None:
            found.add(source.start(node))
        elif isinstance(node, ast.Subscript):
            keys.append(node.slice)
        elif isinstance(node, ast.Dict):
            keys += node.keys
        elif isinstance(node, ast.Call):
            keys += node.args
    for key in keys:
        if (
            isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and key.value.isidentifier()
            and key.lineno == key.end_lineno
        ):
            found.update(_word_in_string(source, key))
    return found


def _word_in_string(source: Source, node: ast.Constant) -> list[Position]:
    """The position of the string's only word in its literal (after the prefix and the
    quotes); none when the literal spells it otherwise (escapes, implicit concatenation)."""
    line = node.lineno
    text = source.line_text(line)
    start = source.column(line, node.col_offset) - 1
    end = source.column(line, node.end_col_offset or 0) - 1
    literal = text[start:end]
    index = literal.find(str(node.value))
    if index < 0 or literal.count(str(node.value)) != 1:
        return []
    return [(line, start + index + 1)]
