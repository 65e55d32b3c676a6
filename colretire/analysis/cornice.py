"""Request fields a Cornice service validates into ``request.validated`` for the model.

A Cornice view declares its body's schema and the validators that run before it::

    updates = Service(name="updates", path="/updates/")

    @updates.post(schema=SaveUpdateSchema(), validators=(colander_body_validator,
                                                          validate_requirements))
    def new_update(request):
        data = request.validated
        data.pop("csrf_token")
        ...
        result = Update.new(request, copy.copy(data))

``colander_body_validator`` deserializes the body with the colander schema into
``request.validated``, one key per field (``requirements = colander.SchemaNode(...)``); each
validator of the tuple then reads and writes that same dict
(``request.validated["requirements"] = None``), and the view gets it. Where the view hands
it whole to a function that spreads it into the column's model (``Update(**data)``, see
:mod:`~colretire.analysis.kwspread`), every key is a keyword of the model: the schema's
field of the column's name is a certain schema field (CR105), and the key the validators
read, write or test in ``request.validated`` a certain string reference (CR106); where it
spreads it into the model of another table that has an attribute of the name, and every
other call the dict goes to is proven to give its keys to that model too (a spread, or
``setattr(row, key, value)`` for each of its items on a row of a query of the model), they
are that table's column (other-table), where the schema or the validator is named nowhere
else in the project than in the decorators of such views. A local named like the column that held such a read (``requirements =
request.validated.get("requirements")``), left unexplained with the read, is then a local. The name
of the field a validator reports an error on (``request.errors.add("querystring",
"requirements", ...)``) is the request's field, not a column.

Every link is read from the code: the service is a module-level ``Service(...)`` of
Cornice; the view is decorated by it alone and binds its request's ``validated`` once to a
local that it only reads, fills, tests, formats or rids of other literal keys, and hands
to the model's function (directly or as a ``copy.copy``/``dict`` copy bound once); any other
call it goes to lies in the other branch of an ``if`` (see
:mod:`~colretire.analysis.classkeys`). The schema derives from ``colander.MappingSchema``
through classes of the project only, and its field is a ``colander.SchemaNode`` given no
``name=``. A validator is a function of the project whose decorators hand it their own
request. No code of the project takes a key out of a ``.validated`` dict but by a literal
other than the column's names, nor binds ``.validated`` anew; a validator of the tuple
hands ``request.validated`` nowhere whole. Anything else leaves the words unexplained.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from colretire.analysis.accounting import FileResult
from colretire.analysis.classkeys import apart
from colretire.analysis.facts import dotted
from colretire.analysis.handon import Follower, Module, parameter_of
from colretire.analysis.kwspread import spread_parameters
from colretire.analysis.scopes import in_nested, own_nodes, parent_map
from colretire.analysis.spreads import model_of, promote, qualifier
from colretire.analysis.target import ClassView
from colretire.model import Confidence, Exclusion, ReferenceKind, Tier

_Def = ast.FunctionDef | ast.AsyncFunctionDef
_SERVICES = frozenset({"cornice.Service", "cornice.service.Service"})
_BODY_VALIDATORS = frozenset(
    {"cornice.validators.colander_body_validator", "cornice.validators._colander.body_validator"}
)
_MAPPINGS = frozenset({"colander.MappingSchema", "colander.Schema"})
_NODES = frozenset({"colander.SchemaNode"})
_COPIES = frozenset({"copy.copy", "copy.deepcopy"})
#: Methods of a dict that leave every key it holds in it.
_KEEPERS = frozenset({"get", "keys", "items", "values", "setdefault", "update"})
_HOLDS = re.compile(r"holds what a read that could not be judged returned \(line (\d+)\)")


@dataclass(frozen=True)
class _Route:
    """A view of a Cornice service that hands ``request.validated`` to the models of
    ``reached`` on a way nothing leaves (each one proven), to ``only`` alone where every
    call it hands the dict to is proven to give its keys to that one model."""

    schema: tuple[Module, ast.ClassDef] | None
    validators: tuple[tuple[Module, _Def], ...]
    reached: frozenset[str]
    only: str | None
    view: str
    #: the nodes of its decorator that name its schema and its validators
    naming: frozenset[int] = frozenset()


def follow_cornice(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
    containing: Callable[[Iterable[str]], list[str]],
    classes: Mapping[str, ClassView],
    table: str,
) -> FileResult:
    """``result`` with the fields and ``request.validated`` keys of Cornice services whose
    view hands the validated dict to one of ``models`` made certain references, and those
    whose view hands it to a model of another table that has the name made other-table
    exclusions."""
    if not any(o.tier is Tier.UNEXPLAINED for o in result.occurrences):
        return result
    files = containing(["colander_body_validator", "body_validator"])
    if not files:
        return result
    tiers = result.tiers
    follower = Follower(read, modules, tiers, names)
    known = frozenset(names)
    ours = frozenset(models)
    mapped = frozenset(k for k, view in classes.items() if view.table)
    routes = [r for rel in files for r in _routes(follower, rel, known, ours | mapped)]
    if not routes or not _no_key_taken(follower, containing(["validated"]), known):
        return result
    fields: dict[tuple[str, int, int], str] = {}
    keys: dict[tuple[str, int, int], str] = {}
    others: dict[tuple[str, int, int], str] = {}
    framework: dict[tuple[str, int, int], str] = {}
    named_by: dict[str, set[int]] = {}  # the decorators' names of the routes to one model
    for route in routes:
        if route.only is not None:
            named_by.setdefault(route.only, set()).update(route.naming)
    for route in routes:
        for module, validator in route.validators:
            for where in _words(follower, module.rel, _error_names(validator, known)):
                framework[where] = (
                    f"the name of the request's field an error is reported on in "
                    f"{validator.name}() (Cornice's request.errors.add)"
                )
        mine = sorted(
            m
            for m in route.reached
            if m in ours or (m in classes and ours & set(classes[m].ancestors))
        )
        other = route.only if route.only is not None and not mine else None
        if not mine and (other is None or not _other_table(other, ours, classes, table)):
            continue
        model = (mine[0] if mine else other or "").rpartition(".")[2]
        for where, name, what, definition in _named(follower, route, known):
            if other is not None:
                if not _only_named(follower, modules, definition, named_by.get(other, set())):
                    continue  # used elsewhere too: its words may reach any model
                view = classes[other]
                if name in view.attrs:
                    others[where] = f"{view.table}.{name}, {what} {route.view}() hands to {model}"
            elif what.startswith("a field"):
                fields[where] = f"{what} {route.view}() hands to {model}"
            else:
                keys[where] = f"names {what} {route.view}() hands to {model}"
    unexplained = {w for w, (tier, _) in tiers.items() if tier is Tier.UNEXPLAINED}
    fields = {w: m for w, m in fields.items() if w in unexplained}
    keys = {w: m for w, m in keys.items() if w in unexplained}
    others = {w: m for w, m in others.items() if w in unexplained and w not in fields | keys}
    framework = {w: m for w, m in framework.items() if w in unexplained}
    result = promote(result, follower, fields, ReferenceKind.SCHEMA_FIELD, Confidence.CERTAIN)
    result = promote(result, follower, keys, ReferenceKind.STRING, Confidence.CERTAIN)
    excluded = {w: (Exclusion.OTHER_TABLE, m) for w, m in others.items()}
    excluded.update((w, (Exclusion.FRAMEWORK, m)) for w, m in framework.items())
    if excluded:
        occurrences = tuple(
            replace(o, tier=Tier.EXCLUDED, reason=excluded[where][0], detail=excluded[where][1])
            if (where := (o.path, o.line, o.col)) in excluded
            else o
            for o in result.occurrences
        )
        result = replace(result, occurrences=occurrences)
    return _held_locals(result, follower, set(keys) | set(others), known)


def _only_named(
    follower: Follower, modules: Mapping[str, str], definition: ast.AST, allowed: set[int]
) -> bool:
    """Whether every name in the project that stands for ``definition`` (a schema class or
    a validator) is one of the ``allowed`` nodes, those of routes' decorators; a name that
    cannot be resolved may stand for it."""
    name = getattr(definition, "name", "")
    if not name:
        return False
    for rel in sorted(set(modules.values())):
        if name.encode() not in follower.read(rel):
            continue
        module = follower.module(rel)
        if module is None:
            return False
        qualify = qualifier(follower, module)
        for node in ast.walk(module.source.tree):
            if not (
                (isinstance(node, ast.Name) and node.id == name)
                or (isinstance(node, ast.Attribute) and node.attr == name)
            ):
                continue
            if id(node) in allowed:
                continue
            path = dotted(node)
            found = follower.definition(qualify(path) or "") if path else None
            if found is None or found[1] is definition:
                return False
    return True


def _other_table(
    key: str, models: frozenset[str], classes: Mapping[str, ClassView], table: str
) -> bool:
    """Whether ``key`` maps a table other than ``table`` and is neither a base nor a
    subclass of one of ``models``."""
    view = classes.get(key)
    return (
        view is not None
        and bool(view.table)
        and view.table != table
        and not models & set(view.ancestors)
        and not any(key in classes[m].ancestors for m in models if m in classes)
    )


def _named(
    follower: Follower, route: _Route, names: frozenset[str]
) -> Iterator[tuple[tuple[str, int, int], str, str, ast.AST]]:
    """The places of the schema's fields and of the validators' keys of ``names`` in
    ``route``, each with its name and what it is (to be followed by the view)."""
    if route.schema is not None:
        module, schema = route.schema
        for field in _fields(follower, module, schema, names):
            where = (module.rel, field.lineno, field.col_offset + 1)
            yield where, field.id, f"a field of {schema.name}, validated into the dict", schema
    for module, validator in route.validators:
        for key in _keys(validator, names):
            for where in _words(follower, module.rel, [key]):
                what = f"a key of request.validated in {validator.name}(), the dict"
                yield where, str(key.value), what, validator


def _routes(
    follower: Follower, rel: str, names: frozenset[str], models: frozenset[str]
) -> Iterator[_Route]:
    module = follower.module(rel)
    if module is None:
        return
    qualify = qualifier(follower, module)
    services = {
        target.id
        for stmt in module.source.tree.body
        if isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Call)
        and qualify(dotted(stmt.value.func) or "") in _SERVICES
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }
    if not services:
        return
    for view in module.source.tree.body:
        if not isinstance(view, _Def) or not view.decorator_list:
            continue
        declared = [_declared(deco, services) for deco in view.decorator_list]
        if any(d is None for d in declared):
            continue  # another decorator may call the view otherwise
        request = _first_parameter(view)
        if request is None or _bound_again(view, request):
            continue
        handed = _handed_to_model(follower, module, view, request, names, models)
        if handed is None:
            continue
        for keywords in declared:
            assert keywords is not None
            route = _route(follower, qualify, keywords, handed, view.name)
            if route is not None:
                yield route


def _declared(deco: ast.expr, services: set[str]) -> dict[str, ast.expr] | None:
    """The keywords of ``@service.<method>(...)``, a decorator of a service of the module."""
    if (
        isinstance(deco, ast.Call)
        and isinstance(deco.func, ast.Attribute)
        and isinstance(deco.func.value, ast.Name)
        and deco.func.value.id in services
    ):
        return {k.arg: k.value for k in deco.keywords if k.arg is not None}
    return None


def _route(
    follower: Follower,
    qualify: Callable[[str], str | None],
    keywords: Mapping[str, ast.expr],
    handed: tuple[frozenset[str], str | None],
    view: str,
) -> _Route | None:
    listed = keywords.get("validators")
    if not isinstance(listed, ast.Tuple | ast.List):
        return None
    qualified = [qualify(dotted(v) or "") for v in listed.elts]
    if not _BODY_VALIDATORS & set(filter(None, qualified)):
        return None  # the schema is not read into request.validated field by field
    validators: list[tuple[Module, _Def]] = []
    for name in qualified:
        if name is not None and name.startswith("cornice.validators."):
            continue  # Cornice's own: they only fill the dict
        found = follower.definition(name) if name is not None else None
        if found is None or not isinstance(found[1], _Def):
            return None  # a validator that cannot be read may take the key out
        module, node = found[0], found[1]
        if _hands_request(follower, module, node) and _keeps_validated(node):
            validators.append((module, node))
        elif not _keeps_validated(node):
            return None  # it may take a key out of the dict before the view gets it
    schema: tuple[Module, ast.ClassDef] | None = None
    given = keywords.get("schema")
    if isinstance(given, ast.Call) and not given.args and not given.keywords:
        given = given.func
    name = qualify(dotted(given) or "") if given is not None else None
    if name is not None:
        found = follower.definition(name)
        if (
            found is not None
            and isinstance(found[1], ast.ClassDef)
            and _mapping(follower, found[0], found[1], 0)
        ):
            schema = (found[0], found[1])
    naming = {id(v) for v in listed.elts}
    if given is not None:
        naming.add(id(given))
    return _Route(schema, tuple(validators), handed[0], handed[1], view, frozenset(naming))


def _first_parameter(node: _Def) -> str | None:
    args = [*node.args.posonlyargs, *node.args.args]
    return args[0].arg if args else None


def _bound_again(function: _Def, name: str) -> bool:
    return in_nested(function, name) or any(
        (isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load))
        or (isinstance(n, ast.Global | ast.Nonlocal) and name in n.names)
        for n in own_nodes(function)
    )


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _validated(node: ast.AST, request: str) -> bool:
    """Whether ``node`` is ``<request>.validated``."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "validated"
        and isinstance(node.value, ast.Name)
        and node.value.id == request
    )


