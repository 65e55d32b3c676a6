"""The finder's state, the plumbing of its walk, and what the target's classes, tables and
names are; the vocabulary every judge of the finder shares."""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis import sqltext
from colretire.analysis.accounting import Handoff, Ledger
from colretire.analysis.codes import CODE_OF_KIND
from colretire.analysis.finder.messages import message_locals
from colretire.analysis.index import (
    MAPPED,
    MIXIN,
    PLAIN,
    SCHEMA,
    module_name,
)
from colretire.analysis.mirrors import Mirror
from colretire.analysis.source import Source
from colretire.analysis.target import (
    COMP,
    REL,
    ClassView,
    SchemaMatch,
    Target,
    holds_objects,
    holds_other_objects,
    plain_column,
)
from colretire.model import Confidence, Exclusion, Reference, ReferenceKind
from colretire.sql.mention import TABLE_NAME

CERTAIN = Confidence.CERTAIN
LIKELY = Confidence.LIKELY
K = ReferenceKind
VERBS = {ast.Load: "reads", ast.Store: "writes", ast.Del: "deletes"}
#: The kind of a use of a schema field that nests a relationship or mirrors a composite.
FIELD_KINDS = {REL: K.RELATIONSHIP, COMP: K.COMPOSITE}


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


def reference_at(
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


class FinderBase:
    """What every judge reads: the file, the target, the ledger of occurrences, the types."""

    #: the types of the file's expressions (:mod:`colretire.analysis.infer`)
    types: I.Types
    #: the judge of each kind of node
    handlers: dict[type, Callable[[Any, I.Scope], None]]

    def __init__(self, source: Source, target: Target, ledger: Ledger) -> None:
        self.source = source
        self.target = target
        self.ledger = ledger
        self.world = target.world
        self.module = module_name(source.path)
        #: the key of each class of the file, by the id of its ``ClassDef``
        self.local_classes: dict[int, str] = class_keys(source.tree, self.module)
        #: the classes this file defines, by key (for what their members are)
        self.local_class_nodes: dict[str, ast.ClassDef] = {}
        self.local_models: set[str] = set()
        #: (class key, attribute) of each column a class the index does not know declares
        #: for this table by its own literal ``__tablename__`` (a class a function builds)
        self.local_declaring: set[tuple[str, str]] = set()
        #: the table of each such class of this file that names another table
        self.local_tables: dict[str, str] = {}
        self.local_schemas: dict[str, SchemaMatch] = {}
        #: every schema class of this file the index does not know: its fields and whether
        #: it reads from attributes, for the schemas that derive from it
        self.local_schema_fields: dict[str, tuple[dict[str, F.AttrFact], bool]] = {}
        self.found: dict[tuple[int, int, ReferenceKind], Reference] = {}
        #: evidence of which schemas mirror which models (see colretire.analysis.mirrors)
        self.mirrors: set[Mirror] = set()
        #: the keywords of calls to the project's functions left for the pass that follows
        #: them (:mod:`colretire.analysis.handon`)
        self.handoffs: list[Handoff] = []
        self.handled: set[int] = set()
        self.contexts: dict[int, Confidence] = {}
        #: ``data["col"] = ...`` targets and ``"col" in data`` strings of a local dict that
        #: the function hands whole to the model (see ``mark_local_payloads``)
        self.payload_keys: set[int] = set()
        #: of those, the keys read out of ``**kwargs`` spread whole into the model
        #: (``kw["col"]``, ``kw.get("col")``: see :mod:`~colretire.analysis.kwspread`)
        self.payload_reads: set[int] = set()
        #: dict literals, ``data["col"] = ...`` targets and ``"col" in data`` strings of a
        #: dict handed whole to the constructor of another table's model (``Client(**data)``):
        #: that class's key, and whether the dict goes nowhere else (see
        #: ``mark_local_payloads``)
        self.foreign_payloads: dict[int, tuple[str, bool]] = {}
        #: the calls among those that filter the model's rows instead
        #: (``User.query.filter_by(**query)``), and the payloads (as above) spread into one
        self.filter_spreads: set[int] = set()
        #: dict literals, ``data["col"] = ...`` targets and ``"col" in data`` strings of a
        #: local dict whose keys a loop sets by name on a row not proven to be of one table
        #: (see ``mark_set_by_name``): why its keys stay undecided
        self.set_by_name: dict[int, str] = {}
        self.filtered_payloads: set[int] = set()
        #: methods named like the column in classes that do not map it (a GraphQL type's
        #: resolver, a serializer's getter), with their class's name and the position of
        #: their name: judged once the walk has judged the reads in their bodies
        self.getters: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, tuple[int, int]]] = []
        #: literal containers a value is tested against (``x in {...}``): whether the value
        #: is shown to be a field's name
        self.tested: dict[int, bool] = {}
        #: ``payload["key"] = value`` targets whose value reads no model
        self.written_apart: set[int] = set()
        self.sql_nodes: set[int] = set()
        #: string literals given as SQL to a statement of a known table (``.where(text(...))``)
        self.sql_context: dict[int, frozenset[str]] = {}
        #: string literals that are, or that a function of the module returns as, the SQL of
        #: a CHECK constraint in the ``__table_args__`` of one of our models
        self.constraint_sql: set[int] = set()
        #: string literals of messages (logging, exceptions, print), as the walk meets the
        #: calls that take them; with :attr:`message_locals`, every message of the file
        self.messages: set[int] = set()
        #: the nodes of the texts given to a library's gettext function: prose to translate,
        #: never SQL, whatever they read like
        self.translations: set[int] = set()
        #: string literals that name parameters of a command line, declared to click or
        #: argparse (:mod:`colretire.analysis.finder.commandline`)
        self.command_line: set[int] = set()
        #: the strings that name the fields of a named tuple (``namedtuple("CellMeasure",
        #: "measure_id lat lon")``), by id, with the tuple's name
        self.tuple_fields: dict[int, str] = {}
        #: click's decorator calls of commands that take each value as a parameter
        self.commands: set[int] = set()
        #: string literals that name parameters a click command takes in a dict
        #: (``**kwargs``, ``ctx.params``), or one not seen decorating its command
        self.command_dicts: set[int] = set()
        #: dict literals given directly to a library's call, with why their keys are its own
        #: data (:mod:`colretire.analysis.finder.library`)
        self.given_to_library: dict[int, tuple[str, str]] = {}
        self._assembler: sqltext.Assembler | None = None
        #: lists of column names given to a call with our table's name, by the call's name
        self.builders: dict[int, str] = {}
        #: the same, given with other tables' names
        self.other_builders: dict[int, tuple[str, frozenset[str]]] = {}
        self._scope_tables: dict[int, frozenset[str]] = {}
        self._mapped_tables: frozenset[str] | None = None
        self._declared: frozenset[str] | None = None
        self._named_tables: dict[str, str] | None = None
        #: the file's nodes' parents, by the child's id
        #: (:meth:`~colretire.analysis.finder.attributes.Attributes.witnessed_verdict`)
        self._parents: dict[int, ast.AST] | None = None
        self._tops: frozenset[str] | None = None
        #: the lines of names spelt like the column's names, and of dict literals with a key
        #: of them (:meth:`index_lines`)
        self.name_lines: list[int] = []
        self.payload_lines: list[int] = []
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

    @property
    def assembler(self) -> sqltext.Assembler:
        if self._assembler is None:
            self._assembler = sqltext.Assembler(self.source.tree, self.table_of)
        return self._assembler

    @cached_property
    def message_locals(self) -> set[int]:
        """The texts held by locals that only message calls read
        (:func:`~colretire.analysis.finder.messages.message_locals`): worked out for the
        first string the SQL reader reads, since it walks every function of the file, nested
        ones again for each level, and most files have no such string."""
        return message_locals(self.source.tree)

    def is_message(self, node: ast.AST) -> bool:
        """Whether ``node`` is part of a message for people."""
        return id(node) in self.messages or id(node) in self.message_locals

    @cached_property
    def nodes(self) -> list[ast.AST]:
        """Every node of the file in :func:`ast.walk`'s order, listed once for the passes
        over the whole file that precede the visit (:meth:`builder_contexts`,
        :meth:`index_lines`)."""
        return list(ast.walk(self.source.tree))

    def index_lines(self) -> None:
        """The lines of the names (and parameters) spelt like the column's names, and of the
        dict literals with a key of them (and the subscripts and ``in`` tests of such a key): a function with none of them between its first
        decorator and its last line gives the walks that follow values and payloads through
        its body nothing to do (each walks the whole function, nested ones again for each
        level)."""
        names, payloads = set(), set()
        for node in self.nodes:
            if isinstance(node, ast.Name):
                if node.id in self.names:
                    names.add(node.lineno)
            elif isinstance(node, ast.arg):
                if node.arg in self.names:
                    names.add(node.lineno)
            elif isinstance(node, ast.Dict | ast.Subscript | ast.Compare | ast.Call) and (
                _keys(node) & self.key_names
            ):
                payloads.add(node.lineno)
        self.name_lines = sorted(names)
        self.payload_lines = sorted(payloads)

    def builder_contexts(self) -> None:
        """``insert_rows("tasks", ["id", "col"])``: a call given a table's name and a list
        (or a dict) of names builds SQL on that table; the names are its columns. The list
        may be bound to a name of the module (``COLUMNS = [...]``). So are the names given
        to SQLAlchemy's ``column()`` among its arguments."""
        text = self.source.text
        table = self.target.table
        if f'"{table}"' not in text and f"'{table}'" not in text and "__tablename__" not in text:
            return
        lists = _lists_by_name(self.nodes)
        for node in self.nodes:
            if not isinstance(node, ast.Call):
                continue
            values = [*node.args, *(k.value for k in node.keywords)]
            tables = {t for v in values if (t := self.table_named(v))}
            if not tables:
                continue
            callee = F.dotted(node.func) or "a call"
            for value in values:
                names = lists.get(value.id) if isinstance(value, ast.Name) else value
                given: list[ast.AST] = [names] if isinstance(names, _CONTAINERS) else []
                # ``keep_last_filters=[column("external_trigger") == false()]``: a Core
                # column of that table, by its name
                given += [
                    inner.args[0]
                    for inner in ast.walk(value)
                    if isinstance(inner, ast.Call)
                    and F.last_name(inner.func) == "column"
                    and len(inner.args) == 1
                    and F.string_value(inner.args[0]) is not None
                ]
                for named in given:
                    if table in tables:
                        confidence = CERTAIN if tables == {table} else LIKELY
                        self.contexts.setdefault(id(named), confidence)
                        self.builders[id(named)] = callee
                    else:
                        self.other_builders[id(named)] = (callee, frozenset(tables))

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
        self.record(position, verdict, words)

    def record(
        self, position: tuple[int, int], verdict: Verdict, words: list[tuple[int, int]]
    ) -> None:
        """Record ``verdict`` at ``position``, ``words`` being the words it stands for."""
        if verdict.unproven:
            self.ledger.unexplained(words, verdict.message)
            return
        self.ledger.reference(words)
        line, col = position
        key = (line, col, verdict.kind)
        existing = self.found.get(key)
        if existing is None or (existing.confidence == LIKELY and verdict.confidence == CERTAIN):
            self.found[key] = reference_at(
                self.source,
                line,
                col,
                verdict.kind,
                verdict.confidence,
                verdict.message,
                verdict.via,
                verdict.schema_field,
            )

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

    def schema_of(self, ty: I.Ty) -> str | None:
        """The schema class (pydantic's, known to the index) an instance is of."""
        view = self.world.classes.get(ty.key) if ty.kind == I.INSTANCE else None
        return ty.key if view is not None and view.kind == SCHEMA else None

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
        """Whether the class ``key`` is a declared data schema (Pydantic, SQLModel, a
        WTForms form), the index's or one this file defines."""
        view = self.world.classes.get(key)
        if view is not None and (view.kind == SCHEMA or is_form(view)):
            return True
        return key in self.local_schema_fields

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

    def model_subclasses(self, key: str) -> list[str]:
        """The models of the table that derive from ``key`` (a mixin or base of theirs): an
        object of ``key``'s type may be one of them, so its attributes are never another
        type's by that type alone."""
        found = []
        for model in sorted(set(self.target.model_keys) | self.local_models):
            view = self.world.classes.get(model)
            if model != key and view is not None and key in view.ancestors:
                found.append(model)
        return found

    def inherited_by_model(self, key: str) -> str:
        """Why ``key`` is no other type, where a model of the table derives from it."""
        models = self.model_subclasses(key)
        if not models:
            return ""
        return f"a base of {self.class_name(models[0])}, a model of {self.target.table}"

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

    def schema_member_held(self, key: str, name: str) -> str | None:
        """:meth:`holds_objects` for the keyword ``name`` of a construction of the schema
        ``key`` (Pydantic, SQLModel) that neither it nor its ancestors give an ``__init__``
        of their own: the keyword sets the field of its name, declared to hold objects."""
        view = self.world.classes.get(key)
        if view is None or view.kind != SCHEMA or self.is_model(key) or "__init__" in view.methods:
            return None
        return self.holds_objects(key, name)

    def object_character(self, key: str, node: ast.ClassDef | None = None) -> tuple[str, str]:
        """:meth:`class_character` for an object typed as ``key`` (or a member of it): a
        class some model of the table derives from is ``base``, with why, since the object
        may be that model's (``self`` in ``MenuEntryMixin`` of ``MenuEntry(MenuEntryMixin,
        db.Model)``)."""
        character = self.class_character(key, node)
        if character[0] in ("plain", "other-model", "library") and (
            detail := self.inherited_by_model(key)
        ):
            return "base", detail
        return character

    def class_character(self, key: str, node: ast.ClassDef | None = None) -> tuple[str, str]:
        """What kind of class ``key`` is, for its members: ``ours`` (a model of the table),
        ``other-model`` (with its table), ``plain`` (neither a model nor a schema, with
        every base known), ``library`` (a class of no package of the project), or
        ``undecided`` with why."""
        if self.is_model(key):
            return "ours", ""
        if key in self.local_tables:
            return "other-model", self.local_tables[key]
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
            unknown = unknown_bases(view)
        else:
            assert node is not None
            if key in self.local_schemas or key in self.local_schema_fields:
                return "undecided", "a schema not proven to mirror the table"
            unknown = [F.last_name(b) or "?" for b in node.bases if not self._plain_base(b, node)]
        if unknown:
            return "undecided", f"a class with bases colretire does not know ({unknown[0]})"
        return "plain", ""

    def plain_doubt(self, key: str, name: str) -> str:
        """Why ``name`` on an object of the plain class ``key`` may still be the column's,
        though the class is neither a model nor a schema: empty where nothing says so.

        The class, or a class of the project it derives from, has a ``__getattr__`` and
        binds no ``name`` itself: Python hands ``name`` to that ``__getattr__``, which
        answers it with what it holds (AiiDA's ``ModelWrapper`` around a row), unless the
        nearest ``__getattr__`` hands names on to rows proven to be other tables'
        (:mod:`~colretire.analysis.forwarding`). A name the class sets on ``self`` is its
        own only where its ``__setattr__`` does not hand writes on."""
        view = self.world.classes.get(key)  # its attributes and methods, inherited ones too
        if view is not None:
            own = {*view.attrs, *view.methods}
            answers = "__getattr__" in view.methods
            forwards = view.forwarding  # the nearest __getattr__ decides
        elif (node := self.local_class_nodes.get(key)) is not None:
            own = {*body_assigned(node), *(m.name for m in node.body if isinstance(m, FUNCTIONS))}
            answers = "__getattr__" in own or any(
                (found := self.world.lookup(F.dotted(base) or F.last_name(base) or ""))
                and (base_view := self.world.classes.get(found)) is not None
                and "__getattr__" in base_view.methods
                for base in node.bases
            )
            forwards = None
        else:
            return ""
        if not answers or name in own:
            return ""
        if forwards is not None and forwards.owns(name):
            return ""  # a name the class sets on itself in its methods
        if (
            forwards is not None
            and forwards.rows
            and not forwards.untyped
            and all(
                (held := self.world.classes.get(row)) is not None
                and held.kind == MAPPED
                and held.table != self.target.table
                and not self.is_model(row)
                for row in forwards.rows
            )
        ):
            return ""  # it hands the name on to other tables' rows only
        return "whose __getattr__ hands the attributes it lacks on to an object it holds"

    def exception_class(self, key: str) -> bool:
        """Whether ``key`` is an exception of the project: a class of known bases, neither a
        model nor a schema, one of whose bases (or its ancestors' bases) is an exception
        (``class JobCancelledException(Exception)``). What it keeps is carried up the stack
        to a handler, for a message: it mirrors no row."""
        if self.class_character(key)[0] != "plain":
            return False
        view = self.world.classes.get(key)
        if view is not None:
            bases = list(view.external_bases)
        else:
            node = self.local_class_nodes.get(key)
            bases = [F.last_name(b) for b in node.bases] if node is not None else []
        return any(b.endswith(_EXCEPTION_SUFFIXES) for b in bases)

    def _plain_base(self, base: ast.expr, node: ast.ClassDef) -> bool:
        name = F.last_name(base)
        if name in PLAIN_BASES:
            return True
        key = self.world.lookup(F.dotted(base) or name)
        view = self.world.classes.get(key) if key else None
        return view is not None and view.kind == PLAIN and not unknown_bases(view)

    def derived_detail(self, what: str, name: str) -> str:
        """Why a hybrid or property computed from the column (:attr:`Target.derived`) is
        unexplained."""
        kind = self.target.derived[name]
        sql = (
            " in a query it is the column's SQL;"
            if kind in ("hybrid_property", "hybrid_method")
            else ""
        )
        return (
            f"{what}.{name}, a {kind} computed from {self.target.column}:{sql} it goes with "
            "the column unless it gets a new body"
        )

    def derived_use(self, position: tuple[int, int], what: str, name: str) -> None:
        """A hybrid or property computed from the column: one that is the column's value
        and nothing else (:attr:`Target.derived_pure`) is a likely wrapper (CR109), the
        others unexplained (:meth:`derived_detail`)."""
        if name not in self.target.derived_pure:
            self.ledger.unexplained([position], self.derived_detail(what, name))
            return
        kind = self.target.derived[name]
        sql = (
            " (in a query, the column's SQL)"
            if kind in ("hybrid_property", "hybrid_method")
            else ""
        )
        message = (
            f"{what}.{name}, a {kind} whose value is computed from {self.target.column} by "
            f"operators alone{sql}: it goes with the column unless it gets a new body"
        )
        self.add(position, Verdict(K.WRAPPER, LIKELY, message))

    def other_column(self, key: str, name: str) -> bool:
        """Whether ``name`` is a column or relationship of the model ``key`` that does not
        carry the target column (a schema field named after it made it a search name)."""
        view = self.world.classes.get(key)
        kind = view.attrs.get(name) if view is not None else None
        return kind in (F.COLUMN, F.FIELD, F.RELATIONSHIP) and self.category(name) is None

    def table_name_string(self, node: ast.expr) -> None:
        """A string the code gives as a table's name (:mod:`~colretire.analysis.tablenames`):
        never a column, whatever it is spelt like."""
        text = F.string_value(node) or ""
        if text.strip() in self.names:
            self.handled.add(id(node))
            detail = f"{TABLE_NAME} {text}, not a column"
            self.ledger.exclude(self.ledger.words_in(node), Exclusion.OTHER_TABLE, detail)

    def ours_statement(self, ty: I.Ty) -> bool:
        if ty.kind not in (I.STATEMENT, I.QUERY):
            return False
        return self.is_model(ty.key) or ty.key == f"table:{self.target.table}"

    def statement_confidence(self, ty: I.Ty) -> Confidence | None:
        """How sure a write through the statement ``ty`` is of the column: certain on our
        model or table, likely on our table reached as an attribute of an object of
        unknown type (:attr:`~colretire.analysis.infer.Ty.via`)."""
        if not self.ours_statement(ty):
            return None
        return Confidence.LIKELY if ty.via else Confidence.CERTAIN

    def keyword_kind(self, name: str) -> ReferenceKind:
        """A keyword naming a relationship or a composite is a use of that attribute."""
        category = self.category(name)
        if category == "relationship":
            return K.RELATIONSHIP
        return K.COMPOSITE if category == "composite" else K.KEYWORD

    def exclude_as_library(
        self,
        positions: list[tuple[int, int]],
        library: str,
        word: str,
        detail: str,
        anywhere: bool = False,
    ) -> None:
        """Exclude ``positions`` as a library's keyword or data, and leave the pass over
        the whole project a check that no module of it bears the library's name (beside
        the file, or ``anywhere``)."""
        for line, col in positions:
            if (line, col) not in self.ledger.decided:
                handoff = Handoff(
                    self.source.path, line, col, library, word, library=True, anywhere=anywhere
                )
                self.handoffs.append(handoff)
        self.ledger.exclude(positions, Exclusion.KEYWORD, detail)

    def foreign_key(self, key: ast.expr, text: str, foreign: tuple[str, bool]) -> None:
        """Judge ``text``, the key ``key`` of a dict given whole to another table's model
        (:attr:`foreign_payloads`): a relationship of that model whose other side is built
        on the column is a reference, as its keyword would be; a column, field or
        relationship of the model is its table's where the dict goes nowhere else; any
        other key, and every key of a dict literal also handed elsewhere, is unexplained.
        Never a key of the model the values are read from."""
        other, alone = foreign
        cls = self.class_name(other)
        view = self.world.classes.get(other)
        given = (
            f"{cls}.query.filter_by(**...)"
            if id(key) in self.filtered_payloads
            else f"{cls}(**...)"
        )
        if text in self.target.reverse.get(other, ()):
            message = (
                f"names {text} as a key of a dict given to {given}, the other side of "
                f"the relationship built on {self.target.column}"
            )
            self.add(self.source.start(key), Verdict(K.RELATIONSHIP, CERTAIN, message), key)
        elif text in self.target.proxies.get(other, ()):
            message = (
                f"names {text} as a key of a dict given to {given}, an association_proxy "
                f"over {self.target.column}"
            )
            self.add(self.source.start(key), Verdict(K.WRAPPER, CERTAIN, message, via=text), key)
        elif alone and view is not None and view.attrs.get(text) in _FOREIGN_ATTRS:
            detail = f"{view.table or cls}.{text}, a key of a dict given whole to {given}"
            self.ledger.exclude(self.ledger.words_in(key), Exclusion.OTHER_TABLE, detail)
        else:
            why = f"not an attribute of {cls}" if alone else "a dict also handed elsewhere"
            detail = f"a key of a dict given to {given}, {why}"
            self.ledger.unexplained(self.ledger.words_in(key), detail)

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

    @property
    def mapped_tables(self) -> frozenset[str]:
        if self._mapped_tables is None:
            self._mapped_tables = frozenset(
                view.table
                for view in self.world.classes.values()
                if view.kind == MAPPED and view.table
            )
        return self._mapped_tables

    def table_of(self, node: ast.expr) -> str | None:
        """The table of a model class named by ``node`` (``Task`` in ``Task.__tablename__``)."""
        name = F.last_name(node)
        tables = {
            view.table for view in self.world.classes.values()
            if view.name == name and view.kind == MAPPED and view.table
        }  # fmt: skip
        return tables.pop() if len(tables) == 1 else None


