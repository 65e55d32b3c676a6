"""Find the references to one column in one parsed file.

The finder walks the syntax tree once, keeping the scopes that :mod:`infer` needs, and
judges every node that carries one of the target's names: attributes (``task.col``,
``Task.col``, ``tasks.c.col``), keyword arguments, strings (dict keys, ``getattr``, field
lists, raw SQL), and the declarations in model and schema class bodies. It only collects;
rewriting is the codemods' business.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from colretire.analysis import facts as F
from colretire.analysis import handon, migrations, sqltext, tablenames, undecided
from colretire.analysis import infer as I
from colretire.analysis.accounting import FileResult, Handoff, Ledger
from colretire.analysis.codes import CODE_OF_KIND
from colretire.analysis.index import (
    MAPPED,
    MIXIN,
    PLAIN,
    SCHEMA,
    SCHEMA_BASES,
    import_target,
    module_name,
    snake_case,
)
from colretire.analysis.mirrors import SPREAD, Mirror, union_members
from colretire.analysis.source import Source
from colretire.analysis.target import (
    COMP,
    REL,
    SchemaMatch,
    Target,
    holds_objects,
    holds_other_objects,
    plain_column,
    schema_fields,
)
from colretire.model import Confidence, Exclusion, Reference, ReferenceKind, Tier
from colretire.sql import words as sqlwords
from colretire.sql.mention import Reading
from colretire.sql.refs import TABLE_NAME

CERTAIN = Confidence.CERTAIN
LIKELY = Confidence.LIKELY
K = ReferenceKind

_SQL_CALLS = frozenset(
    {
        "text",
        "execute",
        "exec_driver_sql",
        "literal_column",
        "CheckConstraint",
        "DDL",
        "executescript",
    }
)
#: Calls whose string arguments are messages for people, not SQL.
_MESSAGE_CALLS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print",
     "echo", "secho", "fail", "abort", "flash"}
)  # fmt: skip
#: Keywords whose value is a text for people: a field's or a command's documentation.
_MESSAGE_KEYWORDS = frozenset({"help", "description", "summary"})
#: Methods of a statement that take SQL text for one of its clauses.
_CLAUSES = frozenset(
    {
        "where",
        "filter",
        "having",
        "order_by",
        "group_by",
        "join",
        "outerjoin",
        "on_conflict_do_update",
    }
)
#: Constraints and indexes that name the columns of the table they are declared on.
_CONSTRAINTS = frozenset(
    {"UniqueConstraint", "PrimaryKeyConstraint", "Index", "ForeignKeyConstraint"}
)
_ACCESSORS = frozenset({"getattr", "setattr", "hasattr", "delattr"})
#: Attributes of a web request that hold the server's objects, not the client's fields: the
#: application (and its state and configuration), per-request state, the session, the user.
_SERVER_SIDE = frozenset({"app", "state", "session", "user", "auth", "scope", "config"})
#: Joins, which SQLAlchemy builds on a foreign key when given no ON clause.
_JOINS = frozenset({"join", "outerjoin", "join_from", "outerjoin_from"})
#: Calls that give a statement its entities.
_ENTITY_CALLS = frozenset({"query", "select", "select_from", "add_entity", "add_columns"})
_DUMPS = frozenset({"model_dump", "dict", "json", "model_dump_json", "model_copy", "copy"})
_BULK = frozenset({"bulk_insert_mappings", "bulk_update_mappings"})
#: Methods of a model or schema (instance or class) that take a mapping of its fields.
_FIELD_MAPPINGS = frozenset(
    {"sqlmodel_update", "model_validate", "model_construct", "parse_obj", "construct"}
)
_VERBS = {ast.Load: "reads", ast.Store: "writes", ast.Del: "deletes"}
#: The kind of a use of a schema field that nests a relationship or mirrors a composite.
_FIELD_KINDS = {REL: K.RELATIONSHIP, COMP: K.COMPOSITE}


@dataclass(frozen=True)
class Verdict:
    kind: ReferenceKind
    confidence: Confidence
    message: str
    via: str | None = None
    #: The field of a schema mirroring the model that the reference declares, fills or uses
    #: (:attr:`colretire.model.Reference.schema_field`).
    schema_field: str | None = None
    #: A ``likely`` verdict of a family that does not earn its place (docs/references.md):
    #: its words go to the unexplained tier instead of the references.
    unproven: bool = False


def find_references(source: Source, target: Target, alembic: bool = False) -> FileResult:
    """Every reference to ``target`` in ``source``, in file order, and the account of every
    occurrence of its names."""
    ledger = Ledger(source, target.search_names)
    if alembic:
        references = _migration_references(source, target)
        ledger.exclude(ledger.all_words(), Exclusion.MIGRATION, "a migration script")
        return FileResult(tuple(references), tuple(ledger.close()))
    finder = _Finder(source, target, ledger)
    try:
        finder.run()
        undecided.explain(source.tree, ledger)
    except RecursionError:
        message = "is nested too deeply to analyse; its references are unknown"
        failure = _reference(source, 1, 1, K.PARSE_ERROR, CERTAIN, message)
        fresh = Ledger(source, target.search_names)
        fresh.unexplained(fresh.all_words(), "the file is nested too deeply to analyse")
        return FileResult((failure,), tuple(fresh.close()))
    return FileResult(
        tuple(sorted(finder.found.values())),
        tuple(ledger.close()),
        tuple(sorted(finder.mirrors)),
        tuple(finder.handoffs),
    )


def _migration_references(source: Source, target: Target) -> list[Reference]:
    found = []
    for call, confidence, operation in migrations.find(source, target.column):
        line, col = source.start(call)
        message = f"migration operation {operation}() touches {target.column}"
        found.append(_reference(source, line, col, K.MIGRATION, confidence, message))
    return sorted(set(found))


def _reference(
    source: Source,
    line: int,
    col: int,
    kind: ReferenceKind,
    confidence: Confidence,
    message: str,
    via: str | None = None,
    schema_field: str | None = None,
) -> Reference:
    return Reference(
        source.path,
        line,
        col,
        kind,
        confidence,
        CODE_OF_KIND[kind],
        message,
        source.snippet(line),
        via,
        schema_field,
    )


class _Finder:
    def __init__(self, source: Source, target: Target, ledger: Ledger) -> None:
        self.source = source
        self.target = target
        self.ledger = ledger
        self.world = target.world
        self.module = module_name(source.path)
        self.local_classes: dict[int, str] = {}
        #: the classes this file defines, by key (for what their members are)
        self.local_class_nodes: dict[str, ast.ClassDef] = {}
        self.local_models: set[str] = set()
        self.local_schemas: dict[str, SchemaMatch] = {}
        #: every schema class of this file the index does not know: its fields and whether
        #: it reads from attributes, for the schemas that derive from it
        self.local_schema_fields: dict[str, tuple[dict[str, F.AttrFact], bool]] = {}
        self.types = I.Types(
            self.world, self.module, source.path, self.local_classes, self._payload
        )
        self.found: dict[tuple[int, int, ReferenceKind], Reference] = {}
        #: evidence of which schemas mirror which models (see colretire.analysis.mirrors)
        self.mirrors: set[Mirror] = set()
        #: the keywords of calls to the project's functions left for the pass that follows
        #: them (:mod:`colretire.analysis.handon`)
        self.handoffs: list[Handoff] = []
        self.handled: set[int] = set()
        self.contexts: dict[int, Confidence] = {}
        #: ``payload["key"] = value`` targets whose value reads no model
        self.written_apart: set[int] = set()
        self.sql_nodes: set[int] = set()
        #: string literals given as SQL to a statement of a known table (``.where(text(...))``)
        self.sql_context: dict[int, frozenset[str]] = {}
        #: string literals of messages (logging, exceptions, print)
        self.messages: set[int] = set()
        self._assembler: sqltext.Assembler | None = None
        #: lists of column names given to a call with our table's name, by the call's name
        self.builders: dict[int, str] = {}
        #: the same, given with other tables' names
        self.other_builders: dict[int, tuple[str, frozenset[str]]] = {}
        self._scope_tables: dict[int, frozenset[str]] = {}
        self._mapped_tables: frozenset[str] | None = None
        self._declared: frozenset[str] | None = None
        self._named_tables: dict[str, str] | None = None
        self._tops: frozenset[str] | None = None
        names = target.search_names
        self.names = names
        self.string_names = (
            target.attr_names | {target.column.column} | frozenset(target.wrappers)
        ) - target.shadowed
        self.rel_names = target.relationships | {n for ns in target.reverse.values() for n in ns}
        self.key_names = self.string_names | self.rel_names
        self._evidence: bool | None = None
        model_names = sorted({self.class_name(k) for k in target.model_keys} - {""})
        attrs = sorted(target.attr_names | frozenset(target.wrappers) | target.relationships)
        self.qualified = (
            re.compile(
                rf"\b(?:{'|'.join(map(re.escape, model_names))})\.(?:{'|'.join(map(re.escape, attrs))})\b"
            )
            if model_names and attrs
            else None
        )
        self.handlers: dict[type, Callable[[Any, I.Scope], None]] = {
            ast.FunctionDef: self.visit_function, ast.AsyncFunctionDef: self.visit_function,
            ast.Lambda: self.visit_lambda, ast.ClassDef: self.visit_class,
            ast.ListComp: self.visit_comprehension, ast.SetComp: self.visit_comprehension,
            ast.GeneratorExp: self.visit_comprehension, ast.DictComp: self.visit_comprehension,
            ast.Attribute: self.visit_attribute, ast.Call: self.visit_call, ast.Dict: self.visit_dict,
            ast.List: self.visit_sequence, ast.Tuple: self.visit_sequence, ast.Set: self.visit_sequence,
            ast.Subscript: self.visit_subscript, ast.Assign: self.visit_assign, ast.AnnAssign: self.visit_annassign,
            ast.Constant: self.visit_constant, ast.JoinedStr: self.visit_joined, ast.Expr: self.visit_expr,
            ast.Name: self.visit_name, ast.Import: self.visit_import,
            ast.ImportFrom: self.visit_import, ast.Global: self.visit_global,
            ast.Nonlocal: self.visit_global, ast.ExceptHandler: self.visit_except,
            ast.For: self.visit_for, ast.AsyncFor: self.visit_for,
        }  # fmt: skip

    # --- plumbing -------------------------------------------------------------------

    def run(self) -> None:
        scope = I.Scope(self.source.tree, None, "module")
        scope.walrus = ":=" in self.source.text  # its nested scopes are created after this
        self.types.local_nodes = self.local_class_nodes
        self.types.module_scope = scope
        self.builder_contexts()
        for stmt in self.source.tree.body:
            self.visit(stmt, scope)

    @property
    def assembler(self) -> sqltext.Assembler:
        if self._assembler is None:
            self._assembler = sqltext.Assembler(self.source.tree, self.table_of)
        return self._assembler

    def builder_contexts(self) -> None:
        """``insert_rows("tasks", ["id", "col"])``: a call given a table's name and a list
        (or a dict) of names builds SQL on that table; the names are its columns. The list
        may be bound to a name of the module (``COLUMNS = [...]``)."""
        text = self.source.text
        table = self.target.table
        if f'"{table}"' not in text and f"'{table}'" not in text and "__tablename__" not in text:
            return
        lists = _lists_by_name(self.source.tree)
        for node in ast.walk(self.source.tree):
            if not isinstance(node, ast.Call):
                continue
            values = [*node.args, *(k.value for k in node.keywords)]
            tables = {t for v in values if (t := self.table_named(v))}
            if not tables:
                continue
            for value in values:
                names = lists.get(value.id) if isinstance(value, ast.Name) else value
                if not isinstance(names, ast.List | ast.Tuple | ast.Set | ast.Dict):
                    continue
                callee = F.dotted(node.func) or "a call"
                if table in tables:
                    self.contexts.setdefault(id(names), CERTAIN if tables == {table} else LIKELY)
                    self.builders[id(names)] = callee
                else:
                    self.other_builders[id(names)] = (callee, frozenset(tables))

    def table_named(self, node: ast.expr) -> str | None:
        """The table a call's argument names: ``"tasks"``, a constant of the module holding
        it, ``Task.__tablename__``."""
        known = self.mapped_tables | {self.target.table}
        if isinstance(node, ast.Attribute) and node.attr == "__tablename__":
            return self.table_of(node.value)
        if isinstance(node, ast.Name):
            constant = self.assembler.constants.get(node.id)
            node = constant if constant is not None else node
        text = F.string_value(node)
        return text if text in known else None

    def visit(self, node: ast.AST, scope: I.Scope) -> None:
        handler = self.handlers.get(type(node))
        if handler is not None:
            handler(node, scope)
        else:
            self.children(node, scope)

    def children(self, node: ast.AST, scope: I.Scope) -> None:
        for child in ast.iter_child_nodes(node):
            self.visit(child, scope)

    def visit_all(self, nodes: Iterable[ast.AST | None], scope: I.Scope) -> None:
        for node in nodes:
            if node is not None:
                self.visit(node, scope)

    def add(
        self,
        position: tuple[int, int],
        verdict: Verdict | None,
        node: ast.AST | None = None,
    ) -> None:
        """Record ``verdict`` at ``position``; the words of the name within ``node`` (or the
        word at ``position``) become part of the reference. An unproven verdict is recorded
        as unexplained instead."""
        if verdict is None:
            return
        words = self.ledger.words_in(node) if node is not None else [position]
        if verdict.unproven:
            self.ledger.unexplained(words, verdict.message)
            return
        self.ledger.reference(words)
        line, col = position
        key = (line, col, verdict.kind)
        existing = self.found.get(key)
        if existing is None or (existing.confidence == LIKELY and verdict.confidence == CERTAIN):
            self.found[key] = _reference(
                self.source,
                line,
                col,
                verdict.kind,
                verdict.confidence,
                verdict.message,
                verdict.via,
                verdict.schema_field,
            )

    # --- what a class or a name is ----------------------------------------------------

    def is_model(self, key: str) -> bool:
        return key in self.target.model_keys or key in self.local_models

    def is_our_table(self, table: str) -> bool:
        """Whether ``table`` (with or without a schema) is the column's table."""
        return table.rpartition(".")[2] == self.target.table.rpartition(".")[2]

    def same_table(self, key: str) -> bool:
        """Whether ``key`` maps the column's table though phase one did not count it among
        the models (a class only the modules the files import declare)."""
        view = self.world.classes.get(key)
        return (
            view is not None
            and view.kind == MAPPED
            and view.table == self.target.table.rpartition(".")[2]
        )

    def schema(self, key: str) -> SchemaMatch | None:
        return self.local_schemas.get(key) or self.target.schemas.get(key)

    def class_name(self, key: str) -> str:
        view = self.world.classes.get(key)
        return view.name if view else key.rpartition(".")[2]

    def category(self, name: str) -> str | None:
        target = self.target
        if name in target.attr_names and name not in target.shadowed:
            return "attr"
        if name in target.wrappers:
            return "wrapper"
        if name in target.composites:
            return "composite"
        if name in target.relationships:
            return "relationship"
        return None

    @property
    def evidence(self) -> bool:
        """Whether the file names one of the model classes (for relationship names, which
        are too generic to count on an object of unknown type without it)."""
        if self._evidence is None:
            names = {self.class_name(key) for key in self.target.model_keys}
            self._evidence = any(
                re.search(rf"\b{re.escape(n)}\b", self.source.text) for n in names if n
            )
        return self._evidence

    def model_related(self, nodes: Iterable[ast.AST | None], scope: I.Scope) -> bool:
        """Whether any of ``nodes`` reads an attribute of a model or mirroring-schema object
        (or our column on a Core row)."""
        for root in nodes:
            for node, where in _scoped_walk(root, scope) if root is not None else ():
                if isinstance(node, ast.Attribute):
                    owner = self.types.expr(node.value, where)
                    if owner.kind in (I.INSTANCE, I.CLASS) and (
                        self.is_model(owner.key) or self.schema(owner.key)
                    ):
                        return True
                    if owner.kind == I.ROW and self.row_verdict(owner.key, node.attr, ""):
                        return True
        return False

    def _payload(self, node: ast.Dict, scope: I.Scope) -> bool:
        return self.model_related(node.values, scope)

    # --- scopes ---------------------------------------------------------------------

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope) -> None:
        if node.name in self.names:
            self.ledger.exclude([self.source.def_name_start(node)], Exclusion.LOCAL, "a function")
        self.decorators(node)
        if scope.kind == "class" and node.name == "__init__" and self.is_model(scope.class_key):
            self.constructor_parameters(node, scope.class_key)
        carrier = scope.kind == "class" and node.name == "__init__"
        carried = self.parameters(node.args, self.class_name(scope.class_key) if carrier else "")
        self.visit_all([d for d in node.decorator_list if isinstance(d, ast.Call)], scope)
        self.visit_all([*node.args.defaults, *node.args.kw_defaults], scope)
        every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        for annotation in [node.returns, *(arg.annotation for arg in every)]:
            self.annotation_evidence(annotation, scope)
        inner = I.Scope(node, scope, "function", scope.class_key if scope.kind == "class" else "")
        if scope.kind == "class":
            inner.self_kind = _self_kind(node)
        self.mark_local_payloads(node, inner)
        for stmt in node.body:
            self.visit(stmt, inner)
        if carried and not self.is_model(scope.class_key):
            # the parameter's uses are the parameter: what it carries, they carry
            detail = f"the parameter of {self.class_name(scope.class_key)}(...), which may carry the column"
            self.ledger.reconsider(
                [
                    self.source.start(name)
                    for stmt in node.body
                    for name in ast.walk(stmt)
                    if isinstance(name, ast.Name) and name.id in carried
                ],
                detail,
            )
        self.follow_values(node)
        self.follow_reads(node)
        self.route_evidence(node, scope, inner)

    def decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """``@fee.setter``, ``@fee.expression``: the name in the decorator is the function's
        own (a wrapper's part), and ends where the function's name does."""
        name = self.source.def_name_start(node)
        decided = self.ledger.decided.get(name)
        for decorator in node.decorator_list:
            words = self.ledger.words_in(decorator)
            if not words or not isinstance(decorator, ast.Attribute):
                continue
            if decided is not None and decided[0] is Tier.REFERENCE:
                self.ledger.reference(words)
            elif decided is not None and decided[1] is not None:
                self.ledger.exclude(words, decided[1], decided[2])
            elif decided is not None:
                self.ledger.unexplained(words, decided[2])
            elif node.name == F.dotted(decorator.value):
                self.ledger.exclude(words, Exclusion.LOCAL, "the property being defined")

    def constructor_parameters(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, key: str
    ) -> None:
        """A parameter of the model's own ``__init__`` named like the column is the keyword
        ``Task(col=...)`` passes."""
        cls = self.class_name(key)
        for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
            if self.category(arg.arg) is not None:
                position = (arg.lineno, self.source.column(arg.lineno, arg.col_offset))
                message = f"takes {arg.arg}= in {cls}.__init__ ({self.target.column})"
                self.add(position, Verdict(self.keyword_kind(arg.arg), CERTAIN, message))

    def follow_values(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A parameter or local named like the column whose value this function writes into
        the column (``Task(col=col)``, ``task.col = col``) is not merely a local: whether it
        is part of the use is a matter of judgement, so its words are unexplained. Where it
        is written, the name is part of the write (the keyword, the assignment or the dict
        item that the reference stands for, and that goes with it)."""
        flowing: set[str] = set()
        written: list[tuple[int, int]] = []
        for inner in ast.walk(node):
            for name, position, value in self._writes(inner):
                if self.ledger.is_reference(position):
                    flowing.add(name)
                    written.append(self.source.start(value))
        if not flowing:
            return
        self.ledger.reference(written)
        positions = []
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in flowing:
                positions.append(self.source.start(inner))
            elif isinstance(inner, ast.arg) and inner.arg in flowing:
                positions.append((inner.lineno, self.source.column(inner.lineno, inner.col_offset)))
        self.ledger.reconsider(positions, "a value that flows into the column")

    def follow_reads(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A local named like the column that is assigned a read of one of its names that
        could not be judged (``x = row["col"]`` of a dict no model is proven to fill, ``x =
        obj.col`` of an object of unknown type) holds a value that may be the column's: its
        later uses are where that value goes, so they are left unexplained with the read.
        After a proven read (``x = task.col``, itself a reference) the local is a local: the
        reference already stands for the use."""
        holding: dict[str, int] = {}
        for inner in ast.walk(node):
            if not isinstance(inner, ast.Assign | ast.AnnAssign) or inner.value is None:
                continue
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            names = [t.id for t in targets if isinstance(t, ast.Name) and t.id in self.names]
            read = self._read_of_name(inner.value)
            if names and read is not None and self.ledger.is_unexplained(read):
                for name in names:
                    holding[name] = min(holding.get(name, inner.lineno), inner.lineno)
        for name, line in holding.items():
            positions = [
                self.source.start(inner)
                for inner in ast.walk(node)
                if isinstance(inner, ast.Name) and inner.id == name and inner.lineno >= line
            ]
            detail = f"holds what a read that could not be judged returned (line {line})"
            self.ledger.reconsider(positions, detail)

    def _read_of_name(self, value: ast.expr) -> tuple[int, int] | None:
        """The position of the name that ``value`` reads, when it is a read of one of the
        column's names: ``obj.name``, ``obj["name"]`` or ``obj.get("name"[, default])``."""
        if isinstance(value, ast.Attribute) and value.attr in self.names:
            return self.source.attr_start(value)
        key: ast.expr | None = None
        if isinstance(value, ast.Subscript):
            key = value.slice
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "get"
            and value.args
        ):
            key = value.args[0]
        if isinstance(key, ast.Constant) and key.value in self.names:
            words = self.ledger.words_in(key)
            return words[0] if words else None
        return None

    def _writes(self, node: ast.AST) -> Iterator[tuple[str, tuple[int, int], ast.Name]]:
        """(value name, position of the written name, the value) for ``f(col=col)``,
        ``x.col = col`` and ``{"col": col}``, where the value is a bare name of the column's
        names."""
        if isinstance(node, ast.Call):
            for item in node.keywords:
                if item.arg and (value := self._written_name(item.value)):
                    yield value.id, self.source.start(item), value
        elif isinstance(node, ast.Assign) and (value := self._written_name(node.value)):
            for target in node.targets:
                if isinstance(target, ast.Attribute):
                    yield value.id, self.source.attr_start(target), value
        elif isinstance(node, ast.Dict):
            for key, item_value in zip(node.keys, node.values, strict=True):
                if key is not None and (value := self._written_name(item_value)):
                    words = self.ledger.words_in(key)
                    if words:
                        yield value.id, words[0], value

    def _written_name(self, value: ast.expr) -> ast.Name | None:
        """The name of the column's names that ``value`` writes: ``col``, or ``col or
        default``."""
        if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
            value = value.values[0]
        return value if isinstance(value, ast.Name) and value.id in self.names else None

    def visit_lambda(self, node: ast.Lambda, scope: I.Scope) -> None:
        self.parameters(node.args)
        self.visit(node.body, I.Scope(node, scope, "lambda"))

    def parameters(self, args: ast.arguments, carrier: str = "") -> set[str]:
        """A parameter named like the column is a local of the function; except that of a
        constructor (``carrier`` names its class): ``Job(function_fullname=...)`` may be
        how a domain object carries the column's value, which one file cannot tell. Returns
        the names of such carrying parameters."""
        carried: set[str] = set()
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        for arg in every:
            if arg is not None and arg.arg in self.names:
                position = (arg.lineno, self.source.column(arg.lineno, arg.col_offset))
                if carrier and arg is not args.vararg and arg is not args.kwarg:
                    self.ledger.unexplained(
                        [position], f"a parameter of {carrier}(...), which may carry the column"
                    )
                    carried.add(arg.arg)
                else:
                    self.ledger.exclude([position], Exclusion.LOCAL, "a parameter")
        return carried

    def visit_import(self, node: ast.Import | ast.ImportFrom, scope: I.Scope) -> None:
        """An import of a module or a name spelt like the column binds a local name."""
        self.ledger.exclude(self.ledger.words_in(node), Exclusion.LOCAL, "an import")

    def visit_global(self, node: ast.Global | ast.Nonlocal, scope: I.Scope) -> None:
        self.ledger.exclude(self.ledger.words_in(node), Exclusion.LOCAL, "a variable")

    def visit_except(self, node: ast.ExceptHandler, scope: I.Scope) -> None:
        if node.name in self.names:
            line = self.source.line_text(node.lineno)
            found = re.search(rf"\bas\s+({re.escape(node.name)})\b", line)
            if found:
                position = (node.lineno, found.start(1) + 1)
                self.ledger.exclude([position], Exclusion.LOCAL, "a variable")
        self.children(node, scope)

    def visit_comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, scope: I.Scope
    ) -> None:
        inner = I.Scope(node, scope, "comprehension")
        for position, generator in enumerate(node.generators):
            self.ledger.exclude(
                self.ledger.words_in(generator.target), Exclusion.LOCAL, "a variable"
            )
            # the first iterable is evaluated where the comprehension is; the others inside it
            self.visit(generator.iter, scope if position == 0 else inner)
            self.visit_all(generator.ifs, inner)
        self.children_of_comprehension(node, inner)

    def children_of_comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, inner: I.Scope
    ) -> None:
        if isinstance(node, ast.DictComp):
            self.visit_all([node.key, node.value], inner)
        else:
            self.visit(node.elt, inner)

    def visit_class(self, node: ast.ClassDef, scope: I.Scope) -> None:
        if node.name in self.names:
            self.ledger.exclude([self.source.def_name_start(node)], Exclusion.LOCAL, "a class")
        self.visit_all([*node.bases, *(kw.value for kw in node.keywords)], scope)
        self.visit_all([d for d in node.decorator_list if isinstance(d, ast.Call)], scope)
        key = self.class_key(node, scope)
        self.local_classes[id(node)] = key
        self.local_class_nodes.setdefault(key, node)
        self.meta_evidence(node, key, scope)
        self.learn_local_class(node, key, scope)
        self.declarations(node, key)
        inner = I.Scope(node, scope, "class", key)
        for stmt in node.body:
            table_name = tablenames.class_table_name(stmt)
            if table_name is not None:
                self.table_name_string(table_name)
            self.visit(stmt, inner)
        self.kept_fields(node, key)

    def kept_fields(self, node: ast.ClassDef, key: str) -> None:
        """A class proven to mirror the model that keeps a field under another name: its
        constructor stores the parameter ``function_fullname`` in ``self._function_fullname``
        (which the property ``function_fullname`` returns). The reads of that attribute in
        the class carry the field's value, but spell none of the column's names: they are
        unexplained uses of it."""
        match = self.schema(key)
        if match is None or self.is_model(key):
            return
        init = next(
            (s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"),
            None,
        )
        if init is None:
            return
        kept: dict[str, str] = {}
        for stmt in ast.walk(init):
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.value, ast.Name)
                and stmt.value.id in match.fields
            ):
                for target in stmt.targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                        and target.attr not in self.names
                    ):
                        kept[target.attr] = stmt.value.id
        if not kept:
            return
        cls = self.class_name(key)
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Attribute)
                and isinstance(inner.ctx, ast.Load)
                and isinstance(inner.value, ast.Name)
                and inner.value.id == "self"
                and inner.attr in kept
            ):
                field_ = kept[inner.attr]
                detail = (
                    f"{cls}.{inner.attr}, where {cls} keeps its field {field_}, which mirrors "
                    f"{self.target.column}"
                )
                self.ledger.unexplained_use(self.source.attr_start(inner), field_, detail)

    def class_key(self, node: ast.ClassDef, scope: I.Scope) -> str:
        if scope.kind == "class":
            return f"{scope.class_key}.{node.name}"
        return f"{self.module}.{node.name}"

    def learn_local_class(self, node: ast.ClassDef, key: str, scope: I.Scope) -> None:
        """A class this file defines that the index does not know (the file was not read for
        the index): it is a model or a schema when one of its bases is; a schema of its own
        (``class TaskOut(BaseModel)``, or a subclass of another such class of this file)
        mirrors the model by the same rules as an indexed one, its inherited fields and
        configuration included."""
        if key in self.world.classes:
            return
        schema = False
        inherited: list[tuple[dict[str, F.AttrFact], bool]] = []
        for base in node.bases:
            ty = self.types.expr(base, scope)
            view = self.world.classes.get(ty.key) if ty.kind == I.CLASS else None
            if ty.kind == I.CLASS and self.is_model(ty.key):
                self.local_models.add(key)
            elif ty.kind == I.CLASS and (match := self.schema(ty.key)):
                self.local_schemas[key] = match
            elif view is not None:
                schema = schema or view.kind == SCHEMA
            elif ty.kind == I.CLASS and ty.key in self.local_schema_fields:
                schema = True
                inherited.append(self.local_schema_fields[ty.key])
            else:
                schema = schema or F.last_name(base) in SCHEMA_BASES
        table = any(kw.arg == "table" for kw in node.keywords)  # a SQLModel table
        if schema and not table and key not in self.local_models | set(self.local_schemas):
            self.judge_schema(node, key, inherited)

    def judge_schema(
        self, node: ast.ClassDef, key: str, inherited: list[tuple[dict[str, F.AttrFact], bool]]
    ) -> None:
        """The fields of a schema class of this file that the index did not read, its own
        and those it inherits from ``inherited`` (the fields and ``from_attributes`` of its
        bases in this file); where evidence proves the whole class mirrors the model, the
        fields named like the names that carry the column."""
        fact = F.class_fact(self.source, node)
        own = schema_fields(fact)
        fields_: dict[str, F.AttrFact] = {}
        for base_fields, _ in reversed(inherited):
            fields_.update(base_fields)
        fields_.update(own)
        from_attributes = fact.from_attributes or any(flag for _, flag in inherited)
        self.local_schema_fields[key] = (fields_, from_attributes)
        match = self.target.schemas.get(key) or self.imported_as(key)
        if match is not None and not match.whole:
            self.local_schemas[key] = match
        if match is not None and match.whole:
            wanted = self.target.schema_wanted
            found = {
                n: wanted[a.alias or n] for n, a in fields_.items() if (a.alias or n) in wanted
            }
            fields = {**found, **match.fields}
            self.local_schemas[key] = replace(
                match, fields=fields, own=frozenset(set(own) & set(fields))
            )

    def imported_as(self, key: str) -> SchemaMatch | None:
        """The proof for a class of this file that the evidence names as other files import
        it: from above its top-level package (``app.schemas.X`` for the class ``X`` of
        ``backend/app/schemas.py``), where the index does not know the class."""
        parts = key.split(".")
        for start in range(1, len(parts) - 1):
            match = self.target.schemas.get(".".join(parts[start:]))
            if match is not None:
                return match
        return None

    # --- evidence of schemas mirroring models ------------------------------------------

    def mapped(self, ty: I.Ty) -> str | None:
        """The mapped class an instance, class or collection type is of (any table); for a
        row of a Core select of one table's columns, ``table:NAME``."""
        if ty.kind in (I.ROW, I.ROWS):
            tables = {table for table, _ in I.core_entries(ty.key)}
            return f"table:{tables.pop()}" if len(tables) == 1 else None
        if ty.kind not in (I.INSTANCE, I.CLASS, I.COLLECTION):
            return None
        view = self.world.classes.get(ty.key)
        if self.is_model(ty.key) or (view is not None and view.kind == MAPPED):
            return ty.key
        return None

    def schema_class(self, ty: I.Ty) -> str | None:
        """The class of a type that may be a schema: known and not mapped, or a class of the
        project the index did not read."""
        if ty.kind == I.NAME and ty.key and not self.third_party(ty.key):
            last = ty.key.rpartition(".")[2]
            return ty.key if last[:1].isupper() else None
        if (
            ty.kind not in (I.INSTANCE, I.CLASS)
            or self.mapped(ty)
            or ty.key.startswith("builtins.")
        ):
            return None
        return ty.key

    def read_of(self, node: ast.expr, scope: I.Scope) -> tuple[str, str, bool] | None:
        """``x.attr`` (or ``getattr(x, "attr")``): (the class of ``x``, ``attr``, whether
        that class is mapped), when the class is known; also where a conditional gives
        that or nothing (``x.attr if x else None``)."""
        if isinstance(node, ast.IfExp):
            given = [
                branch
                for branch in (node.body, node.orelse)
                if not (isinstance(branch, ast.Constant) and branch.value is None)
            ]
            return self.read_of(given[0], scope) if len(given) == 1 else None
        if (
            isinstance(node, ast.Call)
            and F.last_name(node.func) == "getattr"
            and len(node.args) > 1
        ):
            name = F.string_value(node.args[1])
            owner_node: ast.expr | None = node.args[0] if name else None
        elif isinstance(node, ast.Attribute):
            name, owner_node = node.attr, node.value
        else:
            return None
        if owner_node is None or name is None:
            return None
        owner = self.types.expr(owner_node, scope)
        model = self.mapped(owner)
        if model is not None:
            return model, name, True
        schema = self.schema_class(owner) if owner.kind == I.INSTANCE else None
        return (schema, name, False) if schema else None

    def call_evidence(self, node: ast.Call, scope: I.Scope) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _FROM_MODEL and node.args:
            schema = self.schema_class(self.types.expr(func.value, scope))
            model = self.mapped(self.types.expr(node.args[0], scope))
            if schema and model:
                self.mirrors.add(
                    Mirror(schema, model, why=f"{func.attr}() of a {self.class_name(model)}")
                )
            elif schema:
                self.mirrors.add(Mirror(schema, "", SPREAD, "", f"{func.attr}() of another value"))
            return
        callee = self.types.expr(func, scope)
        model = self.mapped(callee) if callee.kind == I.CLASS else None
        schema = None if model else self.schema_class(callee)
        for item in node.keywords:
            if item.arg is None:
                dumped = self.dumped_schema(item.value, scope)
                if model and dumped:
                    self.mirrors.add(Mirror(dumped, model, why="gives the model its dump"))
                elif schema and dumped and dumped != schema:
                    # PromptModel(**{**form.model_dump(), ...}): the form mirrors whatever
                    # model PromptModel mirrors (mirrors.combine follows the chain)
                    why = f"gives {self.class_name(schema)} its dump"
                    self.mirrors.add(Mirror(dumped, schema, why=why, to_model=True))
                elif schema:
                    self.mirrors.add(Mirror(schema, "", SPREAD, "", "built from a mapping"))
                continue
            read = self.read_of(item.value, scope)
            if read is None and schema and (related := self.related_read(item.value, scope)):
                why = "built from the model's related object"
                self.mirrors.add(Mirror(schema, related[0], item.arg, related[1], why))
                continue
            if read is None:
                if schema:  # given a value from elsewhere: the field is the class's own
                    self.mirrors.add(Mirror(schema, "", item.arg, "", "given another value"))
                continue
            owner, attr, owner_mapped = read
            if model and not owner_mapped:
                why, carrier = "gives the model a value", self.declared_schema(owner)
                self.mirrors.add(Mirror(owner, model, attr, item.arg, why, True, carrier))
            elif schema and owner_mapped:
                self.mirrors.add(Mirror(schema, owner, item.arg, attr, "built from the model"))

    def related_read(self, value: ast.expr, scope: I.Scope) -> tuple[str, str] | None:
        """``self.trigger_execution.to_model() if self.trigger_execution else None``: a
        value converted from a relationship built on the column, read on a model (the
        model and the relationship)."""
        node = value
        while True:
            if isinstance(node, ast.IfExp):
                node = node.body
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                node = node.func.value
            else:
                break
        if node is value or not isinstance(node, ast.Attribute) or node.attr not in self.rel_names:
            return None
        read = self.read_of(node, scope)
        return (read[0], read[1]) if read is not None and read[2] else None

    def dumped_schema(self, node: ast.expr, scope: I.Scope) -> str | None:
        """``body.model_dump()`` / ``body.dict()``: the schema class of ``body``; also when
        spread into a dict literal with other entries (``{**body.model_dump(), "id": ...}``)."""
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None and (found := self.dumped_schema(value, scope)):
                    return found
            return None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("model_dump", "dict")
        ):
            owner = self.types.expr(node.func.value, scope)
            return self.schema_class(owner) if owner.kind == I.INSTANCE else None
        return None

    def assign_evidence(self, target: ast.expr, value: ast.expr, scope: I.Scope) -> None:
        """``task.col = body.field`` and ``out.field = task.col``."""
        if not isinstance(target, ast.Attribute):
            return
        written, read = self.read_of(target, scope), self.read_of(value, scope)
        if written is not None and read is None and written[2]:
            read = self.dump_item(value, scope)
        if written is None or read is None or written[2] == read[2]:
            return
        (model, attr, _), (schema, field_, _) = (written, read) if written[2] else (read, written)
        to_model = bool(written[2])
        why = "assigned to the model" if to_model else "assigned from the model"
        carrier = self.declared_schema(schema)
        self.mirrors.add(Mirror(schema, model, field_, attr, why, to_model, carrier))

    def dump_item(self, value: ast.expr, scope: I.Scope) -> tuple[str, str, bool] | None:
        """``data["field"]`` of a local bound to a schema's dump (``form_data =
        form_data.model_dump(exclude_unset=True)``, the parameter's own dump): a read of
        that schema's field."""
        if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)):
            return None
        field_, name = F.string_value(value.slice), value.value.id
        schemas = set()
        for node in self.types.bound_expressions(name, scope):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("model_dump", "dict")
            ):
                continue
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and receiver.id == name:
                owner = self.parameter_type(name, scope)
            else:
                owner = self.types.expr(receiver, scope)
            schema = self.schema_class(owner) if owner.kind == I.INSTANCE else None
            if schema:
                schemas.add(schema)
        return (schemas.pop(), field_, False) if field_ and len(schemas) == 1 else None

    def parameter_type(self, name: str, scope: I.Scope) -> I.Ty:
        """The annotated type of the parameter ``name`` of the function of ``scope``."""
        node = scope.node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return I.T_UNKNOWN
        for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
            if arg.arg == name and arg.annotation is not None:
                return self.types.annotation(arg.annotation, scope.parent or scope)
        return I.T_UNKNOWN

    def declared_schema(self, key: str) -> bool:
        """Whether the class ``key`` is a declared data schema (Pydantic, SQLModel)."""
        view = self.world.classes.get(key)
        return view is not None and view.kind == SCHEMA

    def annotation_evidence(self, annotation: ast.expr | None, scope: I.Scope) -> None:
        """``run: DagRun | DagRunPydantic``: a schema that stands for the model in an
        annotation mirrors it, whole (:func:`~colretire.analysis.mirrors.union_members`)."""
        members = union_members(annotation)
        if len(members) < 2:
            return
        models: set[str] = set()
        schemas: set[str] = set()
        for member in members:
            ty = self.types.annotation(member, scope)
            if (model := self.mapped(ty)) is not None:
                models.add(model)
            elif ty.kind == I.INSTANCE and self.declared_schema(ty.key):
                schemas.add(ty.key)
        if len(models) == 1:
            model = models.pop()
            why = f"stands for a {self.class_name(model)} in an annotation"
            for schema in sorted(schemas):
                self.mirrors.add(Mirror(schema, model, why=why))

    def visit_annassign(self, node: ast.AnnAssign, scope: I.Scope) -> None:
        self.annotation_evidence(node.annotation, scope)
        self.children(node, scope)

    def route_evidence(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope, inner: I.Scope
    ) -> None:
        """A route's ``response_model`` mirrors the model the route returns."""
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call):
                continue
            response = next(
                (k.value for k in decorator.keywords if k.arg == "response_model"), None
            )
            if response is None:
                continue
            if isinstance(response, ast.Subscript):  # list[TaskOut]
                response = response.slice
            schema = self.schema_class(self.types.expr(response, scope))
            model = self.returned_model(node, scope, inner)
            if schema and model:
                self.mirrors.add(
                    Mirror(schema, model, why="the response_model of a route returning it")
                )

    def returned_model(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope, inner: I.Scope
    ) -> str | None:
        """The model a route returns: its annotation (also the one item of a generic page,
        ``-> AbstractPage[Task]``, as its ``response_model=Page[TaskOut]`` says), else a
        ``return`` of one."""
        returns = node.returns
        if isinstance(returns, ast.Constant) and isinstance(returns.value, str):
            returns = union_members(returns)[0] if len(union_members(returns)) == 1 else None
        if returns is not None:
            found = self.mapped(self.types.annotation(returns, scope))
            if not found and isinstance(returns, ast.Subscript):
                item = returns.slice
                if not isinstance(item, ast.Tuple):
                    found = self.mapped(self.types.annotation(item, scope))
            if found:
                return found
        for stmt in ast.walk(node):
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                found = self.mapped(self.types.expr(stmt.value, inner))
                if found:
                    return found
        return None

    def visit_for(self, node: ast.For | ast.AsyncFor, scope: I.Scope) -> None:
        """``for key, value in body.model_dump().items(): setattr(task, key, value)``: the
        schema gives the model every field of the same name."""
        if (
            isinstance(node.iter, ast.Call)
            and isinstance(node.iter.func, ast.Attribute)
            and node.iter.func.attr == "items"
        ):
            schema = self.dumped_schema(self.followed(node.iter.func.value, scope), scope)
            for inner in ast.walk(node):
                if (
                    schema
                    and isinstance(inner, ast.Call)
                    and F.last_name(inner.func) == "setattr"
                    and inner.args
                ):
                    model = self.mapped(self.types.expr(inner.args[0], scope))
                    if model:
                        self.mirrors.add(
                            Mirror(
                                schema, model, why="sets every field on the model", to_model=True
                            )
                        )
        self.children(node, scope)

    def followed(self, node: ast.expr, scope: I.Scope) -> ast.expr:
        """A name assigned once in its scope, replaced by what it was assigned."""
        if isinstance(node, ast.Name):
            bound = self.types.bound_expressions(node.id, scope)
            if len(bound) == 1:
                return bound[0]
        return node

    def meta_evidence(self, node: ast.ClassDef, key: str, scope: I.Scope) -> None:
        """marshmallow-sqlalchemy's ``class Meta: model = Task``."""
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
                for inner in stmt.body:
                    if isinstance(inner, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "model" for t in inner.targets
                    ):
                        model = self.mapped(self.types.expr(inner.value, scope))
                        if model:
                            self.mirrors.add(Mirror(key, model, why="Meta.model names it"))

    # --- declarations -----------------------------------------------------------------

    def declarations(self, node: ast.ClassDef, key: str) -> None:
        target = self.target
        model = self.is_model(key)
        reverse = target.reverse.get(key, frozenset())
        match = self.schema(key)
        for stmt in node.body:
            before = len(self.found)
            whole = stmt if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
            for name, position in _declared_names(self.source, stmt):
                if model:
                    self.add(position, self.model_declaration(key, name, stmt), whole)
                if name in reverse:
                    self.add(
                        position,
                        Verdict(
                            K.RELATIONSHIP,
                            CERTAIN,
                            f"declares relationship {node.name}.{name}, the other side of the relationship built on {target.column}",
                        ),
                        whole,
                    )
                if match and name in match.fields:
                    self.add(position, self.schema_declaration(node.name, name, match), whole)
                elif not match and name in self.names and (heir := self.heir_match(key, name)):
                    self.add(position, self.schema_declaration(node.name, name, heir), whole)
                if name in self.names and len(self.found) == before:
                    self.exclude_member(node, key, name, position)
            if len(self.found) > before and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                # the column's name in mapped_column("col") or Field(alias="col") is part of
                # the declaration just reported, not a use of its own
                self.handled.update(id(n) for n in ast.walk(stmt) if isinstance(n, ast.Constant))

    def exclude_member(
        self, node: ast.ClassDef, key: str, name: str, position: tuple[int, int]
    ) -> None:
        """A member of a class named like the column that is not one of its references: of
        another table's model, of a class known to be neither a model nor a schema, or (a
        schema not proven to mirror the model, a class of unknown bases) unexplained."""
        character, detail = self.class_character(key, node)
        if character == "other-model":
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, f"{detail}.{name}")
        elif character == "plain":
            self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"a member of {node.name}")
        elif character != "ours" and (held := self.holds_objects(key, name)):
            self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"{node.name}.{held}")
        elif character != "ours" and self.foreign_mixin(key):
            detail = f"a member of {node.name}, a mixin no class of {self.target.table} inherits"
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)
        elif character != "ours":
            self.ledger.unexplained([position], f"a member of {node.name}, {detail}")

    def foreign_mixin(self, key: str) -> bool:
        """Whether ``key`` is a mixin that declares mapped attributes and that no model of
        the table inherits: what it declares (``tcf_version = Column(String)``, a
        ``declared_attr``) is the columns of the tables whose classes use it, never this
        one's."""
        view = self.world.classes.get(key)
        if view is None or view.kind != MIXIN or not self.target.model_keys:
            return False
        for model in self.target.model_keys:
            mapped = self.world.classes.get(model)
            if mapped is None or key in mapped.ancestors:
                return False
        return True

    def holds_objects(self, key: str, name: str) -> str | None:
        """Why the attribute ``name`` of a class that is not a model of the table (a schema
        not proven to mirror it, a class of unknown bases) cannot carry the column: it is
        declared to hold instances of a class of the project, and the column holds one
        plain value (a flag, a number, a time); or ``name`` is a relationship built on the
        column and neither class can mirror it (see
        :func:`~colretire.analysis.target.holds_other_objects`)."""
        target = self.target
        other = holds_other_objects(self.world, target, key, name)
        if other is not None:
            return (
                f"{name}, declared to hold a {other}, not the relationship built on {target.column}"
            )
        if name not in target.attr_names or not plain_column(target.column_type):
            return None
        held = holds_objects(self.world, key, name)
        if held is None:
            return None
        return f"{name}, declared to hold a {held}, where {target.column} is {target.column_type}"

    def class_character(self, key: str, node: ast.ClassDef | None = None) -> tuple[str, str]:
        """What kind of class ``key`` is, for its members: ``ours`` (a model of the table),
        ``other-model`` (with its table), ``plain`` (neither a model nor a schema, with
        every base known), ``library`` (a class of no package of the project), or
        ``undecided`` with why."""
        if self.is_model(key):
            return "ours", ""
        if key in self.target.other_schemas:
            return "other-model", self.target.other_schemas[key]
        if self.same_table(key):
            return "undecided", "a class that maps the table but is not among its models"
        view = self.world.classes.get(key)
        if view is None and node is None:
            node = self.local_class_nodes.get(key)  # a class of this file the index lacks
        if view is None and node is None:
            if key.startswith("builtins."):
                return "plain", ""
            if key in self.local_schemas or key in self.local_schema_fields:
                return "undecided", "a schema not proven to mirror the table"
            if self.third_party(key):
                return "library", ""
            return "undecided", "a class colretire did not read"
        if view is not None:
            if view.kind == MAPPED:
                return "other-model", view.table or view.name
            if view.kind == SCHEMA:
                return "undecided", "a schema not proven to mirror the table"
            if view.kind != PLAIN:
                return "undecided", "a class that declares mapped attributes without a table"
            unknown = [b for b in view.external_bases if b not in _PLAIN_BASES]
        else:
            assert node is not None
            if key in self.local_schemas or key in self.local_schema_fields:
                return "undecided", "a schema not proven to mirror the table"
            unknown = [F.last_name(b) or "?" for b in node.bases if not self._plain_base(b, node)]
        if unknown:
            return "undecided", f"a class with bases colretire does not know ({unknown[0]})"
        return "plain", ""

    def _plain_base(self, base: ast.expr, node: ast.ClassDef) -> bool:
        name = F.last_name(base)
        if name in _PLAIN_BASES:
            return True
        key = self.world.lookup(F.dotted(base) or name)
        view = self.world.classes.get(key) if key else None
        return (
            view is not None
            and view.kind == PLAIN
            and not (set(view.external_bases) - _PLAIN_BASES)
        )

    def model_declaration(self, key: str, name: str, stmt: ast.stmt) -> Verdict | None:
        target = self.target
        owner = self.class_name(key)
        if (
            (key, name) in target.declaring
            and not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        ) or ((key, name) in target.declaring and _declared_attr(stmt)):
            return Verdict(K.DECLARATION, CERTAIN, self.declaration_message(key, owner, name))
        if name in target.wrappers:
            return Verdict(
                K.WRAPPER,
                CERTAIN,
                f"declares {owner}.{name}, a {target.wrappers[name]} that reads {target.column}",
                via=name,
            )
        if name in target.composites:
            return Verdict(
                K.COMPOSITE,
                CERTAIN,
                f"declares composite {owner}.{name}, which includes {target.column}",
            )
        if name in target.relationships:
            return Verdict(
                K.RELATIONSHIP,
                CERTAIN,
                f"declares relationship {owner}.{name}, built on {target.column}",
            )
        return None

    def declaration_message(self, key: str, owner: str, name: str) -> str:
        target = self.target
        text = f"declares {target.column} as {owner}.{name}"
        view = self.world.classes.get(key)
        if view is not None and view.kind != MAPPED:
            text += f" (in {owner}, which other models may share)"
        if target.deferred:
            text += " (deferred: a .subquery() or load_only can still select it)"
        return text

    def heir_match(self, key: str, name: str) -> SchemaMatch | None:
        """``fast_default_model_name`` declared in ``LLMProvider``, whose subclass
        ``LLMProviderUpsertRequest`` mirrors the model: the field the subclass carries is
        this declaration. Not where a subclass mirrors another table's model (a base
        schema shared by the schemas of several tables)."""
        if key in self.target.other_schemas:
            return None
        found = None
        for sub in self.world.classes:
            view = self.world.classes[sub]
            if key not in view.ancestors:
                continue
            if sub in self.target.other_schemas:
                return None
            match = self.target.schemas.get(sub)
            if match is not None and name in match.fields:
                found = found or match
        return found

    def schema_declaration(self, schema: str, name: str, match: SchemaMatch) -> Verdict:
        field_kind = match.fields.get(name)
        kind = _FIELD_KINDS.get(field_kind or "", K.SCHEMA_FIELD)
        what = {
            REL: "nests the relationship built on",
            COMP: "mirrors the composite including",
        }.get(field_kind or "", "mirrors")
        return Verdict(
            kind,
            match.confidence,
            f"{schema}.{name} {what} {self.target.column} (schema of {match.model})",
            schema_field=name,
        )

    # --- attributes -------------------------------------------------------------------

    def visit_attribute(self, node: ast.Attribute, scope: I.Scope) -> None:
        if node.attr in self.names:
            owner = self.types.expr(node.value, scope)
            position = self.source.attr_start(node)
            verdict = self.attribute_verdict(owner, node.attr, node, scope)
            if verdict is not None:
                self.add(position, verdict)
            else:
                self.exclude_attribute(position, owner, node, scope)
        self.visit(node.value, scope)

    def exclude_attribute(
        self, position: tuple[int, int], owner: I.Ty, node: ast.Attribute, scope: I.Scope
    ) -> None:
        """Why ``owner.name`` is not a reference, where the owner says so."""
        name = node.attr
        if owner.kind in (I.INSTANCE, I.CLASS):
            character, detail = self.class_character(owner.key)
            cls = self.class_name(owner.key)
            if character == "other-model":
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, f"{detail}.{name}")
            elif character == "plain":
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"an attribute of {cls}")
            elif character == "library":
                detail = f"an attribute of {cls}, a library's class"
                self.ledger.exclude([position], Exclusion.FRAMEWORK, detail)
            elif character == "ours" and self.other_column(owner.key, name):
                detail = f"{cls}.{name}, another attribute of the model"
                self.ledger.exclude([position], Exclusion.OTHER_COLUMN, detail)
            elif character != "ours" and (held := self.holds_objects(owner.key, name)):
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"{cls}.{held}")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
                and scope.class_key == owner.key
                and self.foreign_mixin(owner.key)
            ):  # the mixin's own code: its self is of a class of another table
                detail = f"an attribute of {cls}, a mixin no class of {self.target.table} inherits"
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)
            else:
                self.ledger.unexplained(
                    [position], f"an attribute of {cls}, {detail or 'a model of the table'}"
                )
        elif owner.kind in (I.COLUMNS, I.ROW, I.TABLE, I.COLUMN):
            tables = (
                sorted({t for t, _ in I.core_entries(owner.key)})
                if owner.kind == I.ROW
                else [owner.key]
            )
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, ", ".join(tables))
        elif owner.kind == I.NAME and self.types.is_module(node.value, scope):
            detail = f"an attribute of the module {F.dotted(node.value) or ''}".rstrip()
            self.ledger.exclude([position], Exclusion.FRAMEWORK, detail)
        elif owner.kind in (I.UNKNOWN, I.NAME):
            self.ledger.unexplained([position], "an attribute of an object of unknown type")
        elif owner.kind == I.EITHER:
            characters = [self.class_character(k)[0] for k in owner.key.split("|")]
            if all(c == "other-model" for c in characters):
                self.ledger.exclude(
                    [position], Exclusion.OTHER_TABLE, "objects of other tables' models"
                )
            elif all(c in ("other-model", "plain") for c in characters):
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, "objects of other classes")
            else:
                self.ledger.unexplained([position], "an object of one of several classes")
        elif owner.kind in (I.QUERY, I.STATEMENT, I.RESULT, I.ROWS, I.FUNCTION):
            detail = f"an attribute of a SQLAlchemy {owner.kind} or a function"
            self.ledger.exclude([position], Exclusion.FRAMEWORK, detail)
        elif owner.kind in (I.NONE, I.PAYLOAD):
            self.ledger.exclude([position], Exclusion.OTHER_TYPE, "an attribute of None or a dict")
        else:
            self.ledger.unexplained([position], "an attribute of a value colretire cannot follow")

    def attribute_verdict(
        self, owner: I.Ty, name: str, node: ast.Attribute, scope: I.Scope
    ) -> Verdict | None:
        verb = _VERBS.get(type(node.ctx), "uses")
        if owner.kind in (I.INSTANCE, I.CLASS):
            return self.owned_verdict(owner, name, verb)
        if owner.kind == I.EITHER:
            verdicts = [
                self.owned_verdict(I.Ty(I.INSTANCE, k), name, verb) for k in owner.key.split("|")
            ]
            return verdicts[0] if all(verdicts) else None
        if owner.kind == I.COLUMNS:
            return self.table_column_verdict(owner.key, name, verb)
        if owner.kind == I.ROW:
            return self.row_verdict(owner.key, name, verb)
        if owner.kind == I.NAME and self.types.is_module(node.value, scope):
            return None  # math.floor: a global of a module, never a model's attribute
        if owner.kind in (I.UNKNOWN, I.NAME):
            return self.unknown_verdict(name, verb, node.value, scope)
        return None

    def table_column_verdict(self, table: str, name: str, verb: str) -> Verdict | None:
        """``tasks_table.c.col`` / ``tasks_table.c["col"]``: ours only on our table."""
        column = self.target.column
        if table == self.target.table and name == column.column:
            return Verdict(
                K.CLASS_ATTRIBUTE, CERTAIN, f"{verb} the column {column} through the Table's .c"
            )
        return None

    def row_verdict(self, key: str, name: str, verb: str) -> Verdict | None:
        """``row.col`` on a row of a Core ``select`` of Table columns: ours when our table
        gives the row that name; likely when another selected table may give it too."""
        column = self.target.column
        givers = [(t, c) for t, c in I.core_entries(key) if c in (name, "*")]
        if name != column.column or not any(t == self.target.table for t, _ in givers):
            return None
        shared = any(t != self.target.table for t, _ in givers)
        return Verdict(
            K.INSTANCE_ATTRIBUTE,
            LIKELY if shared else CERTAIN,
            f"{verb} {column} on a row of a select of {self.target.table}'s columns",
        )

    def owned_verdict(self, owner: I.Ty, name: str, verb: str) -> Verdict | None:
        target = self.target
        cls = self.class_name(owner.key)
        where = "instance" if owner.kind == I.INSTANCE else "class"
        if self.is_model(owner.key):
            category = self.category(name)
            if category is None:
                return None
            return self.categorised(category, name, cls, verb, where, CERTAIN)
        if name in target.reverse.get(owner.key, ()):
            return Verdict(
                K.RELATIONSHIP,
                CERTAIN,
                f"{verb} {cls}.{name}, the other side of the relationship built on {target.column}",
            )
        match = self.schema(owner.key)
        if match and name in match.fields:
            if match.fields[name] == REL:
                return Verdict(
                    K.RELATIONSHIP,
                    match.confidence,
                    f"{verb} {cls}.{name}, a schema field nesting the relationship built on {target.column}",
                    schema_field=name,
                )
            if match.fields[name] == COMP:
                return Verdict(
                    K.COMPOSITE,
                    match.confidence,
                    f"{verb} {cls}.{name}, a schema field mirroring the composite including {target.column}",
                    schema_field=name,
                )
            kind = K.INSTANCE_ATTRIBUTE if where == "instance" else K.CLASS_ATTRIBUTE
            return Verdict(
                kind,
                match.confidence,
                f"{verb} {cls}.{name}, a field of a schema mirroring {target.column}",
                schema_field=name,
            )
        return None

    def categorised(
        self, category: str, name: str, cls: str, verb: str, where: str, confidence: Confidence
    ) -> Verdict:
        column = self.target.column
        on = f"on a {cls} {where}" if where == "instance" else f"on the {cls} class"
        if where == "unknown":
            on = f"on an object of unknown type (a {self.target.model_name or 'model'}?)"
        if category == "wrapper":
            detail = self.target.wrappers[name]
            return Verdict(
                K.WRAPPER,
                confidence,
                f"{verb} {cls}.{name}, a {detail} that reads {column}, {on}",
                via=name,
            )
        if category == "composite":
            return Verdict(
                K.COMPOSITE,
                confidence,
                f"{verb} composite {cls}.{name}, which includes {column}, {on}",
            )
        if category == "relationship":
            return Verdict(
                K.RELATIONSHIP,
                confidence,
                f"{verb} relationship {cls}.{name}, built on {column}, {on}",
            )
        kind = K.CLASS_ATTRIBUTE if where == "class" else K.INSTANCE_ATTRIBUTE
        return Verdict(kind, confidence, f"{verb} {cls}.{name} ({column}) {on}")

    def unknown_verdict(
        self, name: str, verb: str, owner: ast.expr, scope: I.Scope
    ) -> Verdict | None:
        target = self.target
        cls = target.model_name or target.column.table
        if self.sibling_owner(owner, name, scope):
            return None
        if name in target.likely_names:
            return _unproven(
                self.categorised(self.category(name) or "attr", name, cls, verb, "unknown", LIKELY)
            )
        if name in self.rel_names and self.evidence:
            return _unproven(
                Verdict(
                    K.RELATIONSHIP,
                    LIKELY,
                    f"{verb} .{name} on an object of unknown type; the relationship built on {target.column} has that name",
                )
            )
        return None

    def visit_name(self, node: ast.Name, scope: I.Scope) -> None:
        """A bare name in a model's class body stands for the mapped attribute
        (``composite(Point, x, y)``, ``Index("ix", col)``, ``column_property(a + b)``)."""
        if (
            scope.kind == "class"
            and isinstance(node.ctx, ast.Load)
            and self.is_model(scope.class_key)
        ):
            category = self.category(node.id)
            if category is not None:
                cls = self.class_name(scope.class_key)
                self.add(
                    self.source.start(node),
                    self.categorised(category, node.id, cls, "uses", "class", CERTAIN),
                )
        if node.id in self.names:
            self.ledger.exclude([self.source.start(node)], Exclusion.LOCAL, "a variable")

    # --- calls and keywords -----------------------------------------------------------

    def visit_call(self, node: ast.Call, scope: I.Scope) -> None:
        self.call_evidence(node, scope)
        callee = F.last_name(node.func)
        if callee in _SQL_CALLS:
            self.sql_nodes.update(id(arg) for arg in node.args)
        if callee in _MESSAGE_CALLS or callee.endswith(("Error", "Exception", "Warning")):
            self.messages.update(id(n) for arg in node.args for n in ast.walk(arg))
        for item in node.keywords:
            if item.arg in _MESSAGE_KEYWORDS:  # Field(description="..."), add_argument(help=...)
                self.messages.update(id(n) for n in ast.walk(item.value))
        if callee in _CLAUSES:
            self.clause_context(node, scope)
        if callee == "Table":
            self.table_declarations(node)
            if (table_name := tablenames.table_argument(node)) is not None:
                self.table_name_string(table_name)
        if callee == "ForeignKey":
            self.foreign_key_target(node)
        if callee in ("relationship", "relation"):
            self.back_populated(node, scope)
        if callee == "label":
            self.label(node, scope)
        if callee in _CONSTRAINTS and scope.kind == "class":
            self.class_constraint(node, callee, scope)
        if callee in ("Column", "mapped_column") and node.args:
            self.handled.add(id(node.args[0]))  # a column's name where it is declared
        if callee in _ACCESSORS and len(node.args) > 1:
            self.accessor(node, scope)
        if (
            isinstance(node.func, ast.Attribute)
            and any(F.string_value(arg) in self.key_names for arg in node.args)
            and self.from_request(node.func.value, scope)
        ):  # request.args.get("col"): a field of the client's request
            for arg in node.args:
                if F.string_value(arg) is not None:
                    self.handled.add(id(arg))
                    detail = "a field of the web request"
                    self.ledger.exclude(self.ledger.words_in(arg), Exclusion.FRAMEWORK, detail)
        if callee in _JOINS and self.target.joined_table:
            self.inferred_join(node, scope)
        self.mark_contexts(node, callee, scope)
        handed: list[ast.keyword] = []
        others: list[ast.keyword] = []
        for item in node.keywords:
            if item.arg is not None and item.arg in self.names:
                verdict = self.keyword_verdict(node, item, scope)
                if verdict is not None:
                    self.add(self.source.start(item), verdict)
                elif self.project_function(node, scope):
                    handed.append(item)
                else:
                    others.append(item)
        if node.args:
            self.positional_keywords(node, scope)
        self.children(node, scope)
        for item in handed:
            callee_ty = self.types.expr(node.func, scope)
            self.hand_on(node, item, callee=self.callee_name(node, callee_ty, scope), scope=scope)
        for item in others:  # after the values: a keyword may follow what it is given
            self.exclude_keyword(node, item, scope)
        self.handed_to_model(node, scope)

    def positional_keywords(self, node: ast.Call, scope: I.Scope) -> None:
        """``Activity(user_id, obj.id, revision.id, "new")``: a model whose own ``__init__``
        takes the column (``def __init__(self, user_id, object_id, revision_id, ...)``) is
        given it by position too."""
        callee = self.types.expr(node.func, scope)
        if callee.kind != I.CLASS or not self.is_model(callee.key):
            return
        view = self.world.classes.get(callee.key)
        init = view.methods.get("__init__") if view is not None else None
        if init is None:
            return
        cls = self.class_name(callee.key)
        for index, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                return
            parameter = init.parameter(index, None)
            if parameter and self.category(parameter) is not None:
                message = f"passes {parameter} to {cls}(...) by position ({self.target.column})"
                verdict = Verdict(self.keyword_kind(parameter), CERTAIN, message)
                self.add(self.source.start(arg), verdict, arg)

    def handed_to_model(self, node: ast.Call, scope: I.Scope) -> None:
        """``User.by_openid(openid)``: a local named like the column, given to a parameter
        of a method of the model that is named like the column too (or to a method
        colretire did not read), goes into the model's own code, which may store it in the
        column or compare the column with it; that is beyond this file, so the name is
        unexplained rather than a mere local. Given to a parameter of another name
        (``DagModel.get_current(root_dag_id)`` fills ``dag_id``), it stays a local."""
        if not isinstance(node.func, ast.Attribute):
            return
        given = [(index, None, arg) for index, arg in enumerate(node.args)] + [
            (None, k.arg, k.value) for k in node.keywords if k.arg
        ]
        given = [g for g in given if isinstance(g[2], ast.Name) and g[2].id in self.names]
        if not given:
            return
        receiver = self.types.expr(node.func.value, scope)
        if receiver.kind not in (I.CLASS, I.INSTANCE) or not self.is_model(receiver.key):
            return
        view = self.world.classes.get(receiver.key)
        method = view.methods.get(node.func.attr) if view is not None else None
        name = f"{self.class_name(receiver.key)}.{node.func.attr}"
        unbound = receiver.kind == I.CLASS and method is not None and not method.kind
        for index, keyword, arg in given:
            if method is None:
                detail = f"given to {name}(), a method of the model colretire did not read"
            else:
                if index is not None and unbound:
                    index -= 1  # Task.method(task, value): the first is self
                parameter = method.parameter(index, keyword) if index != -1 else ""
                if parameter == "" or (parameter and parameter not in self.names):
                    continue
                detail = (
                    f"given to {name}({parameter}=...), a method of the model, which may "
                    "hand it to the column"
                )
            self.ledger.reconsider([self.source.start(arg)], detail)

    def inferred_join(self, node: ast.Call, scope: I.Scope) -> None:
        """``session.query(Resource).join(ResourceGroup)``: a join given no ON clause is
        built on the foreign key between the two tables, which SQLAlchemy infers; when that
        key is the column (the only one between them), the join uses it. The other side is
        an entity the statement already holds: what ``query``/``select`` selects, what
        ``select_from`` and the earlier joins of the same chain add. An entity of unknown
        type only named like the model (``model.Resource`` of a module handed around in a
        dict) leaves the join unexplained: a use of the column that spells none of its
        names."""
        sides = 2 if F.last_name(node.func).endswith("_from") else 1
        if len(node.args) != sides or any(k.arg not in ("isouter", "full") for k in node.keywords):
            return
        if not isinstance(node.func, ast.Attribute):
            return
        arg = node.args[-1]
        joined, proven = self.entity_table(arg, scope)
        ours, theirs = self.target.table, self.target.joined_table
        if joined not in (ours, theirs):
            return
        held = self.chain_tables(node.func.value, scope)
        for other_arg in node.args[:-1]:
            table, sure = self.entity_table(other_arg, scope)
            if table:
                held[table] = held.get(table, False) or sure
        other = theirs if joined == ours else ours
        if other not in held:
            return
        position = self.source.attr_start(arg) if isinstance(arg, ast.Attribute) else None
        position = position or self.source.start(arg)
        message = (
            f"joins {joined} to {other} with no ON clause: SQLAlchemy joins them on the "
            f"foreign key {self.target.column}"
        )
        if proven and held[other]:
            self.add(position, Verdict(K.RELATIONSHIP, CERTAIN, message))
        else:
            detail = f"{message}, if the entities named are the models of those tables"
            self.ledger.unexplained_use(position, self.target.column.column, detail)

    def entity_table(
        self, node: ast.expr, scope: I.Scope, column: bool = True
    ) -> tuple[str | None, bool]:
        """The table of an entity given to a statement (a mapped class, a ``Table``, or a
        column of a class: ``query(Task.id)``), and whether its type is proven; an object
        of unknown type named like a model class (``model.Task``) is that model's, unproven."""
        ty = self.types.expr(node, scope)
        if ty.kind == I.CLASS:
            if self.is_model(ty.key):
                return self.target.table, True
            view = self.world.classes.get(ty.key)
            return (view.table if view is not None and view.kind == MAPPED else None), True
        if ty.kind == I.TABLE:
            return ty.key or None, True
        if ty.kind in (I.UNKNOWN, I.NAME) and isinstance(node, ast.Attribute | ast.Name):
            named = self.named_tables.get(F.last_name(node))
            if named is not None:
                return named, False
        if column and isinstance(node, ast.Attribute):
            return self.entity_table(node.value, scope, column=False)
        return None, False

    @property
    def named_tables(self) -> dict[str, str]:
        """The table of our model and of the one the foreign key refers to, by the name of
        the class that maps each (where one class name does)."""
        if self._named_tables is None:
            by_name: dict[str, set[str]] = {}
            wanted = {self.target.table, self.target.joined_table}
            for key, view in self.world.classes.items():
                table = self.target.table if self.is_model(key) else view.table
                if view.kind == MAPPED or self.is_model(key):
                    by_name.setdefault(view.name, set()).add(table or "")
            self._named_tables = {
                name: tables.pop()
                for name, tables in by_name.items()
                if len(tables) == 1 and next(iter(tables)) in wanted
            }
        return self._named_tables

    def chain_tables(self, node: ast.expr, scope: I.Scope) -> dict[str, bool]:
        """The tables of the entities a statement built by one chain of calls holds, and
        whether each is proven."""
        found: dict[str, bool] = {}
        while isinstance(node, ast.Call):
            method = F.last_name(node.func)
            if method in _JOINS or method in _ENTITY_CALLS:
                entities = node.args[: 2 if method.endswith("_from") else 1]
                for arg in entities if method in _JOINS else node.args:
                    table, sure = self.entity_table(arg, scope)
                    if table:
                        found[table] = found.get(table, False) or sure
            if not isinstance(node.func, ast.Attribute):
                break
            node = node.func.value
        return found

    def project_function(self, node: ast.Call, scope: I.Scope) -> bool:
        """Whether ``node`` calls a function by its name, one the project defines (in this
        file, indexed, or imported from the package of this file)."""
        if not isinstance(node.func, ast.Name):
            return False
        callee = self.types.expr(node.func, scope)
        if callee.kind == I.FUNCTION:
            return (
                callee.key.startswith("local:")
                or self.world.symbols.kinds.get(callee.key) == "function"
            )
        package = self.module.partition(".")[0]
        return (
            callee.kind == I.NAME and "." in callee.key and callee.key.partition(".")[0] == package
        )

    def hand_on(
        self,
        node: ast.Call,
        item: ast.keyword,
        detail: str = "",
        callee: str | None = None,
        scope: I.Scope | None = None,
    ) -> None:
        """``has_access(access_control=note.access_control)``: a keyword of a function of
        the project. Given the column's value, it is part of that reference; given another
        table's column (or another attribute), it is that; given anything else, whether the
        function hands it on to the model is beyond one file."""
        position = self.source.start(item)
        given = [self.ledger.decided.get(p) for p in self.ledger.words_in(item.value)]
        if any(d is not None and d[0] is Tier.REFERENCE for d in given):
            self.ledger.reference([position])
        elif given and all(d is not None and d[1] in _ANOTHERS for d in given):
            first = given[0]
            assert first is not None and first[1] is not None
            self.ledger.exclude([position], first[1], f"hands on {first[2]}")
        else:
            name = F.dotted(node.func) or F.last_name(node.func) or "a call"
            detail = detail or f"a keyword of {name}(...), which the project's code may hand on"
            self.ledger.unexplained([position], detail)
            if callee is not None and item.arg:
                line, col = position
                schema = self.schema_field_read(item.value, item.arg, scope)
                handoff = Handoff(self.source.path, line, col, callee, item.arg, schema)
                self.handoffs.append(handoff)

    def schema_field_read(self, value: ast.expr, field: str, scope: I.Scope | None) -> str:
        """The schema whose field of the keyword's own name ``value`` reads
        (``upsert(icon_color=request.icon_color)``), for the pass that follows the keyword:
        where the function writes it into the column, the field carries the column."""
        read = self.read_of(value, scope) if scope is not None else None
        if read is None or read[2] or read[1] != field:
            return ""
        return read[0] if self.declared_schema(read[0]) else ""

    def callee_name(self, node: ast.Call, callee: I.Ty, scope: I.Scope) -> str | None:
        """The qualified name of the function of the project ``node`` calls, for the pass
        that follows its keywords (:func:`colretire.analysis.handon.callee_name`)."""
        receiver = None
        if isinstance(node.func, ast.Attribute) and self.method_of_plain(node, scope):
            receiver = self.types.expr(node.func.value, scope).key
        return handon.callee_name(
            self.module, self.source.tree, node.func, callee.kind, callee.key, receiver
        )

    def clause_context(self, node: ast.Call, scope: I.Scope) -> None:
        """``select(Task).where(text("col > 0"))``: SQL given to a statement of a known
        table is read on that table."""
        if not isinstance(node.func, ast.Attribute):
            return
        statement = self.types.expr(node.func.value, scope)
        if statement.kind not in (I.STATEMENT, I.QUERY):
            return
        if self.ours_statement(statement):
            table: str | None = self.target.table
        elif statement.key.startswith("table:"):
            table = statement.key.partition(":")[2]
        else:
            view = self.world.classes.get(statement.key)
            table = view.table if view is not None else None
        if table:
            for arg in node.args:
                for inner in ast.walk(arg):
                    if isinstance(inner, ast.Constant | ast.JoinedStr):
                        self.sql_context[id(inner)] = frozenset({table})

    def method_of_plain(self, node: ast.Call, scope: I.Scope) -> bool:
        """Whether ``node`` calls a method of an object whose class is known and is neither a
        model nor a schema (``dag.create_dagrun(...)`` on a ``DAG``)."""
        if not isinstance(node.func, ast.Attribute):
            return False
        receiver = self.types.expr(node.func.value, scope)
        if receiver.kind not in (I.INSTANCE, I.CLASS) or self.is_model(receiver.key):
            return False
        view = self.world.classes.get(receiver.key)
        return (
            view is not None and view.kind == PLAIN and not set(view.external_bases) - _PLAIN_BASES
        )

    def other_column(self, key: str, name: str) -> bool:
        """Whether ``name`` is a column or relationship of the model ``key`` that does not
        carry the target column (a schema field named after it made it a search name)."""
        view = self.world.classes.get(key)
        kind = view.attrs.get(name) if view is not None else None
        return kind in (F.COLUMN, F.FIELD, F.RELATIONSHIP) and self.category(name) is None

    def exclude_keyword(self, node: ast.Call, item: ast.keyword, scope: I.Scope) -> None:
        """Why ``f(col=...)`` is not a reference: the callee is another table's model, or
        a library's (``psycopg2.connect(passfile=...)``, a logging call), which takes the
        value as its own parameter. A function, method or constructor of the project may
        hand it on to the model (``dag.create_dagrun(external_trigger=...)`` builds a
        DagRun with it; ``DAG(default_view=...)`` is carried into the DagModel): that
        keyword follows its value (:meth:`hand_on`); a callee that cannot be followed
        leaves it unexplained."""
        position = self.source.start(item)
        callee = self.types.expr(node.func, scope)
        name = F.dotted(node.func) or F.last_name(node.func) or "a call"
        if (
            callee.kind == I.CLASS
            and self.is_model(callee.key)
            and self.other_column(callee.key, item.arg or "")
        ):
            detail = f"{self.class_name(callee.key)}.{item.arg}, another attribute of the model"
            self.ledger.exclude([position], Exclusion.OTHER_COLUMN, detail)
        elif callee.kind == I.CLASS or self.schema_class(callee):
            character, detail = self.class_character(callee.key)
            cls = self.class_name(callee.key)
            if character == "other-model":
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, f"{detail}.{item.arg}")
            elif character == "library":
                self.ledger.exclude([position], Exclusion.KEYWORD, f"a keyword of {cls}(...)")
            elif character == "plain":
                detail = f"a keyword of {cls}(...), which may carry the column"
                self.hand_on(node, item, detail, f"{callee.key}.__init__", scope)
            else:
                self.ledger.unexplained([position], f"a keyword of {cls}(...), {detail}")
        elif (
            F.last_name(node.func) in _MESSAGE_CALLS  # a logging call
            or callee.kind == I.OTHER
            or (callee.kind == I.NAME and self.outside_project(callee.key))
        ):
            self.ledger.exclude([position], Exclusion.KEYWORD, f"a keyword of {name}(...)")
        elif callee.kind in (I.FUNCTION, I.NAME) or self.method_of_plain(node, scope):
            self.hand_on(node, item, callee=self.callee_name(node, callee, scope), scope=scope)
        else:
            self.ledger.unexplained(
                [position], f"a keyword of {name}(...), which could not be followed"
            )

    def table_name_string(self, node: ast.expr) -> None:
        """A string the code gives as a table's name (:mod:`~colretire.analysis.tablenames`):
        never a column, whatever it is spelt like."""
        text = F.string_value(node) or ""
        if text.strip() in self.names:
            self.handled.add(id(node))
            detail = f"{TABLE_NAME} {text}, not a column"
            self.ledger.exclude(self.ledger.words_in(node), Exclusion.OTHER_TABLE, detail)

    def foreign_key_target(self, node: ast.Call) -> None:
        """``ForeignKey("datasources.id")``: its words are a table's name (or its schema's)
        and, on another table, that table's column. The column it targets on our table is
        judged as a name (:meth:`name_verdict`)."""
        found = tablenames.foreign_key_target(node)
        if found is None:
            return
        arg, table = found
        ours = self.is_our_table(table)
        decided = []
        for line, col in self.ledger.words_in(arg):
            text = self.source.line_text(line)
            word = self.ledger.pattern.match(text, col - 1)
            qualifier = word is not None and tablenames.qualifier_word(text, col, len(word.group()))
            if ours and not qualifier:
                return  # the key's column on our table: judged as a name
            detail = f"{TABLE_NAME} {table}, not a column" if qualifier else f"a column of {table}"
            decided.append(((line, col), detail))
        self.handled.add(id(arg))
        for position, detail in decided:
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)

    def label(self, node: ast.Call, scope: I.Scope) -> None:
        """``Task.col.label("col")``: the name under which the query returns the column is
        part of the reference to it; the label of another model's column
        (``Project.col.label("col")``) is that model's."""
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Attribute)
            and len(node.args) == 1
            and F.string_value(node.args[0]) in self.names
        ):
            return
        arg, attr = node.args[0], func.value.attr
        owner = self.types.expr(func.value.value, scope)
        if owner.kind != I.CLASS or not owner.key:
            return
        if self.is_model(owner.key):
            if self.category(attr) == "attr" and attr in self.target.attr_names:
                self.handled.add(id(arg))
                self.ledger.reference(self.ledger.words_in(arg))
            return
        character, table = self.class_character(owner.key)
        if character == "other-model" and not self.is_our_table(table):
            self.handled.add(id(arg))
            detail = f"the label of {table}.{attr} in a query"
            self.ledger.exclude(self.ledger.words_in(arg), Exclusion.OTHER_TABLE, detail)

    def back_populated(self, node: ast.Call, scope: I.Scope) -> None:
        """``relationship("Consent", back_populates="provided_identity")`` names an attribute
        of the related class: another model's, when that class maps another table."""
        value = next((kw.value for kw in node.keywords if kw.arg == "back_populates"), None)
        if value is None or F.string_value(value) not in self.names or not node.args:
            return
        related = self.related_class(node.args[0], scope)
        if related is None:
            return
        character, table = self.class_character(related)
        if character != "other-model" or self.is_our_table(table):
            return
        self.handled.add(id(value))
        detail = f"an attribute of {self.class_name(related)}, which maps {table}"
        self.ledger.exclude(self.ledger.words_in(value), Exclusion.OTHER_TABLE, detail)

    def related_class(self, node: ast.expr, scope: I.Scope) -> str | None:
        """The class a relationship's first argument names: a class, or a string naming
        one class of the index (``"Consent"``, ``"app.models.Consent"``)."""
        text = F.string_value(node)
        if text is None:
            owner = self.types.expr(node, scope)
            return owner.key if owner.kind == I.CLASS and owner.key else None
        name = text.rpartition(".")[2]
        keys = [
            key
            for key, view in self.world.classes.items()
            if view.name == name and view.kind == MAPPED
        ]
        return keys[0] if len(keys) == 1 else None

    def class_constraint(self, node: ast.Call, callee: str, scope: I.Scope) -> None:
        """A constraint or index in the body of a mapped class (``__table_args__ = (
        UniqueConstraint("col", "other"), Index("ix", "col"))``) lists columns of that
        class's table by name: in the body of another model, they are its table's columns.
        (In the body of our model, :meth:`name_verdict` makes them references.)"""
        key = scope.class_key
        if not key or self.is_model(key) or self.same_table(key):
            return
        character, table = self.class_character(key)
        if character != "other-model" or self.is_our_table(table):
            return
        names = node.args[1:] if callee == "Index" else node.args
        if callee == "ForeignKeyConstraint":  # its local columns; the referred ones are dotted
            names = (
                list(node.args[0].elts)
                if node.args and isinstance(node.args[0], ast.List | ast.Tuple)
                else []
            )
        detail = f"a column of {table} in a constraint of its class"
        for arg in names:
            if F.string_value(arg) in self.names:
                self.handled.add(id(arg))
                self.ledger.exclude(self.ledger.words_in(arg), Exclusion.OTHER_TABLE, detail)

    def table_declarations(self, node: ast.Call) -> None:
        """``Table("tasks", metadata, Column("col", ...))`` declares the column; the same
        ``Column("col", ...)`` in the ``Table`` of another name declares that table's
        column (a migration script of sqlalchemy-migrate, a Core table beside the models)."""
        table = F.string_value(node.args[0]) if node.args else None
        if table is None:
            return
        if not self.is_our_table(table):
            for arg in node.args[1:]:
                if isinstance(arg, ast.Call) and _column_call_name(arg) in self.names:
                    words = self.ledger.words_in(arg.args[0])
                    detail = f"a column of Table({table!r})"
                    self.ledger.exclude(words, Exclusion.OTHER_TABLE, detail)
            return
        for arg in node.args[1:]:
            if _column_call_named(arg, self.target.column.column):
                assert isinstance(arg, ast.Call)
                self.handled.add(id(arg.args[0]))
                message = f"declares {self.target.column} in Table({table!r})"
                self.add(self.source.start(arg), Verdict(K.DECLARATION, CERTAIN, message), arg)

    def accessor(self, node: ast.Call, scope: I.Scope) -> None:
        text = F.string_value(node.args[1])
        if text is None or text not in self.key_names:
            return
        self.handled.add(id(node.args[1]))
        owner = self.types.expr(node.args[0], scope)
        verb = F.last_name(node.func)
        found = None
        if owner.kind in (I.INSTANCE, I.CLASS):
            found = self.owned_verdict(owner, text, verb)
            confidence = found.confidence if found else None
        elif owner.kind in (I.UNKNOWN, I.NAME) and text in self.string_names:
            confidence = LIKELY
        else:
            confidence = None
        if confidence is not None:
            kind = (
                K.RELATIONSHIP
                if text in self.rel_names and text not in self.string_names
                else K.STRING
            )
            verdict = Verdict(
                kind,
                confidence,
                f"names {self.target.column} in {verb}(..., {text!r})",
                schema_field=found.schema_field if found else None,
            )
            if owner.kind in (I.UNKNOWN, I.NAME):
                verdict = _unproven(verdict)
            self.add(self.source.start(node.args[1]), verdict, node.args[1])

    def mark_contexts(self, node: ast.Call, callee: str, scope: I.Scope) -> None:
        """Dicts and lists passed where the model's attribute names are expected."""
        confidence = self.call_context(node, callee, scope)
        if confidence is None:
            return
        for arg in [
            *node.args,
            *(
                kw.value
                for kw in node.keywords
                if kw.arg in (None, "exclude", "include", "update", "values", "set_")
            ),
        ]:
            for inner in _payloads(arg):
                if isinstance(inner, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
                    self.contexts[id(inner)] = confidence

    def mark_local_payloads(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope
    ) -> None:
        """A dict a function builds in a local and then hands whole to the model or a
        proven schema (``kwargs = {"col": ...}; kwargs["id"] = ...; Task(**kwargs)``) is a
        payload of it, like a dict passed inline. Only when every binding of the local in
        the function is a literal dict: a local that is also given another value, or that
        is handed anywhere else, is left as it is."""
        bindings: dict[str, list[ast.expr]] = {}
        uses: dict[str, int] = {}
        calls: list[tuple[ast.Call, list[str]]] = []
        filled: set[int] = set()  # kwargs["id"] = ...: filling the dict, not reading it
        # the function's own nodes only: a call in a nested function, lambda or
        # comprehension resolves its names in that scope, and types are memoised per node
        own = list(_own_nodes(node))
        for inner in own:
            if isinstance(inner, ast.Call):
                passed = [*inner.args, *(k.value for k in inner.keywords if k.arg is None)]
                names = [arg.id for arg in passed if isinstance(arg, ast.Name)]
                if names:
                    calls.append((inner, names))
            elif isinstance(inner, ast.Assign | ast.AnnAssign) and inner.value is not None:
                targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        bindings.setdefault(target.id, []).append(inner.value)
                    elif isinstance(target, ast.Subscript):
                        filled.add(id(target.value))
        candidates = {
            name
            for name, values in bindings.items()
            if all(isinstance(v, ast.Dict) for v in values)
            and any(
                F.string_value(k) in self.key_names
                for v in values
                if isinstance(v, ast.Dict)
                for k in v.keys
            )
        }
        if not candidates:
            return
        for inner in ast.walk(node):  # a read anywhere, nested scopes included
            if (
                isinstance(inner, ast.Name)
                and isinstance(inner.ctx, ast.Load)
                and inner.id in candidates
                and id(inner) not in filled
            ):
                uses[inner.id] = uses.get(inner.id, 0) + 1
        handed: dict[str, Confidence] = {}
        for call, names in calls:
            wanted = [n for n in names if n in candidates and uses.get(n) == 1]
            if wanted:
                confidence = self.call_context(call, F.last_name(call.func) or "", scope)
                if confidence is not None:
                    handed.update(dict.fromkeys(wanted, confidence))
        for name, confidence in handed.items():
            for value in bindings[name]:
                self.contexts[id(value)] = confidence

    def call_context(self, node: ast.Call, callee: str, scope: I.Scope) -> Confidence | None:
        func = self.types.expr(node.func, scope)
        if func.kind == I.CLASS and (self.is_model(func.key) or self.schema(func.key)):
            return CERTAIN
        if callee in _BULK and node.args:
            first = self.types.expr(node.args[0], scope)
            return CERTAIN if first.kind == I.CLASS and self.is_model(first.key) else None
        if not isinstance(node.func, ast.Attribute):
            return None
        receiver = self.types.expr(node.func.value, scope)
        if callee in _FIELD_MAPPINGS and receiver.kind in (I.INSTANCE, I.CLASS):
            if self.is_model(receiver.key):
                return CERTAIN  # task.sqlmodel_update({"col": ...})
            match = self.schema(receiver.key)
            return match.confidence if match else None
        if callee in ("values", "update", "execute", "ordered_values"):
            statement = (
                receiver
                if callee != "execute"
                else (self.types.expr(node.args[0], scope) if node.args else I.T_UNKNOWN)
            )
            return CERTAIN if self.ours_statement(statement) else None
        if callee in _DUMPS and any(kw.arg in ("exclude", "include") for kw in node.keywords):
            if receiver.kind == I.INSTANCE and (
                self.is_model(receiver.key) or self.schema(receiver.key)
            ):
                return CERTAIN
            return LIKELY if receiver.kind in (I.UNKNOWN, I.NAME) else None
        return None

    def ours_statement(self, ty: I.Ty) -> bool:
        if ty.kind not in (I.STATEMENT, I.QUERY):
            return False
        return self.is_model(ty.key) or ty.key == f"table:{self.target.table}"

    def keyword_verdict(self, node: ast.Call, item: ast.keyword, scope: I.Scope) -> Verdict | None:
        name = item.arg or ""
        column = self.target.column
        callee = self.types.expr(node.func, scope)
        if callee.kind == I.CLASS or (callee.kind == I.NAME and self.schema(callee.key)):
            # a class the index did not read is known by the evidence that proves it
            return self.constructor_keyword(callee.key, name)
        if isinstance(node.func, ast.Attribute) and node.func.attr in (
            "filter_by",
            "values",
            "ordered_values",
        ):
            receiver = self.types.expr(node.func.value, scope)
            if self.ours_statement(receiver) and (self.category(name) or name == column.column):
                return Verdict(
                    self.keyword_kind(name),
                    CERTAIN,
                    f"passes {name}= to .{node.func.attr}() for {column}",
                )
            if receiver.kind in (I.UNKNOWN, I.NAME) and name in self.string_names:
                # One right in two on the real-code corpus: unexplained, not likely.
                return _unproven(
                    Verdict(
                        K.KEYWORD,
                        LIKELY,
                        f"passes {name}= to .{node.func.attr}() of an unknown query; {column} if it is a {self.target.model_name or 'model'} query",
                    )
                )
            return None
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "dict"
            and self.model_related([kw.value for kw in node.keywords], scope)
        ):
            return Verdict(
                self.keyword_kind(name),
                CERTAIN,
                f"names {column} in a dict(...) built from a {self.target.model_name}",
            )
        return None

    def keyword_kind(self, name: str) -> ReferenceKind:
        """A keyword naming a relationship or a composite is a use of that attribute."""
        category = self.category(name)
        if category == "relationship":
            return K.RELATIONSHIP
        return K.COMPOSITE if category == "composite" else K.KEYWORD

    def constructor_keyword(self, key: str, name: str) -> Verdict | None:
        cls = self.class_name(key)
        if self.is_model(key):
            category = self.category(name)
            if category is None:
                return None
            column = self.target.column
            what = {
                "composite": f", a composite including {column}",
                "relationship": f", the relationship built on {column}",
                "wrapper": f", a {self.target.wrappers.get(name)} that reads {column}",
            }.get(category, f" ({column})")
            return Verdict(self.keyword_kind(name), CERTAIN, f"passes {name}= to {cls}(...){what}")
        if name in self.target.reverse.get(key, ()):
            return Verdict(
                K.RELATIONSHIP,
                CERTAIN,
                f"passes {name}= to {cls}(...), the other side of the relationship built on {self.target.column}",
            )
        match = self.schema(key)
        if match and name in match.fields:
            kind = _FIELD_KINDS.get(match.fields[name], K.KEYWORD)
            return Verdict(
                kind,
                match.confidence,
                f"passes {name}= to {cls}(...), a schema mirroring {self.target.column}",
                schema_field=name,
            )
        return None

    # --- strings ----------------------------------------------------------------------

    def visit_dict(self, node: ast.Dict, scope: I.Scope) -> None:
        payload = self.contexts.get(id(node))
        related = payload or (CERTAIN if self.model_related(node.values, scope) else None)
        for key, value in zip(node.keys, node.values, strict=True):
            text = F.string_value(key)
            if key is None or text is None or text not in self.key_names:
                continue
            self.handled.add(id(key))
            verdict = self.dict_key_verdict(text, value, related, scope, payload is not None)
            if verdict is not None:
                self.add(self.source.start(key), verdict, key)
            elif (echoed := self.echoes_another_owner(text, value, scope)) is not None:
                if echoed.startswith("other-table: "):
                    detail = f"a key whose value reads {echoed.removeprefix('other-table: ')}"
                    self.ledger.exclude(self.ledger.words_in(key), Exclusion.OTHER_TABLE, detail)
                else:
                    detail = f"a key whose value is read from {echoed}"
                    self.ledger.unexplained(self.ledger.words_in(key), detail)
        self.children(node, scope)

    def dict_key_verdict(
        self,
        text: str,
        value: ast.expr,
        related: Confidence | None,
        scope: I.Scope,
        payload: bool = False,
    ) -> Verdict | None:
        """The verdict on the dict key ``text`` whose value is ``value``. In a dict proven
        to be handed whole to the model (``payload``) the key names the model's column
        whatever its value reads: ``{"job_id": step.job_id}`` given to ``StepMetrics(**d)``
        fills ``step_metrics.job_id`` from ``steps.job_id``."""
        column = self.target.column
        kind = (
            K.RELATIONSHIP if text in self.rel_names and text not in self.string_names else K.STRING
        )
        if not payload and self.echoes_another_owner(text, value, scope) is not None:
            return None
        if related is not None:
            return Verdict(
                kind,
                related,
                f"names {column} as a dict key of a payload built from a {self.target.model_name or 'model'}",
            )
        echoed = isinstance(value, ast.Attribute) and value.attr == text
        if text in self.string_names and echoed:
            assert isinstance(value, ast.Attribute)
            if self.types.expr(value.value, scope).kind in (I.UNKNOWN, I.NAME):
                return _unproven(
                    Verdict(
                        kind,
                        LIKELY,
                        f"names {column} as a dict key whose value is .{text} of an unknown object",
                    )
                )
        return None

    def echoes_another_owner(self, text: str, value: ast.expr, scope: I.Scope) -> str | None:
        """Whether a dict value reads the key's name from an object that is evidently not
        ours, so that the key follows that object: ``{"col": order.col}``,
        ``{"customer": invoice.customer.email}`` (``.customer`` of an ``Invoice``), or a row
        of another table's columns. ``None`` when it does not (no such read, or one on our
        model or an object of unknown type); ``other-table: TABLE.NAME`` when every such
        object is of another table's model or row (the key is that table's column), else
        what the object is: a class that maps no table (``{"is_subdag": dag.is_subdag}``
        of a ``DAG``) says nothing of where the dict goes, which may be our model."""
        echoes = [node for node in _chain(value) if node.attr == text]
        owners: list[str] = []
        for node in echoes:
            owner = self.types.expr(node.value, scope)
            if owner.kind in (I.INSTANCE, I.CLASS):
                if self.is_model(owner.key) or self.schema(owner.key):
                    return None
                character, detail = self.class_character(owner.key)
                if character == "other-model":
                    owners.append(f"other-table: {detail}.{text}")
                else:
                    what = {"plain": "a class that maps no table", "library": "a library's class"}
                    owners.append(f"a {self.class_name(owner.key)}, {what.get(character, detail)}")
            elif owner.kind == I.ROW and self.row_verdict(owner.key, text, "") is None:
                tables = sorted({t for t, _ in I.core_entries(owner.key)})
                owners.append(f"other-table: {', '.join(tables)}.{text}")
            else:
                return None
        if not owners:
            return None
        return next((o for o in owners if not o.startswith("other-table: ")), owners[0])

    def visit_sequence(self, node: ast.List | ast.Tuple | ast.Set, scope: I.Scope) -> None:
        texts = [F.string_value(item) for item in node.elts]
        if node.elts and all(text is not None for text in texts):
            hits = [
                (item, text)
                for item, text in zip(node.elts, texts, strict=True)
                if text in self.names
            ]
            if hits and id(node) in self.other_builders:
                callee, tables = self.other_builders[id(node)]
                detail = f"a column of {', '.join(sorted(tables))} given to {callee}()"
                for item, _ in hits:
                    self.handled.add(id(item))
                    self.ledger.exclude(self.ledger.words_in(item), Exclusion.OTHER_TABLE, detail)
            elif hits:
                confidence = self.contexts.get(id(node)) or self.list_confidence(
                    {t for t in texts if t}
                )
                where = (
                    f"the columns given to {self.builders[id(node)]}() with the table's name"
                    if id(node) in self.builders
                    else "a list of field names"
                )
                for item, text in hits:
                    self.handled.add(id(item))
                    if confidence is not None and (
                        text in self.string_names or confidence == CERTAIN
                    ):
                        kind = (
                            K.RELATIONSHIP
                            if text in self.rel_names and text not in self.string_names
                            else K.STRING
                        )
                        verdict = Verdict(
                            kind, confidence, f"names {self.target.column} in {where}"
                        )
                        if confidence is LIKELY:
                            verdict = _unproven(verdict)
                        self.add(self.source.start(item), verdict, item)
        self.children(node, scope)

    def list_confidence(self, texts: set[str]) -> Confidence | None:
        """A list of field names is ours when its other names are our model's attributes,
        another model's when they fit only that model, likely otherwise."""
        others = texts - self.names
        if not others:
            return LIKELY
        ours = set().union(
            *(
                self.world.classes[k].attrs
                for k in self.target.model_keys
                if k in self.world.classes
            )
        )
        hit = texts & self.names
        siblings = [
            view for key, view in self.world.classes.items()
            if view.kind == MAPPED and not self.is_model(key) and hit & set(view.attrs)
        ]  # fmt: skip
        ours_fit = others <= ours
        sibling_fit = any(others <= set(view.attrs) for view in siblings)
        if ours_fit and not sibling_fit:
            return CERTAIN
        if sibling_fit and not ours_fit:
            return None
        return LIKELY

    def visit_subscript(self, node: ast.Subscript, scope: I.Scope) -> None:
        text = F.string_value(node.slice)
        if text is not None and text in self.key_names:
            self.handled.add(id(node.slice))
            owner = self.types.expr(node.value, scope)
            if owner.kind == I.COLUMNS:  # tasks_table.c["col"]: the column, like .c.col
                verb = _VERBS.get(type(node.ctx), "uses")
                verdict = self.table_column_verdict(owner.key, text, verb)
                self.add(self.source.start(node), verdict, node.slice)
            else:
                verdict = self.subscript_verdict(node, text, scope)
                self.add(self.source.start(node.slice), verdict, node.slice)
            if verdict is None:
                self.exclude_key(node, owner, scope)
        self.children(node, scope)

    def exclude_key(self, node: ast.Subscript, owner: I.Ty, scope: I.Scope) -> None:
        words = self.ledger.words_in(node.slice)
        if owner.kind == I.COLUMNS:
            self.ledger.exclude(words, Exclusion.OTHER_TABLE, f"a column of {owner.key}")
        elif self.from_request(node.value, scope):
            self.ledger.exclude(words, Exclusion.FRAMEWORK, "a field of the web request")
        elif self.sibling_owner(node.value, F.string_value(node.slice) or "", scope):
            self.ledger.exclude(words, Exclusion.OTHER_TABLE, "a key of another model's object")

    def subscript_verdict(self, node: ast.Subscript, text: str, scope: I.Scope) -> Verdict | None:
        owner = self.types.expr(node.value, scope)
        column = self.target.column
        kind = (
            K.RELATIONSHIP if text in self.rel_names and text not in self.string_names else K.STRING
        )
        if owner.kind == I.PAYLOAD and id(node) in self.written_apart:
            # a dict built from the model's attributes may be handed to another model, and
            # a key written into it from elsewhere (Fides's current-preference data, built
            # from a history row, given a "tcf_version" for CurrentPrivacyPreference) is
            # not shown to be the model's
            return _unproven(
                Verdict(
                    kind,
                    LIKELY,
                    f"names {column} as a key written into a payload built from a {self.target.model_name or 'model'}, from a value that is not the model's",
                )
            )
        if id(node) in self.contexts or owner.kind == I.PAYLOAD:
            return Verdict(
                kind,
                CERTAIN,
                f"names {column} as a key of a payload built from a {self.target.model_name or 'model'}",
            )
        if owner.kind in (I.UNKNOWN, I.NAME) and text in self.string_names:
            if self.sibling_owner(node.value, text, scope) or self.from_request(node.value, scope):
                return None
            return _unproven(
                Verdict(kind, LIKELY, f"names {column} as a key of an object of unknown type")
            )
        return None

    def from_request(self, node: ast.expr, scope: I.Scope, depth: int = 0) -> bool:
        """Whether a value comes from a web framework's request object: the ``request`` a
        third-party package exports (Flask's), a parameter annotated with a third-party
        ``...Request`` class (Starlette's, Django's), and what their attributes, methods,
        keys and awaits give (``request.args``, ``request.get_json()``, ``await
        request.json()``), through the variables it is assigned to. Its string keys are the
        client's field names (``data["col"]``, ``request.args.get("col")``), not columns."""
        if depth > 8:
            return False
        if isinstance(node, ast.Attribute):
            if node.attr == "request" and self.types.is_module(node.value, scope):
                return self.third_party(F.dotted(node.value) or "")  # flask.request
            if node.attr in _SERVER_SIDE:
                return False  # request.app.state.config: the application's, not the client's
            return self.from_request(node.value, scope, depth + 1)
        if isinstance(node, ast.Call):
            method = node.func
            if self.parses_text(node, scope):  # json.loads(request.data)
                return self.from_request(node.args[0], scope, depth + 1)
            return isinstance(method, ast.Attribute) and self.from_request(
                method.value, scope, depth + 1
            )
        if isinstance(node, (ast.Subscript, ast.Await)):
            return self.from_request(node.value, scope, depth + 1)
        if isinstance(node, ast.BoolOp | ast.IfExp):
            # request.get_json() or {}; request.form if request.form else json.loads(...)
            values = node.values if isinstance(node, ast.BoolOp) else [node.body, node.orelse]
            derived = [self.from_request(value, scope, depth + 1) for value in values]
            literal = [isinstance(v, (ast.Dict, ast.List, ast.Constant)) for v in values]
            return any(derived) and all(d or lit for d, lit in zip(derived, literal, strict=True))
        if not isinstance(node, ast.Name):
            return False
        bindings = self.types.bindings(node.id, scope)
        return bool(bindings) and all(
            self.request_binding(kind, bound, extra, scope, depth)
            for kind, bound, extra in bindings
        )

    def parses_text(self, node: ast.Call, scope: I.Scope) -> bool:
        """``json.loads(text)`` (or another library module's ``loads``): the data the text
        holds, nothing more."""
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr == "loads"
            and bool(node.args)
            and self.types.is_module(func.value, scope)
            and self.third_party(F.dotted(func.value) or "")
        )

    def request_binding(
        self, kind: str, bound: ast.AST, extra: object, scope: I.Scope, depth: int
    ) -> bool:
        if kind == "import" and isinstance(extra, F.ImportFact):
            target = import_target(self.module, self.source.path, extra)
            return extra.name == "request" and not extra.level and self.third_party(target)
        if kind == "param":
            spec = F.type_spec(extra) if isinstance(extra, ast.expr) else None
            if spec is None or not spec.name.rpartition(".")[2].endswith("Request"):
                return False
            declared = self.types.dotted(spec.name, scope)
            return declared.kind != I.CLASS and self.third_party(declared.key or spec.name)
        if kind in ("assign", "with", "ann") and isinstance(bound, ast.expr):
            value = extra if kind == "ann" else bound
            return isinstance(value, ast.expr) and self.from_request(value, scope, depth + 1)
        return False

    def outside_project(self, qualified: str) -> bool:
        """Whether a qualified name starts with no top-level package of the project (a
        sub-package named like a library, ``app.drivers.psycopg2``, does not make
        ``psycopg2.connect`` the project's)."""
        if self._tops is None:
            self._tops = frozenset(q.partition(".")[0] for q in self.world.symbols.kinds)
            self._tops |= {self.module.partition(".")[0]}
        return qualified.partition(".")[0] not in self._tops and not self.world.lookup(
            qualified, self.module
        )

    def third_party(self, qualified: str) -> bool:
        """Whether a qualified name belongs to no package of the project."""
        head = qualified.partition(".")[0]
        return (
            bool(head)
            and head not in self.world.symbols.packages
            and not self.world.lookup(qualified, self.module)
        )

    def sibling_owner(self, owner: ast.expr, name: str, scope: I.Scope) -> bool:
        """Whether an object of unknown type evidently belongs to another model that has its
        own ``name``: the keys, URLs and variable names it comes from name that model (its
        class or table, ``projects["Bridge"]["col"]``, ``get(client, "/reports/projects")``)
        and never ours."""
        siblings = [
            view for key, view in self.world.classes.items()
            if view.kind == MAPPED and not self.is_model(key) and name in view.attrs
        ]  # fmt: skip
        if not siblings:
            return False
        words = _provenance(owner, scope, self.types)
        ours = set().union(
            *(
                _model_words(self.world.classes[k].name, self.world.classes[k].table)
                for k in self.target.model_keys
                if k in self.world.classes
            )
        )
        ours |= _model_words("", self.target.table)
        if words & ours:
            return False
        return any(words & _model_words(view.name, view.table) for view in siblings)

    def visit_assign(self, node: ast.Assign, scope: I.Scope) -> None:
        for target in node.targets:
            self.assign_evidence(target, node.value, scope)
            if isinstance(target, ast.Subscript) and self.model_related([node.value], scope):
                self.contexts[id(target)] = CERTAIN
            elif isinstance(target, ast.Subscript):
                self.written_apart.add(id(target))
        self.children(node, scope)

    def visit_expr(self, node: ast.Expr, scope: I.Scope) -> None:
        if F.string_value(node.value) is not None:
            # a docstring or a bare string statement: prose, not a use
            self.ledger.exclude(self.ledger.words_in(node), Exclusion.COMMENT, "a docstring")
            return
        self.children(node, scope)

    def visit_joined(self, node: ast.JoinedStr, scope: I.Scope) -> None:
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)  # type: ignore[misc]
        self.read_string(node, text, scope, exact=False)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value, scope)

    def visit_constant(self, node: ast.Constant, scope: I.Scope) -> None:
        if isinstance(node.value, str) and id(node) not in self.handled:
            self.read_string(node, node.value, scope, exact=True)

    def read_string(self, node: ast.expr, text: str, scope: I.Scope, exact: bool) -> None:
        """A string that names the column outright (``"col"``, ``"Task.col"``,
        ``"tasks.col"``) is judged as a name; any other is read as SQL (:meth:`read_sql`)."""
        verdict = self.name_verdict(text, scope, exact)
        if verdict is not None:
            self.add(self.source.start(node), verdict, node)
        elif (owner := self.dotted_owner(text)) is not None:
            detail = f"{owner}.{text.rpartition('.')[2]}, named in a string"
            self.ledger.exclude(self.string_words(node), Exclusion.OTHER_TABLE, detail)
        elif text.strip() in self.names:
            detail = "a string that is one of the names alone"
            self.ledger.unexplained(self.string_words(node), detail)
        elif self.dotted_path(node, text):
            pass
        elif self.string_words(node) or sqlwords.names_word(text, self.target.column.column):
            self.read_sql(node, scope)
            detail = "a part of the string the SQL reader does not see (a format field)"
            self.ledger.unexplained(self.string_words(node), detail)

    def dotted_path(self, node: ast.expr, text: str) -> bool:
        """The words of a dotted name (``audio.stt.openai.api_key``) that the part before
        them proves are not the column: a part that names no table of the column's, no
        class and no attribute the project declares
        (:func:`~colretire.analysis.tablenames.chain_holders`). The others are read as SQL,
        with the rest of the string's words; ``False`` when none is decided."""
        holders = tablenames.chain_holders(text, self.names)
        words = self.string_words(node)
        if not holders or len(holders) != len(words):
            return False
        if self._declared is None:
            declared = {self.target.table.rpartition(".")[2], "c"}
            for view in self.world.classes.values():
                declared.add(view.name)
                declared.update(view.attrs)
            self._declared = frozenset(name.lower() for name in declared)
        decided = [
            (word, holder)
            for word, holder in zip(words, holders, strict=True)
            if holder is not None and holder.lower() not in self._declared
        ]
        if len(decided) < len(words):
            return False  # the SQL reader reads the string whole
        for word, holder in decided:
            detail = f"a dotted name under {holder}, no table, class or attribute of the project"
            self.ledger.exclude([word], Exclusion.PROSE, detail)
        return True

    def string_words(self, node: ast.expr) -> list[tuple[int, int]]:
        """The words of the names in a string literal (an f-string's fields left out: they
        are judged as code)."""
        words = self.ledger.words_in(node)
        if isinstance(node, ast.JoinedStr):
            inside = {
                w
                for value in node.values
                if isinstance(value, ast.FormattedValue)
                for w in self.ledger.words_in(value.value)
            }
            words = [w for w in words if w not in inside]
        return words

    def name_verdict(self, text: str, scope: I.Scope, exact: bool) -> Verdict | None:
        column = self.target.column
        in_model = scope.kind == "class" and self.is_model(scope.class_key)
        if exact and text in self.string_names:
            if in_model:
                return Verdict(K.STRING, CERTAIN, f"names {column} in a string")
            return _unproven(Verdict(K.STRING, LIKELY, f"names {column} in a string"))
        if self.qualified is not None and self.qualified.search(text):
            return Verdict(
                K.STRING, CERTAIN, f"names {column} in a string expression evaluated by SQLAlchemy"
            )
        if exact and self.dotted_owner(text) == self.target.table:
            return Verdict(K.STRING, CERTAIN, f"names {column} as {text!r}")
        return None

    def dotted_owner(self, text: str) -> str | None:
        """The table of a string ``[schema.]table.col`` that spells the column's name, as in
        ``ForeignKey("tasks.col")``: ours, or a table the index maps."""
        found = _DOTTED.fullmatch(text)
        if found is None or found.group("column") != self.target.column.column:
            return None
        table = found.group("table")
        return table if table == self.target.table or table in self.mapped_tables else None

    @property
    def mapped_tables(self) -> frozenset[str]:
        if self._mapped_tables is None:
            self._mapped_tables = frozenset(
                view.table
                for view in self.world.classes.values()
                if view.kind == MAPPED and view.table
            )
        return self._mapped_tables

    # --- raw SQL ------------------------------------------------------------------------

    def read_sql(self, node: ast.expr, scope: I.Scope) -> None:
        """Each word of the column's names in a string, read by the SQL reader in the text
        the function builds from it (:mod:`colretire.analysis.sqltext`): a use of the column
        (one reference per line that names it), another table's column, prose, or
        undecided."""
        column = self.target.column.column
        found: dict[int, tuple[tuple[int, int], Confidence, str]] = {}
        for name in self.names_in(node):
            for reading in self.sql_readings(node, scope, name):
                decided = self.judge_mention(node, scope, reading, name == column)
                if decided is not None and reading.position is not None:
                    position = self.reference_position(node, reading.position)
                    kept = found.get(position[0])
                    if kept is None or (kept[1] is LIKELY and decided[0] is CERTAIN):
                        found[position[0]] = (position, *decided)
                    self.ledger.reference([reading.position])
        for position, confidence, message in found.values():
            self.add(position, Verdict(K.RAW_SQL, confidence, message))

    def names_in(self, node: ast.expr) -> list[str]:
        """The names of the column a string spells: its column name (in any case) first."""
        column = self.target.column.column
        text = sqltext.literal_text(node)
        spelt = set()
        for line, col in self.string_words(node):
            found = self.ledger.pattern.match(self.source.line_text(line), col - 1)
            if found is not None:
                spelt.add(found.group())
        names = sorted(spelt - {column})
        return ([column] if sqlwords.names_word(text, column) else []) + names

    def reference_position(self, node: ast.expr, word: tuple[int, int]) -> tuple[int, int]:
        """Where a reference in a string is reported: the string's start when the word is on
        its first line (the codemods find a node by its start), else the word, so that a
        multi-line statement is reported at the line that names the column."""
        start = self.source.start(node)
        return start if word[0] == start[0] else word

    def sql_readings(self, node: ast.expr, scope: I.Scope, name: str) -> list[sqltext.WordReading]:
        return sqltext.read_literal(
            self.source, self.assembler, _body_scope(scope).node, node, self.target.table, name
        )

    def table_of(self, node: ast.expr) -> str | None:
        """The table of a model class named by ``node`` (``Task`` in ``Task.__tablename__``)."""
        name = F.last_name(node)
        tables = {
            view.table for view in self.world.classes.values()
            if view.name == name and view.kind == MAPPED and view.table
        }  # fmt: skip
        return tables.pop() if len(tables) == 1 else None

    def judge_mention(
        self, node: ast.expr, scope: I.Scope, reading: sqltext.WordReading, column: bool
    ) -> tuple[Confidence, str] | None:
        """A reference's confidence and message for a word the SQL reader read, or ``None``
        after deciding its tier (an exclusion, unexplained)."""
        mention = reading.mention
        confidence: Confidence | None = None
        detail = mention.detail
        kind = mention.confidence
        in_model = scope.kind == "class" and self.is_model(scope.class_key)
        message = id(node) in self.messages
        if kind is Reading.FRAGMENT and not in_model:
            kind, tables, detail = self.fragment_reading(node, scope, reading.built)
            mention = replace(mention, tables=tables)
        if in_model and kind is not Reading.OTHER:
            kind, detail = Reading.CERTAIN, f"SQL in the class body of {self.target.model_name}"
        where = reading.position
        if kind in (Reading.CERTAIN, Reading.LIKELY) and column:
            confidence = CERTAIN if kind is Reading.CERTAIN else LIKELY
            return confidence, _sql_message(self.target.column, reading.built, detail)
        positions = [where] if where is not None else self.string_words(node)
        if kind is Reading.PARAMETER:
            self.ledger.exclude(positions, Exclusion.LOCAL, "a bind parameter of the SQL")
        elif kind is Reading.OTHER and mention.tables:
            owners = ", ".join(mention.tables)
            what = detail if detail.startswith(TABLE_NAME) else f"a column of {owners} in SQL"
            self.ledger.exclude(positions, Exclusion.OTHER_TABLE, what)
        elif kind is Reading.OTHER or message:
            what = "a message" if message else "prose, not SQL"
            self.ledger.exclude(positions, Exclusion.PROSE, what)
        elif kind in (Reading.CERTAIN, Reading.LIKELY):
            self.ledger.unexplained(
                positions, f"SQL on {self.target.table} names it, not as the column"
            )
        else:
            self.ledger.unexplained(positions, detail or "SQL whose table is not known")
        return None

    def fragment_reading(
        self, node: ast.expr, scope: I.Scope, built: bool
    ) -> tuple[Reading, tuple[str, ...], str]:
        """A fragment of SQL (a condition, a clause) that is built into SQL or given to
        SQLAlchemy as SQL: judged by the tables the SQL around it names (the receiver of
        ``.where(text(...))``, else the other SQL strings of the function). Any other
        fragment is left undecided."""
        tables = self.sql_context.get(id(node))
        if tables is None:
            if not (built or id(node) in self.sql_nodes):
                return Reading.UNKNOWN, (), "a string that may be a fragment of SQL"
            tables = self.scope_tables(_body_scope(scope).node)
        table = self.target.table
        if table in tables:
            return Reading.LIKELY, (), f"a fragment of the SQL this function builds on {table}"
        if tables:
            return Reading.OTHER, tuple(sorted(tables)), ""
        return Reading.UNKNOWN, (), "a fragment of SQL whose table is not known"

    def scope_tables(self, node: ast.AST) -> frozenset[str]:
        """The tables the SQL texts of a scope name, and the tables it names in strings of
        their own (``"tasks"``)."""
        found = self._scope_tables.get(id(node))
        if found is None:
            from colretire.sql.refs import tables_named

            named: set[str] = set()
            known = self.mapped_tables | {self.target.table}
            for assembly in self.assembler.scope(node):
                text = assembly.text
                if text in known:
                    named.add(text)
                elif sqlwords.may_be_sql(text):
                    named |= tables_named(text)
            found = self._scope_tables[id(node)] = frozenset(named)
        return found


