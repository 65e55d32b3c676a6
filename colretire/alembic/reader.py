"""A migration script read for what it will do to the schema, before it runs.

The reader walks ``upgrade()`` (or ``downgrade()``) with Python's :mod:`ast`, the way the
interpreter would run it, but with values it can know without running anything: string
constants, the ``op`` module, batch operations, connections, SQLAlchemy tables and columns,
Alembic's operation objects. It follows what a migration may do to reach a drop:

* names: ``o = op``, ``getattr(op, "drop_column")``, ``COLUMN = "x"``, function parameters;
* strings built from constants: ``+``, ``%``, ``.format()``, f-strings, ``"".join([...])``;
* calls: helpers in the script and in other modules of the migrations directory (a helper
  named ``downgrade_...`` called from ``upgrade()`` runs on upgrade), custom operations
  registered with ``Operations.register_operation`` / ``implementation_for``, classes;
* seams: ``op.execute``, ``op.invoke(DropColumnOp(...))``, ``op.execute(DropColumn(...))``,
  ``op.get_context().impl.drop_column(...)``, ``op.get_bind().execute(text(...))``,
  ``exec_driver_sql``, raw cursors, ``sa.Table(...).drop(bind)``, ``MetaData.drop_all``;
* batch operations: ``drop_column``, renames, and a recreate whose ``copy_from`` table or
  ``reflect_kwargs`` (``include_columns``) leaves a column out;
* both branches of an ``if``, every element of a literal ``for`` loop.

A string is SQL only when it reaches a call that executes it (``execute``,
``exec_driver_sql``, ``executescript``...): a string that is printed or logged is not a
drop. SQL is read by :mod:`colretire.sql.ddl`.

What it cannot resolve is said, never guessed: a drop whose table or column is only known at
run time is an :class:`Unresolved` effect; a call that hands ``op`` or a connection to code
outside the migrations directory is a :class:`Notice`.
"""

from __future__ import annotations

import ast
import importlib.util
import marshal
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from colretire.alembic import parsing
from colretire.sql import effects as ddl
from colretire.sql.effects import TableName

#: Alembic's own operations (``op.NAME``): anything else on ``op`` is a custom operation.
ALEMBIC_OPERATIONS = frozenset(
    {"add_column", "alter_column", "batch_alter_table", "bulk_insert", "create_check_constraint",
     "create_exclude_constraint", "create_foreign_key", "create_index", "create_primary_key",
     "create_table", "create_table_comment", "create_unique_constraint", "drop_column",
     "drop_constraint", "drop_index", "drop_table", "drop_table_comment", "execute", "f",
     "get_bind", "get_context", "implementation_for", "inline_literal", "invoke",
     "register_operation", "rename_table", "run_async"}
)  # fmt: skip

#: Method names that send their argument to the database as SQL.
EXECUTING = frozenset({"execute", "exec_driver_sql", "executescript", "executemany", "_exec"})

#: How deep helper calls are followed.
MAX_DEPTH = 12

#: How many expressions one script may make the reader evaluate (nested literal loops
#: multiply): past it the script is reported as too complex to read, never guessed.
MAX_STEPS = 200_000


class TooComplex(Exception):
    """The script makes the reader evaluate more than :data:`MAX_STEPS` expressions."""


# -- what the reader finds --------------------------------------------------------------------


@dataclass(frozen=True)
class Unresolved:
    """A drop whose table or column only exists at run time."""

    what: str


@dataclass(frozen=True)
class Unreadable:
    """A script colretire cannot read at all (no source, or it does not parse)."""

    reason: str


@dataclass(frozen=True)
class Rebuild:
    """A batch recreate: the table is copied with ``kept`` columns only."""

    table: TableName
    kept: tuple[str, ...]


Effect = ddl.Effect | Unresolved | Unreadable | Rebuild


@dataclass(frozen=True)
class Site:
    """One effect found in a script: where (1-based line and column in the script read),
    through what (``operation``: an Alembic operation; ``sql``: executed SQL text), and the
    text to quote in a message."""

    effect: Effect
    line: int
    col: int
    via: str = "operation"
    what: str = ""


@dataclass(frozen=True)
class Notice:
    """Something the reader could not follow, that is not a drop it knows of."""

    message: str
    line: int
    col: int


@dataclass
class Reading:
    """What one function of a script (``upgrade`` or ``downgrade``) does."""

    sites: list[Site] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


@dataclass(frozen=True)
class Script:
    """A migration script: its revision id, and its upgrade and downgrade read."""

    path: Path
    revision: str | None
    upgrade: Reading
    downgrade: Reading


# -- values -----------------------------------------------------------------------------------


class Unknown:
    """A value only known at run time; ``literal`` holds the constant parts of a string
    built from it (an f-string with a variable), to tell whether it looks like a drop."""

    def __init__(self, literal: str = "") -> None:
        self.literal = literal


UNKNOWN = Unknown()


@dataclass
class External:
    """A name from outside the migrations (``sqlalchemy.text``), by its dotted path."""

    path: str


@dataclass
class Seq:
    items: list[Any]


@dataclass
class Map:
    items: dict[str, Any]


@dataclass
class Text:
    """SQL text on its way to the database (``text()``, ``DDL()``)."""

    sql: str


@dataclass
class SqlElement:
    """A SQLAlchemy construct that is not a string: a statement that changes no column
    (``update()``, ``insert()``...), or a DDL element with its effects."""

    effects: list[Effect] = field(default_factory=list)
    name: str = ""


@dataclass
class SaColumn:
    name: str | None


@dataclass
class SaTable:
    name: str | None
    schema: str | None
    columns: list[str] | None


@dataclass
class SaMetaData:
    tables: list[SaTable] = field(default_factory=list)


@dataclass
class AlembicOp:
    """An operation object (``DropColumnOp(...)``), run by ``op.invoke``."""

    kind: str
    args: list[Any]
    kwargs: dict[str, Any]


class Op:
    """The ``op`` module, an ``Operations`` passed to a custom operation, ``op.f``..."""


@dataclass
class Batch:
    """A ``batch_alter_table`` (the context manager, then ``batch_op`` inside it)."""

    table: Any
    schema: Any
    options: dict[str, Any]


class Bind:
    """A connection: ``op.get_bind()``, ``context.connection``."""


class MigrationContext:
    """``op.get_context()``."""


class Impl:
    """``op.get_context().impl``: Alembic's dialect implementation."""


@dataclass
class Method:
    receiver: Any
    name: str


@dataclass
class Function:
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    module: Module
    bound: Any = None  # ``self`` or ``cls`` for methods


@dataclass
class Class:
    node: ast.ClassDef
    module: Module
    methods: dict[str, Function] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Instance:
    cls: Class
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Builtin:
    name: str


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


