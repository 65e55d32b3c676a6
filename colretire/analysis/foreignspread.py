"""Keys of a parameter a function spreads whole into another table's model.

``def new(cls, request, data): ... if not data["requirements"]: data["requirements"] = ...;
up = Update(**data, release=release)``: every key the dict holds when the call is made is a
keyword of ``Update`` (see :mod:`~colretire.analysis.kwspread`), so the key the function
reads, writes or tests in it before the call names ``Update``'s attribute. Retiring a column
of another table that has the same name (``packages.requirements``), the finder leaves the
key unexplained, a key of a dict of unknown type; once every file has been analysed, this
pass reads the function: where the dict is a parameter kwspread proves spread whole into
that one call, the key is one it names before the call, and the call builds a model that
maps another table than the column's, is neither a base nor a subclass of the column's
models, and has an attribute of the key's name, the key is that table's column: an
other-table exclusion.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from colretire.analysis.accounting import FileResult
from colretire.analysis.facts import string_value
from colretire.analysis.handon import Follower
from colretire.analysis.kwspread import spread_parameters
from colretire.analysis.relkeys import _class_of
from colretire.analysis.target import ClassView
from colretire.model import Exclusion, Tier

_Def = ast.FunctionDef | ast.AsyncFunctionDef


def follow_foreign_spreads(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
    classes: Mapping[str, ClassView],
    table: str,
) -> FileResult:
    """``result`` with the unexplained keys of a parameter spread whole into another table's
    model made other-table exclusions."""
    known = frozenset(names)
    wanted = [
        o
        for o in result.occurrences
        if o.tier is Tier.UNEXPLAINED and "as a key of an object of unknown type" in o.detail
    ]
    if not wanted:
        return result
    tiers = {(o.path, o.line, o.col): (o.tier, o.reason) for o in result.occurrences}
    follower = Follower(read, modules, tiers, known)
    ours = frozenset(models)
    settled: dict[tuple[str, int, int], str] = {}
    spreads: dict[int, list[tuple[ast.Call, frozenset[int]]]] = {}
    for occurrence in wanted:
        module = follower.module(occurrence.path)
        if module is None:
            continue
        for function in ast.walk(module.source.tree):
            if not isinstance(function, _Def) or not (
                function.lineno <= occurrence.line <= (function.end_lineno or 0)
            ):
                continue
            if id(function) not in spreads:
                spreads[id(function)] = [
                    (s.call, frozenset(id(k) for k in s.keys)) for s in spread_parameters(function)
                ]
            for call, keys in spreads[id(function)]:
                key = _key_at(function, keys, occurrence.line, occurrence.col, occurrence.name)
                if key is None:
                    continue
                owner = _class_of(follower, module, call.func, classes)
                view = classes.get(owner) if owner is not None else None
                if (
                    owner is None
                    or view is None
                    or not view.table
                    or view.table == table
                    or occurrence.name not in view.attrs
                    or ours & set(view.ancestors)
                    or any(owner in classes[m].ancestors for m in ours if m in classes)
                    or any(k.arg == occurrence.name for k in call.keywords)
                ):
                    continue
                settled[(occurrence.path, occurrence.line, occurrence.col)] = (
                    f"{view.table}.{occurrence.name}, a key of a dict the function spreads "
                    f"whole into {view.name}(...)"
                )
    if not settled:
        return result
    occurrences = tuple(
        replace(o, tier=Tier.EXCLUDED, reason=Exclusion.OTHER_TABLE, detail=settled[where])
        if (where := (o.path, o.line, o.col)) in settled
        else o
        for o in result.occurrences
    )
    return replace(result, occurrences=occurrences)


def _key_at(
    function: _Def, keys: frozenset[int], line: int, col: int, name: str
) -> ast.expr | None:
    """The node of ``keys`` (a subscript or a string) naming ``name`` at ``line``, ``col``."""
    for node in ast.walk(function):
        if id(node) not in keys:
            continue
        literal = node.slice if isinstance(node, ast.Subscript) else node
        if (
            isinstance(literal, ast.expr)
            and string_value(literal) == name
            and literal.lineno == line
            and literal.col_offset < col <= (literal.end_col_offset or 0)
        ):
            return literal
    return None
