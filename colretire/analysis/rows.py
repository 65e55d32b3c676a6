"""What a function gives back when every ``return`` hands out rows of one model's query.

Read from the function's code alone, before any index exists: a class method
``def get_by_id(cls, _id): return cls.query.filter(cls.id == _id).one()`` returns a row of
the class it is called on; ``def find(name): return db.session.query(Task).filter_by(
name=name).first()`` a ``Task``; ``def all(cls, org): q = cls.query.filter(...); return q``
the rows of a query, which the caller iterates. The expressions followed:

- a query of a class: ``X.query`` (Flask-SQLAlchemy's query property), ``<session>.query(X)``
  with one entity, ``select(X)``, each continued by the methods that keep the entity
  (``filter``, ``join``, ``order_by``, ...);
- one row of it: ``.first()``, ``.one()``, ``.get(...)`` and the like, ``<session>.get(X, id)``,
  ``<session>.scalar(select(X)...)``, ``X(...)`` (a new row);
- its rows: ``.all()``, ``<session>.scalars(select(X)...)`` (SQLModel's ``<session>.exec``),
  the query itself;
- a local of the function every binding of which (plain assignments only) is one of these,
  possibly built from itself (``query = query.filter(...)``);
- the variable of a ``for`` loop over a query or its rows, bound by such loops alone
  (``for token in query: if token.match(value): return token``): one of its rows.

``return`` and ``return None`` are neutral (the row may be missing, as with ``Optional[X]``).
Anything else, a ``yield`` or code nested in the function leaves it unknown.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from colretire.analysis.astnames import dotted
from colretire.analysis.filtered import KEEPING

#: Query methods that keep the entity a query yields.
QUERY_CHAIN = frozenset(
    {
        "filter", "filter_by", "where", "order_by", "limit", "offset", "options", "join",
        "outerjoin", "distinct", "group_by", "having", "execution_options", "with_for_update",
        "select_from", "params", "yield_per", "populate_existing", "enable_eagerloads",
        "correlate", "join_from", "outerjoin_from", "slice", "union", "autoflush", "reset_joinpoint",
    }
)  # fmt: skip
#: Query methods that join another entity: ``filter_by`` after them names the attributes of
#: the last entity joined, not of the query's class.
JOINS = frozenset({"join", "outerjoin", "join_from", "outerjoin_from"})
#: Methods that run a query and give one of its rows (or ``None``).
ONE = frozenset(
    {
        "first",
        "one",
        "one_or_none",
        "scalar",
        "scalar_one",
        "scalar_one_or_none",
        "get",
        "get_or_404",
        "first_or_404",
        "one_or_404",
    }
)
#: Methods that give every row of a query or a result.
MANY = frozenset({"all", "fetchall", "unique", "copy", "scalars"})

#: What an expression holds: a query of the class (iterated, its rows), a statement that
#: selects it (run by a session), the result of running one, one row of it, its rows.
QUERY = "query"
SELECT = "select"
RESULT = "result"
ROW = "row"
ROWS = "rows"
#: a local read while its own bindings are being read (``query = query.filter(...)``)
_PENDING = "pending"

#: The class written for "the class the method is called on" (``cls``).
OWN = "<own>"

Value = tuple[str, str]  # (kind, the class as written, or OWN)
#: a function of the module that gives a query: of the class it names (as written), or of
#: the class given at a parameter (its position and name, and how many parameters take
#: positional arguments: one given beyond them lands in ``*args``, the query's entities)
Known = str | tuple[int, str, int]
_UNKNOWN: Value = ("", "")


def returned_rows(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    own: str | None,
    known: Mapping[str, Known] | None = None,
) -> Value | None:
    """``(kind, class)`` every ``return`` of ``node`` gives, ``kind`` :data:`ROW` or
    :data:`ROWS` (a query counts as its rows); ``own``: the name of the class parameter of a
    class method (``cls``), whose rows are :data:`OWN`'s; ``known``: the functions of the
    module that give queries (:func:`module_queries`). ``None`` when unknown."""
    found = _returned(node, own, known or {})
    if found is None:
        return None
    kind, cls = found
    if not cls or kind not in (QUERY, ROWS, ROW):
        return None
    return (ROW if kind == ROW else ROWS), cls


def module_queries(
    functions: Mapping[str, ast.FunctionDef | ast.AsyncFunctionDef], library: frozenset[str]
) -> dict[str, Known]:
    """The functions of a module that give a query, by name: those whose every ``return``
    is a query of one of their parameters, ``(position, name)`` (Manila's ``def
    model_query(context, model, ...): return db_utils.model_query(model=model, ...)``,
    ``library`` naming oslo.db's, as the module writes it), and those whose every
    ``return`` is a query of one class, the class as written (``def
    _server_get_query(context): return model_query(context, models.ShareServer)``)."""
    known: dict[str, Known] = {}
    for name, node in functions.items():
        param = _query_factory(node, library) or _entities_query(node)
        if param is not None:
            known[name] = param
    for _ in range(3):  # helpers of helpers
        added = False
        for name, node in functions.items():
            if name in known or joins(node):
                continue  # a query joined: its filter_by is another entity's
            found = _returned(node, None, known)
            if found is not None and found[0] == QUERY and found[1] and found[1] != OWN:
                known[name] = found[1]
                added = True
        if not added:
            break
    return known


def joins(node: ast.AST) -> bool:
    """Whether ``node`` calls a query method that joins (:data:`JOINS`)."""
    return any(
        isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Attribute)
        and inner.func.attr in JOINS
        for inner in ast.walk(node)
    )


def _query_factory(
    node: ast.FunctionDef | ast.AsyncFunctionDef, library: frozenset[str]
) -> tuple[int, str, int] | None:
    """``(position, name)`` of the parameter every ``return`` of ``node`` gives a query of,
    through a library's query factory (``db_utils.model_query(model=model, ...)`` or
    ``db_utils.model_query(model, ...)``); the parameter is never bound again."""
    if node.returns is not None or not library or joins(node):
        return None
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    found: set[str] = set()
    if any(
        isinstance(inner, ast.Name) and inner.id in params and not isinstance(inner.ctx, ast.Load)
        for inner in ast.walk(node)
    ):
        return None
    for inner in _walk(node):
        if inner is None:
            return None
        if not isinstance(inner, ast.Return):
            continue
        value = inner.value
        if not isinstance(value, ast.Call) or dotted(value.func) not in library:
            return None
        given = next((k.value for k in value.keywords if k.arg == "model"), None)
        if given is None and value.args and not isinstance(value.args[0], ast.Starred):
            given = value.args[0]
        if not isinstance(given, ast.Name) or given.id not in params:
            return None
        found.add(given.id)
    if len(found) != 1:
        return None
    param = found.pop()
    return params.index(param), param, len(params)


def _entities_query(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, str, int] | None:
    """A helper of the project's that queries the entities it is given, Cinder's ``def
    model_query(context, *args, **kwargs)``: ``query = session.query(*args)``, the local
    then only narrowed (``query = query.filter_by(deleted=False)``) and returned. Its query
    is of its first entity, the argument after its positional parameters; a call that
    gives more than one entity (``model_query(context, Volume.id, func.count())``) is no
    query of a model (:func:`other_entities`)."""
    rest = node.args.vararg
    if node.returns is not None or rest is None:
        return None
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    bound: dict[str, list[ast.expr]] = {}
    returned: set[str] = set()
    rebound = False  # ``args`` bound otherwise than by a plain assignment
    for inner in _walk(node):
        if inner is None:
            return None
        if isinstance(inner, ast.Return):
            if not isinstance(inner.value, ast.Name):
                return None
            returned.add(inner.value.id)
        elif isinstance(inner, ast.Assign):
            names = [t.id for t in inner.targets if isinstance(t, ast.Name)]
            rebound = rebound or rest.arg in names
            if len(inner.targets) == 1 and names:
                bound.setdefault(names[0], []).append(inner.value)
        elif isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
            rebound = rebound or inner.id == rest.arg  # a loop's, a tuple's, ``+=``
    if len(returned) != 1 or rebound:
        return None  # ``args = (models.Snapshot,) + args``: its first entity is another
    local = returned.pop()
    values = bound.get(local, [])
    made = [v for v in values if _queries_entities(v, rest.arg)]
    narrowed = [v for v in values if _narrows(v, local)]
    if len(made) != 1 or len(made) + len(narrowed) != len(values):
        return None
    return len(params), rest.arg, len(params) + 1


def _queries_entities(value: ast.expr, rest: str) -> bool:
    """``session.query(*args)``, ``args`` the function's ``*`` parameter."""
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "query"
        and len(value.args) == 1
        and isinstance(value.args[0], ast.Starred)
        and isinstance(value.args[0].value, ast.Name)
        and value.args[0].value.id == rest
    )