def _keeping(use: ast.expr, parents: Mapping[int, ast.AST], names: frozenset[str]) -> bool:
    """Whether ``use``, an expression that is the dict, leaves every key of ``names`` in
    it: read, written or tested by key, read by a method of :data:`_KEEPERS`, or rid of a
    literal other key."""
    parent = parents.get(id(use))
    if isinstance(parent, ast.Subscript) and parent.value is use:
        if isinstance(parent.ctx, ast.Del):
            key = _literal(parent.slice)
            return key is not None and key not in names
        return True
    if isinstance(parent, ast.Compare) and any(use is c for c in parent.comparators):
        return all(isinstance(op, ast.In | ast.NotIn) for op in parent.ops)
    if isinstance(parent, ast.Attribute) and parent.value is use:
        call = parents.get(id(parent))
        if not isinstance(call, ast.Call) or call.func is not parent:
            return False
        if parent.attr == "pop":
            key = _literal(call.args[0]) if call.args else None
            return key is not None and key not in names
        return parent.attr in _KEEPERS
    return False


def _handed_to_model(
    follower: Follower,
    module: Module,
    view: _Def,
    request: str,
    names: frozenset[str],
    models: frozenset[str],
) -> tuple[frozenset[str], str | None] | None:
    """The models of ``models`` the view hands its ``request.validated`` to on a way nothing
    else may take a key out on, through one local bound to it (see the module's docstring),
    and the one model every call it hands the dict to gives its keys to, if any; ``None``
    where it hands it to no model."""
    parents = parent_map(view)
    locals_: list[str] = []
    for node in own_nodes(view):
        if not _validated(node, request):
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Assign) and parent.value is node:
            if len(parent.targets) != 1 or not isinstance(parent.targets[0], ast.Name):
                return None
            locals_.append(parent.targets[0].id)
        elif not _keeping(node, parents, names):  # type: ignore[arg-type]
            return None
    if len(locals_) != 1:
        return None
    qualify = qualifier(follower, module)
    found: list[tuple[ast.Call, str]] = []
    others: list[ast.Call] = []
    if not _flows(follower, qualify, view, locals_[0], parents, names, models, found, others, 0):
        return None
    reached = frozenset(
        model for call, model in found if all(apart(call, o, parents, view) for o in others)
    )
    if not reached:
        return None
    targets = {model for _, model in found}
    only = next(iter(targets)) if len(targets) == 1 and not others else None
    return reached, only


