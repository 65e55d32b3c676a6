"""Dicts handed to a function that spreads them into the model's constructor.

``create_incident_from_dict(tenant_id=..., incident_data={"name": ..., "description":
"Candidate"})``: a key of the column's name in a dict literal given to a function of the
project is, in the file that builds the dict, a key no model is shown to read, so the
finder leaves it unexplained and records where the dict goes (a :class:`Handoff` with
``key`` set). Once every file has been analysed, this module reads the function and looks
at the parameter the dict fills: where the function gives it whole, as ``**parameter``, to
the constructor of the column's model (``Incident(**incident_data, tenant_id=...)``), every
key of the dict is a keyword of that constructor, and the key is a certain reference.

Nothing else proves it: a parameter bound again, deleted, emptied or with a key taken out
(``pop``, ``popitem``, ``clear``, ``del data[...]``), one that a function defined inside
uses, one read otherwise than by its items, a test or a method that keeps its keys (an
alias, a call it is handed to, a list it is put in: any may take a key out), or a function
that cannot be found leaves the key unexplained, as it was.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from colretire.analysis.accounting import FileResult, Handoff
from colretire.analysis.codes import CODE_OF_KIND
from colretire.analysis.facts import dotted
from colretire.analysis.handon import Follower, Module, parameter_of
from colretire.analysis.setattrloops import sets_keys_on
from colretire.model import Confidence, Exclusion, Reference, ReferenceKind, Tier

#: How the finder excludes a key whose value reads another model's attribute of its name
#: (``{"status": project.status}``): the key follows that model only while nothing shows
#: where the dict goes, so this pass follows it as it does an unexplained key.
ECHOED_KEY = "a key whose value reads "

#: Methods of a dict that take keys out of it.
REMOVERS = frozenset({"pop", "popitem", "clear"})


def follow_spreads(
    result: FileResult,
    handoffs: Iterable[Handoff],
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
) -> FileResult:
    """``result`` with the dict keys of ``handoffs`` (those with ``key`` set) whose function
    spreads the dict into the constructor of one of ``models`` made certain references."""
    wanted = [h for h in handoffs if h.key and not h.spread and not h.validated]  # see classkeys
    if not wanted:
        return result
    tiers = result.tiers
    open_ = {
        (o.path, o.line, o.col)
        for o in result.occurrences
        if o.tier is Tier.UNEXPLAINED
        or (o.reason is Exclusion.OTHER_TABLE and o.detail.startswith(ECHOED_KEY))
    }
    follower = Follower(read, modules, tiers, names)
    owners = frozenset(models)
    proven: dict[tuple[str, int, int], str] = {}
    for handoff in wanted:
        where = (handoff.path, handoff.line, handoff.col)
        if where not in open_:
            continue
        found = follower.function(handoff.callee)
        if found is None:
            continue
        module, node = found
        parameter = parameter_of(node, handoff.keyword or None, handoff.position)
        if parameter is None:
            continue
        qualify = qualifier(follower, module)
        model = _spread_into(follower, qualify, node, parameter, owners)
        shown = handoff.callee.rpartition(".")[2]
        if model is not None:
            proven[where] = (
                f"names a key of a dict given to {shown}(), which spreads it into "
                f"{model.rpartition('.')[2]}(...), the model's constructor"
            )
        elif _keeps_every_key(node, parameter) and (
            model := _set_on(follower, qualify, node, parameter, owners)
        ):
            proven[where] = (
                f"names a key of a dict given to {shown}(), which sets each of its keys "
                f"as an attribute of a {model.rpartition('.')[2]} row"
            )
    return prove_keys(result, follower, proven)


def prove_keys(
    result: FileResult, follower: Follower, proven: Mapping[tuple[str, int, int], str]
) -> FileResult:
    """``result`` with the occurrences at the places of ``proven`` made certain string
    references (dict keys), each with its message."""
    return promote(result, follower, proven, ReferenceKind.STRING, Confidence.CERTAIN)


def promote(
    result: FileResult,
    follower: Follower,
    proven: Mapping[tuple[str, int, int], str],
    kind: ReferenceKind,
    confidence: Confidence,
    *,
    named: bool = True,
    unexplained_only: bool = False,
) -> FileResult:
    """``result`` with the occurrences at the places of ``proven`` made references of
    ``kind`` and ``confidence``, each with its message (followed by the word where ``named``);
    with ``unexplained_only``, only those still unexplained."""
    if not proven:
        return result
    references = list(result.references)
    occurrences = []
    for occurrence in result.occurrences:
        where = (occurrence.path, occurrence.line, occurrence.col)
        if where not in proven or (unexplained_only and occurrence.tier is not Tier.UNEXPLAINED):
            occurrences.append(occurrence)
            continue
        holder = follower.module(occurrence.path)
        snippet = holder.source.snippet(occurrence.line) if holder is not None else ""
        message = f"{proven[where]} ({occurrence.name})" if named else proven[where]
        references.append(
            Reference(
                occurrence.path,
                occurrence.line,
                occurrence.col,
                kind,
                confidence,
                CODE_OF_KIND[kind],
                message,
                snippet,
            )
        )
        occurrences.append(replace(occurrence, tier=Tier.REFERENCE, detail=""))
    return replace(
        result, references=tuple(sorted(set(references))), occurrences=tuple(occurrences)
    )


def _spread_into(
    follower: Follower,
    qualify: Callable[[str], str | None],
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    parameter: str,
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` whose constructor the function gives ``**parameter``, where
    the parameter keeps every key it is given; ``None`` otherwise."""
    if not _keeps_every_key(node, parameter):
        return None
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and any(
            k.arg is None and isinstance(k.value, ast.Name) and k.value.id == parameter
            for k in inner.keywords
        ):
            found = model_of(follower, qualify, inner.func, models)
            if found is not None:
                return found
    return None


