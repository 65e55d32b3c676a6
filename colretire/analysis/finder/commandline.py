"""The names of a command line's parameters: the strings that declare them to click
(``@click.argument("username")``, ``@click.option("--email", "address")``) or to argparse
(``parser.add_argument("user")``, ``group.add_argument("--retry", dest="retry_policy")``).

Such a name is the command line's, as a field of a web request is the client's: click hands
the value to the command's function as a parameter of that name (a local, judged where it is
used), argparse sets it on its ``Namespace`` (``args.retry_policy``, a library's object). The
string itself reads no column. A call of ``add_argument`` is argparse's only where its
receiver is proven an argparse parser or group: ``argparse.ArgumentParser(...)``, a
parameter annotated so, or what such an object's ``add_argument_group``,
``add_mutually_exclusive_group``, ``add_subparsers`` or ``add_parser`` gives, through locals
every binding of which is one of these (a project's own ``add_argument`` may do anything with
its arguments).
"""

from __future__ import annotations

import ast

#: click's decorators that declare a parameter, by their qualified names.
_CLICK = frozenset({"click.argument", "click.option"})
#: argparse's parser, by its qualified name.
PARSER = "argparse.ArgumentParser"
#: argparse's method that declares a parameter (of a parser, a group of it).
DECLARES = "add_argument"
#: The methods of argparse's parsers and groups that give another parser or group.
BUILDERS = frozenset(
    {"add_argument_group", "add_mutually_exclusive_group", "add_subparsers", "add_parser"}
)
#: How many steps (a local, a method giving a group) a receiver is followed.
DEPTH = 6


def declared_names(node: ast.Call) -> list[ast.Constant]:
    """The string literals of a parameter's declaration: its positional names and flags,
    and its ``dest=``."""
    values = [*node.args, *(k.value for k in node.keywords if k.arg == "dest")]
    return [v for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]


def is_click_declaration(callee: str) -> bool:
    """Whether the qualified name of a callee is one of click's parameter decorators."""
    return callee in _CLICK
