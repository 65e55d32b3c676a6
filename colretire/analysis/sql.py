"""Raw SQL in string literals: does it name the column, and of which table?

No SQL parser: a regular expression finds the tables a statement names (after ``FROM``,
``JOIN``, ``UPDATE``, ``INTO``, ``TABLE``). The column of our table is named ``certain`` when
the statement names our table, ``likely`` when it names no table at all (a fragment such as
``"expected_completion_time IS NULL"``), and not at all when it names only other tables.
"""

from __future__ import annotations

import re
from functools import lru_cache

from colretire.model import Confidence

_STATEMENT = re.compile(
    r"\bselect\b.+\bfrom\b|\bupdate\s+\S+\s+set\b|\binsert\s+into\b|\bdelete\s+from\b"
    r"|\balter\s+table\b|\bcreate\s+(?:unique\s+)?(?:table|index|view)\b|\bdrop\s+column\b",
    re.IGNORECASE | re.DOTALL,
)
_TABLES = re.compile(
    r"\b(?:from|join|update|into|table|only)\s+(?:if\s+(?:not\s+)?exists\s+)?([\w.\"`\[\]]+)",
    re.IGNORECASE,
)


_NOT_ALIAS = (
    "where|on|join|left|right|inner|outer|full|cross|set|values|group|order|limit|using"
    "|natural|select|returning|having|union|default|as"
)
_ALIASED = re.compile(
    rf"\b(?:from|join|update|into)\s+([\w.\"`\[\]]+)(?:\s+(?:as\s+)?(?!(?:{_NOT_ALIAS})\b)(\w+))?",
    re.IGNORECASE,
)


def looks_like_sql(text: str) -> bool:
    """Whether ``text`` reads as an SQL statement (not merely contains an SQL word)."""
    return _STATEMENT.search(text) is not None


@lru_cache(maxsize=256)
def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w$])", re.IGNORECASE)


def tables_named(text: str) -> set[str]:
    """The tables a statement names, lower-cased, without schema or quotes."""
    return {m.strip('"`[]').rpartition(".")[2].strip('"`[]').lower() for m in _TABLES.findall(text)}


def names_word(text: str, name: str) -> bool:
    """Whether ``name`` occurs in ``text`` as a whole SQL identifier (any case)."""
    return _word(name).search(text) is not None


def _aliases(text: str) -> dict[str, str]:
    """``FROM orders o JOIN organizations AS g``: ``{"o": "orders", "g": "organizations"}``."""
    found = {}
    for table, alias in _ALIASED.findall(text):
        name = table.strip('"`[]').rpartition(".")[2].strip('"`[]').lower()
        found[name] = name
        if alias:
            found[alias.lower()] = name
    return found


def mentions(text: str, table: str, column: str) -> Confidence | None:
    """How surely the SQL ``text`` names ``table.column`` (see the module docstring). Where
    every occurrence is qualified (``o.col``), the qualifiers decide through the aliases."""
    if not names_word(text, column):
        return None
    table = table.lower()
    qualifiers = [q.strip('"`').lower() for q in _qualified(column).findall(text)]
    if qualifiers and len(qualifiers) == len(_word(column).findall(text)):
        aliases = _aliases(text)
        owners = {aliases.get(q, q) for q in qualifiers}
        return Confidence.CERTAIN if table in owners else None
    tables = tables_named(text)
    if table in tables:
        return Confidence.CERTAIN
    return None if tables else Confidence.LIKELY


@lru_cache(maxsize=256)
def _qualified(name: str) -> re.Pattern[str]:
    return re.compile(rf"([\w\"`]+)\s*\.\s*{re.escape(name)}(?![\w$])", re.IGNORECASE)
