"""The ``**kwargs`` of a function that spreads them whole into one call.

``def _create_user(cls, name="", **user_dict): ... ref = name or user_dict["openid"] ...
user = model.User(name=name, **user_dict)``: every key the dict holds when the call is made
is a keyword of that call, so a key the function reads, writes or tests in it by name
(``user_dict["openid"]``, ``user_dict.get("openid")``, ``"openid" in user_dict``) names a
keyword of the call. Where the call builds the model (or a proven schema), that key is the
model's attribute, as the keys of a local dict handed whole to it are (see
``mark_local_payloads`` in :mod:`~colretire.analysis.finder.evidence`).

The same holds of an ordinary parameter the function spreads whole into one call
(``def new(cls, request, data): ... if not data["col"]: data["col"] = ...; up = Task(**data,
release=release)``): the dict the caller gives is the one spread, with the keys the function
put in it.

Only where nothing can take the key out of the dict or put another dict in its place: the
parameter is never bound again nor deleted, no key is deleted or popped but by a literal
other than the key (``del data["edited"]``, ``data.pop("request", None)`` take out those
keys alone; a key the function takes out is never counted), the dict is given to no other
call and stored nowhere, no nested function or lambda reads it, and it is spread into
exactly one call. Its other uses may only read or fill it (``.get``, ``.items``, ``.keys``,
``.values``, ``.setdefault``, ``.update``, ``[key] = value``, ``in``). Of an ordinary
parameter, a key written after the call (by position) is not counted, nor is any use of it
after the call: it does not reach the call, or only on a later turn of a loop that nothing
proves will come.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from colretire.analysis.facts import string_value

#: Methods of a dict that read it or add to it, and so take no key out of it.
_KEEPING = frozenset(
    {
        "get",
        "items",
        "keys",
        "values",
        "iteritems",
        "iterkeys",
        "itervalues",
        "has_key",
        "setdefault",
        "update",
        "copy",
    }
)

#: Of those, the methods whose first argument is a key of the dict.
_KEYED = frozenset({"get", "has_key", "setdefault"})

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@dataclass(frozen=True)
class Spread:
    """The call a function spreads its ``**kwargs`` into, and the nodes that name a key of
    them: a subscript (``kw["col"]``, read or written) or the string of a ``.get("col")``
    or of an ``in`` test."""

    call: ast.Call
    keys: tuple[ast.expr, ...]


def spread_kwargs(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Spread | None:
    """The one call ``node`` spreads its ``**kwargs`` into, with the keys it names in them;
    ``None`` where the function has no ``**kwargs``, or may take a key out of them or hand
    them elsewhere (see the module's docstring)."""
    if node.args.kwarg is None:
        return None
    return _spread(node, node.args.kwarg, _parents(node))


def spread_parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[Spread]:
    """The calls ``node`` spreads one of its ordinary parameters into whole
    (``Task(**data)``), each with the keys the function names in that parameter before the
    call (see the module's docstring)."""
    arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    if node.args.vararg is not None:
        arguments.append(node.args.vararg)
    found: list[Spread] = []
    parents: dict[int, ast.AST] | None = None
    for argument in arguments:
        if not _spread_somewhere(node, argument.arg):
            continue
        if parents is None:
            parents = _parents(node)
        spread = _spread(node, argument, parents)
        if spread is not None:
            found.append(_reaching(spread))
    return found


def _spread_somewhere(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether ``**name`` appears in the function at all (the cheap test first)."""
    return any(
        isinstance(inner, ast.keyword)
        and inner.arg is None
        and isinstance(inner.value, ast.Name)
        and inner.value.id == name
        for inner in ast.walk(node)
    )


def _parents(node: ast.AST) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    for parent in ast.walk(node):
        for child in ast.iter_child_nodes(parent):
            parents[id(child)] = parent
    return parents


def _spread(
    node: ast.FunctionDef | ast.AsyncFunctionDef, own: ast.arg, parents: dict[int, ast.AST]
) -> Spread | None:
    name = own.arg
    nested: set[int] = set()
    for parent in ast.walk(node):
        for child in ast.iter_child_nodes(parent):
            if isinstance(child, _NESTED) or id(parent) in nested:
                nested.add(id(child))
    spreads: list[ast.Call] = []
    keys: list[ast.expr] = []
    removed: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Global | ast.Nonlocal) and name in inner.names:
            return None
        if isinstance(inner, ast.arg) and inner.arg == name and inner is not own:
            return None  # a nested function's parameter of that name
        if not isinstance(inner, ast.Name) or inner.id != name:
            continue
        if id(inner) in nested or not isinstance(inner.ctx, ast.Load):
            return None  # bound anew, deleted, or read where it may run later
        taken = _taken(inner, parents)
        if taken is not None:
            removed.add(taken)
            continue
        use = _use(inner, parents)
        if use is None:
            return None
        if isinstance(use, ast.Call):
            spreads.append(use)
        elif use is not inner:
            keys.append(use)
    if len(spreads) != 1:
        return None
    kept = tuple(k for k in keys if _key(k) not in removed)
    return Spread(spreads[0], kept)


def _taken(name: ast.Name, parents: dict[int, ast.AST]) -> str | None:
    """The literal key a use of the dict takes out of it: ``del d["k"]``, ``d.pop("k")``."""
    parent = parents.get(id(name))
    if isinstance(parent, ast.Subscript) and parent.value is name:
        return string_value(parent.slice) if isinstance(parent.ctx, ast.Del) else None
    if isinstance(parent, ast.Attribute) and parent.attr == "pop":
        call = parents.get(id(parent))
        if isinstance(call, ast.Call) and call.func is parent and call.args:
            return string_value(call.args[0])
    return None


def _key(node: ast.expr) -> str | None:
    return string_value(node.slice if isinstance(node, ast.Subscript) else node)


def _reaching(spread: Spread) -> Spread:
    """``spread`` without the keys written after its call (by position), nor the keys
    named after it that such a write may have put there: those do not reach the call, or
    reach it only on another turn of a loop, which nothing proves will come."""
    start = (spread.call.lineno, spread.call.col_offset)
    late = {
        _key(k)
        for k in spread.keys
        if isinstance(k, ast.Subscript)
        and isinstance(k.ctx, ast.Store)
        and (k.lineno, k.col_offset) >= start
    }
    kept = tuple(k for k in spread.keys if (k.lineno, k.col_offset) < start or _key(k) not in late)
    return Spread(spread.call, kept)


def _use(name: ast.Name, parents: dict[int, ast.AST]) -> ast.expr | None:
    """What the use ``name`` of the dict is: the call it is spread into, the node naming a
    key (a subscript by a string, the string of ``.get`` or of ``in``), the name itself for
    a use that keeps every key and names none; ``None`` for a use that may take a key out
    or hand the dict on."""
    parent = parents.get(id(name))
    if isinstance(parent, ast.keyword) and parent.arg is None:
        call = parents.get(id(parent))
        return call if isinstance(call, ast.Call) else None
    if isinstance(parent, ast.Subscript) and parent.value is name:
        if isinstance(parent.ctx, ast.Del):
            return None
        return parent if string_value(parent.slice) is not None else name
    if isinstance(parent, ast.Compare) and name in parent.comparators:
        if len(parent.ops) == 1 and isinstance(parent.ops[0], ast.In | ast.NotIn):
            return parent.left if string_value(parent.left) is not None else name
        return None
    if isinstance(parent, ast.Attribute) and parent.attr in _KEEPING:
        call = parents.get(id(parent))
        if not isinstance(call, ast.Call) or call.func is not parent:
            return None
        if parent.attr in _KEYED and call.args and string_value(call.args[0]) is not None:
            return call.args[0]
        return name
    return None