def _narrows(value: ast.expr, local: str) -> bool:
    """``query.filter_by(...)`` (a chain of methods of the local, each of those that keep a
    query's entities, :data:`~colretire.analysis.filtered.KEEPING`): the same query,
    narrowed. A join, ``with_entities``, ``add_entity`` or ``from_self`` may change its
    entities, and is not."""
    node = value
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr not in KEEPING:
            return False
        node = node.func.value
    return node is not value and isinstance(node, ast.Name) and node.id == local


def other_entities(node: ast.Call, known: tuple[int, str, int]) -> bool:
    """Whether a call of a query factory may give the query other entities than its model:
    a positional argument beyond its parameters (Manila's ``model_query(context,
    models.Share, models.Share.host, func.sum(...))`` forwards them as oslo.db's ``args``,
    ``session.query(*args)``), a starred one, or an ``args=`` keyword."""
    return (
        len(node.args) > known[2]
        or any(isinstance(a, ast.Starred) for a in node.args)
        or any(k.arg in (None, "args") for k in node.keywords)
    )


def _returned(
    node: ast.FunctionDef | ast.AsyncFunctionDef, own: str | None, known: Mapping[str, Known]
) -> Value | None:
    if node.returns is not None:
        return None
    returns: list[ast.expr] = []
    bindings: dict[str, list[ast.expr]] = {}
    untracked: set[str] = set()
    loops: dict[str, list[ast.expr]] = {}
    stores: dict[str, int] = {}
    for inner in _walk(node):
        if inner is None:
            return None  # a yield or nested code
        if isinstance(inner, ast.Return):
            if inner.value is not None and not _is_none(inner.value):
                returns.append(inner.value)
        elif isinstance(inner, ast.Assign) and all(isinstance(t, ast.Name) for t in inner.targets):
            for target in inner.targets:
                bindings.setdefault(target.id, []).append(inner.value)  # type: ignore[attr-defined]
        elif isinstance(inner, ast.For) and isinstance(inner.target, ast.Name):
            loops.setdefault(inner.target.id, []).append(inner.iter)
        elif isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
            stores[inner.id] = stores.get(inner.id, 0) + 1
        elif isinstance(inner, ast.arg):
            untracked.add(inner.arg)
    if not returns:
        return None
    for name, count in stores.items():
        # a loop's variable is bound by its loops alone, or it is not followed
        if name in bindings or count != len(loops.get(name, ())):
            untracked.add(name)
    for name in loops:
        if name not in untracked:
            bindings[name] = [_Rows(iterated) for iterated in loops[name]]
    reader = _Reader(own, bindings, untracked, known)
    found = {reader.value(value) for value in returns}
    return found.pop() if len(found) == 1 else None


