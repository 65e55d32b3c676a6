"""The names ``pytest.mark.parametrize`` gives a test as parameters.

``@pytest.mark.parametrize("username,email,expected", cases)`` over ``def
test_register(client, username, email, expected)``: the first argument names, one by one,
parameters of the test it decorates (pytest fails the collection where it names one the test
does not take), and hands each its values from ``cases``. A word of it is a parameter's name,
``local``, judged where the test uses it, never a column, though ``username,email`` reads as
SQL's list of columns to the SQL reader.

Only where the decorator is pytest's own (``pytest.mark.parametrize``, however it is
imported), its names are written as one string (split at commas) or a list or tuple of
strings, and every one of them is a parameter of the decorated function: an indirect
parameter (``indirect=True``) names a fixture, a function's name too, and is left as it was.
"""

from __future__ import annotations

import ast

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.finder.base import FinderBase
from colretire.model import Exclusion

_DETAIL = "the name of a parameter of the test, which pytest.mark.parametrize fills"


class Parametrized(FinderBase):
    """Excludes the parameter names of a parametrized test (see the module's docstring)."""

    def parametrized_names(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope
    ) -> None:
        parameters = {
            a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        }
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call) or F.last_name(decorator.func) != "parametrize":
                continue
            callee = self.types.expr(decorator.func, scope)
            if callee.kind != I.NAME or callee.key != "pytest.mark.parametrize":
                continue
            if any(k.arg == "indirect" for k in decorator.keywords):
                continue
            argnames = decorator.args[0] if decorator.args else None
            for keyword in decorator.keywords:
                if keyword.arg == "argnames":
                    argnames = keyword.value
            strings = _strings(argnames)
            names = [n.strip() for s in strings for n in (F.string_value(s) or "").split(",")]
            if not strings or not all(names) or not set(names) <= parameters:
                continue
            for string in strings:
                self.handled.add(id(string))
                self.ledger.exclude(self.ledger.words_in(string), Exclusion.LOCAL, _DETAIL)


def _strings(node: ast.expr | None) -> list[ast.expr]:
    """The string literals ``node`` is written with: itself, or the items of a list or
    tuple of them; none where any part is not a string literal."""
    if node is None:
        return []
    items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
    return items if all(F.string_value(item) is not None for item in items) else []