def _flows(
    follower: Follower,
    qualify: Callable[[str], str | None],
    view: _Def,
    name: str,
    parents: Mapping[int, ast.AST],
    names: frozenset[str],
    models: frozenset[str],
    found: list[tuple[ast.Call, str]],
    others: list[ast.Call],
    depth: int,
) -> bool:
    """Whether every use of the local ``name`` keeps the keys, collecting the calls that
    hand it to a model (``found``) and to anything else (``others``)."""
    bindings = [
        n
        for n in own_nodes(view)
        if isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
    ]
    if len(bindings) != 1 or in_nested(view, name) or depth > 1:
        return False
    for node in own_nodes(view):
        if not isinstance(node, ast.Name) or node.id != name or not isinstance(node.ctx, ast.Load):
            continue
        if _keeping(node, parents, names):
            continue
        parent = parents.get(id(node))
        if (
            isinstance(parent, ast.BinOp)
            and isinstance(parent.op, ast.Mod)
            and parent.right is node
            and isinstance(parent.left, ast.Constant)
            and isinstance(parent.left.value, str)
        ):
            continue  # "... %s" % data: formatted
        if isinstance(parent, ast.FormattedValue):
            continue
        if not isinstance(parent, ast.Call) or not any(a is node for a in parent.args):
            return False
        copy = _copy_into(qualify, parent, parents)
        if copy is not None:
            if not _flows(
                follower, qualify, view, copy, parents, names, models, found, others, depth + 1
            ):
                return False
            continue
        model = _spreading(follower, qualify, parent, node, names, models) or _setting(
            follower, qualify, parent, node, names, models
        )
        if model is not None:
            found.append((parent, model))
        else:
            others.append(parent)
    return True