# -- modules ----------------------------------------------------------------------------------


@dataclass
class Module:
    """A Python module of the migrations: its names, evaluated once."""

    path: Path
    tree: ast.Module
    names: dict[str, Any] = field(default_factory=dict)
    #: Its source lines (for the columns of what is found in it), read when first needed.
    text_lines: list[str] | None = field(default=None, repr=False, compare=False)

    def lines(self) -> list[str]:
        if self.text_lines is None:
            self.text_lines = _source_lines(self.path)
        return self.text_lines


def _source_lines(path: Path) -> list[str]:
    try:
        return parsing.read_text(path).splitlines()
    except (OSError, UnicodeDecodeError):
        return []


@dataclass
class Registry:
    """Custom operations: ``op.NAME`` -> (class, method name); class -> implementation."""

    operations: dict[str, tuple[Class, str]] = field(default_factory=dict)
    implementations: dict[int, Function] = field(default_factory=dict)


class Library:
    """The modules a script may import from: the directories of the migrations. Each is
    read once; ``env.py`` is read for the custom operations it registers."""

    def __init__(self, roots: list[Path], within: list[Path] | None = None) -> None:
        self.roots = [r.resolve() for r in roots]
        #: Only modules under these directories are read (the migrations, not the application).
        self.within = [w.resolve() for w in (within or self.roots[:1])]
        self.modules: dict[Path, Module | None] = {}
        self.registry = Registry()
        self.loading: set[Path] = set()
        #: ``env.py``, until it is read for the custom operations it registers.
        self.env: Path | None = None
        self.steps = 0

    def find(self, dotted: str, level: int = 0, here: Path | None = None) -> Path | None:
        """The file of module ``dotted`` if it lives in the migrations' directories."""
        parts = [p for p in dotted.split(".") if p]
        bases = [here.parent] if level and here is not None else []
        if level > 1 and here is not None:
            bases = [here.parents[level - 1]]
        for base in bases or self.roots:
            candidate = base.joinpath(*parts)
            for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
                if parts and path.is_file() and self._inside(path.resolve()):
                    return path.resolve()
        return None

    def custom_operation(self, name: str) -> tuple[Class, str] | None:
        """The custom operation ``op.NAME``: registered by a module read so far, else by
        ``env.py`` (read the first time a script calls an operation Alembic does not have)."""
        if name not in self.registry.operations and self.env is not None:
            env, self.env = self.env, None
            self.load(env)
        return self.registry.operations.get(name)

    def _inside(self, path: Path) -> bool:
        return any(path.is_relative_to(directory) for directory in self.within)

    def load(self, path: Path) -> Module | None:
        path = path.resolve()
        if path in self.modules:
            return self.modules[path]
        if path in self.loading:
            return None
        self.loading.add(path)
        try:
            text = parsing.read_text(path)
            tree = parsing.parse(path, text)
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            self.modules[path] = None
            return None
        module = Module(path, tree, text_lines=text.splitlines())
        self.modules[path] = module
        _Interpreter(self, module, Reading()).run_module()
        self.loading.discard(path)
        return module


# -- the interpreter --------------------------------------------------------------------------