def row_class(value: ast.expr | None) -> str | None:
    """The class (as written) of the one row ``value`` gives: a row of a query of it
    (``db.query(orm.Hub).first()``), a new instance (``orm.Hub(...)``)."""
    if value is None:
        return None
    kind, cls = _Reader(None, {}, set()).value(value)
    return cls if kind == ROW and cls else None


def _walk(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST | None]:
    """The nodes of the function's own code; ``None`` for a yield or nested code. The
    targets of assignments are not given as names (their values are bindings)."""
    stack: list[ast.AST] = [*node.body]
    args = node.args
    yield from [*args.posonlyargs, *args.args, *args.kwonlyargs]
    for rest in (args.vararg, args.kwarg):
        if rest is not None:
            yield rest
    while stack:
        inner = stack.pop()
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            yield None
            return
        if isinstance(inner, (ast.Yield, ast.YieldFrom)):
            yield None
            return
        yield inner
        if isinstance(inner, ast.Assign) and all(isinstance(t, ast.Name) for t in inner.targets):
            stack.append(inner.value)
            continue
        stack.extend(ast.iter_child_nodes(inner))


class _Rows(ast.expr):
    """The binding of a ``for`` loop's variable: one item of ``iterated``."""

    def __init__(self, iterated: ast.expr) -> None:
        super().__init__()
        self.iterated = iterated


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _class_name(node: ast.expr, own: str | None) -> str | None:
    """The class a name writes: ``cls`` (:data:`OWN`), ``Task``, ``models.Task``."""
    if isinstance(node, ast.Name) and own is not None and node.id == own:
        return OWN
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    last = parts[0]
    if not last[:1].isupper() or last.isupper():
        return None  # a module, an instance, a constant
    return ".".join(reversed(parts))


