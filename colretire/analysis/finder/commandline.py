"""The names of a command line's parameters: the strings that declare them to click
(``@click.argument("username")``, ``@click.option("--email", "address")``).

Such a name is the command line's, as a field of a web request is the client's: click hands
the value to the command's function as a parameter of that name (a local, judged where it is
used). The string itself reads no column. Only click's decorators of a function that takes
each value as a parameter of its own count: a command taking ``**kwargs``
(``LoginHistory(**kwargs)``), or reading ``ctx.params``, holds the values in a dict under
the parameters' names, which may be spread into a model; a ``click.option(...)`` not
written as a decorator may decorate such a function anywhere.

argparse's names count nowhere: its ``Namespace`` holds the values under them, and
``vars(args)`` or ``args.__dict__``, in any module the namespace reaches, may spread them
into a model (``LoginHistory(**vars(args))``).
"""

from __future__ import annotations

import ast

#: click's decorators that declare a parameter, by their qualified names.
_CLICK = frozenset({"click.argument", "click.option"})


def keeps_apart(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the command ``node`` takes each value as a parameter of its own: it has
    no ``**`` parameter and reads no ``params`` (``ctx.params``, the values by name)."""
    if node.args.kwarg is not None:
        return False
    return not any(
        isinstance(inner, ast.Attribute) and inner.attr == "params" for inner in ast.walk(node)
    )


def declared_names(node: ast.Call) -> list[ast.Constant]:
    """The string literals of a parameter's declaration: its names and flags."""
    values = list(node.args)
    return [v for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]


def is_click_declaration(callee: str) -> bool:
    """Whether the qualified name of a callee is one of click's parameter decorators."""
    return callee in _CLICK
