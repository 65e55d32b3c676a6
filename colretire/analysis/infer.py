"""Follow what a name holds, far enough to tell a ``Task`` from an ``Order``.

Flow-insensitive and deliberately small: a variable's type is the join of everything
assigned to it in its scope (``None`` ignored, disagreement gives *unknown*). Types come
from annotations, constructors, ``session.get(Task, ...)``, ``select(Task)`` and
``query(Task)`` chains and their ``.scalars()``/``.first()``/``.all()``, loop variables,
relationship attributes, ``aliased``, and functions or methods annotated to return a model.
A Core ``select`` of Table columns (``select(tasks.c.id, tasks.c.col)``) yields rows whose
attributes are the selected columns' names; its key records which table gave each.
What cannot be followed is *unknown*, which makes a matching attribute a ``likely``
reference rather than a miss.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from colretire.analysis import facts as F
from colretire.analysis import narrow
from colretire.analysis.dumping import module_functions
from colretire.analysis.getters import query_of_parameter
from colretire.analysis.index import BUILTIN_TYPES, MAPPED, MIXIN, Resolved, import_target
from colretire.analysis.mirrors import union_members
from colretire.analysis.rows import MANY, ONE, QUERY_CHAIN, other_entities
from colretire.analysis.tablefactory import SQLALCHEMY_TABLES, table_factory
from colretire.analysis.target import World

INSTANCE = "instance"
CLASS = "class"
QUERY = "query"  # select(Task) / session.query(Task): yields Task rows when run
COLLECTION = "collection"  # list of Task, ScalarResult
RESULT = "result"  # session.execute(select(Task)): rows; .scalars() gives Task
STATEMENT = "statement"  # update(Task) / insert(Task) / tasks_table.update()
TABLE = "table"  # a Table object; key is the table name
COLUMNS = "columns"  # Table.c; key is the table name
COLUMN = "column"  # one column of a Table (tasks_table.c.col); key: see core_key()
ROWS = "rows"  # a Core select of Table columns, or its result; key: see core_key()
ROW = "row"  # one row of such a select; same key
NAME = "name"  # a dotted name that is not an indexed class: a module, an object
FUNCTION = "function"
PAYLOAD = "payload"  # a dict literal built from model attributes
#: the dict of an instance's attributes by name (``row.to_dict()`` where the method returns
#: the instance's ``__dict__``, see :mod:`~colretire.analysis.attrdicts`); key: its class
ATTRIBUTES = "attributes"
EITHER = "either"  # an instance of one of several classes; key: their keys joined by "|"
#: a value annotated as any of several classes (``run: DagRun | DagRunPydantic``): the code
#: reads it through attributes every one of them has; key: their keys joined by "|"
UNION = "union"
#: one of several classes themselves (``record_class: Union[Type[A], Type[B]]``); key: their
#: keys joined by "|"
CLASSES = "classes"
TUPLE = "tuple"  # a tuple of fixed size; items: the type at each position
MAPPING = "mapping"  # a dict; items: the type of its keys and of its values
NONE = "none"
CYCLE = "cycle"  # a name read while its own type is being worked out (``x = keep(x)``)
OTHER = "other"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Ty:
    kind: str
    key: str = ""
    #: of a TUPLE, the type at each position; of a COLLECTION of tuples, of its items'
    items: tuple[Ty, ...] = ()
    #: of a TABLE (and the COLUMNS, COLUMN and STATEMENT made from it) reached as an
    #: attribute of an object of unknown type spelt like a class attribute that holds
    #: the table (``self.db.model.buildrequests``): that attribute's name. The table is
    #: then likely, not proven (:meth:`Types.held_table`)
    via: str = ""


T_UNKNOWN = Ty(UNKNOWN)
T_OTHER = Ty(OTHER)
T_NONE = Ty(NONE)

_SCHEMA_BUILDERS = frozenset(
    {"model_validate", "from_orm", "model_construct", "parse_obj", "construct", "validate"}
)
#: Decorators whose method receives the class as its first parameter.
CLASS_FIRST = frozenset({"classmethod", "declared_attr", "expression", "comparator", "validates"})


def self_kind(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """What a method's first parameter holds, by its decorators: the class (:data:`CLASS`,
    a ``classmethod`` and the like), an instance (:data:`INSTANCE`), or nothing (``""``, a
    ``staticmethod``)."""
    names = {
        (F.dotted(d.func if isinstance(d, ast.Call) else d) or "").rpartition(".")[2]
        for d in node.decorator_list
    }
    if "staticmethod" in names:
        return ""
    return CLASS if names & CLASS_FIRST else INSTANCE


_BUILTIN_NAMES = frozenset(dir(builtins))
_NO_INFO = frozenset({"Any", "object", "TypeVar", "Self"})
#: Classes of the standard library whose instances hold values of their own, never a row:
#: an annotation naming one types its object (``args: argparse.Namespace``, the options of
#: the command line).
_LIBRARY_VALUES = frozenset({"argparse.Namespace"})
#: Builtin classes whose instances hold plain values (``isinstance(x, dict)``).
_PLAIN_TYPES = frozenset(
    {"str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set", "frozenset"}
)


#: (kind, node, extra): how a name is bound; ``extra`` is an annotation, a default value
#: or the :class:`~colretire.analysis.facts.ImportFact` of an import.
Binding = tuple[str, ast.AST, object]


#: The hooks Flask-AppBuilder's model views and REST APIs call with the row they add,
#: update or delete.
_VIEW_ITEM_HOOKS = frozenset(
    {"pre_add", "post_add", "pre_update", "post_update", "pre_delete", "post_delete"}
)


class Scope:
    """A module, class, function, lambda or comprehension body and the names it binds."""

    def __init__(self, node: ast.AST, parent: Scope | None, kind: str, class_key: str = "") -> None:
        self.node = node
        self.parent = parent
        self.kind = kind
        self.class_key = class_key  # the class of a class scope, or of a method's self
        self.self_kind = ""  # INSTANCE or CLASS for the first parameter of a method
        #: whether the file may hold an assignment expression (``:=``), the one binding an
        #: expression makes; the module's scope says, by its text (see :class:`_Binder`)
        self.walrus: bool = parent.walrus if parent is not None else True
        self._bindings: dict[str, list[Binding]] | None = None

    def bindings(self) -> dict[str, list[Binding]]:
        if self._bindings is None:
            self._bindings = _Binder(self).collect()
        return self._bindings


class _Binder:
    """Collects the bindings of one scope without entering nested scopes, nor, in a file
    with no assignment expression, expressions: most of a scope's nodes are within its
    expressions, and without ``:=`` only statements (and their handlers) bind names."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.found: dict[str, list[Binding]] = {}

    def bind(self, name: str, kind: str, node: ast.AST, extra: object = None) -> None:
        self.found.setdefault(name, []).append((kind, node, extra))

    def collect(self) -> dict[str, list[Binding]]:
        node = self.scope.node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self.parameters(node)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for generator in node.generators:
                self.target(generator.target, "iter", generator.iter)
            return self.found
        body = node.body if isinstance(node.body, list) else [node.body]  # type: ignore[attr-defined]
        for child in _scope_nodes(body, expressions=self.scope.walrus):
            self.node(child)
        return self.found

    def parameters(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        args = node.args
        ordered = [*args.posonlyargs, *args.args]
        for position, arg in enumerate(ordered):
            first = position == 0 and self.scope.self_kind != ""
            self.bind(arg.arg, "self" if first else "param", arg, arg.annotation)
        for arg in args.kwonlyargs:
            self.bind(arg.arg, "param", arg, arg.annotation)
        for rest in (args.vararg, args.kwarg):
            if rest is not None:
                self.bind(rest.arg, "other", rest)

    def node(self, node: ast.AST) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self.target(target, "assign", node.value)
        elif isinstance(node, ast.AnnAssign):
            self.target(node.target, "ann", node.annotation, node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.target(node.target, "iter", node.iter)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self.target(item.optional_vars, "with", item.context_expr)
        elif isinstance(node, ast.NamedExpr):
            self.target(node.target, "assign", node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.bind(node.name, "def" if not isinstance(node, ast.ClassDef) else "class", node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for fact in F.imports_of(node):
                self.bind(fact.local, "import", node, fact)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self.bind(node.name, "other", node)

    def target(self, target: ast.AST, kind: str, value: ast.AST, extra: object = None) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, kind, value, extra)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for position, element in enumerate(target.elts):
                pair = _unpacked(kind, value, position, len(target.elts))
                if pair is not None:
                    self.target(element, *pair)
                elif kind in ("iter", "assign", "with"):
                    part = "unpacked" if kind == "iter" else "part"
                    self.target(element, part, value, (position, len(target.elts)))
                else:
                    self.target(element, "other", value)
        elif isinstance(target, ast.Starred):
            self.target(target.value, "other", value)


def _unpacked(kind: str, value: ast.AST, position: int, size: int) -> tuple[str, ast.AST] | None:
    """``a, b = x, y`` and ``for i, task in enumerate(tasks)`` / ``zip(xs, ys)``."""
    if kind == "assign" and isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == size:
        return "assign", value.elts[position]
    if kind == "iter" and isinstance(value, ast.Call):
        callee = F.last_name(value.func)
        if callee == "enumerate" and position == 1 and value.args:
            return "iter", value.args[0]
        if callee == "zip" and position < len(value.args):
            return "iter", value.args[position]
    return None


_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.GeneratorExp,
    ast.DictComp,
)


def _scope_nodes(
    body: list[ast.stmt] | list[ast.expr], expressions: bool = True
) -> Iterator[ast.AST]:
    """Every node of a scope's body, in order, nested scopes yielded but not entered;
    without ``expressions``, the body's own and the statements' expressions are neither
    yielded nor entered (a statement is never within an expression)."""
    pending: list[ast.AST] = list(reversed(body))
    while pending:
        node = pending.pop()
        if not expressions and isinstance(node, ast.expr):
            continue
        yield node
        if isinstance(node, _SCOPES):
            continue
        pending.extend(reversed(list(ast.iter_child_nodes(node))))


class Types:
    """Evaluates expressions of one file to :class:`Ty` values (memoised per node)."""

    def __init__(
        self,
        world: World,
        module: str,
        path: str,
        local_classes: dict[int, str],
        payload: Callable[[ast.Dict, Scope], bool],
    ) -> None:
        self.world = world
        self.payload = payload  # whether a dict literal is built from model attributes
        self.module = module
        self.path = path
        self.local_classes = local_classes  # id(ClassDef) -> class key
        #: the classes of this file by key, as the finder meets them, and the module's
        #: scope: for what a class of this file the index lacks stores in ``__init__``
        self.local_nodes: dict[str, ast.ClassDef] = {}
        self.module_scope: Scope | None = None
        self._local_queries: dict[str, str | tuple[int, str, int]] | None = None
        self._init_types: dict[str, tuple[tuple[str, F.TypeSpec], ...]] = {}
        self._memo: dict[int, Ty] = {}
        self._active: set[tuple[int, str]] = set()
        self._names: dict[tuple[int, str], Ty] = {}
        self._guards: dict[int, dict[str, list[narrow.Guard]]] = {}
        #: parameters the code proves to hold a class without annotating them, by
        #: ``id()`` of their ``ast.arg`` (the object a marshmallow schema of a model dumps)
        self.param_types: dict[int, Ty] = {}

    # --- names ----------------------------------------------------------------------

    def name(self, name: str, scope: Scope) -> Ty:
        current: Scope | None = scope
        while current is not None:
            if current.kind == "class" and current is not scope:
                current = current.parent
                continue
            bindings = current.bindings().get(name)
            if bindings:
                return self._bound(name, current, bindings)
            current = current.parent
        return self._global(name)

    def narrowed(self, node: ast.Name, scope: Scope) -> Ty | None:
        """The class an ``isinstance`` guard of the function proves ``node`` to hold (see
        :mod:`~colretire.analysis.narrow`), while the name is not bound again after the
        guard. A guard naming a class that others subclass proves less than the class's own
        attributes (a subclass may map more): no guard then; but a mixin that declares mapped
        attributes (``isinstance(context, TwoFactorRequireable)``) is proven as ``self`` is in
        its methods: what it declares is the columns of the models that use it."""
        current = scope
        while current.kind == "comprehension" and node.id not in current.bindings():
            current = current.parent  # type: ignore[assignment]
        function = current.node
        if current.kind != "function" or not isinstance(
            function, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            return None
        if id(function) not in self._guards:
            self._guards[id(function)] = narrow.guards(function)
        here = (node.lineno, node.col_offset)
        holding = [
            guard
            for guard in self._guards[id(function)].get(node.id, ())
            if guard.start <= here <= guard.end
        ]
        if not holding:
            return None
        guard = max(holding, key=lambda g: g.at)
        for kind, bound, _ in current.bindings().get(node.id, ()):
            where = (getattr(bound, "lineno", 0), getattr(bound, "col_offset", 0))
            if kind not in ("param", "self") and where > guard.at:
                return None  # bound again after the guard
        found = self._guarded(guard.classes, current)
        return found if found.kind in (INSTANCE, EITHER, OTHER) else None

    def _guarded(self, classes: ast.expr, scope: Scope) -> Ty:
        """What ``isinstance(x, classes)`` proves ``x`` to be."""
        if isinstance(classes, ast.Tuple):
            return join([self._guarded(item, scope) for item in classes.elts])
        ty = self.expr(classes, scope)
        if ty.kind == NAME and ty.key in _SEQUENCES:
            return T_UNKNOWN  # isinstance(x, list): its items may be anything
        if ty.kind == NAME and ty.key in _PLAIN_TYPES:
            return T_OTHER
        if ty.kind != CLASS:
            return T_UNKNOWN
        view = self.world.classes.get(ty.key)
        if ty.key in self.world.subclassed and (view is None or view.kind != MIXIN):
            return T_UNKNOWN
        return Ty(INSTANCE, ty.key)

    def _last_assignment(self, node: ast.Name, scope: Scope) -> ast.expr | None:
        """The value of the assignment every read of ``node`` sees: the last ``name =
        value`` before the statement holding the read, in the innermost block (the
        function's body, or the body of an ``if``, a loop, ``with`` or ``try`` within it)
        that has one, with no other binding of the name from that assignment to the end
        of the statement holding the read (a loop within it could bring a later binding
        back). ``def read(cls, challenge): challenge = Challenge.query...first()`` rebinds
        the parameter; ``res = await session.execute(select(JobModel)...)`` and, further
        down the same ``with`` block, ``res = await session.execute(select(RunModel)...)``
        each type the reads that follow them. The assignment holding the read binds the
        name only once its value is worked out: ``trial = copy.copy(trial)`` copies what
        the assignment before it gave."""
        if scope.kind not in ("function",) or not isinstance(
            scope.node, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            return None
        bindings = scope.bindings().get(node.id)
        if not bindings or len(bindings) < 2:
            return None  # one binding: the flow-insensitive type is the same
        here = (node.lineno, node.col_offset)
        for block, holding in reversed(_enclosing(scope.node.body, here)):
            last: ast.Assign | None = None
            for stmt in block:
                if stmt is holding:
                    break
                if isinstance(stmt, ast.Assign) and _assigns(stmt, node.id):
                    last = stmt
                elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                    last = _last_in_with(stmt, node.id) or last
            if last is None:
                continue
            start = (last.lineno, last.col_offset)
            end = (holding.end_lineno or holding.lineno, holding.end_col_offset or 0)
            # ``trial = copy.copy(trial)``: the statement holding the read binds the name
            # only once its value, the read among it, is worked out
            after = (
                holding.value
                if isinstance(holding, ast.Assign) and _within(holding.value, here)
                else None
            )
            for kind, bound, _ in bindings:
                if kind in ("param", "self") or bound is last.value or bound is after:
                    continue
                where = (getattr(bound, "lineno", 0), getattr(bound, "col_offset", 0))
                if start < where <= end:
                    return None  # bound again before the read, or in a loop around it
            return last.value
        return None

    def _loop_element(self, node: ast.Name, scope: Scope) -> Ty | None:
        """The row a read of a loop's variable in the loop's body sees, where the function
        binds the name elsewhere too: ``for task in db.Tasks.query.filter(...):
        self.start_task(task)``, then ``for task_id, task in active_tasks:`` further down.
        The innermost ``for`` whose target is the name and whose body holds the read, when
        nothing in that body binds the name again, gives it an element of what it goes
        over; only a model's instance is taken (otherwise every binding counts, as
        before)."""
        if scope.kind != "function" or not isinstance(
            scope.node, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            return None
        bindings = scope.bindings().get(node.id)
        if not bindings or len(bindings) < 2:
            return None
        here = (node.lineno, node.col_offset)
        loop: ast.For | ast.AsyncFor | None = None
        block: list[ast.stmt] | None = scope.node.body
        while block:
            holding = next((stmt for stmt in block if _within(stmt, here)), None)
            if holding is None or isinstance(holding, _NESTED_DEFS):
                break
            inner = _block_of(holding, here)
            if (
                isinstance(holding, (ast.For, ast.AsyncFor))
                and inner is holding.body
                and isinstance(holding.target, ast.Name)
                and holding.target.id == node.id
            ):
                loop = holding
            block = inner
        if loop is None or any(_rebinds(stmt, node.id) for stmt in loop.body):
            return None
        found = self._binding("iter", loop.iter, None, scope)
        return found if found.kind == INSTANCE else None

    def bindings(self, name: str, scope: Scope) -> list[Binding]:
        """How ``name`` is bound in the scope that binds it (empty for a global the file
        does not bind)."""
        current: Scope | None = scope
        while current is not None:
            if current.kind == "class" and current is not scope:
                current = current.parent
                continue
            bindings = current.bindings().get(name)
            if bindings:
                return bindings
            current = current.parent
        return []

    def imported_classes(self, name: str, scope: Scope) -> list[str]:
        """The classes ``name`` is imported as where every binding of it imports a class
        (``if is_ee(): from ee.models import CreateOrganization`` / ``else: from
        oss.services import CreateOrganization``): one of them at run time; else none."""
        bindings = self.bindings(name, scope)
        found = []
        for kind, node, extra in bindings:
            if kind != "import":
                return []
            ty = self._binding(kind, node, extra, scope)
            if ty.kind != CLASS:
                return []
            found.append(ty.key)
        return sorted(set(found))

    def bound_expressions(self, name: str, scope: Scope) -> list[ast.expr]:
        """The expressions ``name`` is assigned or iterates over, in the scope that binds it."""
        return [node for _, node, _ in self.bindings(name, scope) if isinstance(node, ast.expr)]

    def is_module(self, node: ast.expr, scope: Scope) -> bool:
        """Whether ``node`` is a name bound only by ``import module`` (``import math``,
        ``import numpy as np``): its attributes are the module's globals."""
        if not isinstance(node, ast.Name):
            return False
        bindings = self.bindings(node.id, scope)
        return bool(bindings) and all(
            kind == "import" and isinstance(extra, F.ImportFact) and extra.name is None
            for kind, _, extra in bindings
        )

    def _bound(self, name: str, scope: Scope, bindings: list[Binding]) -> Ty:
        key = (id(scope.node), name)
        if key in self._names:
            return self._names[key]
        if key in self._active:
            return Ty(CYCLE)
        self._active.add(key)
        try:
            kept = [
                b
                for b in bindings
                if not (b[0] == "assign" and (_rebuilt(b[1], name) or _filtered(b[1], name)))
            ]
            found = [self._binding(kind, node, extra, scope) for kind, node, extra in kept]
            filtered_only = all(_filtered(b[1], name) for b in bindings if b not in kept)
            if (
                kept
                and len(kept) < len(bindings)
                and filtered_only
                and all(_empty_list(node) for _, node, _ in kept)
            ):
                # ``tools = []``, ``tools.append(Tool(...))``, then ``tools = [t for t in
                # tools if ...]``: the items appended, some of them kept
                found = [self._appended(name, scope) or T_OTHER]
            # ``trials = [t for t in trials if ...]`` keeps some of the items it held
            kept_items = join(found).kind == COLLECTION and filtered_only
            if (
                len(kept) < len(bindings)
                and (not kept or join(found).kind not in _REFINED)
                and not (kept and kept_items)
            ):
                # not a query the methods refine: each binding as any other
                kept = bindings
                found = [self._binding(kind, node, extra, scope) for kind, node, extra in kept]
        finally:
            self._active.discard(key)
        # ``dag: Dag | DagModel | None`` declares what every assignment gives the name
        declared = [
            ty
            for (kind, _, _), ty in zip(kept, found, strict=True)
            if kind == "ann" and ty.kind in (INSTANCE, UNION)
        ]
        # ``server = keep(server, ...)`` gives the name what it already holds
        found = [ty for ty in found if ty.kind != CYCLE]
        result = join(declared or found) if found else T_UNKNOWN
        if result == T_OTHER and all(_empty_list(node) for _, node, _ in bindings):
            result = self._appended(name, scope) or result
        self._names[key] = result
        return result

    def _appended(self, name: str, scope: Scope) -> Ty | None:
        """``trials = []`` then only ``trials.append(trial)`` of one class's instances: a
        list of them."""
        items: list[Ty] = []
        for node in _scope_nodes(_body(scope.node)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == name
            ):
                if node.func.attr in _LIST_READS:
                    continue
                if node.func.attr != "append" or len(node.args) != 1:
                    return None
                items.append(self.expr(node.args[0], scope))
            elif _changes(node, name):
                return None
        found = join(items) if items else T_NONE
        return Ty(COLLECTION, found.key) if found.kind == INSTANCE else None

    def _binding(self, kind: str, node: ast.AST, extra: object, scope: Scope) -> Ty:
        if isinstance(node, ast.expr):
            return self._expression_binding(kind, node, extra, scope)
        if kind == "self":
            return Ty(scope.self_kind, scope.class_key)
        if kind == "param":
            if id(node) in self.param_types:
                return self.param_types[id(node)]
            annotation = extra if isinstance(extra, ast.expr) else None
            if annotation is None:
                return self._called_with(scope, node)
            return self.annotation(annotation, scope.parent or scope)
        if kind == "def":
            return Ty(FUNCTION, f"local:{id(node)}")
        if kind == "class" and isinstance(node, ast.ClassDef):
            return Ty(CLASS, self.local_classes.get(id(node), f"{self.module}.{node.name}"))
        if kind == "import" and isinstance(extra, F.ImportFact):
            return self._qualified(import_target(self.module, self.path, extra))
        if kind == "other" and isinstance(node, ast.arg) and isinstance(scope.node, _FUNCTIONS):
            # ``*args``: a tuple of any values; ``**kwargs``: a dict of them by name
            args = scope.node.args
            return _KWARGS if args.kwarg is node else T_UNKNOWN
        return T_OTHER

    def _called_with(self, scope: Scope, node: ast.AST) -> Ty:
        """An unannotated parameter of a module-level function, or of a method of a
        module-level class, that every call gives an instance of one model
        (:attr:`~colretire.analysis.target.World.parameters`)."""
        function = scope.node
        outer = scope.parent
        if isinstance(function, ast.Lambda) and isinstance(node, ast.arg) and outer is not None:
            return self._sort_key_item(function, outer, node)
        if (
            not isinstance(node, ast.arg)
            or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
            or outer is None
        ):
            return T_UNKNOWN
        if outer.kind == "function" and isinstance(
            outer.node, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            return self._nested_called_with(function, outer, node)
        if outer.kind == "module":
            qualified = function.name
        elif (
            outer.kind == "class"
            and isinstance(outer.node, ast.ClassDef)
            and outer.parent is not None
            and outer.parent.kind == "module"
        ):
            qualified = f"{outer.node.name}.{function.name}"
        else:
            return T_UNKNOWN
        found = self.world.parameters.get(f"{self.module}.{qualified}:{node.arg}")
        if not found and outer.kind == "class":
            found = self._view_hook_item(scope, function, node)
        if not found and outer.kind == "module":
            found = self._subscribed_event(function, outer)
        return Ty(INSTANCE, found) if found else T_UNKNOWN

    def _subscribed_event(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, outer: Scope
    ) -> str:
        """``@subscriber(RegistrationEvent) def notify(event)``: Pyramid calls the
        subscriber of one event class with an instance of it (``pyramid.events.subscriber``;
        :func:`~colretire.analysis.facts.subscribed_event`), where nothing else names the
        function (:attr:`~colretire.analysis.target.World.subscribers`: not
        ``config.add_subscriber(notify, OtherEvent)``, nor a call). ``""`` elsewhere."""
        decorator = F.subscribed_event(function)
        if decorator is None or f"{self.module}.{function.name}" not in self.world.subscribers:
            return ""  # registered or called elsewhere too, it may be given other events
        callee = self.expr(decorator.func, outer)
        if callee.kind != NAME or callee.key != F.SUBSCRIBER:
            return ""
        event = self.expr(decorator.args[0], outer)
        return event.key if event.kind == CLASS else ""

    def _sort_key_item(self, function: ast.Lambda, outer: Scope, param: ast.arg) -> Ty:
        """``max(trials, key=lambda t: t.value)``: the one parameter of a lambda given as
        the ``key=`` of the builtin ``min``, ``max`` or ``sorted`` (names no code of the file
        binds) is an item of the iterable given first, one of whose items the builtin calls
        it with."""
        args = function.args
        if [*args.posonlyargs, *args.args] != [param] or args.vararg or args.kwarg:
            return T_UNKNOWN
        for call in ast.walk(outer.node):
            if not (
                isinstance(call, ast.Call)
                and any(k.arg == "key" and k.value is function for k in call.keywords)
            ):
                continue
            if (
                not isinstance(call.func, ast.Name)
                or call.func.id not in _SORTING
                or self.bindings(call.func.id, outer)
                or not call.args
                or isinstance(call.args[0], ast.Starred)
            ):
                return T_UNKNOWN
            item = element(self.expr(call.args[0], outer))
            return item if item.kind == INSTANCE else T_UNKNOWN
        return T_UNKNOWN

    def _nested_called_with(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, outer: Scope, param: ast.arg
    ) -> Ty:
        """An unannotated parameter of a function defined in another (``def
        _user_summary(user):`` in ``init_spawners``), whose name the enclosing function
        only calls, directly in its own code (not in a lambda, a comprehension or another
        nested function, which may run it later with other values), and every call gives
        the parameter an instance of one class: it holds one. The function is undecorated,
        its name bound by its ``def`` alone and never handed on (returned, stored, passed
        as a callback), so no other code can call it."""
        key = (id(param), "called-with")
        if key in self._names:
            return self._names[key]
        if key in self._active or function.decorator_list:
            return T_UNKNOWN
        self._names[key] = found = self._nested_calls(function, outer, param, key)
        return found

    def _nested_calls(
        self,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        outer: Scope,
        param: ast.arg,
        key: tuple[int, str],
    ) -> Ty:
        bindings = outer.bindings().get(function.name, [])
        if len(bindings) != 1 or bindings[0][1] is not function:
            return T_UNKNOWN
        arguments = function.args
        positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
        position = positional.index(param.arg) if param.arg in positional else None
        found: set[str] = set()
        self._active.add(key)
        try:
            for inner, direct in _direct_walk(outer.node):
                if isinstance(inner, (ast.Global, ast.Nonlocal)) and function.name in inner.names:
                    return T_UNKNOWN
                if not (isinstance(inner, ast.Name) and inner.id == function.name):
                    continue
                call = _called(inner, outer.node)
                if call is None or not direct:
                    return T_UNKNOWN  # handed on, or called where other values may reach
                if any(isinstance(a, ast.Starred) for a in call.args) or any(
                    k.arg is None for k in call.keywords
                ):
                    return T_UNKNOWN
                given = next((k.value for k in call.keywords if k.arg == param.arg), None)
                if given is None and position is not None and position < len(call.args):
                    given = call.args[position]
                ty = self.expr(given, outer) if given is not None else T_UNKNOWN
                if ty.kind != INSTANCE:
                    return T_UNKNOWN
                found.add(ty.key)
        finally:
            self._active.discard(key)
        return Ty(INSTANCE, found.pop()) if len(found) == 1 else T_UNKNOWN

    def _view_hook_item(
        self, scope: Scope, function: ast.FunctionDef | ast.AsyncFunctionDef, node: ast.arg
    ) -> str:
        """``def pre_add(self, db)`` in a class of Flask-AppBuilder views (``DatabaseMixin``
        of ``DatabaseView``, whose ``datamodel = SQLAInterface(Database)``): the framework
        calls the hooks of an add, an update and a delete with the row, an instance of the
        one model every view of the class shows. ``""`` elsewhere."""
        args = [*function.args.posonlyargs, *function.args.args]
        if (
            function.name not in _VIEW_ITEM_HOOKS
            or len(args) != 2
            or args[1] is not node
            or function.decorator_list
        ):
            return ""
        models = self.world.viewed.get(scope.class_key, frozenset())
        return next(iter(models)) if len(models) == 1 else ""

    def _expression_binding(self, kind: str, node: ast.expr, extra: object, scope: Scope) -> Ty:
        if kind == "ann":
            declared = self.annotation(node, scope.parent or scope)
            if declared.kind == UNKNOWN and isinstance(extra, ast.expr):
                return self.expr(extra, scope)
            return declared
        if kind == "iter":
            return element(self.expr(node, scope))
        if kind == "unpacked":  # for a, b in rows: a part of each item
            item = element(self.expr(node, scope))
            found = _part(item, extra)
            if found is not None:
                return found
            return T_OTHER if item.kind == OTHER else T_UNKNOWN
        if kind == "part":  # a, b = pair: a part of a tuple of known shape
            whole = self.expr(node, scope)
            found = _part(whole, extra)
            # else an item of what is unpacked (``a, b = tasks``, ``x, y = text.split()``):
            # unknown where that is (``query, n = build()`` may give back a model's query)
            return found if found is not None else element(whole)
        if kind in ("assign", "with"):
            return self.expr(node, scope)
        if kind == "other":
            # ``(a, b), c = pair``, ``first, *rest = rows``: something inside ``node``,
            # plain only where ``node`` is
            whole = self.expr(node, scope)
            return T_OTHER if whole.kind in (OTHER, PAYLOAD) else T_UNKNOWN
        return T_OTHER

    def _global(self, name: str) -> Ty:
        local = f"{self.module}.{name}"
        if self.world.symbols.kinds.get(local):
            return self._qualified(local)
        if name in _BUILTIN_NAMES:
            return Ty(NAME, name)
        found = self.world.lookup(name)
        return self._qualified(found) if found else Ty(NAME, name)

    def _qualified(self, qualname: str) -> Ty:
        if qualname in self.world.modules and qualname not in self.world.symbols.kinds:
            return Ty(NAME, qualname)  # a module, whatever it defines of the same name
        found = self.world.lookup(qualname, self.module)
        if found is None:
            return Ty(NAME, qualname)
        kind = self.world.symbols.kinds.get(found, "")
        if kind == "class" or found in self.world.classes:
            return Ty(CLASS, found)
        if kind == "table":
            return Ty(TABLE, self.world.tables.get(found, ""))
        if kind == "function":
            return Ty(FUNCTION, found)
        if kind == "instance" and found == qualname and found in self.world.instances:
            return Ty(INSTANCE, self.world.instances[found])
        return Ty(NAME, found)

    # --- annotations ----------------------------------------------------------------

    def annotation(self, node: ast.expr | None, scope: Scope) -> Ty:
        members = union_members(node)
        if len(members) > 1:
            return union([self.spec(F.type_spec(member), scope) for member in members])
        return self.spec(F.type_spec(node), scope)

    def spec(self, spec: F.TypeSpec | None, scope: Scope) -> Ty:
        """The type an annotation reduced to a :class:`~colretire.analysis.facts.TypeSpec`
        names, its names looked up from ``scope``."""
        if spec is None:
            return T_UNKNOWN
        if spec.items:
            items = tuple(self.spec(item, scope) for item in spec.items)
            if spec.name in F.MAPPINGS:
                return T_OTHER if spec.collection else Ty(MAPPING, "", items)
            return Ty(COLLECTION if spec.collection else TUPLE, "", items)
        if spec.call:
            callee = self.dotted(spec.name, scope)
            if callee.kind == CLASS and spec.wraps:
                held = self.dotted(spec.wraps, scope)
                given = Ty(INSTANCE, held.key) if held.kind == CLASS else T_UNKNOWN
                return self.wrapping(callee.key, given)
            if callee.kind == CLASS:
                return Ty(INSTANCE, callee.key)
            return self._returns(callee.key, scope) if callee.kind == FUNCTION else T_UNKNOWN
        last = spec.name.rpartition(".")[2]
        if last in _NO_INFO:
            return T_UNKNOWN
        found = self.dotted(spec.name, scope)
        if found.kind == CLASS:
            if spec.is_class:
                return found
            return Ty(COLLECTION if spec.collection else INSTANCE, found.key)
        if (
            found.kind == NAME
            and not spec.collection
            and not spec.is_class
            and (classes := self.world.unions.get(found.key))
        ):
            # AnyConfig = Union[TaskConfig, ServiceConfig] at a module's top: any of them
            return union([Ty(INSTANCE, key) for key in classes])
        if last in _SEQUENCES and not spec.is_class:
            return T_UNKNOWN  # ``items: list``: a list of values of any type
        if last in BUILTIN_TYPES or spec.name == "None":
            return T_OTHER
        if found.kind == NAME and found.key in _LIBRARY_VALUES and not spec.items:
            return Ty(COLLECTION if spec.collection else INSTANCE, found.key)
        return T_UNKNOWN

    def dotted(self, name: str, scope: Scope) -> Ty:
        head, *rest = name.split(".")
        current = self.name(head, scope)
        for part in rest:
            current = self.attribute(current, part)
        return current

    def resolved(self, resolved: Resolved | None) -> Ty:
        if resolved is not None and resolved.items:
            items = tuple(self.resolved(item) for item in resolved.items)
            if resolved.key.removeprefix("builtins.") in F.MAPPINGS:
                return T_OTHER if resolved.collection else Ty(MAPPING, "", items)
            return Ty(COLLECTION if resolved.collection else TUPLE, "", items)
        if resolved is not None and resolved.key.removeprefix("builtins.") in _SEQUENCES:
            return T_UNKNOWN if not resolved.is_class else T_OTHER  # of values of any type
        if resolved is None or resolved.key.startswith("builtins."):
            return T_OTHER if resolved else T_UNKNOWN
        if resolved.is_class:
            return Ty(CLASS, resolved.key)
        if resolved.held and not resolved.collection:
            return self.wrapping(resolved.key, Ty(INSTANCE, resolved.held))
        return Ty(COLLECTION if resolved.collection else INSTANCE, resolved.key)

    def _wraps_first(self, key: str, node: ast.Call) -> bool:
        """Whether constructing the class ``key`` by ``node`` gives a wrapper what it holds
        as the call's first argument (:meth:`wrapping`)."""
        view = self.world.classes.get(key)
        forwards = view.forwarding if view is not None else None
        return (
            forwards is not None
            and forwards.given == 0
            and bool(node.args)
            and not isinstance(node.args[0], ast.Starred)
        )

    def wrapping(self, key: str, given: Ty) -> Ty:
        """An instance of the class ``key`` made with ``given`` first in its constructor:
        where the class hands the attributes it lacks on to what its ``__init__`` stores
        from its first parameter (:attr:`~colretire.analysis.forwarding.Forwarding.given`),
        the instance carries what it holds as its one item (``ModelWrapper(DbComputer(...))``),
        which :mod:`~colretire.analysis.finder.attributes` reads its attributes on."""
        view = self.world.classes.get(key)
        forwards = view.forwarding if view is not None else None
        if forwards is None or forwards.given != 0 or given.kind != INSTANCE:
            return Ty(INSTANCE, key)
        return Ty(INSTANCE, key, (Ty(INSTANCE, given.key),))

    # --- expressions ----------------------------------------------------------------

    def expr(self, node: ast.expr, scope: Scope) -> Ty:
        key = id(node)
        if key not in self._memo:
            self._memo[key] = T_UNKNOWN  # breaks cycles through the memo
            self._memo[key] = self._expr(node, scope)
        return self._memo[key]

    def _expr(self, node: ast.expr, scope: Scope) -> Ty:
        if isinstance(node, ast.Name):
            guarded = self.narrowed(node, scope)
            if guarded is not None:
                return guarded
            last = self._last_assignment(node, scope)
            if last is not None:
                return self.expr(last, scope)
            looped = self._loop_element(node, scope)
            return looped if looped is not None else self.name(node.id, scope)
        if isinstance(node, ast.Attribute):
            return self.attribute(self.expr(node.value, scope), node.attr)
        if isinstance(node, ast.Call):
            return self.call(node, scope)
        if isinstance(node, ast.Await):
            return self.expr(node.value, scope)
        if isinstance(node, ast.Subscript):
            return self._subscript(node, scope)
        if isinstance(node, ast.IfExp):
            return join([self.expr(node.body, scope), self.expr(node.orelse, scope)])
        if isinstance(node, ast.BoolOp):
            return join(self.expr(value, scope) for value in node.values)
        if isinstance(node, ast.NamedExpr):
            return self.expr(node.value, scope)
        if isinstance(node, ast.Constant):
            return T_NONE if node.value is None else T_OTHER
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return _collection_of([self.expr(e, scope) for e in node.elts])
        if isinstance(node, ast.Dict):
            return Ty(PAYLOAD) if self.payload(node, scope) else T_OTHER
        if isinstance(node, (ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return self._comprehension(node, scope)
        if isinstance(node, ast.Starred):
            return T_UNKNOWN
        return T_OTHER

    def _comprehension(
        self, node: ast.DictComp | ast.ListComp | ast.SetComp | ast.GeneratorExp, scope: Scope
    ) -> Ty:
        """``{dag.dag_id: dag for dag in dags}``: a mapping of the key's type to the value's;
        ``[t for t in trials if ...]``: a collection of the element's type (of plain values
        when the elements are, unknown when they are)."""
        inner = Scope(node, scope, "comprehension")
        if isinstance(node, ast.DictComp):
            return Ty(MAPPING, "", (self.expr(node.key, inner), self.expr(node.value, inner)))
        item = self.expr(node.elt, inner)
        if item.kind == INSTANCE:
            return Ty(COLLECTION, item.key)
        if item.kind == TUPLE:
            return Ty(COLLECTION, "", item.items)
        return T_OTHER if item.kind in (OTHER, NONE, PAYLOAD) else T_UNKNOWN

    def _subscript(self, node: ast.Subscript, scope: Scope) -> Ty:
        value = self.expr(node.value, scope)
        if value.kind == MAPPING:
            return value.items[1] if not isinstance(node.slice, ast.Slice) else T_UNKNOWN
        if value.kind == TUPLE:
            index = node.slice.value if isinstance(node.slice, ast.Constant) else None
            if isinstance(index, int) and -len(value.items) <= index < len(value.items):
                return value.items[index]
            return T_UNKNOWN
        if value.kind == COLLECTION and value.items:
            return element(value) if not isinstance(node.slice, ast.Slice) else value
        if value.kind == COLLECTION and not isinstance(node.slice, ast.Slice):
            return Ty(INSTANCE, value.key)
        if value.kind == COLLECTION:
            return value
        table = F.string_value(node.slice)
        if table and value.kind == COLUMNS:
            return Ty(COLUMN, core_key([(value.key, table)]), via=value.via)
        if table and isinstance(node.value, ast.Attribute) and node.value.attr == "tables":
            return Ty(TABLE, table.rpartition(".")[2])
        return T_UNKNOWN

    def attribute(self, owner: Ty, attr: str) -> Ty:
        if owner.kind == NAME:
            return self._qualified(f"{owner.key}.{attr}")
        if owner.kind == CLASS:
            return self._class_attribute(owner.key, attr)
        if owner.kind == INSTANCE:
            return self._instance_attribute(owner.key, attr)
        if owner.kind == UNION:
            return union([self._instance_attribute(key, attr) for key in owner.key.split("|")])
        if owner.kind == TABLE and attr in ("c", "columns"):
            return Ty(COLUMNS, owner.key, via=owner.via)
        if owner.kind == COLUMNS:
            return Ty(COLUMN, core_key([(owner.key, attr)]), via=owner.via)
        if owner.kind in (OTHER, PAYLOAD, NONE, MAPPING):
            return T_OTHER
        if owner.kind == UNKNOWN and (table := self.world.table_attributes.get(attr)):
            return Ty(TABLE, table, via=attr)
        return T_UNKNOWN

    def held_table(self, key: str, attr: str) -> Ty | None:
        """``Model.buildrequests`` (or on an instance of ``Model``), where the class or a
        class it derives from binds a Core ``Table`` under that name."""
        if attr not in self.world.held_names:
            return None  # no class holds a table so named: most attributes, every project
        view = self.world.classes.get(key)
        body = self.world.held_body_binders.get(attr, frozenset())
        code = self.world.held_code_binders.get(attr, frozenset())
        for owner in (key, *(view.ancestors if view is not None else ())):
            if owner in code:
                return None  # ``self.buildrequests = ...`` in its code: another value
            if table := self.world.held_tables.get(f"{owner}.{attr}"):
                return Ty(TABLE, table)
            if owner in body:
                return None  # the nearest class binds the name to something else
        return None

    def _class_attribute(self, key: str, attr: str) -> Ty:
        view = self.world.classes.get(key)
        if attr == "__table__":
            return Ty(TABLE, view.table or "" if view else "")
        if attr == "query":  # Flask-SQLAlchemy's Task.query
            return Ty(QUERY, key)
        return self.held_table(key, attr) or T_UNKNOWN

    def _instance_attribute(self, key: str, attr: str) -> Ty:
        if found := self.world.stored.get(f"{key}.{attr}"):
            return self._held_by_wrapper(key, attr, found) or Ty(INSTANCE, found)
        if held := self.held_table(key, attr):
            return held
        view = self.world.classes.get(key)
        if view is None:
            return self._local_instance_attribute(key, attr)
        if attr in view.types:
            return self.resolved(view.types[attr])
        if attr in view.attrs and view.attrs[attr] in (F.COLUMN, F.FIELD):
            return T_OTHER
        if attr == "model" and attr not in view.attrs:
            # a filter of Flask-AppBuilder views' base_filters: FAB sets its model
            models = self.world.filtered.get(key, frozenset())
            if len(models) == 1 and (model := next(iter(models))):
                return Ty(CLASS, model)
        return T_UNKNOWN

    def _held_by_wrapper(self, key: str, attr: str, stored: str) -> Ty | None:
        """``self.<attr>`` of the class ``key``, stored as an instance of the class
        ``stored``, where that is a wrapper holding what its construction gave it and the
        class's ``__init__`` states what (:meth:`wrapping`): the instance with what it holds."""
        view = self.world.classes.get(stored)
        if view is None or view.forwarding is None or view.forwarding.given < 0:
            return None
        own = self.world.classes.get(key)
        if own is not None:
            stated = self.resolved(own.types[attr]) if attr in own.types else T_UNKNOWN
        else:
            stated = self._local_instance_attribute(key, attr)
        return stated if stated.key == stored and stated.items else None

    def _local_instance_attribute(self, key: str, attr: str) -> Ty:
        """What ``__init__`` of a class of this file stores as ``attr`` from an annotated
        parameter (see :func:`~colretire.analysis.facts.init_types`)."""
        node = self.local_nodes.get(key)
        if node is None or self.module_scope is None:
            return T_UNKNOWN
        if key not in self._init_types:
            init = next(
                (
                    stmt
                    for stmt in node.body
                    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and stmt.name == "__init__"
                ),
                None,
            )
            context = F.view_context(node)
            self._init_types[key] = F.init_types(init, context) if init is not None else ()
        scope = self.module_scope
        found = F.stated_type(self._init_types[key], attr, lambda spec: self.spec(spec, scope))
        return found if found is not None else T_UNKNOWN

    # --- calls ----------------------------------------------------------------------

    def call(self, node: ast.Call, scope: Scope) -> Ty:
        func = node.func
        if isinstance(func, ast.Attribute) and _is_super(func.value):
            own = self._super_method(func.attr, scope)
            if own.kind != UNKNOWN:
                return own
        if isinstance(func, ast.Attribute):
            receiver = self.expr(func.value, scope)
            found = self._method(receiver, func.attr, node, scope)
            if found is not None:
                return found
            if receiver.kind != NAME:
                return T_UNKNOWN
        callee = self.expr(func, scope)
        return self._callee(callee, node, scope)

    def _callee(self, callee: Ty, node: ast.Call, scope: Scope) -> Ty:
        if callee.kind == CLASS and self._wraps_first(callee.key, node):
            return self.wrapping(callee.key, self.expr(node.args[0], scope))
        if callee.kind == CLASS:
            return Ty(INSTANCE, callee.key)
        if callee.kind == FUNCTION and (table := self._table_made(callee.key, node, scope)):
            return Ty(TABLE, table.rpartition(".")[2])  # table("package_revision")
        if callee.kind == FUNCTION and (query := self._gives_query(callee.key, scope)):
            # model_query(context, models.ShareServer): a query of that class
            if isinstance(query, str):
                return Ty(QUERY, query)
            given = (
                T_UNKNOWN if other_entities(node, query) else self._argument(node, query[:2], scope)
            )
            if given.kind == CLASS:
                return Ty(QUERY, given.key)
        if callee.kind == FUNCTION and (passed := self.world.passes_query.get(callee.key)):
            given = self._argument(node, passed, scope)  # event_query(self, query_, kwargs)
            if given.kind == QUERY:
                return given
        if callee.kind == FUNCTION:
            found = self._returns(callee.key, scope)
            if found.kind == UNKNOWN and (row_of := self.world.rows_of.get(callee.key)):
                given = self._argument(node, row_of, scope)  # database.get(Domain, id)
                return Ty(INSTANCE, given.key) if given.kind == CLASS else T_UNKNOWN
            return found if found.kind != UNKNOWN else self._given_back(callee.key, node, scope)
        if callee.kind == NAME and callee.key in _COPIES:
            # copy.deepcopy(trial): another object of the same class
            if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
                return T_UNKNOWN
            copied = self.expr(node.args[0], scope)
            return copied if copied.kind in (INSTANCE, CYCLE) else T_UNKNOWN
        if callee.kind == NAME:
            return self._known_function(callee.key.rpartition(".")[2], node, scope)
        return T_UNKNOWN

    def _gives_query(self, key: str, scope: Scope) -> str | tuple[int, str, int] | None:
        """What query a function gives (:attr:`World.queries_of`); one of this module's,
        bound by its ``def``, under its qualified name."""
        if key.startswith("local:") and self.module_scope is not None:
            definition = _find_def(scope, int(key[6:]))
            if definition is None or definition not in getattr(self.module_scope.node, "body", ()):
                return None
            key = f"{self.module}.{definition.name}"
            if key not in self.world.queries_of:
                return self._local_query(definition.name)
        return self.world.queries_of.get(key)

    def _module_queries(self) -> Mapping[str, str | tuple[int, str, int]]:
        """The functions of this module that give a query, read from this file alone
        (:func:`~colretire.analysis.facts.queries_in`), the classes as written."""
        if self._local_queries is None:
            tree = getattr(self.module_scope, "node", None)
            self._local_queries = (
                F.queries_in(tree, module_functions(tree.body))
                if isinstance(tree, ast.Module)
                else {}
            )
        return self._local_queries

    def _local_query(self, name: str) -> str | tuple[int, str, int] | None:
        """What query a function of this module gives, read from this file alone where the
        index has not read it (no file of phase one reaches the module): the class it names
        resolved here."""
        found = self._module_queries().get(name)
        if isinstance(found, str) and self.module_scope is not None:
            written = ast.parse(found, mode="eval").body
            cls = self.expr(written, self.module_scope)
            return cls.key if cls.kind == CLASS else None
        return found

    def _table_made(self, key: str, node: ast.Call, scope: Scope) -> str | None:
        """The name of the table a call of a function that makes SQLAlchemy's table of the
        name it is given makes (:mod:`~colretire.analysis.tablefactory`), given a string."""
        made = self.world.table_factories.get(key)
        if made is None and key.startswith("local:") and self.module_scope is not None:
            definition = _find_def(scope, int(key[6:]))
            found = table_factory(definition) if definition is not None else None
            if found is not None:
                func = ast.parse(found[0], mode="eval").body
                callee = self.expr(func, self.module_scope)
                made = (
                    found[1:] if callee.kind == NAME and callee.key in SQLALCHEMY_TABLES else None
                )
        return F.string_value(_given_node(node, made)) if made is not None else None

    def _given_back(self, key: str, node: ast.Call, scope: Scope) -> Ty:
        """What a function that gives back one of its parameters returns: its argument."""
        if key.startswith("local:"):
            definition = _find_def(scope, int(key[6:]))
            given = F.given_back(definition, 0) if definition is not None else None
        else:
            given = self.world.gives_back.get(key)
        return self._argument(node, given, scope)

    def _argument(self, node: ast.Call, given: tuple[int, str] | None, scope: Scope) -> Ty:
        if given is None:
            return T_UNKNOWN
        position, name = given
        before = node.args[: position + 1]
        if position < len(node.args) and not any(isinstance(a, ast.Starred) for a in before):
            return self.expr(node.args[position], scope)
        value = F.keyword(node, name)
        return self.expr(value, scope) if value is not None else T_UNKNOWN

    def _returns(self, key: str, scope: Scope) -> Ty:
        if key.startswith("local:"):
            definition = _find_def(scope, int(key[6:]))
            if definition is None:
                return T_UNKNOWN
            if definition.returns is None:
                module = self.module_scope
                if module is not None and definition in getattr(module.node, "body", ()):
                    # a function of this module: what the index read of it (the class its
                    # ``return``s build, the rows of the query they give), as for another's
                    indexed = self.resolved(
                        self.world.functions.get(f"{self.module}.{definition.name}")
                    )
                    if indexed.kind != UNKNOWN:
                        return indexed
                    # else read from its ``return``s as the index would, the names in the
                    # module's scope (returned_type leaves out those the function binds)
                    spec = F.returned_type(definition, queries=self._module_queries())
                    if spec is not None and spec.items and spec.name == "tuple":
                        return self.spec(spec, module)
                    if spec is not None and spec.name and not (spec.items or spec.call):
                        found = self.spec(spec, module)
                        if found.kind in (INSTANCE, COLLECTION, CLASS):
                            return found
                return self._row_returned(definition)
            return self.annotation(definition.returns, scope)
        return self.resolved(self.world.functions.get(key))

    def _row_returned(self, definition: ast.FunctionDef | ast.AsyncFunctionDef) -> Ty:
        """A module-level function of this file whose one ``return`` is a call of a function
        that fetches a row of the class it is given, given a class of the module's names
        (``return database.get(Domain, domain_id)``): an instance of that class."""
        module = self.module_scope
        if module is None or not isinstance(module.node, ast.Module):
            return T_UNKNOWN
        if definition not in module.node.body:
            return T_UNKNOWN
        body = F._Body(definition)
        call = body.returns[0] if not body.nested and len(body.returns) == 1 else None
        if not isinstance(call, ast.Call) or any(isinstance(a, ast.Starred) for a in call.args):
            return T_UNKNOWN
        params = {a.arg for a in ast.walk(definition.args) if isinstance(a, ast.arg)}
        root = call.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id in params or root.id in body.bound:
            return T_UNKNOWN  # the names are read in the module's scope: none of the function's
        callee = self.expr(call.func, module)
        row_of = self.world.rows_of.get(callee.key) if callee.kind == FUNCTION else None
        if row_of is None or row_of[0] >= len(call.args):
            return T_UNKNOWN
        given = call.args[row_of[0]]
        if not isinstance(given, ast.Name) or given.id in params or given.id in body.bound:
            return T_UNKNOWN
        found = self.expr(given, module)
        return Ty(INSTANCE, found.key) if found.kind == CLASS else T_UNKNOWN

    def _known_function(self, name: str, node: ast.Call, scope: Scope) -> Ty:
        args = [self.expr(arg, scope) for arg in node.args[:2]]
        first = args[0] if args else T_UNKNOWN
        if name == "select" and len(node.args) == 1 and first.kind == CLASS:
            return Ty(QUERY, first.key)
        if name == "select" and node.args:
            return self._core_select(node.args, scope)
        if name in ("update", "insert", "delete") and first.kind in (CLASS, TABLE):
            key = first.key if first.kind == CLASS else f"table:{first.key}"
            return Ty(STATEMENT, key, via=first.via)
        table = F.string_value(node.args[0]) if node.args else None
        if name in ("Table", "table") and table:
            return Ty(TABLE, table.rpartition(".")[2])
        if name == "aliased" and first.kind == CLASS:
            return first
        if name == "cast" and node.args:
            return self.annotation(node.args[0], scope)
        if name in ("list", "sorted", "reversed", "tuple", "set", "iter") and node.args:
            item = element(first)
            if item.kind == TUPLE:
                return Ty(COLLECTION, "", item.items)
            if item.kind == INSTANCE:
                return Ty(COLLECTION, item.key)
            return T_OTHER if item.kind == OTHER else T_UNKNOWN  # list(qs): items unknown
        if name == "next" and node.args:
            return element(first)
        if name in ("str", "int", "float", "bool", "dict", "len", "repr", "text", "isinstance"):
            return T_OTHER
        return T_UNKNOWN

    def _core_select(self, args: list[ast.expr], scope: Scope) -> Ty:
        """``select(tasks)`` / ``select(tasks.c.id, tasks.c.col)``: rows of Table columns;
        also of a model's columns (``select(Task.id, Task.col)``), see :meth:`_selected`."""
        entries: list[tuple[str, str]] = []
        for arg in args:
            found = self._selected(arg, scope)
            if found is None:
                return T_UNKNOWN  # an ORM entity, an expression, a table we cannot name
            entries.extend(found)
        return Ty(ROWS, core_key(entries))

    def _column_table(
        self, table: str, ancestors: tuple[str, ...], attr: str
    ) -> list[tuple[str, str]] | None:
        """``[(table, attr)]`` for a column attribute of a class mapping ``table``; ``None``
        where an ancestor mapping another table has a column of that name too (joined
        inheritance: ``Manager.name`` is the employees' column, not the managers')."""
        for ancestor in ancestors:
            view = self.world.classes.get(ancestor)
            if view is None:
                continue
            if view.table and view.table != table and view.attrs.get(attr) == F.COLUMN:
                return None
        return [(table, attr)]

    def _union(self, receiver: Ty, node: ast.Call, scope: Scope) -> Ty:
        """``q.union(other)``: its rows bear ``q``'s names but hold the values of every
        query united, so they are ``q``'s rows only where each other query selects the same
        (``query(Trial.direction).union(query(Study.direction))`` holds the studies' too)."""
        if node.keywords or any(self.expr(arg, scope) != receiver for arg in node.args):
            return T_UNKNOWN
        return receiver

    def _selected(self, arg: ast.expr, scope: Scope) -> list[tuple[str, str]] | None:
        """The (table, name) pairs one item of a select of columns gives its rows: a whole
        Table (``*``), a Table's column, a column attribute of a mapped class (under its
        attribute's name), or a value of a table colretire cannot name (``""``) whose name
        the code spells (``sub.c.total``, ``func.count(...).label("n")``); ``None`` when
        the name the rows give it is unknown."""
        ty = self.expr(arg, scope)
        if ty.via:
            return None  # a table only likely: the rows' names are not proven
        if ty.kind == TABLE and ty.key:
            return [(ty.key, "*")]
        if ty.kind == COLUMN and all(table for table, _ in core_entries(ty.key)):
            return core_entries(ty.key)
        if isinstance(arg, ast.Attribute):
            owner = self.expr(arg.value, scope)
            view = self.world.classes.get(owner.key) if owner.kind == CLASS else None
            if view is not None and view.table and view.attrs.get(arg.attr) == F.COLUMN:
                return self._column_table(view.table, view.ancestors, arg.attr)
            if isinstance(arg.value, ast.Attribute) and arg.value.attr in ("c", "columns"):
                return [("", arg.attr)]
        name = _label(arg)
        return [("", name)] if name else None

    def _method(self, receiver: Ty, method: str, node: ast.Call, scope: Scope) -> Ty | None:
        if method == "union" and receiver.kind in (ROWS, QUERY):
            return self._union(receiver, node, scope)
        if receiver.kind == ROWS:
            if method in QUERY_CHAIN or method in ("all", "fetchall", "unique"):
                return receiver
            if method.startswith("scalar"):
                return T_UNKNOWN  # the value of the first column, no row
            if method in ONE or method == "fetchone":
                return Ty(ROW, receiver.key)
            return T_UNKNOWN
        if receiver.kind == QUERY and receiver.items:  # query(Task, other.id): tuples
            if method in QUERY_CHAIN:
                return receiver
            if method == "all":
                return Ty(COLLECTION, "", receiver.items)
            if method in ("first", "one", "one_or_none"):
                return Ty(TUPLE, "", receiver.items)
            return T_UNKNOWN
        if receiver.kind == QUERY:
            if method in QUERY_CHAIN:
                return receiver
            if method in ONE:
                return Ty(INSTANCE, receiver.key)
            if method in MANY:
                return Ty(COLLECTION, receiver.key)
            return T_UNKNOWN
        if receiver.kind == RESULT:
            if method in ("scalars",):
                return Ty(COLLECTION, receiver.key)
            if method in ("scalar_one", "scalar_one_or_none", "scalar"):
                return Ty(INSTANCE, receiver.key)
            return receiver if method == "unique" else T_UNKNOWN
        if receiver.kind == COLLECTION:
            if method in MANY:
                return receiver
            if method in ONE or method == "pop":
                return element(receiver) if receiver.items else Ty(INSTANCE, receiver.key)
            return T_UNKNOWN
        if receiver.kind == MAPPING:
            value = _mapping_method(receiver, method)
            if method in ("get", "pop", "setdefault") and len(node.args) > 1:
                return join([value, self.expr(node.args[1], scope)])
            return value
        if receiver.kind == STATEMENT and method == "returning":
            return self._returning(node, scope)
        if receiver.kind == STATEMENT:
            return receiver
        if receiver.kind == TABLE and method in ("update", "insert", "delete"):
            return Ty(STATEMENT, f"table:{receiver.key}", via=receiver.via)
        if receiver.kind == TABLE and receiver.via:
            return T_UNKNOWN  # the rows of a table only likely: no name of them is proven
        if receiver.kind == TABLE and method == "select" and receiver.key:
            return Ty(ROWS, core_key([(receiver.key, "*")]))
        if receiver.kind == UNION:
            found_each = [
                self._method(Ty(INSTANCE, key), method, node, scope)
                for key in receiver.key.split("|")
            ]
            return union([ty or T_UNKNOWN for ty in found_each])
        if receiver.kind == INSTANCE and not node.args and not node.keywords:
            view = self.world.classes.get(receiver.key)
            fact = view.methods.get(method) if view is not None else None
            if fact is not None and fact.attributes == "dict":
                return Ty(ATTRIBUTES, receiver.key)
        if receiver.kind in (CLASS, INSTANCE):
            found = self._class_method(receiver, method)
            if found is not None:
                return found
            found = self._method_given_back(receiver, method, node, scope)
            if found is not None:
                return found
            found = self._local_returns(receiver, method, scope)
            if found is not None:
                return found
            found = self._query_of_argument(receiver, method, node, scope)
            if found is not None:
                return found
        return self._session_method(method, node, scope)

    def _returning(self, node: ast.Call, scope: Scope) -> Ty:
        """``update(Task)...returning(Task)`` gives the rows it changed as ``Task``
        instances, as ``select(Task)`` would; ``delete(Task)...returning(Task.project)``
        gives rows of the columns named."""
        if len(node.args) == 1 and not node.keywords:
            first = self.expr(node.args[0], scope)
            if first.kind == CLASS:
                return Ty(QUERY, first.key)
        rows = self._core_select(node.args, scope) if node.args else T_UNKNOWN
        return rows if rows.kind == ROWS else T_UNKNOWN

    def _query_of_argument(
        self, receiver: Ty, method: str, node: ast.Call, scope: Scope
    ) -> Ty | None:
        """``self._query(session, FeatureSet, name=name)``, a method of a class of this file
        whose every ``return`` is a query of one of its parameters (``return
        session.query(cls).filter_by(**kw)``, MLRun's ``SQLDB._query``), given a model
        class there: a query of that class. ``None`` where that cannot be told."""
        found = self._local_class(receiver.key, scope)
        if found is None:
            return None
        cls_node = found[0]
        definition = next(
            (
                stmt
                for stmt in cls_node.body
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == method
            ),
            None,
        )
        if definition is None or definition.decorator_list:
            return None
        parameter = query_of_parameter(definition)
        if parameter is None:
            return None
        position, name = parameter
        position -= 1  # after ``self``
        if any(isinstance(a, ast.Starred) for a in node.args):
            return None
        given: ast.expr | None = next((k.value for k in node.keywords if k.arg == name), None)
        if given is None and 0 <= position < len(node.args):
            given = node.args[position]
        if given is None:
            return None
        found_type = self.expr(given, scope)
        return Ty(QUERY, found_type.key) if found_type.kind == CLASS else None

    def _super_method(self, method: str, scope: Scope) -> Ty:
        """``super().create(db=db, data=data)`` in a method of a class whose ancestor's
        ``create`` returns an instance of the class it is called on: an instance of this
        class (or a subclass, which maps its table too)."""
        current: Scope | None = scope
        while current is not None and current.kind in ("comprehension", "lambda"):
            current = current.parent
        if current is None or current.kind != "function" or not current.class_key:
            return T_UNKNOWN
        view = self.world.classes.get(current.class_key)
        for ancestor in view.ancestors if view is not None else ():
            found = self.world.classes.get(ancestor)
            fact = found.methods.get(method) if found is not None else None
            if fact is None:
                continue
            bound = fact.kind == "classmethod" or current.self_kind == INSTANCE
            if fact.returns_own_many and bound:
                return Ty(COLLECTION, current.class_key)
            return Ty(INSTANCE, current.class_key) if fact.returns_own and bound else T_UNKNOWN
        return T_UNKNOWN

    def _class_method(self, receiver: Ty, method: str) -> Ty | None:
        view = self.world.classes.get(receiver.key)
        fact = view.methods.get(method) if view is not None else None
        bound = fact is not None and (receiver.kind == INSTANCE or fact.kind == "classmethod")
        if fact is not None and bound and fact.returns_via:
            fact = self._delegate(receiver.key, method, fact)
        if fact is not None and fact.returns_own and bound:
            return Ty(INSTANCE, receiver.key)
        if fact is not None and fact.returns_own_many and bound:
            return Ty(COLLECTION, receiver.key)
        if view is not None and method in view.returns:
            return self.resolved(view.returns[method])
        if receiver.kind == CLASS and method in _SCHEMA_BUILDERS:
            return Ty(INSTANCE, receiver.key)
        return None

    def _local_returns(self, receiver: Ty, method: str, scope: Scope) -> Ty | None:
        """``self.get_trials()`` in a method of a class the index does not know (``class
        _StepwiseStudy(Study)`` defined in ``_create_stepwise_study``, a test class of the
        scanned file): what the method is annotated to return, in the class's own body
        (its names read where the class is defined) or in the one base that has it
        (:meth:`_class_return`). ``None`` where that cannot be told."""
        if self.world.classes.get(receiver.key) is not None:
            return None
        found = self._local_class(receiver.key, scope)
        if found is None:
            return None
        node, where = found
        return self._class_return(node, receiver.kind, method, where, 0)[1]

    def _local_class(self, key: str, scope: Scope) -> tuple[ast.ClassDef, Scope] | None:
        """The definition of the class ``key`` of this file, and the scope that binds it."""
        current: Scope | None = scope
        while current is not None:
            for bindings in current.bindings().values():
                for kind, node, _ in bindings:
                    if (
                        kind == "class"
                        and isinstance(node, ast.ClassDef)
                        and self.local_classes.get(id(node)) == key
                    ):
                        return node, current
            current = current.parent
        return None

    def _class_return(
        self, node: ast.ClassDef, kind: str, method: str, scope: Scope, depth: int
    ) -> tuple[bool, Ty | None]:
        """Whether the class ``node`` (or a base) may have ``method``, and the type its
        annotation gives where that is known. A method of its own body decides (one that
        is decorated but for ``classmethod`` or ``staticmethod``, or unannotated, gives
        nothing); else the one base that has it, an indexed class (``WorkoutMixin`` of
        a test class's ``self.update_workout_with_file_data(workout)``, annotated ``->
        Workout``) or another class of the file, read the same way. A base that is
        neither (a library's), an indexed base with a library's base that lacks the
        method, several bases that have it (which runs depends on the order Python works
        out) or a keyword of the class (``metaclass=``) leave it unknown."""
        for stmt in node.body:
            if not (
                isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == method
            ):
                continue
            decorators = {F.last_name(d) for d in stmt.decorator_list}
            if decorators - {"staticmethod", "classmethod"} or stmt.returns is None:
                return True, None
            if kind == CLASS and not decorators:
                return True, None  # Class.method(obj): the function itself, not bound
            found = self.annotation(stmt.returns, scope)
            return True, found if found.kind != UNKNOWN else None
        if node.keywords or depth > 4:
            return True, None
        having: list[Ty | None] = []
        for base in node.bases:
            ty = self.expr(base, scope)
            view = self.world.classes.get(ty.key) if ty.kind == CLASS else None
            local = self._local_class(ty.key, scope) if ty.kind == CLASS and not view else None
            if view is not None and (method in view.methods or method in view.returns):
                returned = view.returns.get(method)
                found = self.resolved(returned) if returned is not None else T_UNKNOWN
                having.append(found if found.kind != UNKNOWN else None)
            elif view is not None and view.external_bases:
                return True, None
            elif local is not None:
                has, given = self._class_return(local[0], kind, method, local[1], depth + 1)
                if has:
                    having.append(given)
            elif view is None:
                return True, None
        if len(having) > 1:
            return True, None
        return (True, having[0]) if having else (False, None)

    def _delegate(self, key: str, method: str, fact: F.FuncFact) -> F.FuncFact | None:
        """The class method whose result ``fact`` (``method`` of class ``key``, its own or
        inherited) returns, called on ``key`` (:attr:`~colretire.analysis.facts.FuncFact.returns_via`),
        followed while that one does the same; ``None`` when it cannot be found."""
        for _ in range(8):
            if not fact.returns_via:
                return fact
            if fact.returns_via != "super":
                view = self.world.classes.get(key)
                method = fact.returns_via
                found = view.methods.get(method) if view is not None else None
                if found is None or found.kind != "classmethod":
                    return None
                fact = found
                continue
            view = self.world.classes.get(key)
            if view is None:
                return None
            chain = (key, *view.ancestors)
            owners = [
                c
                for c in chain
                if (v := self.world.classes.get(c)) and v.methods.get(method) is fact
            ]
            definer = next(
                (
                    c for c in owners
                    if not any(
                        (a := self.world.classes.get(o)) and a.methods.get(method) is fact
                        for o in self.world.classes[c].ancestors
                    )
                ),
                None,
            )  # fmt: skip
            if definer is None:
                return None
            below = next(
                (
                    found
                    for ancestor in self.world.classes[definer].ancestors
                    if (a := self.world.classes.get(ancestor))
                    and (found := a.methods.get(method)) is not None
                ),
                None,
            )
            if below is None or below.kind != "classmethod":
                return None
            fact = below
        return None

    def _method_given_back(
        self, receiver: Ty, method: str, node: ast.Call, scope: Scope
    ) -> Ty | None:
        """``ServerModule.with_shared(server, shared)`` where the method returns ``server``."""
        view = self.world.classes.get(receiver.key)
        if view is not None:
            fact = view.methods.get(method)
            kind, given = (fact.kind, fact.gives_back) if fact is not None else ("", None)
        else:
            kind, given = self._local_method(receiver.key, method, scope)
        if given is None:
            return None
        position, name = given
        if receiver.kind == CLASS and kind == "":
            position += 1  # Class.method(obj, ...): the instance is given explicitly
        found = self._argument(node, (position, name), scope)
        return found if found.kind != UNKNOWN else None

    def _local_method(
        self, key: str, method: str, scope: Scope
    ) -> tuple[str, tuple[int, str] | None]:
        """A method of a class of this file the index does not know: its kind and the
        parameter it gives back (see :func:`~colretire.analysis.facts.given_back`)."""
        current: Scope | None = scope
        while current is not None:
            for bindings in current.bindings().values():
                for kind, node, _ in bindings:
                    if kind == "class" and self.local_classes.get(id(node)) == key:
                        return _method_of(node, method)  # type: ignore[arg-type]
            current = current.parent
        return "", None

    def _session_method(self, method: str, node: ast.Call, scope: Scope) -> Ty | None:
        if not node.args:
            return None
        first = self.expr(node.args[0], scope)
        if method in ("get", "get_one", "get_or_404", "merge") and first.kind in (CLASS, INSTANCE):
            return Ty(INSTANCE, first.key)
        if method == "query" and len(node.args) == 1 and first.kind == CLASS:
            return Ty(QUERY, first.key)
        view = self.world.classes.get(first.key) if first.kind == CLASS else None
        if method == "query" and view is not None and view.kind == MAPPED:
            # session.query(Task, alias.id): rows are tuples, a Task first; the other
            # entities are not followed. Its key is the first entity's: filter_by()
            # filters that one.
            if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
                return None
            rest = tuple(T_UNKNOWN for _ in node.args[1:])
            return Ty(QUERY, first.key, (Ty(INSTANCE, first.key), *rest))
        if method == "query" and first.kind != CLASS:  # a query of columns: their rows
            rows = self._core_select(node.args, scope)
            return rows if rows.kind == ROWS else None
        if method == "execute" and first.kind == ROWS:
            return first
        if first.kind != QUERY:
            return None
        if method in ("scalars", "exec"):
            return Ty(COLLECTION, first.key)
        if method in ("scalar", "first_or_404", "one_or_404"):
            return Ty(INSTANCE, first.key)
        if method == "execute":
            return Ty(RESULT, first.key)
        return None


def _mapping_method(mapping: Ty, method: str) -> Ty:
    """``existing_dags.items()``, ``.values()``, ``.get(dag_id)`` of a mapping."""
    key, value = mapping.items
    if method == "items":
        return Ty(COLLECTION, "", mapping.items)
    if method in ("values", "keys"):
        item = value if method == "values" else key
        if item.kind == INSTANCE:
            return Ty(COLLECTION, item.key)
        return T_OTHER if item.kind == OTHER else T_UNKNOWN
    if method in ("get", "pop", "setdefault", "__getitem__"):
        return value
    return mapping if method == "copy" else T_UNKNOWN


def element(ty: Ty) -> Ty:
    """The type of one item when iterating over ``ty``."""
    if ty.kind == MAPPING:
        return ty.items[0]
    if ty.kind in (COLLECTION, QUERY) and ty.items:
        return Ty(TUPLE, "", ty.items)
    if ty.kind in (COLLECTION, QUERY):
        return Ty(INSTANCE, ty.key)
    if ty.kind == ROWS:
        return Ty(ROW, ty.key)
    if ty.kind in (OTHER, PAYLOAD):
        return T_OTHER
    return T_UNKNOWN


def _method_of(node: ast.ClassDef, method: str) -> tuple[str, tuple[int, str] | None]:
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == method:
            decorators = {F.last_name(d) for d in stmt.decorator_list}
            kind = next((d for d in ("staticmethod", "classmethod") if d in decorators), "")
            return kind, F.given_back(stmt, 0 if kind == "staticmethod" else 1)
    return "", None


#: Methods of a list that neither add to it nor change what it holds.
_LIST_READS = frozenset({"sort", "reverse", "clear", "copy", "index", "count", "pop"})


_NESTED_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _is_super(node: ast.expr) -> bool:
    """``super()`` with no arguments."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "super"
        and not node.args
    )


def _within(node: ast.AST, here: tuple[int, int]) -> bool:
    start = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
    end = (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
    return start <= here <= end


def _blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists within ``stmt``: its body, ``else``, handlers, ``finally``,
    cases."""
    blocks: list[list[ast.stmt]] = []
    for field in ("body", "orelse", "finalbody"):
        inner = getattr(stmt, field, None)
        if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
            blocks.append(inner)
    blocks.extend(handler.body for handler in getattr(stmt, "handlers", ()))
    blocks.extend(case.body for case in getattr(stmt, "cases", ()))
    return blocks


def _block_of(stmt: ast.stmt, here: tuple[int, int]) -> list[ast.stmt] | None:
    """The statement list within ``stmt`` (a body, an ``else``, a handler, a case) that
    holds the position ``here``, if any."""
    for block in _blocks(stmt):
        if _within(block[0], here) or any(_within(s, here) for s in block):
            return block
    return None


def _enclosing(
    body: list[ast.stmt], here: tuple[int, int]
) -> list[tuple[list[ast.stmt], ast.stmt]]:
    """The blocks from ``body`` inwards that hold the position ``here``, each with its
    statement that holds it, outermost first; not into a nested function or class."""
    levels: list[tuple[list[ast.stmt], ast.stmt]] = []
    block: list[ast.stmt] | None = body
    while block:
        holding = next((stmt for stmt in block if _within(stmt, here)), None)
        if holding is None or isinstance(holding, _NESTED_DEFS):
            break
        levels.append((block, holding))
        block = _block_of(holding, here)
    return levels


def reaching_values(
    function: ast.FunctionDef | ast.AsyncFunctionDef, returned: ast.Return, name: str
) -> list[ast.expr]:
    """The values of the assignments ``name = value`` that may reach ``returned``: going
    back from it through the statements before it, block by block outwards, up to the
    first statement that may bind ``name``: that assignment itself, or, of a compound
    statement (an ``if`` and its ``else``, a ``try``), the last assignment of each of its
    blocks. ``email = user.email``, then ``email = EmailMessage()``, then ``return email``
    gives the second alone."""
    for block, holding in reversed(
        _enclosing(function.body, (returned.lineno, returned.col_offset))
    ):
        for stmt in reversed(block[: block.index(holding)]):
            if isinstance(stmt, ast.Assign) and _assigns(stmt, name):
                return [stmt.value]
            if _rebinds(stmt, name):
                return _last_of_blocks(stmt, name)
    return []


def _last_of_blocks(stmt: ast.stmt, name: str) -> list[ast.expr]:
    """Of a compound statement, the value of the last ``name = value`` of each of its
    blocks, nested blocks followed."""
    found: list[ast.expr] = []
    for block in _blocks(stmt):
        for inner in reversed(block):
            if isinstance(inner, ast.Assign) and _assigns(inner, name):
                found.append(inner.value)
                break
            if _rebinds(inner, name):
                found.extend(_last_of_blocks(inner, name))
                break
    return found


#: Context managers that may swallow an exception raised in their block, so that the code
#: after the block runs with the block's assignments undone (contextlib's, anyio's and
#: trio's, the test frameworks').
_SWALLOWING = frozenset(
    {
        "suppress",
        "move_on_after",
        "move_on_at",
        "CancelScope",
        "raises",
        "assertRaises",
        "assertRaisesRegex",
        "ExitStack",
        "AsyncExitStack",
    }
)


def _last_in_with(stmt: ast.With | ast.AsyncWith, name: str) -> ast.Assign | None:
    """The last ``name = value`` of a ``with`` block's own body (or of the ``with`` blocks
    nested directly in it), where the block runs to its end unless it leaves the function:
    ``async with db() as session: experiment = ...`` types the reads after the block. Only
    a block whose every context manager is a resource bound with ``as`` and none that may
    swallow an exception (``with suppress(NoResultFound): contact = ...`` may leave
    ``contact`` as it was)."""
    for item in stmt.items:
        manager = item.context_expr
        if isinstance(manager, ast.Call):
            manager = manager.func
        if item.optional_vars is None or F.last_name(manager) in _SWALLOWING:
            return None
    last: ast.Assign | None = None
    for inner in stmt.body:
        if isinstance(inner, ast.Assign) and _assigns(inner, name):
            last = inner
        elif isinstance(inner, (ast.With, ast.AsyncWith)):
            last = _last_in_with(inner, name) or last
    return last


def _rebinds(stmt: ast.stmt, name: str) -> bool:
    """Whether anything in ``stmt`` (nested code included) may bind ``name``."""
    for inner in ast.walk(stmt):
        if isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load):
            return True
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and (
            inner.name == name
        ):
            return True
        if isinstance(inner, ast.alias) and (inner.asname or inner.name).split(".")[0] == name:
            return True
        if isinstance(inner, ast.ExceptHandler) and inner.name == name:
            return True
        if isinstance(inner, (ast.MatchAs, ast.MatchStar)) and inner.name == name:
            return True
        if isinstance(inner, ast.MatchMapping) and inner.rest == name:
            return True
        if isinstance(inner, (ast.Global, ast.Nonlocal)) and name in inner.names:
            return True
    return False


def _assigns(stmt: ast.stmt, name: str) -> bool:
    """``name = value`` (the name alone as a target)."""
    return isinstance(stmt, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == name for t in stmt.targets
    )


def _changes(node: ast.AST, name: str) -> bool:
    """``del name`` or ``name += ...``."""
    if isinstance(node, ast.Name):
        return node.id == name and isinstance(node.ctx, ast.Del)
    return (
        isinstance(node, ast.AugAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == name
    )


#: What the methods of :data:`~colretire.analysis.rows.QUERY_CHAIN` give back unchanged:
#: a query of a class, a Core select, a statement.
_REFINED = frozenset({QUERY, ROWS, STATEMENT})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
#: Builtin sequences, annotated without their items' type: their items may be anything.
_SEQUENCES = frozenset({"list", "set", "tuple", "frozenset", "List", "Set", "Tuple"})
#: ``**kwargs``: plain keys, values of any type.
_KWARGS = Ty(MAPPING, "", (T_OTHER, T_UNKNOWN))
#: The standard library's copies of an object: another object of its class.
_COPIES = frozenset({"copy.copy", "copy.deepcopy"})
#: Builtins that call their ``key=`` with the items of the iterable they are given first.
_SORTING = frozenset({"min", "max", "sorted"})


def _rebuilt(value: ast.AST, name: str) -> bool:
    """Whether ``value`` is ``name`` continued by methods that keep what a query yields
    (``query = query.filter_by(org=org).order_by(...)``): it holds what ``name`` held, so
    a query of ``Task`` filtered further on one path is still a query of ``Task``."""
    seen = False
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in QUERY_CHAIN
    ):
        value = value.func.value
        seen = True
    return seen and isinstance(value, ast.Name) and value.id == name


def _filtered(value: ast.AST, name: str) -> bool:
    """Whether ``value`` is a list of some of the items of ``name`` (``[t for t in trials
    if t.state is COMPLETE]``): a list comprehension over ``name`` alone giving back each
    item as it is, or a slice of ``name`` (``experiments = experiments[:-1]``)."""
    if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Slice):
        return isinstance(value.value, ast.Name) and value.value.id == name
    if not isinstance(value, ast.ListComp) or len(value.generators) != 1:
        return False
    loop = value.generators[0]
    return (
        isinstance(loop.iter, ast.Name)
        and loop.iter.id == name
        and isinstance(loop.target, ast.Name)
        and isinstance(value.elt, ast.Name)
        and value.elt.id == loop.target.id
        and not loop.is_async
    )


def _empty_list(node: ast.AST) -> bool:
    return (isinstance(node, ast.List) and not node.elts) or (
        isinstance(node, ast.Call) and F.last_name(node.func) == "list" and not node.args
    )


def _body(node: ast.AST) -> list[ast.stmt] | list[ast.expr]:
    body = getattr(node, "body", [])
    return body if isinstance(body, list) else [body]


def _part(ty: Ty, where: object) -> Ty | None:
    """The type at ``where`` (position, size) of a tuple of that size."""
    if ty.kind != TUPLE or not isinstance(where, tuple):
        return None
    position, size = where
    return ty.items[position] if len(ty.items) == size else None


def _label(node: ast.expr) -> str | None:
    """The name ``expr.label("name")`` gives a row's value."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords:
        return None
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr != "label":
        return None
    return F.string_value(node.args[0])


def core_key(entries: list[tuple[str, str]]) -> str:
    """The key of Core rows: each (table, column) selected, ``*`` for a whole table."""
    return ",".join(sorted({f"{table}:{column}" for table, column in entries}))


def core_entries(key: str) -> list[tuple[str, str]]:
    """The (table, column) pairs of a :func:`core_key`."""
    return [
        (table, column) for table, _, column in (e.rpartition(":") for e in key.split(",") if e)
    ]


def join(types: Iterator[Ty] | list[Ty]) -> Ty:
    """One type for several assignments: ``None`` ignored; instances of different classes
    (a loop variable reused for rows of two classes) are *either* of them; any other
    disagreement is unknown."""
    found = {ty for ty in types if ty.kind != NONE}
    if not found:
        return T_NONE
    if len(found) == 1:
        return found.pop()
    keys: set[str] = set()
    for ty in found:
        if ty.kind == INSTANCE:
            keys.add(ty.key)
        elif ty.kind in (EITHER, UNION):
            keys.update(ty.key.split("|"))
        else:
            return T_UNKNOWN
    return Ty(EITHER, "|".join(sorted(keys)))


def union(types: list[Ty]) -> Ty:
    """The type of a value annotated as any of ``types`` (``None`` left out): a
    :data:`UNION` when each is an instance of a class (or such a union), the one class when
    they agree, else unknown."""
    keys: set[str] = set()
    classes: set[str] = set()
    for ty in types:
        if ty.kind == INSTANCE:
            keys.add(ty.key)
        elif ty.kind == UNION:
            keys.update(ty.key.split("|"))
        elif ty.kind == CLASS:  # Union[Type[A], Type[B]]: one of the classes themselves
            classes.add(ty.key)
        elif ty.kind == CLASSES:
            classes.update(ty.key.split("|"))
        elif ty.kind != NONE:
            return T_UNKNOWN
    if classes:
        if keys:
            return T_UNKNOWN  # a class or an instance: no reading holds for both
        return (
            Ty(CLASS, classes.pop())
            if len(classes) == 1
            else Ty(CLASSES, "|".join(sorted(classes)))
        )
    if not keys:
        return T_UNKNOWN
    return Ty(INSTANCE, keys.pop()) if len(keys) == 1 else Ty(UNION, "|".join(sorted(keys)))


def _collection_of(items: list[Ty]) -> Ty:
    """A literal list, tuple or set: of instances of one class, or of plain values (whose
    items are plain too); a literal holding values of unknown type (``[dag,
    *dag.subdags]``) is of unknown type, so that its items are not taken for plain values."""
    kinds = {(ty.kind, ty.key) for ty in items}
    if len(kinds) == 1:
        kind, key = kinds.pop()
        if kind == INSTANCE:
            return Ty(COLLECTION, key)
        kinds.add((kind, key))
    if all(kind in (OTHER, NONE, PAYLOAD) for kind, _ in kinds):
        return T_OTHER
    return T_UNKNOWN


#: Nodes whose code may run later than the statement that holds them, or not at all.
_DEFERRED = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
    ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp,
)  # fmt: skip


def _direct_walk(node: ast.AST) -> Iterator[tuple[ast.AST, bool]]:
    """Every node inside a function's body, with whether it is the function's own code
    (not inside a nested function, lambda, class or comprehension)."""
    stack: list[tuple[ast.AST, bool]] = [(child, True) for child in _body(node)]
    while stack:
        inner, direct = stack.pop()
        yield inner, direct
        nested = direct and not isinstance(inner, _DEFERRED)
        stack.extend((child, nested) for child in ast.iter_child_nodes(inner))


def _given_node(node: ast.Call, given: tuple[int, str]) -> ast.expr | None:
    """The argument ``node`` gives the parameter ``given`` (its position and name)."""
    position, name = given
    before = node.args[: position + 1]
    if position < len(node.args) and not any(isinstance(a, ast.Starred) for a in before):
        return node.args[position]
    return F.keyword(node, name)


def _called(name: ast.Name, root: ast.AST) -> ast.Call | None:
    """The call ``name`` is the callee of, within ``root``."""
    for inner in ast.walk(root):
        if isinstance(inner, ast.Call) and inner.func is name:
            return inner
    return None


def _find_def(scope: Scope, node_id: int) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    current: Scope | None = scope
    while current is not None:
        for bindings in current.bindings().values():
            for kind, node, _ in bindings:
                if kind == "def" and id(node) == node_id:
                    return node  # type: ignore[return-value]
        current = current.parent
    return None