def _lists_by_name(tree: ast.Module) -> dict[str, ast.expr]:
    """The literal lists, tuples, sets and dicts bound to a name exactly once in the file."""
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(
            node.value, ast.List | ast.Tuple | ast.Set | ast.Dict
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
    return {name: values[0] for name, values in found.items() if len(values) == 1}


#: ``[schema.]table.column`` in a string.
_DOTTED = re.compile(r"(?:\w+\.)?(?P<table>\w+)\.(?P<column>\w+)")


def _sql_message(column: object, built: bool, detail: str) -> str:
    where = "raw SQL built in this function" if built else "raw SQL"
    return f"{where} names {column}" + (f" ({detail})" if detail else "")


def _body_scope(scope: I.Scope) -> I.Scope:
    """The function, class or module a scope's SQL is built in (a lambda's or a
    comprehension's is its enclosing one's)."""
    while scope.kind not in ("function", "class", "module") and scope.parent is not None:
        scope = scope.parent
    return scope


#: Class methods that build a schema from an object of the model.
_FROM_MODEL = frozenset(
    {"model_validate", "from_orm", "parse_obj", "validate", "model_construct", "from_model"}
)

#: Bases that make a class neither a model nor a schema.
#: Exclusions that say a value belongs to something else than the column.
_ANOTHERS = frozenset({Exclusion.OTHER_TABLE, Exclusion.OTHER_COLUMN, Exclusion.OTHER_TYPE})

_PLAIN_BASES = frozenset(
    {
        "object", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "str", "int", "float", "dict",
        "list", "tuple", "set", "Exception", "BaseException", "ValueError", "TypeError",
        "RuntimeError", "KeyError", "LookupError", "NamedTuple", "TypedDict", "Protocol", "ABC",
        "Generic", "Thread", "TestCase",
    }
)  # fmt: skip


def _unproven(verdict: Verdict) -> Verdict:
    """A ``likely`` verdict of a family that is wrong more often than right on real code (a
    name on an object of unknown type, a bare string): unexplained, not a reference."""
    return replace(verdict, unproven=True)


_WORD = re.compile(r"[a-z0-9_]+")


def _words(text: str) -> set[str]:
    """``"/reports/credit_entries"`` -> reports, credit_entries, credit, entries."""
    found = set()
    for word in _WORD.findall(text.lower()):
        found.add(word)
        found.update(part for part in word.split("_") if part)
    return found


def _model_words(name: str, table: str | None) -> set[str]:
    """How code names a model's objects: ``CreditEntry``/``credit_entries`` -> creditentry,
    credit_entry, credit_entries (a variable ``credit_entry``, a URL ``/credit_entries``)."""
    words = {name.lower(), snake_case(name)} if name else set()
    if table:
        table = table.lower()
        words |= {table, table.removesuffix("s")}
        if table.endswith("ies"):
            words.add(table[:-3] + "y")
    return words - {""}


def _provenance(node: ast.expr, scope: I.Scope, types: I.Types, depth: int = 0) -> set[str]:
    """Lower-case words of the keys, strings and names an expression's value comes from."""
    if depth > 8:
        return set()
    words: set[str] = set()
    for part in (
        ast.walk(node) if isinstance(node, (ast.Call, ast.Subscript, ast.Attribute)) else [node]
    ):
        if (text := F.string_value(part)) is not None:
            words |= _words(text)
        elif isinstance(part, ast.Name):
            words |= _words(part.id)
            if depth < 8:
                for bound in types.bound_expressions(part.id, scope):
                    words |= _provenance(bound, scope, types, depth + 1)
        elif isinstance(part, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for generator in part.generators:
                words |= _provenance(generator.iter, scope, types, depth + 1)
    return words


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _own_nodes(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """The nodes of a function's body outside its nested functions, classes, lambdas and
    comprehensions (the scopes of their own)."""
    pending: list[ast.AST] = list(node.body)
    while pending:
        inner = pending.pop()
        yield inner
        if isinstance(
            inner,
            (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, *_COMPREHENSIONS),
        ):
            continue
        pending.extend(ast.iter_child_nodes(inner))


def _payloads(arg: ast.expr) -> list[ast.expr]:
    """An argument and the items it passes: the elements of a literal list or tuple, the
    element of a comprehension (``execute(tasks.insert(), [{...} for r in rows])``)."""
    if isinstance(arg, (ast.List, ast.Tuple)):
        return [arg, *arg.elts]
    if isinstance(arg, (ast.ListComp, ast.GeneratorExp)):
        return [arg, arg.elt]
    return [arg]


def _scoped_walk(root: ast.AST, scope: I.Scope) -> Iterator[tuple[ast.AST, I.Scope]]:
    """Every node under ``root`` with the scope its names are looked up in: a comprehension
    or a lambda binds its own names (``[t.col for t in owner.tasks]``), so the nodes in it
    get its scope, as the visit gives them (types are memoised per node, whatever the
    scope they were asked in)."""
    pending: list[tuple[ast.AST, I.Scope]] = [(root, scope)]
    while pending:
        node, where = pending.pop()
        yield node, where
        if isinstance(node, _COMPREHENSIONS):
            inner = I.Scope(node, where, "comprehension")
            for position, generator in enumerate(node.generators):
                pending.append((generator.iter, where if position == 0 else inner))
                pending.extend((item, inner) for item in generator.ifs)
            parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            pending.extend((part, inner) for part in parts)
        elif isinstance(node, ast.Lambda):
            pending.extend((d, where) for d in [*node.args.defaults, *node.args.kw_defaults] if d)
            pending.append((node.body, I.Scope(node, where, "lambda")))
        else:
            pending.extend((child, where) for child in ast.iter_child_nodes(node))


def _chain(node: ast.expr) -> Iterator[ast.Attribute]:
    """The attributes a value reads along its chain of attributes, calls, subscripts and
    awaits, through both branches of a conditional: ``invoice.customer.email.lower()``
    -> ``.lower``, ``.email``, ``.customer``."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, ast.Attribute):
            yield current
            pending.append(current.value)
        elif isinstance(current, ast.Call):
            pending.append(current.func)
        elif isinstance(current, (ast.Subscript, ast.Await)):
            pending.append(current.value)
        elif isinstance(current, ast.IfExp):
            pending.extend([current.body, current.orelse])
        elif isinstance(current, ast.BoolOp):
            pending.extend(current.values)


def _column_call_name(node: ast.expr) -> str | None:
    """The name ``Column("name", ...)`` or ``mapped_column("name", ...)`` declares."""
    if (
        isinstance(node, ast.Call)
        and F.last_name(node.func) in ("Column", "mapped_column")
        and node.args
    ):
        return F.string_value(node.args[0])
    return None


def _column_call_named(node: ast.expr, column: str) -> bool:
    """``Column("name", ...)`` or ``mapped_column("name", ...)``."""
    return _column_call_name(node) == column


def _self_kind(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    names = {
        (F.dotted(d.func if isinstance(d, ast.Call) else d) or "").rpartition(".")[2]
        for d in node.decorator_list
    }
    if "staticmethod" in names:
        return ""
    return I.CLASS if names & I.CLASS_FIRST else I.INSTANCE


def _declared_names(source: Source, stmt: ast.stmt) -> list[tuple[str, tuple[int, int]]]:
    if isinstance(stmt, ast.Assign):
        return [(t.id, source.start(t)) for t in stmt.targets if isinstance(t, ast.Name)]
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return [(stmt.target.id, source.start(stmt.target))]
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return [(_wrapped_name(stmt), source.def_name_start(stmt))]
    return []


def _wrapped_name(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``@fee.inplace.setter def _fee_setter`` belongs to the wrapper ``fee``."""
    for decorator in node.decorator_list:
        name = F.dotted(decorator) or ""
        if "." in name and name.rpartition(".")[2] in (
            "setter",
            "getter",
            "deleter",
            "expression",
            "comparator",
            "update_expression",
        ):
            return name.partition(".")[0]
    return node.name


def _declared_attr(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        (F.dotted(d) or "").rpartition(".")[2] == "declared_attr" for d in stmt.decorator_list
    )
