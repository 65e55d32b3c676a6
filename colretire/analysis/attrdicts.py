"""Methods of a class that read its instance's attributes by name: a dict of them, or its
subscript.

A declarative base often makes its rows behave as mappings (Rucio's ``ModelBase``)::

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        setattr(self, key, value)

    def to_dict(self):
        dictionary = self.__dict__.copy()
        dictionary.pop('_sa_instance_state')
        return dictionary

On a row of a model that inherits them, ``row["col"]`` is ``row.col`` (read or written),
and ``row.to_dict()["col"]`` reads the attribute ``col`` of the row: the keys of
``__dict__`` are the instance's attribute names, and a key taken out of the copy takes
nothing else in. Read from the method's code alone, never from its name:

- ``"item"``: a ``__getitem__(self, key)`` whose body is ``return getattr(self, key)``, or
  a ``__setitem__(self, key, value)`` whose body is ``setattr(self, key, value)`` (a
  docstring aside);
- ``"dict"``: a method of the instance taking no other parameter whose every ``return``
  gives the instance's ``__dict__`` (``self.__dict__``, its ``.copy()``,
  ``dict(self.__dict__)``, ``vars(self)``, ``copy.copy(...)`` of one), or a local bound once
  to one of those whose only other uses take literal keys out of it (``d.pop("k")``,
  ``del d["k"]``) before it is returned.
"""

from __future__ import annotations

import ast

from colretire.analysis.astnames import dotted, without_docstring

#: What :func:`attribute_access` finds.
ITEM = "item"
DICT = "dict"

_COPIES = frozenset({"dict", "copy.copy", "copy"})


def attribute_access(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``"item"``, ``"dict"`` or ``""`` for a method ``node`` (see the module's docstring)."""
    if isinstance(node, ast.AsyncFunctionDef) or node.decorator_list:
        return ""
    args = node.args
    if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs or args.defaults:
        return ""
    params = [a.arg for a in args.args]
    body = without_docstring(node.body)
    if node.name == "__getitem__" and len(params) == 2 and len(body) == 1:
        stmt = body[0]
        if isinstance(stmt, ast.Return) and _getattr(stmt.value, "getattr", params):
            return ITEM
        return ""
    if node.name == "__setitem__" and len(params) == 3 and len(body) == 1:
        stmt = body[0]
        if isinstance(stmt, ast.Expr) and _getattr(stmt.value, "setattr", params):
            return ITEM
        return ""
    if len(params) == 1 and body and _returns_own_dict(body, params[0]):
        return DICT
    return ""


def _getattr(value: ast.expr | None, callee: str, params: list[str]) -> bool:
    """``getattr(self, key)`` / ``setattr(self, key, value)``, the parameters in order."""
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == callee
        and not value.keywords
        and [a.id if isinstance(a, ast.Name) else None for a in value.args] == params
    )


def _own_dict(value: ast.expr | None, own: str) -> bool:
    """``self.__dict__``, a copy of it, or ``vars(self)``."""
    if isinstance(value, ast.Attribute):
        return (
            value.attr == "__dict__" and isinstance(value.value, ast.Name) and value.value.id == own
        )
    if not isinstance(value, ast.Call) or value.keywords:
        return False
    if (
        isinstance(value.func, ast.Attribute)
        and value.func.attr == "copy"
        and not value.args
        and _own_dict(value.func.value, own)
    ):
        return True
    name = dotted(value.func)
    if name == "vars" and len(value.args) == 1:
        arg = value.args[0]
        return isinstance(arg, ast.Name) and arg.id == own
    return name in _COPIES and len(value.args) == 1 and _own_dict(value.args[0], own)


def _returns_own_dict(body: list[ast.stmt], own: str) -> bool:
    """Whether the body is straight-line code whose one ``return``, last, gives the
    instance's attribute dict, directly or through one local."""
    last = body[-1]
    if not isinstance(last, ast.Return):
        return False
    if _own_dict(last.value, own):
        return len(body) == 1
    if not isinstance(last.value, ast.Name):
        return False
    local = last.value.id
    first = body[0]
    if not (
        isinstance(first, ast.Assign)
        and len(first.targets) == 1
        and isinstance(first.targets[0], ast.Name)
        and first.targets[0].id == local
        and _own_dict(first.value, own)
    ):
        return False
    return all(_takes_literal_key(stmt, local) for stmt in body[1:-1])


def _takes_literal_key(stmt: ast.stmt, local: str) -> bool:
    """``local.pop("k")`` (with a default or not) or ``del local["k"]``."""
    if isinstance(stmt, ast.Delete):
        return all(
            isinstance(t, ast.Subscript)
            and isinstance(t.value, ast.Name)
            and t.value.id == local
            and isinstance(t.slice, ast.Constant)
            and isinstance(t.slice.value, str)
            for t in stmt.targets
        )
    if not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
        return False
    call = stmt.value
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "pop"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == local
        and 1 <= len(call.args) <= 2
        and not call.keywords
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
        and not any(isinstance(a, ast.Starred) for a in call.args)
    )
