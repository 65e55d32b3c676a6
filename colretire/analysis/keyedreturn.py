"""Functions that return the value of a key, and the key their callers name.

CKAN's authorisation helpers look the object they check up in the request's context:

    def _get_object(context, data_dict, name, class_name):
        try:
            return context[name]
        except KeyError:
            ...
            obj = getattr(model, class_name).get(id)
            ...
            context[name] = obj
            return obj

    def get_resource_object(context, data_dict=None):
        return _get_object(context, data_dict, 'resource', 'Resource')

Every ``return`` of ``_get_object`` gives the value of ``context[name]``: read there, or the
local it has just stored there (the statement before the ``return``). So
``get_resource_object(context, data_dict)`` is the value of ``context['resource']``, a key
spelt like the model, which the finder reads as it reads ``context['resource']`` itself
(see ``keyed_model`` in :mod:`~colretire.analysis.finder.verdicts`): likely the model's, as
the holder is not proven.

:func:`keyed_return` finds the key a function returns the value of: a string, or a
parameter (then each call names it). :func:`returned_keys` finds the strings a function
gives by position to the one call it returns, so that a wrapper's key is resolved once the
index knows what the called function returns (:meth:`ProjectIndex.functions_returning_keys`).
"""

from __future__ import annotations

import ast

from colretire.analysis.astnames import dotted


def string_value(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


#: Nodes that hold code of their own.
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def keyed_return(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, str] | None:
    """The key whose value every ``return`` of ``node`` gives, of one dict: ``(-1, key)``
    for a string, ``(position, name)`` for a parameter (its position among those a call
    fills by position). Each ``return`` gives ``D[K]``, or a name the statement just before
    it stored there (``D[K] = obj`` then ``return obj``); ``D`` is a name and ``K`` a
    string or a parameter, neither bound in the function (``D`` may be a parameter). None
    where a ``return`` gives anything else, or the function holds nested code or a
    ``yield``."""
    if node.returns is not None:
        return None
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    bound: set[str] = set()
    returns: list[tuple[ast.Return, list[ast.stmt]]] = []
    for inner in ast.walk(node):
        if inner is not node and isinstance(inner, _NESTED):
            return None
        if isinstance(inner, ast.Yield | ast.YieldFrom):
            return None
        if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
            bound.add(inner.id)
        for field in ("body", "orelse", "finalbody"):
            block = getattr(inner, field, None)
            if isinstance(block, list):
                returns.extend((s, block) for s in block if isinstance(s, ast.Return))
        for handler in getattr(inner, "handlers", ()):
            returns.extend((s, handler.body) for s in handler.body if isinstance(s, ast.Return))
    if not returns:
        return None
    keys: set[tuple[str, str]] = set()
    for statement, block in returns:
        value = statement.value
        if isinstance(value, ast.Name):
            at = block.index(statement)
            stored = _stored(block[at - 1], value.id) if at > 0 else None
            if stored is None:
                return None
            value = stored
        found = _key_of(value, bound)
        if found is None:
            return None
        keys.add(found)
    if len(keys) != 1:
        return None
    ((_, key),) = keys
    if key.startswith("'"):
        return -1, key[1:]
    if key not in params or key in bound:
        return None
    return params.index(key), key


def _stored(statement: ast.stmt, name: str) -> ast.Subscript | None:
    """``D[K]`` where ``statement`` is ``D[K] = name``."""
    if (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Subscript)
        and isinstance(statement.value, ast.Name)
        and statement.value.id == name
    ):
        return statement.targets[0]
    return None


def _key_of(value: ast.expr | None, bound: set[str]) -> tuple[str, str] | None:
    """``(D, K)`` for ``D[K]``: ``K`` a string (quoted) or the name of a parameter."""
    if not isinstance(value, ast.Subscript) or not isinstance(value.value, ast.Name):
        return None
    if value.value.id in bound:
        return None
    text = string_value(value.slice)
    if text is not None:
        return value.value.id, f"'{text}"
    if isinstance(value.slice, ast.Name):
        return value.value.id, value.slice.id
    return None


def returned_keys(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
) -> tuple[str, tuple[tuple[int, str], ...]] | None:
    """The one call ``node``'s one ``return`` gives, by the callee's dotted name, with the
    strings given to it by position (``return _get_object(context, data_dict, 'resource',
    'Resource')``), each with its position; None where there is no such call or it gives
    no string."""
    if node.returns is not None:
        return None
    returns = [inner for inner in ast.walk(node) if isinstance(inner, ast.Return)]
    if len(returns) != 1 or not isinstance(returns[0].value, ast.Call):
        return None
    call = returns[0].value
    callee = dotted(call.func)
    if callee is None or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    keys = tuple(
        (position, text)
        for position, arg in enumerate(call.args)
        if (text := string_value(arg)) is not None
    )
    return (callee, keys) if keys else None
