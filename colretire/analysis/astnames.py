"""The dotted name an expression spells, shared by the modules below the facts."""

from __future__ import annotations

import ast


def dotted(node: ast.AST | None) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else ``None``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None