class _Reader:
    def __init__(
        self,
        own: str | None,
        bindings: dict[str, list[ast.expr]],
        untracked: set[str],
        known: Mapping[str, Known] | None = None,
    ) -> None:
        self.own = own
        self.known = known or {}
        self.bindings = bindings
        self.untracked = untracked
        self.locals: dict[str, Value | None] = {}  # None: being read

    def value(self, node: ast.expr) -> Value:
        if isinstance(node, _Rows):  # a loop's variable: one of the rows iterated
            kind, entity = self.value(node.iterated)
            return (ROW, entity) if kind in (QUERY, ROWS) and entity else _UNKNOWN
        if isinstance(node, ast.Await):
            return self.value(node.value)
        if isinstance(node, ast.Name):
            return self.local(node.id)
        if isinstance(node, ast.Attribute) and node.attr == "query":
            cls = _class_name(node.value, self.own)
            return (QUERY, cls) if cls else _UNKNOWN
        if isinstance(node, ast.Call):
            return self.call(node)
        return _UNKNOWN

    def local(self, name: str) -> Value:
        if name == self.own or name in self.untracked or name not in self.bindings:
            return _UNKNOWN
        if name in self.locals:
            found = self.locals[name]
            return found if found is not None else (_PENDING, "")
        self.locals[name] = None
        values = {self.value(v) for v in self.bindings[name]} - {(_PENDING, "")}
        result = values.pop() if len(values) == 1 else _UNKNOWN
        self.locals[name] = result
        return result

    def call(self, node: ast.Call) -> Value:
        func = node.func
        cls = _class_name(func, self.own)
        if cls is not None:
            return ROW, cls  # a new row: ``cls(...)``, ``Task(...)``
        if isinstance(func, ast.Name) and func.id == "select":
            return self.entity(node, SELECT)
        if isinstance(func, ast.Name) and func.id in self.known:
            return self.known_query(node, self.known[func.id])
        if not isinstance(func, ast.Attribute):
            return _UNKNOWN
        method = func.attr
        if method == "select" and _is_module_like(func.value):
            return self.entity(node, SELECT)  # sa.select(Task)
        if method == "query" and len(node.args) == 1 and not node.keywords:
            return self.entity(node, QUERY)  # session.query(Task)
        if method in ("get", "get_one") and len(node.args) == 2:
            entity = _class_name(node.args[0], self.own)
            if entity is not None:
                return ROW, entity  # session.get(Task, id)
        if method in ("scalar", "scalars", "exec", "execute") and len(node.args) == 1:
            kind, entity = self.value(node.args[0])
            if kind == SELECT and entity:
                # SQLModel's ``session.exec(select(Task))`` gives the rows, as ``scalars``
                found = {"scalar": ROW, "scalars": ROWS, "exec": ROWS}
                return found.get(method, RESULT), entity
        kind, entity = self.value(func.value)
        if kind == _PENDING and method in QUERY_CHAIN:
            return _PENDING, ""  # the local being read, continued: what its other bindings say
        if not entity:
            return _UNKNOWN
        if kind == SELECT and method in QUERY_CHAIN:
            return SELECT, entity
        if kind == QUERY:
            if method in QUERY_CHAIN:
                return QUERY, entity
            if method in ONE:
                return ROW, entity
            if method == "all":
                return ROWS, entity
        if kind == RESULT:
            if method == "scalars":
                return ROWS, entity
            if method in ("scalar_one", "scalar_one_or_none", "scalar"):
                return ROW, entity
        if kind == ROWS and method in ("first", "one", "one_or_none"):
            return ROW, entity
        if kind == ROWS and method in ("all", "unique"):
            return ROWS, entity
        return _UNKNOWN

    def known_query(self, node: ast.Call, known: Known) -> Value:
        """A call of a function of the module that gives a query (:data:`Known`)."""
        if isinstance(known, str):
            return QUERY, known
        if other_entities(node, known):
            return _UNKNOWN
        position, name, _ = known
        given = next((k.value for k in node.keywords if k.arg == name), None)
        before = node.args[: position + 1]
        if (
            given is None
            and len(node.args) > position
            and not any(isinstance(a, ast.Starred) for a in before)
        ):
            given = node.args[position]
        cls = _class_name(given, self.own) if given is not None else None
        return (QUERY, cls) if cls and cls != OWN else _UNKNOWN

    def entity(self, node: ast.Call, kind: str) -> Value:
        if len(node.args) != 1:
            return _UNKNOWN
        cls = _class_name(node.args[0], self.own)
        return (kind, cls) if cls else _UNKNOWN


def _is_module_like(node: ast.expr) -> bool:
    """``sa`` of ``sa.select``: a lower-case name, not a query."""
    return isinstance(node, ast.Name) and node.id[:1].islower()
