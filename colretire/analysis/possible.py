"""The rows a value may be: one of the values an expression can take is a model's row.

A handler's ``user = self.get_current_user()`` is, on some requests, what its method
``get_current_user_token`` returned, ``orm_token.user or orm_token.service``: the user of an
API token, a row of ``User``. Whatever else the method may return on other paths (the user a
cookie names, looked up where colretire cannot follow), ``user.server`` then reads the
relationship ``User.server`` on that path, and dropping its column breaks the line: a
reference, though the object's type is not known for every path. The read is never taken
for another table's on this ground: what the value holds on the other paths is unknown.

A value may be a row where one of the values it can take provably is one:

* an instance the types already prove (a relationship's row, a model's constructor);
* ``a or b``: either operand (the first whenever it is true: a row is, unless its class
  says otherwise with a ``__bool__`` or ``__len__``, which such a class may not have);
* a call ``self.method(...)`` of a plain method of the enclosing class (no decorator, not
  ``async``, no ``yield``, no nested function): what one of its ``return`` statements
  gives, on an instance of that class itself, whose own method the call runs. A class that
  may not be instantiated (a metaclass, a base spelt ``ABC``, an abstract method) gives no
  such instance: a subclass may override the method, and only subclasses run the call;
* a local name: what one of the assignments that reach the read gives. An assignment
  reaches it when it is the nearest statement before the read, in a block holding it, that
  binds the name (``user = ...``), or that statement is an ``if`` whose branches end with
  such an assignment followed by nothing that leaves the branch (each branch is a path).

Every step claims one path that runs, never all of them: nothing here is an exclusion.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from colretire.analysis import infer as I
from colretire.analysis.scopes import binds

#: How deep the calls and names are followed.
_DEPTH = 6

#: Nodes that open a scope of their own.
_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)

#: Statements whose blocks a path may enter with other bindings made first (a loop's
#: earlier turn, a ``try`` body that ran): a binding before them is not followed.
_LOOPS_AND_TRIES = tuple(
    getattr(ast, kind)
    for kind in ("While", "For", "AsyncFor", "Try", "TryStar")
    if hasattr(ast, kind)
)

#: What the types say of an expression in a scope.
Typer = Callable[[ast.expr, I.Scope], I.Ty]


def possible_rows(
    value: ast.expr,
    scope: I.Scope,
    typer: Typer,
    parents: dict[int, ast.AST],
    depth: int = 0,
    overridden: Callable[[str, str], bool] = lambda key, name: True,
) -> set[str]:
    """The keys of the classes of which ``value``, evaluated in ``scope``, may be an
    instance (one path at least gives one). ``overridden(class, method)`` says whether a
    class of the project derived from ``class`` may run another ``method`` of its own (an
    override: ``self.method()`` is then not proven to run the one read here)."""
    if depth > _DEPTH:
        return set()
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
        found: set[str] = set()
        for operand in value.values:
            found |= possible_rows(operand, scope, typer, parents, depth + 1, overridden)
        return found
    ty = typer(value, scope)
    if ty.kind == I.INSTANCE:
        return {ty.key}
    if isinstance(value, ast.Call):
        method = _own_method(value, scope)
        if method is None or overridden(scope.class_key, method.name):
            return set()
        inner = I.Scope(method, scope.parent, "function", scope.class_key)
        inner.self_kind = I.self_kind(method)
        found = set()
        for returned in _returns(method):
            found |= possible_rows(returned.value, inner, typer, parents, depth + 1, overridden)  # type: ignore[arg-type]
        return found
    if isinstance(value, ast.Name) and scope.kind == "function":
        found = set()
        for reaching in reaching_values(value, scope.node, parents):
            found |= possible_rows(reaching, scope, typer, parents, depth + 1, overridden)
        return found
    return set()


def _own_method(call: ast.Call, scope: I.Scope) -> ast.FunctionDef | None:
    """The plain method of the enclosing class that ``self.<name>(...)`` runs."""
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and scope.kind == "function"
        and scope.self_kind == I.INSTANCE
        and scope.parent is not None
        and scope.parent.kind == "class"
    ):
        return None
    node = scope.node
    first = (
        [*node.args.posonlyargs, *node.args.args][:1]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        else []
    )
    if not first or first[0].arg != func.value.id:
        return None
    if any(
        isinstance(n, ast.Name) and n.id == func.value.id and not isinstance(n.ctx, ast.Load)
        for n in ast.walk(node)
    ):
        return None  # ``self`` bound again
    cls = scope.parent.node
    if not isinstance(cls, ast.ClassDef) or not _instantiable(cls):
        return None
    if any(
        isinstance(n, ast.Attribute) and n.attr == func.attr and not isinstance(n.ctx, ast.Load)
        for n in ast.walk(cls)
    ):
        return None  # an attribute set on the instance may stand in for the method
    methods = [
        stmt
        for stmt in cls.body
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == func.attr
    ]
    if len(methods) != 1 or not isinstance(methods[0], ast.FunctionDef):
        return None
    method = methods[0]
    if method.decorator_list:
        return None
    for inner in ast.walk(method):
        if inner is not method and isinstance(
            inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        ):
            return None
        if isinstance(inner, ast.Yield | ast.YieldFrom):
            return None
    return method


def _instantiable(cls: ast.ClassDef) -> bool:
    """Whether the class may have instances of its own: no metaclass, no base spelt
    ``ABC``, no abstract method."""
    if cls.keywords:
        return False
    for base in cls.bases:
        written = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        if written in ("ABC", "Protocol", "Generic"):
            return False
    for stmt in cls.body:
        for decorator in getattr(stmt, "decorator_list", ()):
            written = ast.unparse(decorator)
            if "abstract" in written:
                return False
    return True


def _returns(method: ast.FunctionDef) -> Iterator[ast.Return]:
    for inner in ast.walk(method):
        if isinstance(inner, ast.Return) and inner.value is not None:
            yield inner


def reaching_values(
    name: ast.Name, function: ast.AST, parents: dict[int, ast.AST]
) -> list[ast.expr]:
    """Values of assignments to ``name`` that reach it on some path through ``function``
    (a subset of them: those this simple reading proves)."""
    if any(
        isinstance(inner, ast.NamedExpr | ast.Global | ast.Nonlocal) for inner in ast.walk(function)
    ):
        return []  # a name bound within an expression, or not the function's own
    current: ast.AST | None = name
    while current is not None and current is not function:
        parent = parents.get(id(current))
        if parent is None or isinstance(parent, ast.ExceptHandler | ast.match_case):
            return []
        if isinstance(parent, ast.stmt) and _header_binds(parent, name.id):
            return []  # ``with ... as user``, a loop's variable
        if isinstance(current, ast.stmt):
            block = _block_of(parent, current)
            if block is None:
                return []
            index = next(i for i, s in enumerate(block) if s is current)
            for before in reversed(block[:index]):
                if binds(before, name.id):
                    return _bound_by(before, name.id)
                if _leaves(before):
                    return []
            if isinstance(parent, _LOOPS_AND_TRIES):
                return []  # a later statement of a loop, or a handler, may come first
        if parent is not function and isinstance(parent, _SCOPES):
            return []  # a name of a nested scope
        current = parent
    return []


def _header_binds(stmt: ast.stmt, name: str) -> bool:
    """Whether ``stmt`` binds ``name`` outside its blocks (``with`` items, a loop's target)."""
    for field, value in ast.iter_fields(stmt):
        if field in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, ast.AST) and _binds_in(part, name):
                return True
    return False


def _block_of(parent: ast.AST, stmt: ast.stmt) -> list[ast.stmt] | None:
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is stmt for s in block):
            return block
    return None


def _bound_by(stmt: ast.stmt, name: str) -> list[ast.expr]:
    """What the statement ``stmt``, the nearest to bind ``name``, leaves in it on a path
    that goes on past it."""
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and stmt.targets[0].id == name
    ):
        return [stmt.value]
    if isinstance(stmt, ast.If) and not _binds_in(stmt.test, name):
        found: list[ast.expr] = []
        for branch in (stmt.body, stmt.orelse):
            last = next((s for s in reversed(branch) if binds(s, name)), None)
            if last is None:
                continue
            after = branch[branch.index(last) + 1 :]
            if any(_leaves(s) for s in after):
                continue
            found += _bound_by(last, name)
        return found
    return []


def _leaves(stmt: ast.stmt) -> bool:
    """Whether ``stmt`` holds anything that may leave the block (return, raise, break,
    continue)."""
    return any(
        isinstance(inner, ast.Return | ast.Raise | ast.Break | ast.Continue)
        for inner in ast.walk(stmt)
    )


def _binds_in(node: ast.AST, name: str) -> bool:
    return any(
        isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load)
        for inner in ast.walk(node)
    )
