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


def mentions(text: str, table: str, column: str) -> Confidence | None:
    """How surely the SQL ``text`` names ``table.column`` (see the module docstring)."""
    if not names_word(text, column):
        return None
    tables = tables_named(text)
    if table.lower() in tables or _word(f"{table}.{column}").search(text):
        return Confidence.CERTAIN
    return None if tables else Confidence.LIKELY
