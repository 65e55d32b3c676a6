"""The scope of a function in its syntax tree: the nodes that are its own, the parent of
each node, and whether a scope defined inside it names a given name. Shared by the passes
that follow a value through one function's body."""

from __future__ import annotations

import ast
from collections.abc import Iterator

Def = ast.FunctionDef | ast.AsyncFunctionDef


def own_nodes(function: Def) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, the functions, lambdas and classes it defines left
    out (their own scopes)."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, Def | ast.Lambda | ast.ClassDef):
                stack.append(child)


def parent_map(node: ast.AST) -> dict[int, ast.AST]:
    """The parent of each node under ``node``, by the child's ``id``."""
    return {id(c): p for p in ast.walk(node) for c in ast.iter_child_nodes(p)}


def in_nested(function: Def, name: str) -> bool:
    """Whether a scope defined inside ``function`` names ``name``."""
    return any(
        inner is not function
        and isinstance(inner, Def | ast.Lambda | ast.ClassDef)
        and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(inner))
        for inner in ast.walk(function)
    )


def binds(stmt: ast.stmt, name: str) -> bool:
    """Whether ``stmt`` binds ``name``: by assignment, ``global``/``nonlocal``, or a function
    or class of that name."""
    for inner in ast.walk(stmt):
        if isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load):
            return True
        if isinstance(inner, ast.Global | ast.Nonlocal) and name in inner.names:
            return True
        if (
            isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and inner.name == name
        ):
            return True
    return False