def _copy_into(
    qualify: Callable[[str], str | None], call: ast.Call, parents: Mapping[int, ast.AST]
) -> str | None:
    """The local a copy of the dict (``copy.copy(data)``, ``dict(data)``) is bound to."""
    func = dotted(call.func) or ""
    if len(call.args) != 1 or call.keywords:
        return None
    if qualify(func) not in _COPIES and not (func == "dict" and qualify("dict") is None):
        return None
    parent = parents.get(id(call))
    if (
        isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return parent.targets[0].id
    return None


def _callee_parameter(
    follower: Follower,
    qualify: Callable[[str], str | None],
    call: ast.Call,
    given: ast.expr,
) -> tuple[Module, _Def, str] | None:
    """The function of the project ``call`` calls (its module and node), and the name of
    its parameter that the positional argument ``given`` fills."""
    path = dotted(call.func)
    qualname = qualify(path) if path else None
    found = follower.function(qualname) if qualname else None
    if found is None:
        return None
    module, node = found
    position = next(i for i, a in enumerate(call.args) if a is given)
    parameter = parameter_of(node, None, position)
    return None if parameter is None else (module, node, parameter)


def _spreading(
    follower: Follower,
    qualify: Callable[[str], str | None],
    call: ast.Call,
    given: ast.expr,
    names: frozenset[str],
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` whose constructor the function ``call`` calls spreads the
    dict ``given`` into, with no key of ``names`` taken out of it."""
    called = _callee_parameter(follower, qualify, call, given)
    if called is None:
        return None
    module, node, parameter = called
    for inner in ast.walk(node):
        taken: ast.expr | None = None
        if isinstance(inner, ast.Delete):
            for target in inner.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == parameter
                ):
                    taken = target.slice
        elif (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr == "pop"
            and isinstance(inner.func.value, ast.Name)
            and inner.func.value.id == parameter
        ):
            taken = inner.args[0] if inner.args else inner
        if taken is not None and _literal(taken) in (None, *names):
            return None
    qualify_callee = qualifier(follower, module)
    for spread in spread_parameters(node):
        if any(
            k.arg is None and isinstance(k.value, ast.Name) and k.value.id == parameter
            for k in spread.call.keywords
        ):
            model = model_of(follower, qualify_callee, spread.call.func, models)
            if model is not None:
                return model
    return None


def _setting(
    follower: Follower,
    qualify: Callable[[str], str | None],
    call: ast.Call,
    given: ast.expr,
    names: frozenset[str],
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` on a row of which the function ``call`` calls sets every key
    of the dict ``given``: ``for key, value in data.items(): setattr(up, key, value)``, with
    ``up`` bound once to a row of a query of the model (``db.query(Update).filter_by(...)
    .first()``), the dict otherwise only read, filled, tested or rid of literal keys other
    than ``names``, and that loop the only one over its items."""
    called = _callee_parameter(follower, qualify, call, given)
    if called is None or _bound_again(called[1], called[2]):
        return None
    module, node, parameter = called
    parents = parent_map(node)
    loops: list[ast.For] = []
    for use in own_nodes(node):
        if not (isinstance(use, ast.Name) and use.id == parameter):
            continue
        if _keeping(use, parents, names):
            attribute = parents.get(id(use))
            call_of = parents.get(id(attribute)) if isinstance(attribute, ast.Attribute) else None
            loop = parents.get(id(call_of)) if call_of is not None else None
            if isinstance(attribute, ast.Attribute) and attribute.attr == "update":
                continue  # adds keys: the loop sets them too
            if (
                isinstance(attribute, ast.Attribute)
                and attribute.attr == "items"
                and isinstance(loop, ast.For)
                and loop.iter is call_of
            ):
                loops.append(loop)
            continue
        return None
    if len(loops) != 1:
        return None
    row = _set_row(loops[0])
    if row is None:
        return None
    return _row_model(follower, qualifier(follower, module), node, row, models)


def _set_row(loop: ast.For) -> str | None:
    """The name of the row ``for key, value in d.items(): setattr(row, key, value)`` sets
    every key on."""
    target = loop.target
    if not (
        isinstance(target, ast.Tuple)
        and len(target.elts) == 2
        and all(isinstance(e, ast.Name) for e in target.elts)
        and len(loop.body) == 1
        and not loop.orelse
        and isinstance(statement := loop.body[0], ast.Expr)
        and isinstance(call := statement.value, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "setattr"
        and len(call.args) == 3
        and not call.keywords
        and isinstance(row := call.args[0], ast.Name)
    ):
        return None
    key, value = (e.id for e in target.elts if isinstance(e, ast.Name))
    args = call.args
    if not (
        isinstance(args[1], ast.Name)
        and args[1].id == key
        and isinstance(args[2], ast.Name)
        and args[2].id == value
    ):
        return None
    return row.id


#: Query methods that keep the one entity, and those that give one of its rows.
_KEEPING_QUERY = frozenset({"filter", "filter_by", "where", "order_by"})
_ROW = frozenset({"first", "one", "one_or_none"})


def _row_model(
    follower: Follower,
    qualify: Callable[[str], str | None],
    function: _Def,
    row: str,
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` that the local ``row``, bound once, is a row of a query of."""
    parents = parent_map(function)
    bindings = [
        parents.get(id(n))
        for n in own_nodes(function)
        if isinstance(n, ast.Name) and n.id == row and not isinstance(n.ctx, ast.Load)
    ]
    args = [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
    if len(bindings) != 1 or any(a.arg == row for a in args) or in_nested(function, row):
        return None
    binding = bindings[0]
    if not isinstance(binding, ast.Assign) or len(binding.targets) != 1:
        return None
    value = binding.value
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _ROW
        and not value.args
    ):
        return None
    query = value.func.value
    while (
        isinstance(query, ast.Call)
        and isinstance(query.func, ast.Attribute)
        and query.func.attr in _KEEPING_QUERY
    ):
        query = query.func.value
    if not (
        isinstance(query, ast.Call)
        and isinstance(query.func, ast.Attribute)
        and query.func.attr == "query"
        and len(query.args) == 1
        and not query.keywords
    ):
        return None
    return model_of(follower, qualify, query.args[0], models)


def _hands_request(follower: Follower, module: Module, node: _Def) -> bool:
    """Whether each decorator of the validator ``node`` is a function of the project that
    calls it with its own wrapper's first parameter, as Cornice calls a validator with the
    request."""
    if _first_parameter(node) is None:
        return False
    qualify = qualifier(follower, module)
    for deco in node.decorator_list:
        name = qualify(dotted(deco) or "")
        found = follower.definition(name) if name else None
        if found is None or not isinstance(found[1], _Def):
            return False
        if not _passes_first(found[1], qualifier(follower, found[0])):
            return False
    return True


def _passes_first(deco: _Def, qualify: Callable[[str], str | None]) -> bool:
    """``def deco(f): @wraps(f) def inner(request, **kw): ... f(request, **kw) ...; return
    inner``: the decorated function gets the wrapper's first parameter first."""
    params = [*deco.args.posonlyargs, *deco.args.args]
    if len(params) != 1:
        return False
    wrapped = params[0].arg
    inner = [s for s in deco.body if isinstance(s, _Def)]
    returns = [s for s in deco.body if isinstance(s, ast.Return)]
    if len(inner) != 1 or len(returns) != 1:
        return False
    wrapper = inner[0]
    value = returns[0].value
    first = _first_parameter(wrapper)
    if not isinstance(value, ast.Name) or value.id != wrapper.name or first is None:
        return False
    if any(not _wraps(deco, wrapped, qualify) for deco in wrapper.decorator_list):
        return False
    calls = [n for n in own_nodes(wrapper) if isinstance(n, ast.Name) and n.id == wrapped]

    parents = parent_map(wrapper)
    for use in calls:
        call = parents.get(id(use))
        if not isinstance(call, ast.Call) or call.func is not use:
            return False
        if not call.args or not (isinstance(call.args[0], ast.Name) and call.args[0].id == first):
            return False
    return bool(calls) and not _bound_again(wrapper, first)


def _wraps(deco: ast.expr, wrapped: str, qualify: Callable[[str], str | None]) -> bool:
    """``@functools.wraps(f)``: copies the wrapped function's name, calls nothing."""
    return (
        isinstance(deco, ast.Call)
        and qualify(dotted(deco.func) or "") == "functools.wraps"
        and len(deco.args) == 1
        and isinstance(deco.args[0], ast.Name)
        and deco.args[0].id == wrapped
    )


def _keeps_validated(node: _Def) -> bool:
    """Whether the validator uses its ``request.validated`` only by key (see
    :func:`_keeping`, with no key of its own to keep: no key taken out but by a literal)."""
    request = _first_parameter(node)
    if request is None or _bound_again(node, request):
        return False
    parents = parent_map(node)
    for inner in own_nodes(node):
        if (
            _validated(inner, request)
            and not _keeping(inner, parents, frozenset({""}))  # type: ignore[arg-type]
            and not _sized(inner, parents)
            and not _errored(inner, parents)
        ):
            return False
    return not in_nested(node, request)


def _sized(node: ast.AST, parents: Mapping[int, ast.AST]) -> bool:
    call = parents.get(id(node))
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "len"
        and call.args == [node]
    )


def _keys(node: _Def, names: frozenset[str]) -> Iterator[ast.Constant]:
    """The literal keys of ``names`` the validator reads, writes or tests in its
    ``request.validated``."""
    request = _first_parameter(node)
    if request is None:
        return
    parents = parent_map(node)
    for inner in own_nodes(node):
        if not _validated(inner, request):
            continue
        parent = parents.get(id(inner))
        key: ast.expr | None = None
        if isinstance(parent, ast.Subscript) and not isinstance(parent.ctx, ast.Del):
            key = parent.slice
        elif isinstance(parent, ast.Compare):
            key = parent.left
        elif isinstance(parent, ast.Attribute) and parent.attr in ("get", "setdefault"):
            call = parents.get(id(parent))
            if isinstance(call, ast.Call) and call.func is parent and call.args:
                key = call.args[0]
        if isinstance(key, ast.Constant) and _literal(key) in names:
            yield key


def _error_names(node: _Def, names: frozenset[str]) -> Iterator[ast.expr]:
    """The literal field names of ``names`` the validator reports errors on:
    ``request.errors.add("body", "requirements", "...")``, ``request`` its own."""
    request = _first_parameter(node)
    if request is None:
        return
    for inner in own_nodes(node):
        if not (
            isinstance(inner, ast.Call)
            and isinstance(func := inner.func, ast.Attribute)
            and func.attr == "add"
            and isinstance(errors := func.value, ast.Attribute)
            and errors.attr == "errors"
            and isinstance(errors.value, ast.Name)
            and errors.value.id == request
        ):
            continue
        given = [inner.args[1]] if len(inner.args) > 1 else []
        given += [k.value for k in inner.keywords if k.arg == "name"]
        yield from (g for g in given if _literal(g) in names)


def _mapping(follower: Follower, module: Module, cls: ast.ClassDef, depth: int) -> bool:
    """Whether ``cls`` is a colander mapping schema, through classes of the project only."""
    if depth > 5 or not cls.bases or cls.keywords:
        return False
    qualify = qualifier(follower, module)
    mapping = False
    for base in cls.bases:
        name = qualify(dotted(base) or "")
        if name in _MAPPINGS:
            mapping = True
            continue
        found = follower.definition(name) if name else None
        if found is None or not isinstance(found[1], ast.ClassDef):
            return False
        if not _mapping(follower, found[0], found[1], depth + 1):
            return False
        mapping = True
    return mapping


def _fields(
    follower: Follower, module: Module, cls: ast.ClassDef, names: frozenset[str]
) -> Iterator[ast.Name]:
    """The class attributes of ``cls`` of ``names`` bound to a ``colander.SchemaNode(...)``
    given no ``name=``."""
    qualify = qualifier(follower, module)
    for stmt in cls.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(target := stmt.targets[0], ast.Name)
            and target.id in names
            and isinstance(stmt.value, ast.Call)
            and qualify(dotted(stmt.value.func) or "") in _NODES
            and not any(k.arg in ("name", None) for k in stmt.value.keywords)
        ):
            yield target


