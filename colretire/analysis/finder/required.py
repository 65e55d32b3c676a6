"""The names a view requires of a payload: a literal of strings compared, as a set, with
the keys of a mapping.

``user_mandatory_data = {"display_ascent", ...}`` and ``if not post_data.keys() >=
user_mandatory_data: return InvalidPayloadErrorResponse()`` test, for each name, that the
payload holds it: ``"display_ascent" in post_data`` for every one. Where the payload is the
web request's (the finder judges that, as for a single name tested), the names are the
client's fields, as its keys read one by one are.

Pure functions over the function's syntax tree: which payloads a literal is compared
with (:func:`compared_keys`), and whether a comparison reads the payload's keys
(:func:`keys_compared`).
"""

from __future__ import annotations

import ast

#: ``keys >= names`` and ``keys > names``: the keys hold every name (``names`` on the right)
_SUPERSET = (ast.GtE, ast.Gt)
#: ``names <= keys`` and ``names < keys`` (``names`` on the left)
_SUBSET = (ast.LtE, ast.Lt)


def compared_keys(literal: ast.expr, function: ast.AST) -> list[ast.expr] | None:
    """The payloads (``post_data`` of ``post_data.keys()``) whose keys ``literal`` is
    tested to be among, in ``function``: the literal itself an operand of such a
    comparison, or the value of a local bound once in the function (``user_mandatory_data
    = {...}``) whose every read is one. ``None`` where the literal, or a read of its
    local, is anything else: then the names may be handed on, to a model perhaps."""
    parents: dict[int, ast.AST] = {}
    for above in ast.walk(function):
        for below in ast.iter_child_nodes(above):
            parents[id(below)] = above
    holder = parents.get(id(literal))
    if isinstance(holder, ast.Compare):
        found = _payload(holder, literal)
        return [found] if found is not None else None
    if not (
        isinstance(holder, ast.Assign)
        and len(holder.targets) == 1
        and isinstance(holder.targets[0], ast.Name)
        and holder.value is literal
    ):
        return None
    name = holder.targets[0].id
    payloads: list[ast.expr] = []
    for inner in ast.walk(function):
        nested = isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        if (
            nested
            and inner is not function
            and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(inner))
        ):
            return None  # a closure may read it later, or bind its own
        if not (isinstance(inner, ast.Name) and inner.id == name):
            continue
        if not isinstance(inner.ctx, ast.Load):
            if inner is not holder.targets[0]:
                return None  # bound again
            continue
        compare = parents.get(id(inner))
        found = _payload(compare, inner) if isinstance(compare, ast.Compare) else None
        if found is None:
            return None
        payloads.append(found)
    return payloads or None


def _payload(compare: ast.Compare, names: ast.expr) -> ast.expr | None:
    """The mapping whose keys ``compare`` tests ``names`` to be among: ``data`` of ``data.
    keys() >= names`` or ``names <= data.keys()`` (one comparison, no chain)."""
    if len(compare.ops) != 1:
        return None
    op, left, right = compare.ops[0], compare.left, compare.comparators[0]
    if isinstance(op, _SUPERSET) and right is names:
        return keys_of(left)
    if isinstance(op, _SUBSET) and left is names:
        return keys_of(right)
    return None


def keys_of(node: ast.expr) -> ast.expr | None:
    """``data`` of ``data.keys()``."""
    if (
        isinstance(node, ast.Call)
        and not node.args
        and not node.keywords
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "keys"
    ):
        return node.func.value
    return None


def keys_compared(read: ast.Name, parents: dict[int, ast.AST]) -> bool:
    """Whether ``read`` (a read of the payload) is the owner of a ``.keys()`` compared as a
    set (``data.keys() >= names``): it tests which names the payload holds, and hands
    nothing on."""
    attribute = parents.get(id(read))
    call = parents.get(id(attribute)) if isinstance(attribute, ast.Attribute) else None
    compare = parents.get(id(call)) if isinstance(call, ast.Call) else None
    return (
        isinstance(call, ast.Call)
        and keys_of(call) is read
        and isinstance(compare, ast.Compare)
        and len(compare.ops) == 1
        and isinstance(compare.ops[0], (*_SUPERSET, *_SUBSET))
    )
