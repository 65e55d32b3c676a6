"""What the SQL reader says about one word of SQL text that spells a column's name: plain
values, no parser (:func:`colretire.sql.refs.mentions` makes them), so that holding one, or
judging a string that is not SQL at all, never loads sqlglot. The columns
:func:`colretire.sql.refs.column_refs` finds (:class:`ColumnUse`) are plain values too."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from colretire.sql import words

#: The name given to a part of an assembled text whose value is not known (a variable
#: formatted into it); a table of that name is unknown, so a column on it is undecided.
HOLE = "colretire_hole_"


#: how the detail of a word that names a table in SQL begins (see
#: :func:`colretire.sql.columns._names_table`)
TABLE_NAME = "the name of the table"


@dataclass(frozen=True)
class ColumnUse:
    """One column named in SQL: ``table`` resolved (``None`` when ambiguous or derived),
    ``offset`` of the column's name in the text given to
    :func:`~colretire.sql.refs.column_refs`."""

    table: str | None
    column: str
    offset: int
    candidates: tuple[str, ...] = ()
    schema: str | None = None


def hole(number: int) -> str:
    """The ``number``-th unknown part of an assembled text, as an identifier."""
    return f"{HOLE}{number}"


class Reading(str, enum.Enum):
    """How a word of SQL text that spells a column's name relates to one table's column."""

    #: Qualified by the table or by an alias of it, or unqualified in a statement (or a
    #: query of it) whose only table is this one: a use of the column.
    CERTAIN = "certain"
    #: Unqualified, in a query that reads the table among others.
    LIKELY = "likely"
    #: A part of a statement (a condition, a clause, a select list), not a statement: its
    #: table is in the text it is put into (``" OR status LIKE :p"``, ``"status = :s"``).
    FRAGMENT = "fragment"
    #: Another table's column (``tables`` names them: ``a.status`` of ``agents AS a``), or
    #: not SQL at all (``tables`` is empty: prose, such as ``"The status is unknown."``).
    OTHER = "other"
    #: The name of a bind parameter (``:status``, ``%(status)s``, ``@status``), not a column.
    PARAMETER = "parameter"
    #: SQL whose reading does not decide: a table formatted into it, an output alias, a
    #: literal value, a qualifier the statement does not define, text that does not parse.
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Mention:
    """One word of SQL text naming the column: its offset in the text, its 1-based line and
    column there, and how it relates to the table (``tables``: the other tables it belongs
    to, for :attr:`Reading.OTHER`; ``detail`` says what was read)."""

    offset: int
    line: int
    col: int
    confidence: Reading
    tables: tuple[str, ...] = ()
    detail: str = ""

    @property
    def prose(self) -> bool:
        return self.confidence is Reading.OTHER and not self.tables


PROSE = "prose, not SQL"
MEDIA_TYPE = "a media type, not SQL"
URL_PATH = "a URL's path, not SQL"
UNREADABLE = "text that may be SQL but does not parse"
FORMAT_KEY = "a key of the mapping the text is %-formatted with, in text that is not SQL"
#: a CSS class, a signal's or a tag's name, a command-line option, a header
#: (``"permission-full-access"``, ``"--job"``, ``"x-image-meta-is_public"``)
HYPHENED = "a name built with hyphens (a tag, an option, a header), not SQL"


def at(
    sql: str, offset: int, confidence: Reading, tables: tuple[str, ...] = (), detail: str = ""
) -> Mention:
    """The mention of the word at ``offset`` of ``sql``."""
    line = sql.count("\n", 0, offset) + 1
    col = offset - (sql.rfind("\n", 0, offset) + 1) + 1
    return Mention(offset, line, col, confidence, tables, detail)


def prose(sql: str, column: str) -> list[Mention] | None:
    """The mentions of ``column`` in ``sql`` when it cannot be SQL (all prose); ``None``
    when it may be SQL and must be parsed. The words in the path of a URL followed by a query
    (``/app/auth/user/search?namespace=tests``) are the route's, where the query names none
    of them: a query may filter or sort on the column (``?order_by=status``)."""
    path = words.url_path_end(sql)
    if path is not None:
        offsets = words.word_offsets(sql, column)
        if offsets and all(offset < path for offset in offsets):
            return [at(sql, o, Reading.OTHER, (), URL_PATH) for o in offsets]
    if words.may_be_sql(sql):
        return None
    detail = PROSE
    if words.is_media_type(sql):
        detail = MEDIA_TYPE
    elif words.is_url_path(sql):
        detail = URL_PATH
    elif words.hyphened_name(sql, column):
        detail = HYPHENED
    return [at(sql, o, Reading.OTHER, (), detail) for o in words.word_offsets(sql, column)]
