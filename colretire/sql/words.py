"""Cheap tests on a string before any SQL parser reads it: where it names a word, and whether
it may be SQL at all.

    >>> may_be_sql("UPDATE tasks SET status = :s"), may_be_sql(" OR status LIKE :p")
    (True, True)
    >>> may_be_sql("The status of the task is unknown."), may_be_sql("/tasks/status")
    (False, False)

A string may be SQL when it holds the words that shape a statement or a clause (``SELECT``,
``WHERE``, ``AND``...) or its operators and parameters (``=``, ``:name``, ``%s``, ``?``), or
is a qualified name alone (``t.status``), and is not prose: an English sentence uses words no statement does (``the``, ``you``,
``must``...), outside its quoted literals. This module imports the standard library only, so
that the finder can skip the parser for most strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Words without which a statement can neither remove nor rename anything: the guard parses
#: a statement (its wire) or reads a migration (its pre-check) only when one is there.
REMOVING = re.compile(
    r"\b(?:DROP|RENAME|REPLACE|CHANGE|EXECUTE|PREPARE|DO|CALL|SET\s+@|SET\s+SCHEMA)\b|/\*M?!",
    re.IGNORECASE,
)
#: Words that make a statement or one of its clauses.
_STRUCTURE = re.compile(
    r"\b(?:select|insert|update|delete|merge|replace|with|from|where|join|set|values|into"
    r"|group\s+by|order\s+by|partition\s+by|having|limit|offset|returning|union|except"
    r"|intersect|alter|create|drop|truncate|table|index|on|and|or|not|null|is|in|like|ilike"
    r"|between|exists|case|when|distinct|asc|desc|as|coalesce|count|sum|max|min)\b",
    re.IGNORECASE,
)
#: Operators, parameters and punctuation of SQL expressions.
_OPERATOR = re.compile(
    r"<>|!=|<=|>=|(?<![=<>!])=|[<>(),*]|\|\||::|(?<![\w:]):[A-Za-z_]\w*|%\(\w+\)s|%s\b|\?"
    r"|\$\d+"
)
#: A qualified name alone (``t.status``): a column of an alias, as a fragment of SQL.
_QUALIFIED = re.compile(r'\s*[\w"`]+(?:\.[\w"`]+)+\s*')
#: Words of English prose that no statement uses (``a``, ``to`` and ``of`` can be SQL).
_PROSE_WORDS = frozenset(
    {
        "the", "an", "this", "that", "these", "those", "you", "your", "we", "our", "us", "it",
        "its", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
        "could", "should", "must", "can", "cannot", "please", "which", "who", "whose", "there",
        "because", "but", "than", "also", "does", "did", "don't", "doesn't", "isn't", "aren't",
        "can't", "won't", "shouldn't", "here", "what", "why", "how", "my", "me", "i'm", "it's",
        "let's",
    }
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z']+")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.|'')*'")
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
#: A sentence ends in a full stop or an exclamation mark after a word.
_SENTENCE_END = re.compile(r"[A-Za-z][.!]\s*$")
#: A media type (RFC 6838): a registered top-level type, a subtype, parameters.
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*"
_MEDIA_RANGE = (
    rf"(?:application|audio|font|example|image|message|model|multipart|text|video)/{_TOKEN}"
    rf'(?:\s*;\s*{_TOKEN}=(?:{_TOKEN}|"[^"]*"))*'
)
#: A whole string of media types: a ``Content-Type`` or ``Accept`` header's value.
_MEDIA_TYPES = re.compile(rf"\s*{_MEDIA_RANGE}(?:\s*,\s*{_MEDIA_RANGE})*\s*;?\s*", re.IGNORECASE)
#: A URL's path alone: ``/`` then segments, no space, query (``?``, ``=``, ``&``) nor
#: comment (``/*``); a route's placeholders (``{id}``, ``<int:id>``, ``([^/]+)``) among them.
_URL_PATH = re.compile(r"/(?![/*])[^\s?=&]*/[^\s?=&]*")


@lru_cache(maxsize=512)
def word_pattern(word: str) -> re.Pattern[str]:
    """``word`` as a whole SQL identifier, in any case (``status``, ``STATUS``, ``"status"``,
    ``t.status``), never as part of a longer one (``status_code``, ``$status``)."""
    return re.compile(rf"(?<![\w$]){re.escape(word)}(?![\w$])", re.IGNORECASE)


def names_word(text: str, word: str) -> bool:
    """Whether ``text`` names ``word`` as a whole identifier (any case)."""
    return word_pattern(word).search(text) is not None


def word_offsets(text: str, word: str) -> list[int]:
    """The offsets in ``text`` where ``word`` occurs as a whole identifier (any case)."""
    return [match.start() for match in word_pattern(word).finditer(text)]


def hyphened_name(text: str, word: str) -> bool:
    """Whether ``text`` is one token that joins ``word`` to other parts with hyphens, the
    way HTTP headers and kebab-case keys are built (``x-image-meta-is_public``): no
    whitespace, and a hyphen right before or after the word."""
    if not text or any(ch.isspace() for ch in text) or "/" in text:
        return False
    size = len(word)
    return any(
        (offset > 0 and text[offset - 1] == "-")
        or (offset + size < len(text) and text[offset + size] == "-")
        for offset in word_offsets(text, word)
    )


#: a ``%(name)`` placeholder of Python's %-formatting, of any conversion (``s``, ``d``,
#: ``r``, ``.2f``...)
_PYFORMAT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def formats_only(text: str) -> bool:
    """Whether what makes ``text`` look like SQL is only its ``%(name)s`` (or ``%(name)d``,
    any conversion) placeholders (``"user_id:%(trustee_user_id)s"``, an oslo.policy rule;
    ``"%(priority)d %(data)s"``, a DNS record's format): with them taken out, no
    keyword of a statement and no operator is left. Such a placeholder is a key of the
    mapping the text is %-formatted with, not a bind parameter of SQL."""
    if _PYFORMAT.search(text) is None:
        return False
    rest = _PYFORMAT.sub(" ", text)
    return _STRUCTURE.search(rest) is None and _OPERATOR.search(rest) is None


def is_prose(text: str) -> bool:
    """Whether ``text`` reads as English, outside its quoted literals and SQL comments: one
    word in eight a word of prose (two at least), or one and the end of a sentence."""
    plain = _COMMENT.sub(" ", _QUOTED.sub(" ", text))
    found = _WORD.findall(plain)
    prose = sum(1 for word in found if word.lower() in _PROSE_WORDS)
    if prose >= 2 and prose * 8 >= len(found):
        return True
    return prose >= 1 and _SENTENCE_END.search(plain) is not None


def is_media_type(text: str) -> bool:
    """Whether ``text`` is, whole, one media type or a list of them, as the value of a
    ``Content-Type`` or ``Accept`` header is (``application/json; charset=utf-8``,
    ``application/vnd.api+json;version=2``): a label of a format, never SQL, though its
    ``/`` and ``=`` are SQL's operators too. The top-level type must be a registered one
    (``application``, ``text``, ``image``...): ``status/done`` or ``t.status = 1`` is not."""
    return _MEDIA_TYPES.fullmatch(text) is not None


def is_url_path(text: str) -> bool:
    """Whether ``text`` is, whole, the path of a URL of two segments at least, as a web
    framework's route is (``/{item_id}/recipe/{recipe_id}/delete``,
    ``/event/<int:event_id>/key-access``, ``r"/api/users/([^/]+)/server"``): no statement or
    clause begins with ``/`` (but a comment, ``/*``), nor is one without a space. A query
    (``/tasks?status=open``, read by the server as a filter) or a space leaves it to the
    SQL reader."""
    return _URL_PATH.fullmatch(text) is not None


def url_path_end(text: str) -> int | None:
    """Where the path ends in ``text`` that is the path of a URL of two segments at least
    followed by a query (``/app/auth/user/search?namespace=tests``): the offset of its
    ``?``; ``None`` for any other text. The query after it may name a column the server
    filters or sorts on (``?order_by=status``); the path's words are the route's."""
    found = _URL_PATH.match(text)
    if found is None or found.end() >= len(text) or text[found.end()] != "?":
        return None
    return found.end()


def may_be_sql(text: str) -> bool:
    """Whether ``text`` may be SQL, a statement or a fragment of one (see the module
    docstring). A cheap test: what passes it still has to parse."""
    if is_media_type(text) or is_url_path(text):
        return False
    if (
        _STRUCTURE.search(text) is None
        and _OPERATOR.search(text) is None
        and _QUALIFIED.fullmatch(text) is None
    ):
        return False
    return not is_prose(text)