def _lists_by_name(nodes: Iterable[ast.AST]) -> dict[str, ast.expr]:
    """The literal lists, tuples, sets and dicts bound to a name exactly once among
    ``nodes`` (every node of the file)."""
    found: dict[str, list[ast.expr]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and isinstance(
            node.value, ast.List | ast.Tuple | ast.Set | ast.Dict
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
    return {name: values[0] for name, values in found.items() if len(values) == 1}


#: A function or an async one: what a class body's methods are.
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def body_assigned(node: ast.ClassDef) -> set[str]:
    """The names ``node``'s body assigns (``name = ...``, ``name: T = ...``)."""
    return {
        target.id
        for stmt in node.body
        if isinstance(stmt, ast.Assign | ast.AnnAssign)
        for target in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
        if isinstance(target, ast.Name)
    }


#: Bases that make a class neither a model nor a schema.
PLAIN_BASES = frozenset(
    {
        "object", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "str", "int", "float", "dict",
        "list", "tuple", "set", "Exception", "BaseException", "ValueError", "TypeError",
        "RuntimeError", "KeyError", "LookupError", "NamedTuple", "TypedDict", "Protocol", "ABC",
        "Generic", "Thread", "TestCase",
    }
)  # fmt: skip


def class_keys(tree: ast.Module, module: str) -> dict[int, str]:
    """The key of each class of the module ``module`` (by the id of its ``ClassDef``): its
    qualified name, as Python's ``__qualname__`` spells it. A class of a function's body
    (``def make_models(Base): class Task(Base): ...``) is ``module.make_models.<locals>.Task``,
    never the module's class ``module.Task``, which may map another table."""
    found: dict[int, str] = {}
    # A class is a statement: only the bodies of statements are walked, not expressions
    # (a lambda's body is an expression, and holds none).
    pending: list[tuple[ast.stmt, str]] = [(stmt, module) for stmt in tree.body]
    while pending:
        node, prefix = pending.pop()
        inner = prefix
        if isinstance(node, ast.ClassDef):
            inner = found[id(node)] = f"{prefix}.{node.name}"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = f"{prefix}.{node.name}.<locals>"
        for field in _BODIES:
            block = getattr(node, field, None)
            if isinstance(block, list):
                pending.extend((child, inner) for child in block if isinstance(child, ast.stmt))
        for handler in getattr(node, "handlers", ()):
            pending.extend((child, inner) for child in handler.body)
        for case in getattr(node, "cases", ()):
            pending.extend((child, inner) for child in case.body)
    return found


#: The fields of a statement that hold statements.
_BODIES = ("body", "orelse", "finalbody")


def unknown_bases(view: ClassView) -> list[str]:
    """The bases of ``view`` (and its ancestors) from libraries that may make it more than
    a plain class: neither of the standard library's :data:`PLAIN_BASES` nor a library
    class known to make it plain (:mod:`~colretire.analysis.librarybases`)."""
    known = set(view.plain_library_bases)
    return [b for b in view.external_bases if b not in PLAIN_BASES and b not in known]


#: How the names of the exception classes a plain class may derive from end.
_EXCEPTION_SUFFIXES = ("Exception", "Error")


def unproven(verdict: Verdict) -> Verdict:
    """A ``likely`` verdict of a family that is wrong more often than right on real code (a
    name on an object of unknown type, a bare string): unexplained, not a reference."""
    return replace(verdict, unproven=True)


_CONTAINERS = (ast.List, ast.Tuple, ast.Set, ast.Dict)

#: The attributes of another table's model that a key of a dict given whole to it fills.
_FOREIGN_ATTRS = frozenset({F.COLUMN, F.FIELD, F.RELATIONSHIP, F.COMPOSITE})

COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _keys(node: ast.expr) -> set[str | None]:
    """The string keys ``node`` spells: a dict literal's, ``data["col"]``, ``"col" in data``,
    ``data.get("col")`` (the last three: keys of a local payload, see
    ``mark_local_payloads``)."""
    if isinstance(node, ast.Dict):
        return {F.string_value(k) for k in node.keys if k is not None}
    if isinstance(node, ast.Subscript):
        return {F.string_value(node.slice)}
    if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn):
        return {F.string_value(node.left)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
        return {F.string_value(node.args[0])} if node.func.attr == "get" else set()
    return set()


def holds_line(lines: list[int], node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether one of the sorted ``lines`` falls in ``node``, decorators included."""
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    at = bisect.bisect_left(lines, first)
    return at < len(lines) and lines[at] <= (node.end_lineno or node.lineno)


#: The bases of WTForms forms (WTForms' own, Flask-WTF's): a class deriving from one
#: declares fields whose values (``form.name.data``) carry what a user typed.
FORM_BASES = frozenset({"Form", "BaseForm", "SecureForm", "FlaskForm"})


def is_form(view: ClassView) -> bool:
    """Whether ``view`` is a WTForms form (:data:`FORM_BASES`)."""
    return bool(FORM_BASES.intersection(view.external_bases))
