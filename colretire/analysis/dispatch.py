"""Module globals that dispatch to a backend module: oslo.db's ``DBAPI``.

OpenStack projects keep their database functions in a backend module and reach them
through a global of the public one::

    _BACKEND_MAPPING = {'sqlalchemy': 'manila.db.sqlalchemy.api'}
    IMPL = db_api.DBAPI.from_config(cfg.CONF, backend_mapping=_BACKEND_MAPPING, lazy=True)

    def share_server_get_all(context):
        return IMPL.share_server_get_all(context)

``DBAPI`` imports the module the mapping names and hands out its attributes, so
``IMPL.share_server_get_all`` is that module's function, as if the global were an import of
it. Read only where the call is oslo.db's own (``oslo_db.api.DBAPI`` or its
``from_config``, through the module's imports) and the mapping (a dict literal, given there
or bound once to a module global) names exactly one module.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from typing import Protocol

from colretire.analysis.astnames import dotted

#: oslo.db's dispatcher, and its constructor from the configuration.
DISPATCHERS = frozenset({"oslo_db.api.DBAPI", "oslo_db.api.DBAPI.from_config"})


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
    value: ast.expr, imports: Sequence[ImportLike], dicts: Mapping[str, ast.expr]
) -> str | None:
    """The module a ``DBAPI`` built by ``value`` dispatches to, or ``None``. ``dicts``: the
    module's globals bound once, to what."""
    if not isinstance(value, ast.Call):
        return None
    callee = dotted(value.func)
    if callee is None or _qualified(callee, imports) not in DISPATCHERS:
        return None
    mapping = next((k.value for k in value.keywords if k.arg == "backend_mapping"), None)
    if isinstance(mapping, ast.Name):
        mapping = dicts.get(mapping.id)
    if not isinstance(mapping, ast.Dict) or not mapping.values:
        return None
    modules = {
        item.value if isinstance(item, ast.Constant) and isinstance(item.value, str) else None
        for item in mapping.values
    }
    if len(modules) != 1:
        return None
    module = modules.pop()
    return module if module and all(part.isidentifier() for part in module.split(".")) else None


def _qualified(callee: str, imports: Sequence[ImportLike]) -> str:
    head, dot, rest = callee.partition(".")
    for item in reversed(imports):
        if item.local == head and not item.level:
            bound = f"{item.module}.{item.name}" if item.name else item.module
            return bound + dot + rest
    return ""