def _keeps_every_key(node: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str) -> bool:
    """Whether the function leaves every key the dict ``parameter`` is given in it: never
    binds it again, deletes it or a key of it, takes a key out, hands it elsewhere or lets
    a nested function use it."""
    parents = {id(c): p for p in ast.walk(node) for c in ast.iter_child_nodes(p)}
    for inner in ast.walk(node):
        if inner is not node and isinstance(
            inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        ):
            if any(isinstance(n, ast.Name) and n.id == parameter for n in ast.walk(inner)):
                return False  # a closure may change it, or hand it elsewhere
        elif isinstance(inner, ast.Name) and inner.id == parameter:
            if not isinstance(inner.ctx, ast.Load):
                return False  # bound again or deleted
            if not keeps_keys(inner, parents):
                return False  # handed elsewhere, or aliased: its keys may be taken out
        elif isinstance(inner, ast.Global | ast.Nonlocal) and parameter in inner.names:
            return False
        elif isinstance(inner, ast.Delete):
            if any(holds_item(target, parameter) for target in inner.targets):
                return False  # del data["description"]
        elif isinstance(inner, ast.Call):
            func = inner.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in REMOVERS
                and isinstance(func.value, ast.Name)
                and func.value.id == parameter
            ):
                return False
    return True


def _set_on(
    follower: Follower,
    qualify: Callable[[str], str | None],
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    parameter: str,
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` on whose row the function sets every key of ``parameter``
    as an attribute (:mod:`~colretire.analysis.setattrloops`)."""

    def row_model(expr: ast.expr) -> str | None:
        return model_of(follower, qualify, expr, models)

    def selects(expr: ast.expr) -> bool:
        qualified = qualify(dotted(expr) or "") or ""
        return qualified.partition(".")[0] in ("sqlalchemy", "sqlmodel")

    return sets_keys_on(node, parameter, row_model, selects)


def qualifier(follower: Follower, module: Module) -> Callable[[str], str | None]:
    """The qualified name a dotted name of ``module``'s code stands for, also through its
    ``from package import *`` (the last that defines the name, as Python binds it)."""
    stars = [
        module.base(stmt)
        for stmt in module.source.tree.body
        if isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names)
    ]

    def qualify(name: str) -> str | None:
        found = module.qualify(name)
        if found is not None or not stars or name in module.assigned:
            return found
        head, dot, rest = name.partition(".")
        for base in reversed(stars):
            if follower.definition(f"{base}.{head}") is not None:
                return f"{base}.{head}{dot}{rest}"
        return None

    return qualify


#: Methods of a dict that leave every key it holds in it.
_KEEPERS = frozenset({"get", "keys", "items", "values", "copy", "update", "setdefault"})


def keeps_keys(read: ast.Name, parents: Mapping[int, ast.AST]) -> bool:
    """Whether the read ``read`` of the parameter leaves every key in the dict: an item
    read, set or tested (``data["name"]``, ``"name" in data``), a method of
    :data:`_KEEPERS` called, or the ``**`` spread itself; not an alias, a call it is handed
    to or a container it is put in, whatever may then take a key out."""
    parent = parents.get(id(read))
    if isinstance(parent, ast.Subscript) and parent.value is read:
        return not isinstance(parent.ctx, ast.Del)
    if isinstance(parent, ast.Attribute) and parent.value is read:
        call = parents.get(id(parent))
        return parent.attr in _KEEPERS and isinstance(call, ast.Call) and call.func is parent
    if isinstance(parent, ast.Compare):
        return True
    return isinstance(parent, ast.keyword) and parent.arg is None


def holds_item(target: ast.expr, parameter: str) -> bool:
    """Whether ``target`` of a ``del`` is an item of the parameter."""
    return (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and target.value.id == parameter
    )


def model_of(
    follower: Follower,
    qualify: Callable[[str], str | None],
    func: ast.expr,
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` the callee ``func`` names (re-exports followed)."""
    path = dotted(func)
    qualname = qualify(path) if path else None
    if qualname is None:
        return None
    if qualname in models:
        return qualname
    found = follower.definition(qualname)
    if found is None or not isinstance(found[1], ast.ClassDef):
        return None
    key = f"{found[0].name}.{found[1].name}"
    return key if key in models else None
