"""marshmallow's options that rename the two ends of a schema's field.

``due = fields.DateTime(attribute="eta")`` reads the object's ``eta`` and dumps it under
``due``; ``eta = fields.String(attribute="label")`` reads ``label`` under the column's name;
``eta = fields.DateTime(data_key="when")`` (marshmallow 2: ``dump_to="when"``) reads ``eta``
and dumps it under ``when``. A schema that mirrors a model whole carries the model's
attributes through the attributes its fields read, and its dump has the keys its fields
dump under: neither is the field's name where an option says otherwise.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

#: the options that name the key a field dumps under (marshmallow 3, marshmallow 2)
DUMP_KEYS = ("data_key", "dump_to")


def _option(call: ast.Call, name: str) -> str | None:
    for item in call.keywords:
        if item.arg == name:
            value = item.value
            return (
                value.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str)
                else ""
            )
    return None


def field_options(call: ast.Call) -> tuple[str | None, str | None]:
    """The attribute a field's declaration reads (``attribute=``, a dotted path as written)
    and the key it dumps under, where its options name them; ``""`` where an option is
    given a value that is not a string (which may be anything)."""
    attribute = _option(call, "attribute")
    dumped = None
    for name in DUMP_KEYS:
        dumped = dumped if dumped is not None else _option(call, name)
    return attribute, dumped


def read_as(name: str, attributes: Mapping[str, str]) -> str:
    """The attribute the field ``name`` reads: its ``attribute=`` where it has one."""
    return attributes.get(name, name)


def dumps_key(
    text: str,
    fields: Mapping[str, str],
    keys: Mapping[str, str],
    renamed: frozenset[str],
    whole: bool,
    wanted: Mapping[str, str],
) -> bool:
    """Whether the dump of a schema that carries ``fields`` (the fields that carry the
    column, those the index does not know too where ``whole``) has the key ``text`` for
    one of them: a field dumps under its ``data_key`` (``keys``) or its name. Where the key
    is another field's, or the field of that name reads or dumps elsewhere (``renamed``),
    it carries no value of the column."""
    if any(keys.get(name, name) == text for name in fields):
        return True
    if text in renamed or text in keys.values():
        return False
    return whole and text in wanted