class _Interpreter:
    """Runs a module's top level, then one of its functions, on known values."""

    def __init__(
        self, library: Library, module: Module, reading: Reading, lines: list[str] | None = None
    ) -> None:
        self.library = library
        self.module = module
        self.reading = reading
        self.depth = 0
        #: The position in the script being read that the current code was reached from.
        self.anchor: tuple[int, int] | None = None
        self.lines = module.lines() if lines is None else lines
        self.stack: list[ast.AST] = []

    # -- positions and findings --------------------------------------------------------------

    def where(self, node: ast.AST) -> tuple[int, int]:
        if self.anchor is not None:
            return self.anchor
        line = getattr(node, "lineno", 1)
        offset = getattr(node, "col_offset", 0)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        column = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        return line, column + 1

    def effect(self, node: ast.AST, effect: Effect, via: str = "operation", what: str = "") -> None:
        line, col = self.where(node)
        self.reading.sites.append(Site(effect, line, col, via, what))

    def notice(self, node: ast.AST, message: str) -> None:
        line, col = self.where(node)
        self.reading.notices.append(Notice(message, line, col))

    # -- modules and functions ---------------------------------------------------------------

    def run_module(self) -> None:
        for statement in self.module.tree.body:
            self.top_level(statement)

    def top_level(self, statement: ast.stmt) -> None:
        """Module scope: imports, constants, functions and classes; never a migration body."""
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            self.do_FunctionDef(statement, self.module.names)
        elif isinstance(statement, ast.ClassDef):
            self.module.names[statement.name] = self.define_class(statement)
        elif isinstance(statement, ast.Import | ast.ImportFrom | ast.Assign | ast.AnnAssign):
            self.execute(statement, self.module.names)
        elif isinstance(statement, ast.If | ast.Try):
            for body in _bodies(statement):
                for inner in body:
                    self.top_level(inner)

    def run_function(self, name: str) -> None:
        function = self.module.names.get(name)
        if isinstance(function, Function):
            self.call_function(function, [], {}, function.node)

    def call_function(
        self, function: Function, args: list[Any], kwargs: dict[str, Any], node: ast.AST
    ) -> Any:
        if self.depth >= MAX_DEPTH or function.node in self.stack:
            return UNKNOWN
        scope = dict(function.module.names)
        self.bind_parameters(function, args, kwargs, scope)
        anchor = self.anchor
        if function.module is not self.module and self.anchor is None:
            self.anchor = self.where(node)
        saved_module, saved_lines = self.module, self.lines
        if function.module is not self.module:
            self.module, self.lines = function.module, function.module.lines()
        self.depth += 1
        self.stack.append(function.node)
        try:
            if isinstance(function.node, ast.Lambda):
                return self.evaluate(function.node.body, scope)
            self.block(function.node.body, scope)
        except _Return as returned:
            return returned.value
        finally:
            self.stack.pop()
            self.depth -= 1
            self.module, self.lines = saved_module, saved_lines
            self.anchor = anchor
        return None

    def bind_parameters(
        self, function: Function, args: list[Any], kwargs: dict[str, Any], scope: dict[str, Any]
    ) -> None:
        arguments = function.node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        values = ([function.bound] if function.bound is not None else []) + list(args)
        defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
        for index, parameter in enumerate(positional):
            if index < len(values):
                scope[parameter.arg] = values[index]
            elif parameter.arg in kwargs:
                scope[parameter.arg] = kwargs[parameter.arg]
            elif defaults[index] is not None:
                scope[parameter.arg] = self.evaluate(defaults[index], scope)
            else:
                scope[parameter.arg] = UNKNOWN
        for parameter, default in zip(
            arguments.kwonlyargs, arguments.kw_defaults, strict=True
        ):  # fmt: skip
            if parameter.arg in kwargs:
                scope[parameter.arg] = kwargs[parameter.arg]
            else:
                scope[parameter.arg] = self.evaluate(default, scope) if default else UNKNOWN
        if arguments.vararg:
            scope[arguments.vararg.arg] = Seq(values[len(positional) :])
        if arguments.kwarg:
            known = {p.arg for p in positional + arguments.kwonlyargs}
            scope[arguments.kwarg.arg] = Map({k: v for k, v in kwargs.items() if k not in known})

    def define_class(self, node: ast.ClassDef) -> Class:
        cls = Class(node, self.module)
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                cls.methods[statement.name] = Function(statement, self.module)
            elif isinstance(statement, ast.Assign):
                value = self.evaluate(statement.value, self.module.names)
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        cls.attributes[target.id] = value
        for decorator in node.decorator_list:
            self.register(decorator, cls)
        return cls

    def register(self, decorator: ast.expr, target: Class | Function) -> None:
        """``@Operations.register_operation("name")`` on a class and
        ``@Operations.implementation_for(Class)`` on a function: a custom operation."""
        if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
            return
        kind = decorator.func.attr
        arguments = [self.evaluate(a, self.module.names) for a in decorator.args]
        if kind == "register_operation" and isinstance(target, Class) and arguments:
            name = arguments[0]
            source = arguments[1] if len(arguments) > 1 else name
            if isinstance(name, str) and isinstance(source, str):
                self.library.registry.operations[name] = (target, source)
        elif (
            kind == "implementation_for"
            and isinstance(target, Function)
            and arguments
            and isinstance(arguments[0], Class)
        ):
            self.library.registry.implementations[id(arguments[0].node)] = target

    # -- statements --------------------------------------------------------------------------

    def block(self, statements: list[ast.stmt], scope: dict[str, Any]) -> None:
        for statement in statements:
            self.execute(statement, scope)

    def execute(self, statement: ast.stmt, scope: dict[str, Any]) -> None:
        handler = getattr(self, f"do_{type(statement).__name__}", None)
        if handler is not None:
            handler(statement, scope)

    def do_Expr(self, node: ast.Expr, scope: dict[str, Any]) -> None:
        self.evaluate(node.value, scope)

    def do_Assign(self, node: ast.Assign, scope: dict[str, Any]) -> None:
        value = self.evaluate(node.value, scope)
        for target in node.targets:
            self.assign(target, value, scope)

    def do_AnnAssign(self, node: ast.AnnAssign, scope: dict[str, Any]) -> None:
        if node.value is not None:
            self.assign(node.target, self.evaluate(node.value, scope), scope)

    def do_AugAssign(self, node: ast.AugAssign, scope: dict[str, Any]) -> None:
        current = self.evaluate(node.target, scope)
        value = self.binary(node.op, current, self.evaluate(node.value, scope))
        self.assign(node.target, value, scope)

    def assign(self, target: ast.expr, value: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, ast.Name):
            scope[target.id] = value
        elif isinstance(target, ast.Tuple | ast.List):
            items = value.items if isinstance(value, Seq) else []
            for index, element in enumerate(target.elts):
                item = items[index] if index < len(items) else UNKNOWN
                self.assign(element, item, scope)
        elif isinstance(target, ast.Attribute):
            owner = self.evaluate(target.value, scope)
            if isinstance(owner, Instance):
                owner.attributes[target.attr] = value

    def do_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: dict[str, Any]
    ) -> None:
        function = Function(node, self.module)
        scope[node.name] = function
        for decorator in node.decorator_list:
            self.register(decorator, function)

    do_AsyncFunctionDef = do_FunctionDef

    def do_ClassDef(self, node: ast.ClassDef, scope: dict[str, Any]) -> None:
        scope[node.name] = self.define_class(node)

    def do_Return(self, node: ast.Return, scope: dict[str, Any]) -> None:
        raise _Return(self.evaluate(node.value, scope) if node.value else None)

    def do_If(self, node: ast.If, scope: dict[str, Any]) -> None:
        self.evaluate(node.test, scope)
        self.block(node.body, scope)  # both branches: which one runs is not known
        self.block(node.orelse, scope)

    def do_While(self, node: ast.While, scope: dict[str, Any]) -> None:
        self.block(node.body, scope)
        self.block(node.orelse, scope)

    def do_For(self, node: ast.For, scope: dict[str, Any]) -> None:
        iterable = self.evaluate(node.iter, scope)
        items = iterable.items if isinstance(iterable, Seq) else [UNKNOWN]
        if isinstance(iterable, Map):
            items = list(iterable.items)
        for item in items[:100] or [UNKNOWN]:
            self.assign(node.target, item, scope)
            self.block(node.body, scope)
        self.block(node.orelse, scope)

    do_AsyncFor = do_For

    def do_Try(self, node: ast.Try, scope: dict[str, Any]) -> None:
        for body in _bodies(node):
            self.block(body, scope)

    do_TryStar = do_Try

    def do_With(self, node: ast.With, scope: dict[str, Any]) -> None:
        batches = []
        for item in node.items:
            value = self.evaluate(item.context_expr, scope)
            if isinstance(value, Batch):
                batches.append((value, item.context_expr))
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, scope)
        self.block(node.body, scope)
        for batch, where in reversed(batches):
            self.batch_exit(batch, where)

    do_AsyncWith = do_With

    def do_Import(self, node: ast.Import, scope: dict[str, Any]) -> None:
        for alias in node.names:
            path = self.library.find(alias.name)
            if alias.asname:
                scope[alias.asname] = self.import_module(alias.name, path)
            else:
                top = alias.name.split(".")[0]
                scope[top] = self.import_module(top, self.library.find(top))

    def do_ImportFrom(self, node: ast.ImportFrom, scope: dict[str, Any]) -> None:
        module = node.module or ""
        path = self.library.find(module, node.level, self.module.path) if module else None
        loaded = self.library.load(path) if path is not None else None
        for alias in node.names:
            name = alias.asname or alias.name
            if loaded is not None:
                scope[name] = loaded.names.get(alias.name, UNKNOWN)
                continue
            nested = self.library.find(f"{module}.{alias.name}", node.level, self.module.path)
            if nested is not None:
                scope[name] = self.import_module(alias.name, nested)
            elif node.level == 0:
                scope[name] = _external(f"{module}.{alias.name}")
            else:
                scope[name] = UNKNOWN

    def import_module(self, dotted: str, path: Path | None) -> Any:
        if path is None:
            return _external(dotted)
        loaded = self.library.load(path)
        return Map(dict(loaded.names)) if loaded is not None else UNKNOWN

    # -- expressions -------------------------------------------------------------------------

    def evaluate(self, node: ast.expr | None, scope: dict[str, Any]) -> Any:
        if node is None:
            return None
        self.library.steps += 1
        if self.library.steps > MAX_STEPS:
            raise TooComplex(f"more than {MAX_STEPS} expressions to evaluate")
        handler = getattr(self, f"value_{type(node).__name__}", None)
        if handler is None:
            return self.evaluate_children(node, scope)
        return handler(node, scope)

    def value_Constant(self, node: ast.Constant, scope: dict[str, Any]) -> Any:
        return node.value

    def value_Name(self, node: ast.Name, scope: dict[str, Any]) -> Any:
        if node.id in scope:
            return scope[node.id]
        if node.id in self.module.names:
            return self.module.names[node.id]
        return Builtin(node.id) if node.id in _BUILTINS else UNKNOWN

    def value_Attribute(self, node: ast.Attribute, scope: dict[str, Any]) -> Any:
        return self.attribute(self.evaluate(node.value, scope), node.attr)

    def attribute(self, owner: Any, name: str) -> Any:
        if isinstance(owner, External):
            return _external(f"{owner.path}.{name}")
        if isinstance(owner, Map):
            return owner.items.get(name, UNKNOWN)
        if isinstance(owner, MigrationContext | Op | Batch) and name == "impl":
            return Impl()
        if isinstance(owner, Op | Batch) and name == "migration_context":
            return MigrationContext()
        if isinstance(owner, MigrationContext | Op) and name in ("connection", "bind"):
            return Bind()
        if isinstance(owner, Instance):
            if name in owner.attributes:
                return owner.attributes[name]
            return self.class_attribute(owner.cls, name, owner)
        if isinstance(owner, Class):
            return self.class_attribute(owner, name, owner)
        if isinstance(owner, SaTable) and name in ("c", "columns"):
            return Map({c: SaColumn(c) for c in owner.columns or []})
        if isinstance(owner, Bind) and name in ("connection", "dbapi_connection", "engine"):
            return Bind()
        return Method(owner, name)

    def class_attribute(self, cls: Class, name: str, bound: Any) -> Any:
        if name in cls.attributes:
            return cls.attributes[name]
        method = cls.methods.get(name)
        if method is None:
            return UNKNOWN
        if _is_static(method.node):
            return method
        return Function(method.node, method.module, cls if _is_classmethod(method.node) else bound)

    def value_JoinedStr(self, node: ast.JoinedStr, scope: dict[str, Any]) -> Any:
        parts: list[str] = []
        known = True
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
                continue
            assert isinstance(part, ast.FormattedValue)
            value = self.evaluate(part.value, scope)
            spec = self.evaluate(part.format_spec, scope) if part.format_spec else ""
            if _is_plain(value) and isinstance(spec, str):
                parts.append(format(_convert(value, part.conversion), spec))
            else:
                known = False
                parts.append("{}")
        text = "".join(parts)
        return text if known else Unknown(text)

    def value_BinOp(self, node: ast.BinOp, scope: dict[str, Any]) -> Any:
        return self.binary(
            node.op, self.evaluate(node.left, scope), self.evaluate(node.right, scope)
        )

    def binary(self, op: ast.operator, left: Any, right: Any) -> Any:
        if (
            isinstance(op, ast.Add)
            and isinstance(left, str | Unknown)
            and isinstance(right, str | Unknown)
        ):
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            return Unknown(_literal(left) + "{}" + _literal(right))
        if isinstance(op, ast.Add) and isinstance(left, Seq) and isinstance(right, Seq):
            return Seq(left.items + right.items)
        if isinstance(op, ast.Mod) and isinstance(left, str):
            arguments = _plain_arguments(right)
            if arguments is None or _WIDE.search(left):
                return Unknown(left)
            try:
                return left % arguments
            except (TypeError, ValueError, KeyError):
                return Unknown(left)
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return Unknown(_literal(left) + _literal(right))
        return UNKNOWN

    def value_List(self, node: ast.List, scope: dict[str, Any]) -> Seq:
        return Seq([self.evaluate(e, scope) for e in node.elts])

    value_Tuple = value_List
    value_Set = value_List

    def value_Dict(self, node: ast.Dict, scope: dict[str, Any]) -> Any:
        items: dict[str, Any] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            known = self.evaluate(key, scope) if key is not None else None
            if isinstance(known, str):
                items[known] = self.evaluate(value, scope)
        return Map(items)

    def value_Subscript(self, node: ast.Subscript, scope: dict[str, Any]) -> Any:
        owner = self.evaluate(node.value, scope)
        key = self.evaluate(node.slice, scope)
        if (
            isinstance(owner, Seq)
            and isinstance(key, int)
            and -len(owner.items) <= key < len(owner.items)
        ):
            return owner.items[key]
        if isinstance(owner, Map) and isinstance(key, str):
            return owner.items.get(key, UNKNOWN)
        return UNKNOWN

    def value_IfExp(self, node: ast.IfExp, scope: dict[str, Any]) -> Any:
        body, orelse = self.evaluate(node.body, scope), self.evaluate(node.orelse, scope)
        return body if body == orelse else UNKNOWN

    def value_ListComp(
        self, node: ast.ListComp | ast.GeneratorExp | ast.SetComp, scope: dict[str, Any]
    ) -> Any:
        if len(node.generators) != 1:
            return self.evaluate_children(node, scope)
        generator = node.generators[0]
        iterable = self.evaluate(generator.iter, scope)
        inner = dict(scope)
        items = iterable.items if isinstance(iterable, Seq) else [UNKNOWN]
        values = []
        for item in items[:100]:
            self.assign(generator.target, item, inner)
            values.append(self.evaluate(node.elt, inner))
        return Seq(values) if isinstance(iterable, Seq) and not generator.ifs else UNKNOWN

    value_GeneratorExp = value_ListComp
    value_SetComp = value_ListComp

    def evaluate_children(self, node: ast.AST, scope: dict[str, Any]) -> Any:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.evaluate(child, scope)  # calls inside are still run
        return UNKNOWN

    def value_Lambda(self, node: ast.Lambda, scope: dict[str, Any]) -> Any:
        return Function(node, self.module)

    def value_Await(self, node: ast.Await, scope: dict[str, Any]) -> Any:
        return self.evaluate(node.value, scope)

    def value_NamedExpr(self, node: ast.NamedExpr, scope: dict[str, Any]) -> Any:
        value = self.evaluate(node.value, scope)
        self.assign(node.target, value, scope)
        return value

    # -- calls -------------------------------------------------------------------------------

    def value_Call(self, node: ast.Call, scope: dict[str, Any]) -> Any:
        callee = self.evaluate(node.func, scope)
        args: list[Any] = []
        for argument in node.args:
            value = self.evaluate(
                argument.value if isinstance(argument, ast.Starred) else argument, scope
            )
            if isinstance(argument, ast.Starred):
                args.extend(value.items if isinstance(value, Seq) else [UNKNOWN])
            else:
                args.append(value)
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            value = self.evaluate(keyword.value, scope)
            if keyword.arg is not None:
                kwargs[keyword.arg] = value
            elif isinstance(value, Map):
                kwargs.update(value.items)
        return self.call(callee, args, kwargs, node)

    def call(self, callee: Any, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
        if isinstance(callee, Function):
            return self.call_function(callee, args, kwargs, node)
        if isinstance(callee, Class):
            return self.instantiate(callee, args, kwargs, node)
        if isinstance(callee, Builtin):
            return self.builtin(callee.name, args, kwargs, node)
        if isinstance(callee, External):
            return self.external(callee.path, args, kwargs, node)
        if isinstance(callee, Method):
            return self.method(callee.receiver, callee.name, args, kwargs, node)
        if isinstance(callee, Unresolved):
            self.effect(node, callee)
            return UNKNOWN
        self.handed_over(callee, args, kwargs, node)
        return UNKNOWN

    def handed_over(
        self, callee: Any, args: list[Any], kwargs: dict[str, Any], node: ast.Call
    ) -> None:
        """A call colretire cannot follow that receives ``op``, a batch or a connection."""
        given = [*args, *kwargs.values()]
        if any(isinstance(v, Op | Batch | Bind | MigrationContext | Impl) for v in given):
            name = ast.unparse(node.func)
            self.notice(
                node,
                f"{name}() receives the migration's operations or connection and colretire "
                "cannot read it (it is not in the migrations directory); the statements it "
                "sends are judged as they run",
            )

    def instantiate(
        self, cls: Class, args: list[Any], kwargs: dict[str, Any], node: ast.Call
    ) -> Any:
        instance = Instance(cls)
        init = cls.methods.get("__init__")
        if init is not None:
            self.call_function(Function(init.node, init.module, instance), args, kwargs, node)
        return instance

    def builtin(self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
        if name == "getattr" and len(args) >= 2:
            if isinstance(args[1], str):
                return self.attribute(args[0], args[1])
            if isinstance(args[0], Op | Batch | Bind | Impl | MigrationContext):
                return Unresolved(
                    f"a call of getattr({ast.unparse(node.args[0])}, ...) whose name is only known at run time"
                )
            return UNKNOWN
        if name in ("str", "format") and len(args) == 1 and _is_plain(args[0]):
            return str(args[0])
        if (
            name in ("list", "tuple", "sorted", "set")
            and len(args) == 1
            and isinstance(args[0], Seq)
        ):
            return Seq(list(args[0].items))
        return UNKNOWN

    # -- what the known receivers do ---------------------------------------------------------

    def method(
        self, receiver: Any, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call
    ) -> Any:
        if isinstance(receiver, str):
            return _string_method(receiver, name, args, kwargs)
        if isinstance(receiver, Unknown) and name in ("format", "join", "strip", "upper", "lower"):
            return Unknown(receiver.literal)
        if isinstance(receiver, Op):
            return self.operation(name, args, kwargs, node)
        if isinstance(receiver, Batch):
            return self.batch_operation(receiver, name, args, kwargs, node)
        if isinstance(receiver, Impl):
            return self.implementation(name, args, kwargs, node)
        if isinstance(receiver, SaTable):
            return self.table_method(receiver, name, args, kwargs, node)
        if isinstance(receiver, SaMetaData) and name == "drop_all":
            tables = kwargs.get("tables")
            chosen = tables.items if isinstance(tables, Seq) else receiver.tables
            for table in chosen:
                if isinstance(table, SaTable):
                    self.drop_table_value(table, node)
            return None
        if isinstance(receiver, MigrationContext) and name == "get_bind":
            return Bind()
        if isinstance(receiver, MigrationContext) and name == "get_context":
            return MigrationContext()
        if isinstance(receiver, Bind) and name in ("begin", "begin_nested", "connect"):
            return Bind()
        if isinstance(receiver, Bind) and name == "cursor":
            return Bind()
        if name in EXECUTING:
            self.executed(args[0] if args else kwargs.get("sql", kwargs.get("sqltext")), node)
            return UNKNOWN
        if isinstance(receiver, Function) and name == "__call__":
            return self.call_function(receiver, args, kwargs, node)
        self.handed_over(receiver, args, kwargs, node)
        return UNKNOWN

    def operation(self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
        """``op.NAME(...)``."""
        arg = _Arguments(args, kwargs)
        if name == "drop_column":
            self.drop_column(
                arg.get(0, "table_name"), arg.get(1, "column_name"), arg.get(2, "schema"), node
            )
        elif name == "drop_table":
            self.drop_table(arg.get(0, "table_name"), arg.get(1, "schema"), node)
        elif name == "execute":
            self.executed(arg.get(0, "sqltext"), node)
        elif name == "rename_table":
            self.rename_table(
                arg.get(0, "old_table_name"),
                arg.get(1, "new_table_name"),
                arg.get(2, "schema"),
                node,
            )
        elif name == "alter_column":
            self.rename_column(
                arg.get(0, "table_name"),
                arg.get(1, "column_name"),
                arg.get(None, "new_column_name"),
                arg.get(None, "schema"),
                node,
            )
        elif name in ("add_column",):
            column = arg.get(1, "column")
            table = arg.get(0, "table_name")
            if isinstance(table, str) and isinstance(column, SaColumn) and column.name:
                self.effect(
                    node, ddl.AddColumn(TableName(table, _text(arg.get(2, "schema"))), column.name)
                )
        elif name == "create_table":
            table = arg.get(0, "table_name")
            if isinstance(table, str):
                columns = [a.name for a in args[1:] if isinstance(a, SaColumn) and a.name]
                self.effect(
                    node,
                    ddl.CreateTable(TableName(table, _text(kwargs.get("schema"))), tuple(columns)),
                )
        elif name == "batch_alter_table":
            return Batch(arg.get(0, "table_name"), arg.get(1, "schema"), kwargs)
        elif name == "get_bind":
            return Bind()
        elif name == "get_context":
            return MigrationContext()
        elif name == "invoke":
            return self.invoke(arg.get(0, "operation"), node)
        elif name == "f":
            return arg.get(0, "name")
        elif name in ("implementation_for", "register_operation", "inline_literal"):
            return UNKNOWN
        elif name not in ALEMBIC_OPERATIONS:
            return self.custom_operation(name, args, kwargs, node)
        return None

    def custom_operation(
        self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call
    ) -> Any:
        found = self.library.custom_operation(name)
        if found is None:
            self.notice(
                node,
                f"op.{name}() is a custom operation whose code colretire cannot read (it is "
                "not registered in the migrations directory); the statements it sends are "
                "judged as they run",
            )
            return UNKNOWN
        cls, method_name = found
        method = cls.methods.get(method_name)
        if method is None:
            return UNKNOWN
        return self.call_function(
            Function(method.node, method.module, cls), [Op(), *args], kwargs, node
        )

    def invoke(self, operation: Any, node: ast.Call) -> Any:
        if isinstance(operation, AlembicOp):
            arguments = operation.args
            if operation.kind == "drop_column":
                return self.operation("drop_column", arguments, operation.kwargs, node)
            return self.operation(operation.kind, arguments, operation.kwargs, node)
        if isinstance(operation, Instance):
            implementation = self.library.registry.implementations.get(id(operation.cls.node))
            if implementation is not None:
                return self.call_function(implementation, [Op(), operation], {}, node)
            self.notice(
                node,
                f"op.invoke() of {operation.cls.node.name}, whose implementation colretire cannot find; the statements it sends are judged as they run",
            )
            return UNKNOWN
        if not isinstance(operation, Unknown):
            return UNKNOWN
        self.effect(node, Unresolved("op.invoke() of an operation only known at run time"))
        return UNKNOWN

    def batch_operation(
        self, batch: Batch, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call
    ) -> Any:
        arg = _Arguments(args, kwargs)
        if name == "drop_column":
            self.drop_column(batch.table, arg.get(0, "column_name"), batch.schema, node)
        elif name == "alter_column":
            self.rename_column(
                batch.table,
                arg.get(0, "column_name"),
                arg.get(None, "new_column_name"),
                batch.schema,
                node,
            )
        elif name == "add_column":
            column = arg.get(0, "column")
            if isinstance(batch.table, str) and isinstance(column, SaColumn) and column.name:
                self.effect(
                    node, ddl.AddColumn(TableName(batch.table, _text(batch.schema)), column.name)
                )
        elif name == "execute":
            self.executed(arg.get(0, "sqltext"), node)
        elif name == "invoke":
            return self.invoke(arg.get(0, "operation"), node)
        elif name in ("get_bind",):
            return Bind()
        elif name == "get_context":
            return MigrationContext()
        return None

    def batch_exit(self, batch: Batch, node: ast.expr) -> None:
        """A recreate keeps only the columns of ``copy_from`` / ``include_columns``: the
        others are dropped with the old table."""
        kept: list[str] | None = None
        copy_from = batch.options.get("copy_from")
        if isinstance(copy_from, SaTable) and copy_from.columns is not None:
            kept = copy_from.columns
        elif copy_from is not None:
            self.effect(
                node, Unresolved("a batch recreate whose copy_from table is only known at run time")
            )
            return
        reflect = batch.options.get("reflect_kwargs")
        if isinstance(reflect, Map) and "include_columns" in reflect.items:
            include = reflect.items["include_columns"]
            names = include.items if isinstance(include, Seq) else None
            if names is None or not all(isinstance(n, str) for n in names):
                self.effect(
                    node,
                    Unresolved("a batch recreate whose include_columns are only known at run time"),
                )
                return
            kept = [n for n in names if kept is None or n in kept]
        elif reflect is not None and not isinstance(reflect, Map):
            self.effect(
                node, Unresolved("a batch recreate whose reflect_kwargs are only known at run time")
            )
            return
        if kept is None:
            return
        table = batch.table
        if not isinstance(table, str):
            self.effect(node, Unresolved("a batch recreate of a table named at run time"))
            return
        self.effect(node, Rebuild(TableName(table, _text(batch.schema)), tuple(kept)))

    def implementation(
        self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call
    ) -> Any:
        """``op.get_context().impl.NAME(...)``: Alembic's dialect implementation."""
        arg = _Arguments(args, kwargs)
        if name == "drop_column":
            column = arg.get(1, "column")
            column_name = column.name if isinstance(column, SaColumn) else column
            self.drop_column(arg.get(0, "table_name"), column_name, arg.get(2, "schema"), node)
        elif name == "drop_table":
            table = arg.get(0, "table")
            if isinstance(table, SaTable):
                self.drop_table_value(table, node)
            else:
                self.effect(node, Unresolved("impl.drop_table() of a table only known at run time"))
        elif name == "rename_table":
            self.rename_table(
                arg.get(0, "old_table_name"),
                arg.get(1, "new_table_name"),
                arg.get(2, "schema"),
                node,
            )
        elif name == "alter_column":
            self.rename_column(
                arg.get(0, "table_name"),
                arg.get(1, "column_name"),
                arg.get(None, "name"),
                arg.get(None, "schema"),
                node,
            )
        elif name in EXECUTING:
            self.executed(arg.get(0, "construct"), node)
        return None

    def table_method(
        self, table: SaTable, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call
    ) -> Any:
        if name == "drop":
            self.drop_table_value(table, node)
        elif name in ("update", "insert", "delete", "select"):
            return SqlElement()
        return None

    # -- SQLAlchemy and Alembic names ----------------------------------------------------------

    def external(self, path: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
        name = path.rsplit(".", 1)[-1]
        arg = _Arguments(args, kwargs)
        root = path.split(".", 1)[0]
        if root not in ("sqlalchemy", "alembic", "sa", "op"):
            self.handed_over(External(path), args, kwargs, node)
            return UNKNOWN
        if name in ("text", "DDL", "literal_column"):
            value = arg.get(0, "text" if name == "text" else "statement")
            return Text(value) if isinstance(value, str) else _unknown_text(value)
        if name == "Column":
            value = arg.get(0, "name")
            return SaColumn(value if isinstance(value, str) else None)
        if name == "Table":
            return self.sa_table(args, kwargs)
        if name == "MetaData":
            return SaMetaData()
        if name in ("DropTable",) and args:
            table = args[0]
            if isinstance(table, SaTable) and table.name:
                return SqlElement([ddl.DropTable(TableName(table.name, table.schema))], name)
            return SqlElement([_UNKNOWN_DROP], name)
        if name == "DropColumn":  # alembic.ddl.base.DropColumn(table_name, column, schema)
            table, column = arg.get(0, "name"), arg.get(1, "column")
            column_name = column.name if isinstance(column, SaColumn) else None
            if isinstance(table, str) and column_name:
                return SqlElement(
                    [ddl.DropColumn(TableName(table, _text(arg.get(2, "schema"))), column_name)],
                    name,
                )
            return SqlElement([_UNKNOWN_DROP], name)
        if name == "ColumnName":  # alembic.ddl.base.ColumnName: a rename
            return SqlElement([], name)
        if name.endswith("Op") and name[:-2]:
            return self.alembic_op(name, args, kwargs)
        if name == "from_column_and_tablename" and path.endswith("DropColumnOp." + name):
            schema, table, column = [*args, None, None, None][:3]
            column_name = column.name if isinstance(column, SaColumn) else column
            return AlembicOp("drop_column", [table, column_name], {"schema": schema})
        if name in ("update", "insert", "delete", "select", "table", "column"):
            return SqlElement()
        return UNKNOWN

    def sa_table(self, args: list[Any], kwargs: dict[str, Any]) -> SaTable:
        name = args[0] if args and isinstance(args[0], str) else None
        columns = [a.name for a in args[1:] if isinstance(a, SaColumn)]
        known = all(
            isinstance(a, SaColumn) and a.name
            for a in args[2:]
            if not isinstance(a, SqlElement | Unknown)
        )
        table = SaTable(
            name, _text(kwargs.get("schema")), [c for c in columns if c] if known else None
        )
        if len(args) > 1 and isinstance(args[1], SaMetaData):
            args[1].tables.append(table)
        return table

    def alembic_op(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> AlembicOp:
        kinds = {
            "DropColumnOp": "drop_column",
            "DropTableOp": "drop_table",
            "ExecuteSQLOp": "execute",
            "RenameTableOp": "rename_table",
            "AlterColumnOp": "alter_column",
            "AddColumnOp": "add_column",
        }
        kind = kinds.get(name, name)
        if kind == "alter_column" and "modify_name" in kwargs:
            kwargs = {**kwargs, "new_column_name": kwargs["modify_name"]}
        if kind == "drop_column" and len(args) > 1 and isinstance(args[1], SaColumn):
            args = [args[0], args[1].name, *args[2:]]
        return AlembicOp(kind, list(args), dict(kwargs))

    # -- the effects ---------------------------------------------------------------------------

    def drop_column(self, table: Any, column: Any, schema: Any, node: ast.Call) -> None:
        if isinstance(column, SaColumn):
            column = column.name
        if isinstance(table, str) and isinstance(column, str) and _is_name(schema):
            self.effect(node, ddl.DropColumn(TableName(table, _text(schema)), column))
        else:
            self.effect(
                node, Unresolved("a drop_column whose table or column is named at run time")
            )

    def drop_table(self, table: Any, schema: Any, node: ast.Call) -> None:
        if isinstance(table, str) and _is_name(schema):
            self.effect(node, ddl.DropTable(TableName(table, _text(schema))))
        else:
            self.effect(node, Unresolved("a drop_table of a table named at run time"))

    def drop_table_value(self, table: SaTable, node: ast.Call) -> None:
        if table.name:
            self.effect(node, ddl.DropTable(TableName(table.name, table.schema)))
        else:
            self.effect(node, Unresolved("a drop of a Table named at run time"))

    def rename_table(self, old: Any, new: Any, schema: Any, node: ast.Call) -> None:
        if isinstance(old, str) and isinstance(new, str):
            self.effect(
                node, ddl.RenameTable(TableName(old, _text(schema)), TableName(new, _text(schema)))
            )

    def rename_column(self, table: Any, old: Any, new: Any, schema: Any, node: ast.Call) -> None:
        if isinstance(table, str) and isinstance(old, str) and isinstance(new, str):
            self.effect(node, ddl.RenameColumn(TableName(table, _text(schema)), old, new))

    def executed(self, value: Any, node: ast.Call) -> None:
        """``value`` is sent to the database: read it as SQL (placed at the argument)."""
        where: ast.AST = node.args[0] if node.args else node
        if isinstance(value, Text):
            value = value.sql
        if isinstance(value, str):
            for effect in _parse(value, None):
                self.effect(where, effect, "sql", value)
        elif isinstance(value, SqlElement):
            for element in value.effects:
                self.effect(where, element, "operation", value.name)
        elif isinstance(value, AlembicOp):
            self.invoke(value, node)
        elif isinstance(value, Unknown) and _looks_like_a_drop(value.literal):
            what = f"SQL built at run time: {value.literal.strip()!r}"
            self.effect(where, Unresolved(what), "sql")


_UNKNOWN_DROP = Unresolved("a DDL element whose table or column is only known at run time")


class _Arguments:
    def __init__(self, args: list[Any], kwargs: dict[str, Any]) -> None:
        self.args = args
        self.kwargs = kwargs

    def get(self, position: int | None, keyword: str) -> Any:
        if keyword in self.kwargs:
            return self.kwargs[keyword]
        if position is not None and position < len(self.args):
            return self.args[position]
        return None


_BUILTINS = frozenset(
    {"getattr", "str", "format", "list", "tuple", "sorted", "set", "print", "len"}
)


def _external(path: str) -> Any:
    if path in ("alembic.op", "alembic.op.op"):
        return Op()
    if path in ("alembic.context",):
        return MigrationContext()
    return External(path)


def _bodies(node: ast.If | ast.Try | Any) -> Iterator[list[ast.stmt]]:
    yield node.body
    for handler in getattr(node, "handlers", []):
        yield handler.body
    yield getattr(node, "orelse", [])
    yield getattr(node, "finalbody", [])


def _is_plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


_CONVERSIONS: dict[int, Callable[[Any], str]] = {ord("r"): repr, ord("s"): str, ord("a"): ascii}


def _convert(value: Any, conversion: int) -> Any:
    converter = _CONVERSIONS.get(conversion)
    return converter(value) if converter else value


def _literal(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.literal
    return value if isinstance(value, str) else "{}"


def _plain_arguments(value: Any) -> Any:
    if _is_plain(value):
        return value
    if isinstance(value, Seq) and all(_is_plain(v) for v in value.items):
        return tuple(value.items)
    if isinstance(value, Map) and all(_is_plain(v) for v in value.items.values()):
        return dict(value.items)
    return None


#: A format width or precision too large to fold: the string would be huge.
_WIDE = re.compile(r"[%:][^%{}]*\d{5,}")


def _string_method(text: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name == "format":
        plain = all(_is_plain(a) for a in args) and all(_is_plain(v) for v in kwargs.values())
        if plain and not _WIDE.search(text):
            try:
                return text.format(*args, **kwargs)
            except (IndexError, KeyError, ValueError, AttributeError):
                return Unknown(text)
        return Unknown(text)
    if name == "join" and args and isinstance(args[0], Seq):
        parts = args[0].items
        if all(isinstance(p, str) for p in parts):
            return text.join(parts)
        return Unknown(text.join(_literal(p) for p in parts))
    if name in ("strip", "lower", "upper", "lstrip", "rstrip") and not args:
        return str(getattr(text, name)())
    if name == "replace" and len(args) == 2 and all(isinstance(a, str) for a in args):
        return text.replace(args[0], args[1])
    return UNKNOWN


def _parse(sql: str, dialect: str | None) -> list[ddl.Effect]:
    """The schema effects of SQL text (the parser is loaded only for SQL that may change
    the schema: data statements are not parsed)."""
    if not ddl.may_change_schema(sql):
        return []
    from colretire.sql import ddl as parser

    return parser.effects(sql, dialect)


def _may_change_schema(sql: str) -> bool:
    return ddl.may_change_schema(sql)


def _looks_like_a_drop(literal: str) -> bool:
    """Whether the constant parts of SQL built at run time may drop or rename something."""
    words = literal.upper()
    return _may_change_schema(literal) and any(
        w in words for w in ("DROP", "RENAME", "CHANGE", "EXECUTE", "REPLACE", "PREPARE")
    )


def _unknown_text(value: Any) -> Any:
    return value if isinstance(value, Unknown) else Unknown("")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _is_name(schema: Any) -> bool:
    """A schema argument is readable when it is absent or a literal."""
    return schema is None or isinstance(schema, str)


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> bool:
    return any(
        isinstance(d, ast.Name) and d.id == "staticmethod"
        for d in getattr(node, "decorator_list", [])
    )


def _is_classmethod(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> bool:
    return any(
        isinstance(d, ast.Name) and d.id == "classmethod"
        for d in getattr(node, "decorator_list", [])
    )


# -- reading a script -------------------------------------------------------------------------


class Migrations:
    """The reader of one migrations environment: its directories and custom operations."""

    def __init__(
        self, roots: list[Path], env: Path | None = None, within: list[Path] | None = None
    ) -> None:
        self.library = Library(roots, within)
        self.library.env = env if env is not None and env.is_file() else None

    def read(
        self, path: Path, source: str | None = None, parsed: parsing.Source | None = None
    ) -> Script:
        """What the script at ``path`` does on upgrade and on downgrade; ``parsed`` is the
        file already read and parsed (:func:`colretire.alembic.parsing.read`), whose error,
        if reading or parsing it failed, is raised here.

        Raises :class:`SyntaxError` when the source does not parse; a script without source
        (``.pyc``) is read for what it may do (see :func:`read_sourceless`).
        """
        if path.suffix == ".pyc" and source is None:
            return read_sourceless(path)
        self.library.steps = 0
        if parsed is not None and source is None:
            text, tree = parsed.parsed()
        else:
            text = parsing.read_text(path) if source is None else source
            tree = parsing.parse(path, text)
        module = Module(path, tree)
        lines = text.splitlines()
        if source is None:
            module.text_lines = lines  # the file's text: a helper calling back into it
        readings = {}
        base = _Interpreter(self.library, module, Reading(), lines)
        base.run_module()
        for name in ("upgrade", "downgrade"):
            reading = Reading()
            interpreter = _Interpreter(self.library, module, reading, lines)
            interpreter.run_function(name)
            readings[name] = reading
        revision = module.names.get("revision")
        return Script(
            path,
            revision if isinstance(revision, str) else None,
            readings["upgrade"],
            readings["downgrade"],
        )


#: Names in a script's compiled code that may drop, rename or run SQL.
DROPPING_NAMES = frozenset(
    {"drop_column", "drop_table", "execute", "exec_driver_sql", "executescript", "invoke",
     "batch_alter_table", "rename_table", "alter_column", "drop", "drop_all", "impl",
     "get_bind", "get_context", "DropColumn", "DropTable", "DDL", "text", "getattr", "_exec"}
)  # fmt: skip


def read_sourceless(path: Path) -> Script:
    """A compiled script (``.pyc``, Alembic's ``sourceless = true``) has no source to read:
    its code objects are searched for names that may drop and for SQL strings. A function
    that may drop is :class:`Unreadable` (refused, with what to do); one that only creates
    is read as harmless."""
    try:
        code = _load_code(path)
    except (OSError, ValueError, EOFError, TypeError) as error:
        reason = f"its compiled code cannot be loaded ({error})"
        unreadable = Reading([Site(Unreadable(reason), 1, 1)])
        return Script(path, None, unreadable, unreadable)
    revision = next((c for c in _assigned_strings(code, "revision")), None)
    readings = {name: _sourceless_reading(code, name) for name in ("upgrade", "downgrade")}
    return Script(path, revision, readings["upgrade"], readings["downgrade"])


def _load_code(path: Path) -> types.CodeType:
    data = path.read_bytes()
    if data[:4] != importlib.util.MAGIC_NUMBER:
        raise ValueError("it was compiled by another Python version")
    code = marshal.loads(data[16:])
    if not isinstance(code, types.CodeType):
        raise ValueError("it holds no code object")
    return code


def _assigned_strings(code: types.CodeType, name: str) -> Iterator[str]:
    instructions = list(_instructions(code))
    for index, (opname, argument) in enumerate(instructions):
        if opname == "STORE_NAME" and argument == name and index > 0:
            previous = instructions[index - 1]
            if previous[0] == "LOAD_CONST" and isinstance(previous[1], str):
                yield previous[1]


def _instructions(code: types.CodeType) -> Iterator[tuple[str, Any]]:
    import dis

    for instruction in dis.get_instructions(code):
        yield instruction.opname, instruction.argval


def _sourceless_reading(module: types.CodeType, function: str) -> Reading:
    reading = Reading()
    codes = [c for c in module.co_consts if isinstance(c, types.CodeType)]
    other = "downgrade" if function == "upgrade" else "upgrade"
    chosen = [c for c in codes if not c.co_name.startswith(other)]
    names: set[str] = set()
    for code in chosen:
        for each in _walk_code(code):
            names.update(each.co_names)
            for constant in each.co_consts:
                if isinstance(constant, str):
                    for effect in _parse(constant, None):
                        reading.sites.append(Site(effect, 1, 1, "sql", constant))
    if not any(c.co_name == function for c in codes):
        return reading
    risky = sorted(names & DROPPING_NAMES)
    if risky:
        reason = (
            f"it is compiled only (no .py source) and its {function}() calls "
            f"{', '.join(risky)}, which may drop a column colretire cannot see"
        )
        reading.sites.insert(0, Site(Unreadable(reason), 1, 1))
    return reading


def _walk_code(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _walk_code(constant)


Reader = Callable[[Path], Script]
