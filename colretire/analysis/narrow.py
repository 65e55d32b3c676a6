"""Where a function's code proves what class a name holds: ``isinstance`` guards.

``assert isinstance(server, Server)`` proves ``server`` a ``Server`` for the rest of its
block; ``if isinstance(dist, IntUniformDistribution):`` for the body of the ``if``; ``if not
isinstance(task, Task): return`` (or ``raise``, ``continue``, ``break``) for the rest of the
block after it. A guard holds only while the name is not bound again after it (see
:meth:`colretire.analysis.infer.Types.narrowed`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_ENDS = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)

Position = tuple[int, int]


@dataclass(frozen=True)
class Guard:
    """``classes`` (the second argument of ``isinstance``) holds for reads of the name
    between ``start`` and ``end``; ``at`` is where the guard is, after which the name must
    not be bound again."""

    classes: ast.expr
    start: Position
    end: Position
    at: Position


def guards(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, list[Guard]]:
    """The ``isinstance`` guards of a function's body, by the name they test (nested
    functions and classes are theirs, not this one's)."""
    found: dict[str, list[Guard]] = {}
    _block(function.body, found)
    return found


def _block(body: list[ast.stmt], found: dict[str, list[Guard]]) -> None:
    if not body:
        return
    block_end = _end(body[-1])
    for stmt in body:
        if isinstance(stmt, ast.Assert):
            for name, classes in _tests(stmt.test):
                _add(found, name, Guard(classes, _end(stmt), block_end, _start(stmt)))
        elif isinstance(stmt, ast.If):
            for name, classes in _tests(stmt.test):
                first, last = stmt.body[0], stmt.body[-1]
                _add(found, name, Guard(classes, _start(first), _end(last), _start(stmt)))
            negated = _negated(stmt.test)
            if negated is not None and not stmt.orelse and isinstance(stmt.body[-1], _ENDS):
                name, classes = negated
                _add(found, name, Guard(classes, _end(stmt), block_end, _start(stmt)))
        if isinstance(stmt, _NESTED):
            continue
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                _block(inner, found)
        for handler in getattr(stmt, "handlers", ()):
            _block(handler.body, found)
        for case in getattr(stmt, "cases", ()):
            _block(case.body, found)


def _tests(test: ast.expr) -> list[tuple[str, ast.expr]]:
    """``isinstance(name, C)``, alone or among the operands of ``and``."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [pair for value in test.values for pair in _tests(value)]
    pair = _isinstance(test)
    return [pair] if pair is not None else []


def _negated(test: ast.expr) -> tuple[str, ast.expr] | None:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _isinstance(test.operand)
    return None


def _isinstance(node: ast.expr) -> tuple[str, ast.expr] | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "isinstance"
        and len(node.args) == 2
        and not node.keywords
        and isinstance(node.args[0], ast.Name)
    ):
        return node.args[0].id, node.args[1]
    return None


def _add(found: dict[str, list[Guard]], name: str, guard: Guard) -> None:
    found.setdefault(name, []).append(guard)


def _start(node: ast.AST) -> Position:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _end(node: ast.AST) -> Position:
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
