"""Module globals that dispatch to a backend module: oslo.db's ``DBAPI``.

OpenStack projects keep their database functions in a backend module and reach them
through a global of the public one::

    _BACKEND_MAPPING = {'sqlalchemy': 'manila.db.sqlalchemy.api'}
    IMPL = db_api.DBAPI.from_config(cfg.CONF, backend_mapping=_BACKEND_MAPPING, lazy=True)

    def share_server_get_all(context):
        return IMPL.share_server_get_all(context)

``DBAPI`` imports the module it is given (``mapping.get(name, name)``) and hands out the
attributes of what that module's ``get_backend()`` returns. Where that is the module itself
(``def get_backend(): return sys.modules[__name__]``, :func:`returns_itself`),
``IMPL.share_server_get_all`` is the module's function, as if the global were an import of
it. Read only where the call is oslo.db's own (``oslo_db.api.DBAPI`` or its
``from_config``, through the module's imports), the global is bound once in the whole
file, and the module is known: the one module a mapping names (a dict literal, given there
or bound once to a module global that nothing changes in place), for ``from_config``, whose
backend name the configuration gives; for ``DBAPI(name, ...)``, the mapping's entry for a
literal name, or the name itself where the mapping lacks it.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from colretire.analysis.astnames import dotted

#: oslo.db's dispatcher, and its constructor from the configuration.
DISPATCHER = "oslo_db.api.DBAPI"
FROM_CONFIG = "oslo_db.api.DBAPI.from_config"


class ImportLike(Protocol):
    """What :func:`backend_module` needs of an import: the local name and what it binds."""

    @property
    def local(self) -> str: ...
    @property
    def module(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def level(self) -> int: ...


def backend_module(
    value: ast.expr, imports: Sequence[ImportLike], tree: ast.Module, names: Sequence[str]
) -> str | None:
    """The module a ``DBAPI`` built by ``value`` and bound to ``names`` dispatches to, or
    ``None``. ``tree``: the whole module, read for the other bindings of the names."""
    if not isinstance(value, ast.Call) or len(names) != 1:
        return None
    callee = dotted(value.func)
    kind = _qualified(callee, imports) if callee else ""
    if kind not in (DISPATCHER, FROM_CONFIG) or stores(tree, names[0]) != 1:
        return None
    mapping = next((k.value for k in value.keywords if k.arg == "backend_mapping"), None)
    if isinstance(mapping, ast.Name):
        mapping = _bound_dict(tree, mapping.id)
    entries = _entries(mapping) if mapping is not None else {}
    if entries is None:
        return None
    if kind == FROM_CONFIG:
        modules = set(entries.values())
        found = modules.pop() if len(modules) == 1 else None
    else:
        given = value.args[0] if value.args else None
        given = next((k.value for k in value.keywords if k.arg == "backend_name"), given)
        name = given.value if isinstance(given, ast.Constant) else None
        found = entries.get(name, name) if isinstance(name, str) else None
    if found and all(part.isidentifier() for part in found.split(".")):
        return found
    return None


def returns_itself(tree: ast.Module) -> bool:
    """Whether the module defines, once, ``def get_backend(): return sys.modules[__name__]``:
    oslo.db's ``DBAPI`` then hands out the module's own functions."""
    defs = [
        stmt
        for stmt in tree.body
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "get_backend"
    ]
    if len(defs) != 1 or stores(tree, "get_backend") != 1:
        return False
    returns = [n for n in ast.walk(defs[0]) if isinstance(n, ast.Return)]
    return bool(returns) and all(
        isinstance(r.value, ast.Subscript)
        and dotted(r.value.value) == "sys.modules"
        and isinstance(r.value.slice, ast.Name)
        and r.value.slice.id == "__name__"
        for r in returns
    )


def _entries(mapping: ast.expr) -> dict[str, str] | None:
    """The string entries of a dict literal; ``None`` where it holds anything else."""
    if not isinstance(mapping, ast.Dict) or not mapping.values:
        return None
    found: dict[str, str] = {}
    for key, item in zip(mapping.keys, mapping.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        if not (isinstance(item, ast.Constant) and isinstance(item.value, str)):
            return None
        found[key.value] = item.value
    return found


def _bound_dict(tree: ast.Module, name: str) -> ast.expr | None:
    """The dict literal a module global is bound to, once, and never changed in place (an
    item set or deleted, a method called on it, handed to a function); else ``None``."""
    bindings = [
        stmt.value
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and stmt.targets[0].id == name
    ]
    if len(bindings) != 1 or stores(tree, name) != 1:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is(node.value, name):
            if not isinstance(node.ctx, ast.Load):
                return None
        elif isinstance(node, ast.Attribute) and _is(node.value, name):
            return None  # _BACKEND_MAPPING.update(...), .setdefault(...), ...
        elif isinstance(node, ast.Call) and any(_is(a, name) for a in node.args):
            return None
    return bindings[0]


def _is(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def stores(tree: ast.Module, name: str) -> int:
    """How many times the file binds ``name``, anywhere (``global`` names in functions too)."""
    return binding_counts(tree)[name]


def binding_counts(tree: ast.Module) -> Counter[str]:
    """How many times the file binds each name, anywhere: assignments, ``def``, ``class``
    and imports, in functions too (a ``global`` name set there is the module's)."""
    counts: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            counts[node.id] += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts[node.name] += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            counts.update(a.asname or a.name.partition(".")[0] for a in node.names)
    return counts


def _qualified(callee: str, imports: Sequence[ImportLike]) -> str:
    head, dot, rest = callee.partition(".")
    for item in reversed(imports):
        if item.local == head and not item.level:
            bound = f"{item.module}.{item.name}" if item.name else item.module
            return bound + dot + rest
    return ""
