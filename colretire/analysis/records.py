"""Dict literals whose keys are the fields of one model: a record of it.

A validation schema of a web framework that knows nothing of SQLAlchemy is a dict of the
fields a record has, each with its validators:

    def default_resource_schema():
        return {
            'id': [ignore_empty, unicode],
            'url': [not_empty, unicode],
            'format': [ignore_missing, unicode],
            'webstore_url': [ignore_missing, unicode],
            ...
        }

The schema is handed to a ``validate(data_dict, schema)`` whose result is saved into the
model and read back out of it by the column's name (``setattr(obj, key, value)`` over the
validated dict, ``getattr(obj, name)`` for every column of the table), a path no static
reading can follow through the framework. What the dict itself shows is whose fields it
names: where most of its keys are the fields of one model (its attributes, or the columns
of the imperative ``Table`` it is mapped on) and no other mapped class has as many of them,
the dict is a record of that model, and a key of the column's name in it is the column's
field, as likely as the keys around it say.

The rule asks much of the dict, so that a payload that only shares a few common names with
the model (``{"id": ..., "name": ..., "status": ...}``) never reaches it:

- every key is a string literal (no ``**`` spread: its keys are unknown), and there are at
  least :data:`MIN_KEYS` distinct ones;
- at least two thirds of them are fields of the column's model, and at least
  :data:`MIN_OTHER_FIELDS` of those are fields other than the column's own names (the
  column's name alone is no evidence of whose record it is);
- every other mapped class has fewer of the keys among its fields than the model has;
- every value is what a schema gives a field: a list (or tuple) of validators, each a name,
  an attribute or a call (``[ignore_missing, unicode]``, ``[]``), or a nested schema (a
  call or a dict). A dict whose values are data (``{"value": [t.value for t in trials]}``,
  ``{"distance": None}``) is a message carrying the values, whose way on no shape tells.
  Or it is the ``fields`` of an OpenStack versioned object that its ``_from_db_object``
  fills from the row, whose values may be bare coercers (Ironic's early ``'task_state':
  utils.str_or_none``, ``'id': int``; :func:`row_fields`).

Even then a dict shaped like a model's record may be built for something else (a form's
defaults, a message to another service): the verdict is ``likely``, never ``certain``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from colretire.analysis.index import MAPPED
from colretire.analysis.target import World

#: the fewest distinct keys a dict must have to be read as a record
MIN_KEYS = 5
#: the fewest of the model's fields, besides the column's own names, among its keys
MIN_OTHER_FIELDS = 4


@dataclass(frozen=True)
class RecordFit:
    """How a dict's keys fit the column's model: ``fitting`` of its ``keys`` distinct keys
    are the model's fields; the best other mapped class has ``runner_up`` of them."""

    fitting: int
    keys: int
    runner_up: int


def record_fit(
    keys: Iterable[str | None],
    ours: frozenset[str],
    names: frozenset[str],
    others: Iterable[frozenset[str]],
) -> RecordFit | None:
    """Whether a dict whose keys are ``keys`` (``None`` for a ``**`` spread or a key that is
    not a string literal) is a record of the model whose fields are ``ours``; ``names`` are
    the column's own names, ``others`` the fields of every other mapped class."""
    written = list(keys)
    if not written or any(key is None for key in written):
        return None
    distinct = {key for key in written if key is not None}
    if len(distinct) < MIN_KEYS or not distinct & names:
        return None
    fitting = distinct & ours
    if len(fitting - names) < MIN_OTHER_FIELDS or 3 * len(fitting) < 2 * len(distinct):
        return None
    runner_up = max((len(distinct & fields) for fields in others), default=0)
    if runner_up >= len(fitting):
        return None
    return RecordFit(len(fitting), len(distinct), runner_up)


def validator_values(node: ast.Dict) -> bool:
    """Whether every value of the dict literal is what a validation schema gives a field:
    a list or tuple of validators (names, attributes, calls), a call or a dict (a nested
    schema)."""
    for value in node.values:
        if isinstance(value, ast.Call | ast.Dict):
            continue
        if not isinstance(value, ast.List | ast.Tuple):
            return False
        if not all(isinstance(item, ast.Name | ast.Attribute | ast.Call) for item in value.elts):
            return False
    return True


def model_fields(
    attrs: Iterable[str], table: str | None, table_columns: Mapping[str, frozenset[str]]
) -> frozenset[str]:
    """The fields of a mapped class: its attributes, and the columns of the imperative
    ``Table`` it is mapped on."""
    return frozenset(attrs) | table_columns.get(table or "", frozenset())


def fields_of(
    world: World, models: Iterable[str], table: str, extra: frozenset[str] = frozenset()
) -> tuple[frozenset[str], list[frozenset[str]]]:
    """The fields of the column's models ``models`` (with ``extra``, the columns of its
    table when no class declares them), and those of every other mapped class, but one
    mapped on the column's own ``table``."""
    wanted = set(models)
    ours = extra
    others: list[frozenset[str]] = []
    for key, view in world.classes.items():
        fields = model_fields(view.attrs, view.table, world.table_columns)
        if key in wanted:
            ours |= fields
        elif view.kind == MAPPED and view.table != table.rpartition(".")[2]:
            others.append(fields)
    return ours, others


def returned_dict(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str | None] | None:
    """The keys of the dict literal every ``return`` of the function gives, written there
    or bound once to a local it returns (``schema = {...}; return schema``), where nothing
    else in the function touches that local (no ``schema["x"] = ...``, no
    ``schema.update(...)``); ``None`` for any other function."""
    returns = [r for r in ast.walk(node) if isinstance(r, ast.Return)]
    if len(returns) != 1 or returns[0].value is None:
        return None
    value = returns[0].value
    if isinstance(value, ast.Name):
        uses = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == value.id]
        binds = [
            s
            for s in ast.walk(node)
            if isinstance(s, ast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], ast.Name)
            and s.targets[0].id == value.id
        ]
        if len(uses) != 2 or len(binds) != 1:
            return None  # read or written elsewhere: keys may come and go
        value = binds[0].value
    if not isinstance(value, ast.Dict) or not validator_values(value):
        return None
    return [
        key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
        for key in value.keys
    ]


#: The method by which an OpenStack versioned object (oslo.versionedobjects) is filled from
#: a row of the database, field by field under the columns' names.
FROM_ROW = "_from_db_object"


def row_fields(tree: ast.Module) -> frozenset[int]:
    """The ids of the dict literals of ``tree`` that are the ``fields = {...}`` of a class
    defining ``_from_db_object`` (an OpenStack versioned object filled from a row, field by
    field), every value a name, an attribute or a call (the field's type or coercer)."""
    found: set[int] = set()
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef) or not any(
            isinstance(stmt, ast.FunctionDef) and stmt.name == FROM_ROW for stmt in cls.body
        ):
            continue
        for stmt in cls.body:
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.value, ast.Dict)
                and any(isinstance(t, ast.Name) and t.id == "fields" for t in stmt.targets)
                and all(
                    isinstance(v, ast.Name | ast.Attribute | ast.Call) for v in stmt.value.values
                )
            ):
                found.add(id(stmt.value))
    return frozenset(found)
