"""The value a name holds at a statement of a function: its last binding before it, in the
same block.

``job = await self._verify_job_access(session, job_id)`` then, a few statements later in
the same block, ``job.callback_error = error``: the object written to is what that
assignment gave, as long as no statement between them binds the name again. A name bound
in an enclosing block, or by a loop, a ``with``, a parameter, is not followed: nothing is
proven of it.
"""

from __future__ import annotations

import ast

from colretire.analysis.scopes import binds

_BLOCKS = ("body", "orelse", "finalbody")


def blocks(node: ast.AST) -> dict[int, tuple[list[ast.stmt], int]]:
    """Each statement of ``node`` (a function), by id: the block holding it and its index
    there."""
    found: dict[int, tuple[list[ast.stmt], int]] = {}
    for inner in ast.walk(node):
        lists = [getattr(inner, f, None) for f in _BLOCKS]
        for handler in getattr(inner, "handlers", ()):  # try, and try with except*
            lists.append(handler.body)
        if isinstance(inner, ast.Match):
            lists += [c.body for c in inner.cases]
        for statements in lists:
            if isinstance(statements, list):
                for index, stmt in enumerate(statements):
                    if isinstance(stmt, ast.stmt):
                        found[id(stmt)] = (statements, index)
    return found


def last_binding(
    where: dict[int, tuple[list[ast.stmt], int]], stmt: ast.stmt, name: str
) -> ast.expr | None:
    """The value of the plain assignment ``name = value`` nearest before ``stmt`` in its
    block, where no statement between them (nor ``stmt``'s own targets) binds ``name``
    otherwise."""
    placed = where.get(id(stmt))
    if placed is None:
        return None
    statements, index = placed
    for before in reversed(statements[:index]):
        if (
            isinstance(before, ast.Assign)
            and len(before.targets) == 1
            and isinstance(before.targets[0], ast.Name)
            and before.targets[0].id == name
        ):
            return before.value
        if binds(before, name):
            return None
    return None
