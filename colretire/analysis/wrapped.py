"""The row a wrapper that hands attributes on holds, proven by its constructions.

A wrapper whose ``__getattr__`` hands what it lacks on to the row in ``self.orm_user``
(:mod:`~colretire.analysis.forwarding`) often gets that row from its constructor
(``def __init__(self, orm_user, settings): self.orm_user = orm_user``), so its own code
leaves the row's class unproven. Where every construction of the class in the project gives
that parameter a row of one model (``User(orm_user, settings)`` after ``for orm_user in
db.query(orm.User)``), asked of the callers as a stored attribute's parameter is
(:mod:`~colretire.analysis.callers`, :mod:`~colretire.analysis.stored`), the wrapper holds
``None`` or rows of that model and of the models its own code binds there. ``user.server``
on it is then that model's ``server``, and no other table's.

The class's own code must bind the attribute only to ``None``, rows of models, or that one
parameter in ``__init__``; no other code may give it another value. The wrapper's own
``__setattr__`` may hand writes on to the held row (``setattr(self.orm_user, attr, value)``)
and set the rest on itself through ``super().__setattr__``: what it sets there is what the
project's code sets on the wrapper, which the other checks cover. Anywhere else, in the
class's file and in every file that names the attribute, a binding or deletion of an
attribute of that name (but on the instance of a method of another class), ``setattr`` or
``delattr`` by that name or by a name computed at run time, ``__dict__`` or ``vars()``
spoils the proof; so does an instance the class builds without naming itself
(``cls(...)``, ``type(self)(...)``).
"""

from __future__ import annotations

import ast

from colretire.analysis import facts as F
from colretire.analysis import stored
from colretire.analysis.forwarding import forwarding, is_row_value, self_bindings


def asked(node: ast.ClassDef, wanted: dict[int, set[str]]) -> list[tuple[str, int, str]]:
    """The parameter of the ``__init__`` of ``node`` (a module-level class) that it stores
    as the attribute its ``__getattr__`` hands names on to, where that is the one binding
    of it that is neither ``None`` nor a row, and a name of ``wanted`` (by line) was left
    unexplained in the class: (parameter, position after ``self``, attribute)."""
    if node.decorator_list or node.keywords:
        return []
    lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
    if not any(wanted.get(line) for line in lines):
        return []
    forwards = forwarding(node)
    if forwards is None or not forwards.untyped:
        return []
    init = stored._init_of(node)
    store = stored._store_of(init, forwards.attr) if init is not None else None
    if init is None or store is None:
        return []
    for stmt in node.body:  # ``orm_user = None`` in the body; anything else is untyped
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            named = any(isinstance(t, ast.Name) and t.id == forwards.attr for t in targets)
            if named and not is_row_value(stmt.value, set()):
                return []
    for method in node.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(method):
            for target, value in self_bindings(inner):
                if (
                    target.attr == forwards.attr
                    and target is not store
                    and not is_row_value(value, set())
                ):
                    return []
    parameter = stored._parameter_of(init, store)
    if parameter is None:
        return []
    return [(*parameter, forwards.attr)]


def spoils(tree: ast.Module, attr: str, owner: ast.ClassDef | None) -> bool:
    """Whether code of ``tree`` may give ``attr`` another value than the wrapper ``owner``
    (the class, where ``tree`` defines it) binds itself: see the module's docstring."""
    handing_on = _handing_on(owner, attr) if owner is not None else set()
    own = _own_bindings(owner, attr) if owner is not None else set()
    others = stored._others_own(tree, attr, owner)
    for inner in ast.walk(tree):
        if id(inner) in handing_on:
            continue
        if isinstance(inner, ast.Attribute):
            if (
                inner.attr == attr
                and not isinstance(inner.ctx, ast.Load)
                and id(inner) not in own
                and id(inner) not in others
            ):
                return True
            if inner.attr in ("__dict__", "__setattr__"):
                return True  # ``object.__setattr__(user, name, value)`` sets anything
        elif isinstance(inner, ast.Call) and F.dotted(inner.func) in ("setattr", "delattr", "vars"):
            return True
    if owner is not None:
        return any(
            stored._builds_itself(call) for call in ast.walk(owner) if isinstance(call, ast.Call)
        )
    return False


def _own_bindings(owner: ast.ClassDef, attr: str) -> set[int]:
    """The class's own bindings of ``attr`` on ``self`` (checked by :func:`asked`)."""
    found: set[int] = set()
    for method in owner.body:
        if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(method):
                found.update(
                    id(target) for target, _ in self_bindings(inner) if target.attr == attr
                )
    return found


def _handing_on(owner: ast.ClassDef, attr: str) -> set[int]:
    """The calls of the class's ``__setattr__`` that hand a write on: ``setattr(self.<attr>,
    name, value)`` onto the held row, and ``super().__setattr__(name, value)`` onto the
    wrapper itself (what the project's code sets on it, checked where it does)."""
    setter = next(
        (
            s
            for s in owner.body
            if isinstance(s, ast.FunctionDef) and s.name == "__setattr__" and not s.decorator_list
        ),
        None,
    )
    if setter is None:
        return set()
    params = [a.arg for a in setter.args.args]
    if len(params) != 3:
        return set()
    me, name, value = params
    found: set[int] = set()
    for call in ast.walk(setter):
        if not isinstance(call, ast.Call) or call.keywords:
            continue
        args = call.args
        if (
            F.dotted(call.func) == "setattr"
            and len(args) == 3
            and isinstance(args[0], ast.Attribute)
            and isinstance(args[0].value, ast.Name)
            and args[0].value.id == me
            and args[0].attr == attr
            and _names(args[1:], (name, value))
        ):
            found.add(id(call))
        elif (
            isinstance(call.func, ast.Attribute)
            and call.func.attr == "__setattr__"
            and isinstance(call.func.value, ast.Call)
            and F.dotted(call.func.value.func) == "super"
            and not call.func.value.args
            and _names(args, (name, value))
        ):
            found.update((id(call), id(call.func)))
    return found


def _names(args: list[ast.expr], names: tuple[str, ...]) -> bool:
    return len(args) == len(names) and all(
        isinstance(a, ast.Name) and a.id == n for a, n in zip(args, names, strict=True)
    )