def _no_key_taken(follower: Follower, files: Iterable[str], names: frozenset[str]) -> bool:
    """Whether no code of the project takes a key of ``names`` (or one no literal names) out
    of a ``.validated`` dict, directly or through a local bound to it, nor binds it anew."""
    for rel in files:
        module = follower.module(rel)
        if module is None:
            return False
        tree = module.source.tree
        parents = parent_map(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or node.attr != "validated":
                continue
            if not isinstance(node.ctx, ast.Load) and not _errored(node, parents):
                return False
            if _taking(node, parents, names):
                return False
            parent = parents.get(id(node))
            if isinstance(parent, ast.Assign) and parent.value is node:
                scope = _scope_of(node, parents, tree)
                for target in parent.targets:
                    if not isinstance(target, ast.Name):
                        return False
                    for use in ast.walk(scope):
                        if (
                            isinstance(use, ast.Name)
                            and use.id == target.id
                            and isinstance(use.ctx, ast.Load)
                            and _taking(use, parents, names)
                        ):
                            return False
    return True


def _errored(node: ast.AST, parents: Mapping[int, ast.AST]) -> bool:
    """``request.errors.add(...); request.validated = []``: the dict bound anew after an
    error is added to the same request, in the same block. Cornice calls no view for a
    request with errors, so no view gets that dict."""
    statement = parents.get(id(node))
    if not (
        isinstance(statement, ast.Assign)
        and statement.targets == [node]
        and isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
    ):
        return False
    request = node.value.id
    block = parents.get(id(statement))
    for field in ("body", "orelse", "finalbody"):
        statements = getattr(block, field, None)
        if not isinstance(statements, list) or not any(s is statement for s in statements):
            continue
        before = statements[: next(i for i, s in enumerate(statements) if s is statement)]
        return any(
            isinstance(s, ast.Expr)
            and isinstance(call := s.value, ast.Call)
            and isinstance(func := call.func, ast.Attribute)
            and func.attr == "add"
            and isinstance(errors := func.value, ast.Attribute)
            and errors.attr == "errors"
            and isinstance(errors.value, ast.Name)
            and errors.value.id == request
            for s in before
        )
    return False


def _taking(use: ast.expr, parents: Mapping[int, ast.AST], names: frozenset[str]) -> bool:
    parent = parents.get(id(use))
    if isinstance(parent, ast.Subscript) and parent.value is use:
        return isinstance(parent.ctx, ast.Del) and _literal(parent.slice) in (None, *names)
    if isinstance(parent, ast.Attribute) and parent.value is use:
        if parent.attr in ("popitem", "clear"):
            return True
        if parent.attr == "pop":
            call = parents.get(id(parent))
            if not isinstance(call, ast.Call) or not call.args:
                return True
            return _literal(call.args[0]) in (None, *names)
    return False


def _scope_of(node: ast.AST, parents: Mapping[int, ast.AST], top: ast.AST) -> ast.AST:
    while id(node) in parents:
        node = parents[id(node)]
        if isinstance(node, _Def | ast.Lambda):
            return node
    return top


def _held_locals(
    result: FileResult, follower: Follower, proven: set[tuple[str, int, int]], names: frozenset[str]
) -> FileResult:
    """The uses of a local that held a read proven here, left unexplained with the read, made
    locals: the reference stands for them, where every read of the column's names the
    function's locals of that name hold is now proven."""
    if not proven:
        return result
    lines = {(path, line) for path, line, _ in proven}
    settled: set[tuple[str, int, int]] = set()
    for occurrence in result.occurrences:
        found = _HOLDS.fullmatch(occurrence.detail) if occurrence.tier is Tier.UNEXPLAINED else None
        if found is None or (occurrence.path, int(found.group(1))) not in lines:
            continue
        module = follower.module(occurrence.path)
        if module is None:
            continue
        if _all_reads_proven(follower, module, occurrence, proven, names):
            settled.add((occurrence.path, occurrence.line, occurrence.col))
    detail = "a local that holds what a read proven here returned"
    return result.excluding(dict.fromkeys(settled, detail), Exclusion.LOCAL)


def _all_reads_proven(
    follower: Follower,
    module: Module,
    occurrence: object,
    proven: set[tuple[str, int, int]],
    names: frozenset[str],
) -> bool:
    """Whether the occurrence is a local name of the function around it, every binding of
    which is an assignment, and each assignment that reads one of ``names`` by key reads
    it at a proven place."""
    line = getattr(occurrence, "line", 0)
    col = getattr(occurrence, "col", 0)
    name = getattr(occurrence, "name", "")
    rel = getattr(occurrence, "path", "")
    for function in ast.walk(module.source.tree):
        if not isinstance(function, _Def):
            continue
        if not (function.lineno <= line <= (function.end_lineno or function.lineno)):
            continue
        if any(
            isinstance(inner, _Def)
            and inner is not function
            and inner.lineno <= line <= (inner.end_lineno or 0)
            for inner in ast.walk(function)
        ):
            continue  # the innermost function decides
        words = [
            n
            for n in own_nodes(function)
            if isinstance(n, ast.Name)
            and n.id == name
            and n.lineno == line
            and n.col_offset + 1 == col
        ]
        if not words or in_nested(function, name):
            return False
        args = function.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        if any(a is not None and a.arg == name for a in every):
            return False
        parents = parent_map(function)
        for node in own_nodes(function):
            if (
                isinstance(node, ast.Name)
                and node.id == name
                and not isinstance(node.ctx, ast.Load)
            ):
                binding = parents.get(id(node))
                if not isinstance(binding, ast.Assign):
                    return False
                value = binding.value
                if isinstance(value, ast.Attribute) and value.attr in names:
                    return False  # a read of an attribute: not proven here
                key = _read_key(value)
                if (
                    key is not None
                    and _literal(key) in names
                    and not set(_words(follower, rel, [key])) <= proven
                ):
                    return False
            elif isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
                return False
        return True
    return False


def _words(
    follower: Follower, rel: str, nodes: Iterable[ast.expr]
) -> Iterator[tuple[str, int, int]]:
    """The places of the words the scan found inside each of ``nodes`` (one line each)."""
    for node in nodes:
        end = node.end_col_offset or node.col_offset
        for col, _ in follower.by_line.get((rel, node.lineno), []):
            if node.col_offset < col <= end:
                yield rel, node.lineno, col


def _read_key(value: ast.expr) -> ast.expr | None:
    if isinstance(value, ast.Subscript):
        return value.slice
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "get"
        and value.args
    ):
        return value.args[0]
    return None
