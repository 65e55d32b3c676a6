"""What a scope binds. In a file with no assignment expression (``:=``) only statements bind
names, so the binder reads statements alone there; it must find exactly what reading every
node finds, in the same order."""

from __future__ import annotations

import ast
from pathlib import Path

from colretire.analysis import infer as I

ROOT = Path(__file__).resolve().parents[2]
#: Real code with every kind of statement: the project's own, and the corpora's applications.
FILES = sorted(
    p for folder in ("colretire", "tests/corpus", "examples") for p in (ROOT / folder).rglob("*.py")
)
_SCOPE_NODES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _bindings(node: ast.AST, walrus: bool) -> dict[str, list[I.Binding]]:
    scope = I.Scope(node, None, "function")
    scope.walrus = walrus
    return scope.bindings()


def test_statements_alone_bind_what_every_node_binds() -> None:
    compared = 0
    for path in FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        if ":=" in text:
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, _SCOPE_NODES):
                assert _bindings(node, walrus=False) == _bindings(node, walrus=True), path
                compared += 1
    assert compared > 1000


def test_an_assignment_expression_binds_where_the_file_has_one() -> None:
    tree = ast.parse(
        "def read(session):\n    if (task := session.get(Task, 1)) is not None:\n        return task\n"
    )
    function = tree.body[0]

    assert "task" in _bindings(function, walrus=True)
    assert "task" not in _bindings(function, walrus=False)  # why the finder asks the text
