"""A table only the ORM reaches: the association table of a many-to-many relationship.

``users_to_favorites = Table("users_to_favorites", Base.metadata, Column("user_id", ...),
Column("recipe_id", ...))`` maps to no class. When the project's code never names the table
but to define it and to give it as ``secondary=`` to relationships, no code of the project
ever holds one of its rows: only SQLAlchemy reads and writes them, through those
relationships. Then a ``user_id`` anywhere else (a schema's field, a keyword, ``comment.
user_id``) is not this table's column; where other tables have a column of that name, it is
one of theirs, an ``other-table`` exclusion. The relationships' own names stay what they
are: reads of them are references.

The claim rests on every word of the table's name (and of the variable it is bound to) in
the scanned files that are not migrations; one that is not its definition, a ``secondary=``
of a ``relationship(...)``,
an import of it under its own name or an ``__all__`` entry (a ``.c`` column, a ``select``, a
string of SQL, a ``ForeignKey("users_to_favorites.user_id")``, an import under another
name) means code may hold its rows, and nothing is claimed. So does a file that does not
parse, and so does code that may hold the table without its name: that takes it from a
relationship (``User.favorite_recipes.property.secondary``, by any spelling) or walks or
looks up the metadata's tables (``metadata.sorted_tables``, ``metadata.tables[name]``).
Even then, the rule only excludes occurrences whose object is known (a schema's field, a
keyword of a known class, a parameter): an attribute or key of an object of unknown type,
or a string, may be a row's, and stays unexplained.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable

from colretire.analysis.exclusive import parsed
from colretire.analysis.facts import last_name


def reached_only_as_secondary(
    table: str,
    variables: frozenset[str],
    files: Iterable[str],
    read: Callable[[str], bytes],
) -> tuple[str, ...] | None:
    """The files that give ``table`` as ``secondary=`` when every other word of its name
    (``table``, or one of the ``variables`` its ``Table`` is bound to) in ``files`` is its
    definition, an import of it or an ``__all__`` entry; otherwise ``None``. ``files`` are
    the non-migration files that contain one of those words."""
    words = {table, *variables}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words))) + r")(?!\w)")
    secondary: list[str] = []
    for rel in files:
        tree = parsed(rel, read(rel))
        if tree is None:
            return None  # it may read the table, for all a reading can tell
        allowed, secondaries = _allowed(tree, table, words)
        given = False
        for node in ast.walk(tree):
            if isinstance(node, ast.alias) and node.asname and node.name.split(".")[-1] in words:
                return None  # bound under another name, whose uses no word search sees
            if _spelling(node, words, pattern):
                if id(node) not in allowed:
                    return None
                given = given or id(node) in secondaries
        if given:
            secondary.append(rel)
    return tuple(secondary) if secondary else None


def _spelling(node: ast.AST, words: set[str], pattern: re.Pattern[str]) -> bool:
    """Whether ``node`` spells one of ``words``: a name, an attribute, a string holding it
    as a word (SQL, a dotted ``ForeignKey`` target)."""
    if isinstance(node, ast.Name):
        return node.id in words
    if isinstance(node, ast.Attribute):
        return node.attr in words
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return pattern.search(node.value) is not None
    return False


def _allowed(tree: ast.Module, table: str, words: set[str]) -> tuple[set[int], set[int]]:
    """The ids of the nodes that spell the table's words without reading its rows, and of
    those among them that give it as a relationship's ``secondary=``."""
    allowed: set[int] = set()
    secondaries: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _defines(node.value, table):
            allowed.update(id(t) for t in node.targets if isinstance(t, ast.Name) and t.id in words)
        elif isinstance(node, ast.Call) and _defines(node, table):
            allowed.add(id(node.args[0]))  # the name given to Table(...)
        elif isinstance(node, ast.Call) and last_name(node.func) in _RELATIONSHIPS:
            for item in node.keywords:
                value = item.value
                if item.arg == "secondary" and (
                    isinstance(value, ast.Name | ast.Attribute)
                    or (isinstance(value, ast.Constant) and value.value == table)
                ):
                    secondaries.add(id(value))
        elif (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            allowed.update(id(e) for e in node.value.elts if isinstance(e, ast.Constant))
    return allowed | secondaries, secondaries


#: the calls whose ``secondary=`` is a relationship's association table
_RELATIONSHIPS = frozenset({"relationship", "relation"})


def _defines(value: ast.expr, table: str) -> bool:
    return (
        isinstance(value, ast.Call)
        and last_name(value.func) == "Table"
        and bool(value.args)
        and isinstance(value.args[0], ast.Constant)
        and value.args[0].value == table
    )


#: Code that may hold a table without spelling its name: a relationship's ``secondary``
#: read by any spelling, the metadata's tables walked or looked up.
_UNNAMED_TABLES = re.compile(rb"\.secondary\b|[\"']secondary[\"']|\.sorted_tables\b|\.tables\b")
#: the words whose files :func:`holds_tables_unnamed` reads
UNNAMED_WORDS = ("secondary", "sorted_tables", "tables")


def holds_tables_unnamed(files: Iterable[str], read: Callable[[str], bytes]) -> bool:
    """Whether code may hold the association table without its name: through the
    relationship (``User.favorite_recipes.property.secondary``, ``getattr(prop,
    "secondary")``) or the metadata (``for table in Base.metadata.sorted_tables``,
    ``metadata.tables[name]``), whose rows and ``.c`` columns no word search ties to it."""
    return any(_UNNAMED_TABLES.search(read(rel)) for rel in files)
