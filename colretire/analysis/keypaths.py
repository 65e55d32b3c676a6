"""Lists of strings that a function of the project walks as a key path, not as field names.

A list whose strings are all attributes of the model (``["status", "state"]`` beside a
``FeatureSet`` with both columns) is judged a list of the model's field names. But the same
list given to a helper that walks it key by key is a path into nested data:

    def get_in(obj, keys, default=None):
        for key in keys:
            if not obj or key not in obj:
                return default
            obj = obj[key]
        return obj

    state = get_in(task, ["status", "state"])   # task["status"]["state"]

Only its first key is read on the object given with it, and each other key on what the one
before it holds: the strings name no set of fields of one object, and the fit with the
model is a coincidence of two common words. Such a string is unexplained (never a reference
proven by the fit): "a key of a key path that ``get_in()`` walks".

The list must be a positional argument of a call whose callee resolves to a plain function
of the project, or to the one function of that name nested in the file (not a method: what
its ``self`` is is not followed), and the parameter it
lands on must be iterated by a ``for`` loop of that function whose body rebinds one name to
an item, a ``get`` or a ``getattr`` of itself at the loop's key (``obj = obj[key]``,
``node = node.get(key, {})``, ``value = getattr(value, key)``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from colretire.analysis.accounting import FileResult
from colretire.analysis.astnames import dotted
from colretire.analysis.handon import Follower, Module
from colretire.analysis.spreads import qualifier
from colretire.model import ReferenceKind, Tier

#: What the finder says of a string it took for one of a list of the model's field names.
FIELD_LIST = "in a list of field names"


def walked_paths(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
) -> FileResult:
    """``result`` with the string references judged by their list's fit with the model
    (:data:`FIELD_LIST`) made unexplained where the list is a key path a function of the
    project walks (see the module docstring)."""
    wanted = {
        (r.path, r.line, r.col)
        for r in result.references
        if r.kind is ReferenceKind.STRING and r.message.endswith(FIELD_LIST)
    }
    if not wanted:
        return result
    follower = Follower(read, modules, result.tiers, names)
    walked: dict[tuple[str, int, int], tuple[int, str]] = {}
    for rel in sorted({path for path, _, _ in wanted}):
        module = follower.module(rel)
        if module is None:
            continue
        qualify = qualifier(follower, module)
        for node in ast.walk(module.source.tree):
            if not isinstance(node, ast.Call):
                continue
            for index, arg in enumerate(node.args):
                if not isinstance(arg, ast.List | ast.Tuple):
                    continue
                hits = [
                    item
                    for item in arg.elts
                    if isinstance(item, ast.Constant)
                    and isinstance(item.value, str)
                    and (rel, *module.source.start(item)) in wanted
                ]
                if hits and (callee := _walker(follower, qualify, node.func, index, module)):
                    for item in hits:
                        line, col = module.source.start(item)
                        end = module.source.column(line, item.end_col_offset or 0)
                        detail = f"a key of a key path that {callee}() walks"
                        walked[(rel, line, col)] = (end, detail)
    if not walked:
        return result
    references = tuple(r for r in result.references if (r.path, r.line, r.col) not in walked)
    occurrences = []
    for o in result.occurrences:  # the words inside the strings, after their quotes
        span = next(
            (
                (end, detail)
                for (rel, line, col), (end, detail) in walked.items()
                if (rel, line) == (o.path, o.line) and col <= o.col < end
            ),
            None,
        )
        if span is not None and o.tier is Tier.REFERENCE:
            o = replace(o, tier=Tier.UNEXPLAINED, reason=None, detail=span[1])
        occurrences.append(o)
    return replace(result, references=references, occurrences=tuple(occurrences))


def _walker(
    follower: Follower,
    qualify: Callable[[str], str | None],
    func: ast.expr,
    index: int,
    module: Module,
) -> str | None:
    """The name of the function ``func`` calls when it walks its positional parameter
    ``index`` as a key path; ``None`` otherwise."""
    name = dotted(func)
    qualified = qualify(name) if name else None
    found = _function(follower, qualified) if qualified else None
    if found is not None:
        definition = found[1]
    elif isinstance(func, ast.Name) and (nested := _nested(module, func.id)) is not None:
        definition = nested
    else:
        return None
    params = [*definition.args.posonlyargs, *definition.args.args]
    if not params or params[0].arg in ("self", "cls") or index >= len(params):
        return None
    if any(isinstance(d, ast.Name | ast.Attribute | ast.Call) for d in definition.decorator_list):
        return None  # a decorator may put anything in its place
    parameter = params[index].arg
    return definition.name if _walks(definition, parameter) else None


def _nested(module: Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The one function of ``module`` named ``name`` that is not at its top level (a helper
    nested in the function that calls it); ``None`` when there is none or several."""
    found = [
        node
        for node in ast.walk(module.source.tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name == name
        and node not in module.source.tree.body
    ]
    return found[0] if len(found) == 1 else None


def _function(
    follower: Follower, qualified: str
) -> tuple[Module, ast.FunctionDef | ast.AsyncFunctionDef] | None:
    """The definition of the function ``qualified`` names, also where its module has it
    from a ``from .helpers import *`` (``mlrun.utils.get_in``)."""
    found = follower.function(qualified)
    if found is not None:
        return found
    package, _, name = qualified.rpartition(".")
    rel = follower.modules.get(package)
    module = follower.module(rel) if rel is not None else None
    if module is None:
        return None
    for stmt in module.source.tree.body:
        if isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names):
            found = follower.function(f"{module.base(stmt)}.{name}")
            if found is not None:
                return found
    return None


def _walks(function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str) -> bool:
    """Whether ``function`` has a ``for key in parameter`` loop whose body rebinds a name
    to an item, a ``get`` or a ``getattr`` of itself at ``key``."""
    for node in ast.walk(function):
        if not (
            isinstance(node, ast.For)
            and isinstance(node.iter, ast.Name)
            and node.iter.id == parameter
            and isinstance(node.target, ast.Name)
        ):
            continue
        key = node.target.id
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Assign)
                and len(inner.targets) == 1
                and isinstance(inner.targets[0], ast.Name)
                and _step(inner.value, inner.targets[0].id, key)
            ):
                return True
    return False


def _step(value: ast.expr, name: str, key: str) -> bool:
    """Whether ``value`` is ``name[key]``, ``name.get(key, ...)`` or ``getattr(name, key,
    ...)``."""
    if isinstance(value, ast.Subscript):
        return _is(value.value, name) and _is(value.slice, key)
    if isinstance(value, ast.Call) and value.args:
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr == "get":
            return _is(func.value, name) and _is(value.args[0], key)
        if isinstance(func, ast.Name) and func.id == "getattr" and len(value.args) >= 2:
            return _is(value.args[0], name) and _is(value.args[1], key)
    return False


def _is(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
