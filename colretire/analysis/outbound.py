"""Calls that take a value out of the process: an HTTP request made with a client library,
or telemetry (OpenTelemetry's spans and events).

A value handed on (:mod:`~colretire.analysis.handon`) that ends in such a call is sent
elsewhere: it is a payload posted to a URL (``httpx.post(url, json=payload)``, ``async with
AsyncClient() as client: await client.post(url, json=payload)``) or an attribute of a span
(``trace.get_current_span().set_attribute("job_id", job_id)``), and no row of this database is
written by it. What such a call returns (a response, a span) is not the value either.

The call is recognised by where its callee comes from, never by its method's name alone: a
function or class imported from one of these libraries, or a method of an object that such a
call made, bound to a name in the function (an assignment, ``with ... as name``) or at the
top level of its module (``tracer = trace.get_tracer(__name__)``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

#: The top-level packages whose calls send a value out of the process.
OUTBOUND_PACKAGES = frozenset({"requests", "httpx", "aiohttp", "urllib3", "opentelemetry"})


def bindings(nodes: Iterable[ast.AST]) -> dict[str, list[ast.expr]]:
    """The values each plain name is bound to by the statements ``nodes`` walk into (an
    assignment, an annotated assignment, a ``with ... as name``)."""
    bound: dict[str, list[ast.expr]] = {}
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        bound.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                if isinstance(node.target, ast.Name):
                    bound.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
                bound.setdefault(node.optional_vars.id, []).append(node.context_expr)
    return bound


class Outbound:
    """Tells whether a call of one function's body sends its arguments out of the process.

    ``qualify`` gives the qualified name of a dotted name of the module (through its
    imports); ``local`` and ``top`` are the names bound in the function and at the top level
    of its module (:func:`bindings`). A name bound anywhere to something else, or bound as a
    parameter, is not proven to be the library's object."""

    def __init__(
        self,
        qualify: Callable[[str], str | None],
        local: dict[str, list[ast.expr]],
        top: dict[str, list[ast.expr]],
        parameters: frozenset[str],
    ) -> None:
        self.qualify = qualify
        self.local = local
        self.top = top
        self.parameters = parameters

    def call(self, node: ast.Call) -> bool:
        """Whether ``node`` calls a function of an outbound library, or a method of an
        object one made."""
        return self.made(node.func, frozenset())

    def made(self, node: ast.expr, seen: frozenset[str]) -> bool:
        while isinstance(node, ast.Await | ast.Call | ast.Attribute):
            node = node.value if isinstance(node, ast.Await | ast.Attribute) else node.func
        if not isinstance(node, ast.Name):
            return False
        name = node.id
        if name in self.parameters or name in seen:
            return False  # a parameter, or a name bound to what it is made of: x = x.y()
        values = self.local.get(name)
        if values is None:
            values = self.top.get(name)
        if values:
            return all(self.made(v, seen | {name}) for v in values)
        qualified = self.qualify(name)
        return qualified is not None and qualified.partition(".")[0] in OUTBOUND_PACKAGES
