"""What one file declares, independent of any query: classes and their attributes, Table
objects, imports, functions' return types, module-level aliases.

Facts depend only on a file's content, so they are cached by content hash and shared by
every scan, whichever column it looks for. The :class:`~colretire.analysis.index.ProjectIndex`
joins the facts of many files into models, schemas and repositories.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, TypeVar, cast

from colretire.analysis.astnames import dotted as dotted
from colretire.analysis.attrdicts import attribute_access
from colretire.analysis.dispatch import backend_module, binding_counts, returns_itself
from colretire.analysis.dumping import dumped_parameter, module_functions
from colretire.analysis.fieldoptions import field_options
from colretire.analysis.forwarding import Forwarding, forwarding
from colretire.analysis.getters import row_of_parameter
from colretire.analysis.keyedreturn import keyed_return, returned_keys
from colretire.analysis.repositories import ValidatedPair, attributes_bound, validated_pair
from colretire.analysis.rows import (
    OWN,
    QUERY_CHAIN,
    ROW,
    ROWS,
    Known,
    joins,
    module_queries,
    returned_rows,
)
from colretire.analysis.source import Source
from colretire.analysis.tablefactory import table_factory
from colretire.model import ColumnDefinition

#: What a :class:`TypeSpec` resolves to, for :func:`stated_type`.
T = TypeVar("T")

COLUMN = "column"
RELATIONSHIP = "relationship"
COMPOSITE = "composite"
WRAPPER = "wrapper"
FIELD = "field"
OTHER = "other"

#: Annotation wrappers whose first argument is the type that matters.
TRANSPARENT = frozenset(
    {"Optional", "Mapped", "Annotated", "Required", "NotRequired", "Final", "ClassVar", "ReadOnly"}
)
#: Wrappers of a library, spelt with their module, whose first argument is the type that
#: matters: Strawberry's ``Private``, a field of a GraphQL type kept out of the schema
#: (``db_record: strawberry.Private[Optional[models.Experiment]]``). Spelt alone,
#: ``Private`` may be a class of the project's own.
TRANSPARENT_DOTTED = frozenset({"strawberry.Private"})
#: Annotations of a mapping whose arguments are the key and the value types.
MAPPINGS = frozenset(
    {"dict", "Dict", "Mapping", "MutableMapping", "defaultdict", "DefaultDict", "OrderedDict"}
)
#: Annotations (and ORM result types) whose argument is the element type.
COLLECTIONS = frozenset(
    {
        "list", "List", "Sequence", "MutableSequence", "Iterable", "Iterator", "AsyncIterator",
        "AsyncIterable", "Collection", "set", "Set", "frozenset", "FrozenSet", "tuple", "Tuple",
        "Generator", "AsyncGenerator", "WriteOnlyMapped", "DynamicMapped", "ScalarResult",
        "Query", "AppenderQuery", "Page",
    }
)  # fmt: skip
_PYTHON_TYPES = {
    "int": "Integer", "str": "String", "bool": "Boolean", "float": "Float",
    "datetime": "DateTime", "date": "Date", "time": "Time", "timedelta": "Interval",
    "Decimal": "Numeric", "bytes": "LargeBinary", "dict": "JSON", "UUID": "Uuid",
}  # fmt: skip
_NOT_A_TYPE = frozenset(
    {
        "ForeignKey",
        "Sequence",
        "Identity",
        "Computed",
        "CheckConstraint",
        "FetchedValue",
        "DefaultClause",
    }
)
_PROPERTY_DECORATORS = frozenset(
    {"property", "hybrid_property", "cached_property", "hybrid_method"}
)


@dataclass(frozen=True)
class TypeSpec:
    """A type named by an annotation: ``name`` as written (``models.Task``), whether it is
    a collection of it (``list[Task]``), optional, or the class itself (``type[Task]``)."""

    name: str
    collection: bool = False
    optional: bool = False
    is_class: bool = False
    #: the element types of a tuple of fixed size (``tuple[Backend, Offer]``), by position;
    #: of a mapping (``dict[str, Offer]``, ``name`` one of :data:`MAPPINGS`), its key and value
    items: tuple[TypeSpec | None, ...] = ()
    #: not a type written but what calling ``name`` gives (``self.x = make_x(...)``):
    #: an instance of a class, or what a function is annotated to return
    call: bool = False
    #: of a call, the callee of the call its first argument is (``self.x =
    #: ModelWrapper(DbComputer(**kwargs))``: ``DbComputer``), for a wrapper that holds
    #: what it is given (:attr:`~colretire.analysis.forwarding.Forwarding.given`)
    wraps: str = ""


@dataclass(frozen=True)
class AttrFact:
    """One attribute of a class body. ``kind`` is one of the module constants; ``column``
    is the database column name when it differs from ``name``; ``reads`` are the attributes
    a wrapper or composite reads; ``type`` is the annotated (or relationship target) type."""

    name: str
    line: int
    col: int
    kind: str
    column: str | None = None
    definition: ColumnDefinition | None = None
    deferred: bool = False
    foreign_key: str | None = None
    type: TypeSpec | None = None
    foreign_keys: tuple[str, ...] = ()
    back_populates: str | None = None
    backref: str | None = None
    reads: tuple[str, ...] = ()
    alias: str | None = None
    inline_columns: tuple[str, ...] = ()
    sa_column: bool = False
    detail: str = ""
    #: For a relationship, whether it holds a collection; ``None`` when the code leaves it to
    #: SQLAlchemy, which decides by the side the foreign key is on.
    many: bool | None = None
    #: For a relationship with a ``backref``, whether the backref holds a collection when
    #: the code says (``backref("x", uselist=False)``, a ``secondary`` table); ``None`` when
    #: SQLAlchemy decides by the side the foreign key is on.
    backref_many: bool | None = None
    #: For a many-to-many relationship, its ``secondary`` table as written (a ``Table``'s
    #: name in the code, or the table's name in a string)
    secondary: str | None = None
    #: For a relationship, the names its ``primaryjoin`` reads, qualified by their class
    #: where the code writes one (``ShareServer.share_network_id``; a bare ``id`` is the
    #: declaring class's own): which key it joins on, and of which class
    joins: tuple[str, ...] = ()
    #: For a relationship through a ``secondary`` table, the names its ``secondaryjoin``
    #: reads, as :attr:`joins` (``PackageGroupRelation.package_name``)
    secondary_joins: tuple[str, ...] = ()
    #: For a wrapper, whether each of its bodies is one ``return`` of an expression made of
    #: reads of its own attributes, constants and operators alone (``return
    #: self.encrypted_config is not None``): a value computed from those attributes only
    pure: bool = False
    #: For a marshmallow field, the attribute of the object it reads (``attribute=``) and
    #: the key it dumps under (``data_key=``), where its options name them
    #: (:mod:`~colretire.analysis.fieldoptions`); ``""`` for a value that is not a string
    attribute: str | None = None
    data_key: str | None = None
    #: For an ``association_proxy``, the relationship it goes through and the attribute of
    #: the related class it proxies (``("user_keywords", "keyword")``), where both are
    #: written as strings
    proxied: tuple[str, str] | None = None

    @property
    def column_name(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class FuncFact:
    name: str
    returns: TypeSpec | None
    kind: str = ""  # "", "classmethod", "staticmethod"
    #: for a method: the parameters a call fills by position (``self``/``cls`` left out),
    #: those it fills by keyword only, and whether it takes ``*args`` or ``**kwargs``
    positional: tuple[str, ...] = ()
    keyword_only: tuple[str, ...] = ()
    variadic: bool = False
    #: the parameter every ``return`` gives back unchanged, when there is one (``def
    #: with_shared(server, shared): ...; return server``): its position among those a
    #: call fills (``self``/``cls`` left out) and its name
    gives_back: tuple[int, str] | None = None
    #: whether it returns an instance of the class it is called on: ``-> Self``, or
    #: ``def create(cls: type[T], ...) -> T`` (``self: T`` for a method of the instance)
    returns_own: bool = False
    #: the attributes of the instance that the method builds a schema from the instance
    #: with: ``self.__pydantic_model__.model_validate(self, from_attributes=True)``
    validates: tuple[str, ...] = ()
    #: whether it returns the rows of the class it is called on (``return cls.query``,
    #: ``cls.query.filter(...).all()``): see :mod:`~colretire.analysis.rows`
    returns_own_many: bool = False
    #: for a class method, the method whose result every ``return`` gives, called on the
    #: class it is called on: ``"super"`` for the one it overrides (``return super(Alert,
    #: cls).get_by_id_and_org(...)``), else its name (``return cls.get_by_id_and_org(...)``)
    returns_via: str = ""
    #: for a decorator factory, the parameter whose ``dump`` its wrapper gives the
    #: decorated function's result (:func:`~colretire.analysis.dumping.dumped_parameter`)
    dumps_result: tuple[int, str] | None = None
    #: the parameter whose class the function fetches a row of (``database.get(model, id)``,
    #: :func:`~colretire.analysis.getters.row_of_parameter`): its position and name
    row_of: tuple[int, str] | None = None
    #: the query every ``return`` gives: of the class written (``"models.ShareServer"``), or
    #: of the class given at a parameter (its position and name), read within the module
    #: (:func:`~colretire.analysis.rows.module_queries`)
    gives_query: str | tuple[int, str, int] | None = None
    #: the parameter whose query every ``return`` gives on, filtered or joined
    #: (:func:`query_passed_on`): its position and name
    passes_query: tuple[int, str] | None = None
    #: without an annotation or a class it returns, the one call it returns (``return
    #: database.get(Domain, domain_id)``): the callee and its positional arguments, as
    #: written (``""`` for one that is not a name)
    returns_call: tuple[str, tuple[str, ...]] | None = None
    #: the key whose value every ``return`` gives (``return context[name]``), a string
    #: (position -1) or a parameter (its position); and the one call it returns, with the
    #: strings it gives by position (:mod:`~colretire.analysis.keyedreturn`)
    returns_key: tuple[int, str] | None = None
    returns_call_keys: tuple[str, tuple[tuple[int, str], ...]] | None = None
    #: for a function that makes a table named by a parameter (``return Table(name,
    #: metadata, autoload=True)``): the callee as written and the parameter
    #: (:mod:`~colretire.analysis.tablefactory`)
    makes_table: tuple[str, int, str] | None = None
    #: for a class method, whether it hands its ``**kwargs``, untouched, to its own class's
    #: constructor (``def create_with_group(cls, *args, **kwargs): source = cls(*args,
    #: **kwargs)``): a keyword that lands in them is the constructor's
    builds_own: bool = False
    #: the attributes of the instance that the method calls with one keyword per column of
    #: the instance's table, each given that column's value:
    #: ``self.__data_model__(**{c.name: getattr(self, c.name) for c in self.__table__.columns})``
    builds: tuple[str, ...] = ()
    #: for an ``__init__``, the parameters a statement of its body keeps on the instance
    #: under their own name and nothing else: ``self.floating_ip_id = floating_ip_id``
    keeps: tuple[str, ...] = ()
    #: for a class method, the parameters it looks rows of its class up by: every read of
    #: one is the value of the keyword of its own name given to ``filter_by`` on a query of
    #: the class (``query(cls)``, ``cls.query``), :func:`looked_up_by`
    looked_up_by: tuple[str, ...] = ()
    #: for a method of the instance, how it reads the instance's attributes by name:
    #: ``"item"`` for a ``__getitem__`` that is ``getattr`` (a ``__setitem__`` that is
    #: ``setattr``), ``"dict"`` for one that returns the instance's ``__dict__``
    #: (:mod:`~colretire.analysis.attrdicts`)
    attributes: str = ""

    def parameter(self, position: int | None, keyword: str | None) -> str | None:
        """The parameter an argument fills: the ``position``-th one given by position, or
        the one named ``keyword``; ``None`` when a ``*args``/``**kwargs`` may take it."""
        if keyword is not None:
            named = keyword in self.positional or keyword in self.keyword_only
            return keyword if named or not self.variadic else None
        assert position is not None
        if position < len(self.positional):
            return self.positional[position]
        return None if self.variadic else ""


@dataclass(frozen=True)
class TableFact:
    """An imperative ``Table("name", metadata, Column(...))``; ``var`` is what it is bound to."""

    var: str | None
    name: str
    schema: str | None
    line: int
    columns: tuple[AttrFact, ...]


@dataclass(frozen=True)
class ClassFact:
    name: str
    line: int
    col: int
    bases: tuple[str, ...]
    keywords: tuple[tuple[str, str], ...] = ()
    tablename: str | None = None
    table: TableFact | None = None
    table_ref: str | None = None
    #: the tables of a class mapped against a join, as written, in order:
    #: ``("_CoprPublic.__table__", "copr_private")`` of ``__table__ =
    #: outerjoin(_CoprPublic.__table__, copr_private)``; the class maps every column of each
    joined: tuple[str, ...] = ()
    #: how a ``declared_attr`` ``__tablename__`` names the tables of subclasses
    #: (:data:`TABLENAME_RULES`), or ``"?"`` when its code follows no known convention
    tablename_rule: str | None = None
    abstract: bool = False
    from_attributes: bool = False
    attrs: tuple[AttrFact, ...] = ()
    methods: tuple[FuncFact, ...] = ()
    #: what ``__init__`` stores on the instance from its annotated parameters
    #: (``self.run_spec = run_spec`` for ``run_spec: RunSpec``), or annotates there
    instance_types: tuple[tuple[str, TypeSpec], ...] = ()
    #: the model a Flask-AppBuilder view shows, as written: ``models.Database`` of
    #: ``datamodel = SQLAInterface(models.Database)`` (:data:`DATAMODEL_INTERFACES`)
    datamodel: str | None = None
    #: the filter classes of a Flask-AppBuilder view's ``base_filters``, as written:
    #: ``DatabaseFilter`` of ``base_filters = [["id", DatabaseFilter, lambda: []]]``
    filters: tuple[str, ...] = ()
    #: the type arguments each base is given, as written, by position in :attr:`bases`:
    #: ``("ModelVersionArtifactResponseBody", ...)`` of
    #: ``BaseIdentifiedResponse[ModelVersionArtifactResponseBody, ...]`` (``""`` for an
    #: argument that is no name, ``()`` for a base given none)
    base_args: tuple[tuple[str, ...], ...] = ()
    #: the type variables the class is generic in, in order: those of ``Generic[...]``
    #: (or ``Protocol[...]``), else the module's ``TypeVar``s its bases are given
    type_params: tuple[str, ...] = ()
    #: how its ``__getattr__`` hands the attributes it lacks on to an object it holds
    #: (:mod:`~colretire.analysis.forwarding`)
    forwards: Forwarding | None = None
    #: its properties that return the value of a key and nothing else, with the key
    #: (``hub`` of ``@property def hub(self): return self.settings["hub"]``)
    keyed: tuple[tuple[str, str], ...] = ()
    #: the parameters of its ``__init__`` that give a model class and a schema its code
    #: validates from the model's instances (:mod:`~colretire.analysis.repositories`)
    validated: ValidatedPair | None = None
    #: the attributes its code binds or deletes on any object, by name
    binds: frozenset[str] = frozenset()
    #: the Core tables its body binds as class attributes (Buildbot's ``Model``:
    #: ``buildrequests = sa.Table("buildrequests", metadata, ...)``), ``var`` their name
    tables: tuple[TableFact, ...] = ()

    def attr(self, name: str) -> AttrFact | None:
        for attr in self.attrs:
            if attr.name == name:
                return attr
        return None


@dataclass(frozen=True)
class ImportFact:
    """``local`` is bound to ``module`` (``import``) or to ``module.name`` (``from``)."""

    local: str
    module: str
    name: str | None = None
    level: int = 0


@dataclass(frozen=True)
class FileFacts:
    imports: tuple[ImportFact, ...] = ()
    classes: tuple[ClassFact, ...] = ()
    functions: tuple[FuncFact, ...] = ()
    tables: tuple[TableFact, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    alembic: bool = False
    imperative: tuple[tuple[str, str], ...] = ()  # registry.map_imperatively(Class, table)
    #: the ``properties={...}`` of those mappings: (class, relationship or column property)
    imperative_attrs: tuple[tuple[str, AttrFact], ...] = ()
    #: module-level instances, ``Models = ModelsTable()``: (name, the class as written)
    instances: tuple[tuple[str, str], ...] = ()
    #: module-level unions of classes, ``AnyConfig = Union[TaskConfig, ServiceConfig]``:
    #: (name, the classes as written)
    unions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: whether the file sets a Flask-AppBuilder view's ``base_filters`` otherwise than as
    #: a list literal in a class body (``base_filters = FILTERS``, ``self.base_filters =
    #: [...]``, ``.append(...)``): a filter may then serve views no class fact names
    opaque_filters: bool = False
    #: module globals through which oslo.db's ``DBAPI`` hands out a backend module's
    #: functions (:mod:`~colretire.analysis.dispatch`): (name, the module)
    dispatches: tuple[tuple[str, str], ...] = ()
    #: whether the module's ``get_backend()`` returns the module itself, as a backend that
    #: ``DBAPI`` dispatches to (:func:`~colretire.analysis.dispatch.returns_itself`)
    backend_itself: bool = False


# --- small helpers on expressions -------------------------------------------------------


def union_of_classes(node: ast.expr) -> tuple[str, ...] | None:
    """The classes, as written, of a union of several of them spelt out at a module's top
    level (``Union[TaskConfig, ServiceConfig]``, ``TaskConfig | ServiceConfig``, with
    ``Optional`` or ``None`` among them); ``None`` for anything else (a member that is no
    plain dotted name, ``Annotated[...]``, a generic)."""
    members: list[str] = []

    def collect(part: ast.expr) -> bool:
        if isinstance(part, ast.Constant) and part.value is None:
            return True
        if isinstance(part, ast.BinOp) and isinstance(part.op, ast.BitOr):
            return collect(part.left) and collect(part.right)
        if isinstance(part, ast.Subscript) and last_name(part.value) in ("Union", "Optional"):
            items = part.slice.elts if isinstance(part.slice, ast.Tuple) else [part.slice]
            return all(collect(item) for item in items)
        name = dotted(part)
        if name and name.rpartition(".")[2][:1].isupper():
            members.append(name)
            return True
        return False

    is_union = (isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)) or (
        isinstance(node, ast.Subscript) and last_name(node.value) in ("Union", "Optional")
    )
    if not is_union or not collect(node) or len(set(members)) < 2:
        return None
    return tuple(dict.fromkeys(members))


def last_name(node: ast.AST | None) -> str:
    """The last component of a dotted callee: ``sa.Column`` -> ``Column``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def with_default(
    name: ast.AST, parent: ast.AST | None, parents: dict[int, ast.AST]
) -> tuple[ast.AST, ast.AST | None]:
    """The value a read of ``name`` gives and the node that takes it: ``name or {}`` (a
    constant, dict or list as the default) is the same value, held by the ``or``'s parent."""
    if (
        isinstance(parent, ast.BoolOp)
        and isinstance(parent.op, ast.Or)
        and parent.values[0] is name
        and all(isinstance(v, ast.Constant | ast.Dict | ast.List) for v in parent.values[1:])
    ):
        return parent, parents.get(id(parent))
    return name, parent


def string_value(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def type_spec(node: ast.AST | None) -> TypeSpec | None:
    """Reduce an annotation to the class it names (see :class:`TypeSpec`)."""
    text = string_value(node)
    if text is not None:
        try:
            node = ast.parse(text.strip(), mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.Constant) and node.value is None:
        return TypeSpec("None")
    name = dotted(node)
    if name:
        return TypeSpec(name)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union([type_spec(node.left), type_spec(node.right)])
    if isinstance(node, ast.Subscript):
        return _subscript_spec(node)
    if isinstance(node, ast.Tuple) and len(node.elts) > 1:
        # ``-> (list[Incident], int)``: a tuple written as the tuple of its items' types
        return TypeSpec("tuple", items=tuple(type_spec(item) for item in node.elts))
    return None


def _subscript_spec(node: ast.Subscript) -> TypeSpec | None:
    base = last_name(node.value)
    args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if base in TRANSPARENT or dotted(node.value) in TRANSPARENT_DOTTED:
        inner = type_spec(args[0])
        return replace(inner, optional=True) if inner and base == "Optional" else inner
    if base == "Union":
        return _union([type_spec(arg) for arg in args])
    if base in ("tuple", "Tuple") and len(args) > 1 and not _is_ellipsis(args[-1]):
        return TypeSpec("tuple", items=tuple(type_spec(arg) for arg in args))
    if base in MAPPINGS and len(args) == 2:
        return TypeSpec(base, items=(type_spec(args[0]), type_spec(args[1])))
    if base in COLLECTIONS:
        inner = type_spec(args[0])
        return replace(inner, collection=True) if inner else None
    if base in ("type", "Type"):
        inner = type_spec(args[0])
        return replace(inner, is_class=True) if inner else None
    return TypeSpec(dotted(node.value) or base)


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _union(specs: list[TypeSpec | None]) -> TypeSpec | None:
    real = [spec for spec in specs if spec is None or spec.name != "None"]
    if len(real) != 1 or real[0] is None:
        return None
    return replace(real[0], optional=real[0].optional or len(real) < len(specs))


def names_in(nodes: Iterable[ast.AST]) -> tuple[str, ...]:
    """Attribute names an expression refers to: bare names, ``X.attr``, and strings."""
    found: list[str] = []
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Name):
                found.append(node.id)
            elif isinstance(node, ast.Attribute):
                found.append(node.attr)
            elif (text := string_value(node)) is not None:
                found.extend(part for part in _split_words(text) if part)
    return tuple(dict.fromkeys(found))


def qualified_names_in(node: ast.AST | None) -> tuple[str, ...]:
    """The names an expression reads, ``Class.attr`` where it spells the class
    (``ShareServer.share_network_id``, in code or in a string SQLAlchemy evaluates), bare
    otherwise (``id``)."""
    if node is None:
        return ()
    found: list[str] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name):
            found.append(f"{inner.value.id}.{inner.attr}")
        elif (
            isinstance(inner, ast.Attribute)
            and isinstance(inner.value, ast.Attribute)
            and inner.value.attr in ("c", "columns")
            and isinstance(inner.value.value, ast.Name)
        ):  # a Core table's column: ``post_tags.c.post_id``
            found.append(f"{inner.value.value.id}.c.{inner.attr}")
        elif isinstance(inner, ast.Name):
            found.append(inner.id)
        elif (text := string_value(inner)) is not None:
            found.extend(re.findall(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?", text))
    return tuple(dict.fromkeys(found))


def _split_words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() or ch == "_" else " " for ch in text).split()


# --- extraction ---------------------------------------------------------------------------


def extract(source: Source) -> FileFacts:
    """The facts of one parsed file."""
    collector = _ModuleCollector(source)
    collector.run(source.tree.body)
    return collector.facts()


class _ModuleCollector:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.imports: list[ImportFact] = []
        self.classes: list[ClassFact] = []
        self.functions: list[FuncFact] = []
        self.tables: list[TableFact] = []
        self.aliases: list[tuple[str, str]] = []
        self.imperative: list[tuple[str, str]] = []
        self.imperative_attrs: list[tuple[str, AttrFact]] = []
        self.instances: list[tuple[str, str]] = []
        self.unions: list[tuple[str, tuple[str, ...]]] = []
        self.dumps = ".dump(" in source.text
        self.queries = "query" in source.text
        self.dispatches: list[tuple[str, str]] = []

    @cached_property
    def module_functions(self) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
        return module_functions(self.source.tree.body)

    @cached_property
    def module_queries(self) -> dict[str, Known]:
        """The module's functions that give a query (:func:`~colretire.analysis.rows.
        module_queries`); read where the module imports oslo.db's ``model_query``, the one
        library factory known, or defines a helper of its own giving one class's query."""
        return queries_in(self.source.tree, self.module_functions) if self.queries else {}

    def facts(self) -> FileFacts:
        alembic = any(item.module == "alembic" for item in self.imports)
        return FileFacts(
            tuple(self.imports), tuple(self.classes), tuple(self.functions), tuple(self.tables),
            tuple(self.aliases), alembic, tuple(self.imperative), tuple(self.imperative_attrs),
            tuple(self.instances), tuple(self.unions),
            "base_filters" in self.source.text and opaque_filters(self.source.tree),
            tuple(self.dispatches),
            "get_backend" in self.source.text and returns_itself(self.source.tree),
        )  # fmt: skip

    def run(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.imports.extend(imports_of(stmt))
        elif isinstance(stmt, ast.ClassDef):
            self.classes.extend(_ClassCollector(self.source).collect(stmt, ""))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = _Body(stmt) if stmt.returns is None else None
            dumps = None
            if body is None or body.nested:
                dumps = dumped_parameter(stmt, self.module_functions) if self.dumps else None
            returns = returned_type(stmt, body, self.module_queries)
            gives_back = given_back(stmt, 0, body)
            row_of = row_of_parameter(stmt, self.module_functions) if self.queries else None
            call = returned_call(stmt, body) if returns is None and body is not None else None
            self.functions.append(
                FuncFact(
                    stmt.name,
                    returns,
                    gives_back=gives_back,
                    dumps_result=dumps,
                    row_of=row_of,
                    gives_query=self.module_queries.get(stmt.name),
                    passes_query=query_passed_on(stmt, body) if self.queries else None,
                    returns_call=call,
                    returns_key=keyed_return(stmt) if _may_key(returns, body) else None,
                    returns_call_keys=returned_keys(stmt) if body and not body.nested else None,
                    makes_table=table_factory(stmt) if body and not body.nested else None,
                )
            )
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            self.assignment(stmt)
        elif isinstance(stmt, (ast.If, ast.Try)):
            # a class defined where another branch imports its name stands in for the
            # library's (``if pydantic_2: from pydantic import BaseModel`` /
            # ``else: class BaseModel: ...``): the import is what the code means
            imported = {
                item.local
                for block in _blocks(stmt)
                for inner in block
                if isinstance(inner, (ast.Import, ast.ImportFrom))
                for item in imports_of(inner)
            }
            for block in _blocks(stmt):
                self.run(
                    [s for s in block if not (isinstance(s, ast.ClassDef) and s.name in imported)]
                )
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            # the module runs the block once, and what it binds are the module's globals:
            # ``with warnings.catch_warnings(): class FeatureSet(Base): ...``
            self.run(stmt.body)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            self.mapping(stmt.value)

    def mapping(self, call: ast.Call) -> None:
        """``registry.map_imperatively(Job, jobs_table)`` (or the old ``mapper(...)``)."""
        if last_name(call.func) in ("map_imperatively", "mapper") and len(call.args) >= 2:
            cls, table = dotted(call.args[0]), dotted(call.args[1])
            if cls and table:
                self.imperative.append((cls, table))
                self.imperative_attrs.extend((cls, a) for a in self.properties(call))

    def added_attribute(self, target: ast.expr, value: ast.expr) -> None:
        """``Package.groups = relationship(PackageGroup, ...)`` after the class: declarative
        maps an attribute set on a mapped class later as one of its body (a relationship,
        a column, a ``column_property``), often so, to refer to a class defined below it.
        Read for a class of this module only."""
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and isinstance(value, ast.Call)
            and any(cls.name == target.value.id for cls in self.classes)
        ):
            return
        line, col = self.source.attr_start(target)
        fact = attr_fact(self.source, target.attr, line, col, value, None)
        if fact.kind != OTHER:
            self.imperative_attrs.append((target.value.id, fact))

    def properties(self, call: ast.Call) -> Iterator[AttrFact]:
        """``properties={"resource_group": relation(ResourceGroup, backref=...)}``."""
        found = keyword(call, "properties")
        if not isinstance(found, ast.Dict):
            return
        for key, value in zip(found.keys, found.values, strict=True):
            name = string_value(key)
            if name and isinstance(value, ast.Call):
                line, col = self.source.start(key)  # type: ignore[arg-type]
                yield attr_fact(self.source, name, line, col, value, None)

    def assignment(self, stmt: ast.Assign | ast.AnnAssign) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        names = [target.id for target in targets if isinstance(target, ast.Name)]
        value = stmt.value
        if value is not None and len(targets) == 1:
            self.added_attribute(targets[0], value)
        if not names or value is None:
            return
        if isinstance(value, ast.Call) and (
            backend := backend_module(value, self.imports, self.source.tree, names)
        ):
            # ``IMPL = DBAPI.from_config(..., backend_mapping={...})``: the backend module
            self.dispatches.extend((name, backend) for name in names)
        elif isinstance(value, ast.Call) and last_name(value.func) == "Table":
            table = table_fact(self.source, value, names[0])
            if table:
                self.tables.append(table)
        elif (target := dotted(value)) and target.rpartition(".")[2][:1].isupper():
            self.aliases.extend((name, target) for name in names)
        elif (target := _annotated_class(value)) is not None:
            # ``CurrentUser = Annotated[User, Depends(get_current_user)]``: FastAPI's way of
            # naming a dependency; a parameter annotated with it is a User
            self.aliases.extend((name, target) for name in names)
        elif (members := union_of_classes(value)) is not None:
            self.unions.extend((name, members) for name in names)
        elif (custom := _declarative_cls(value)) is not None:
            # ``Base = declarative_base(cls=CustomBase)``: the models derive from CustomBase
            self.aliases.extend((name, custom) for name in names)
        elif (
            isinstance(value, ast.Call)
            and (callee := dotted(value.func))
            and _looks_like_class(callee)
            and not callee.rpartition(".")[2].isupper()
        ):
            # ``Models = ModelsTable()``: an instance the other modules import
            self.instances.extend((name, callee) for name in names)


def _blocks(stmt: ast.If | ast.Try) -> Iterator[list[ast.stmt]]:
    """The statements a module runs under ``if`` and ``try``; not the fallback of a failed
    import (``except ImportError: class BaseModel: ...``), which stands in for the
    library's class the ``try`` imports."""
    yield stmt.body
    yield stmt.orelse
    if isinstance(stmt, ast.Try):
        yield stmt.finalbody
        for handler in stmt.handlers:
            if not _import_fallback(handler):
                yield handler.body


def _import_fallback(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught] if caught else []
    return any(last_name(name) in ("ImportError", "ModuleNotFoundError") for name in names)


def imports_of(stmt: ast.Import | ast.ImportFrom) -> Iterator[ImportFact]:
    if isinstance(stmt, ast.Import):
        for alias in stmt.names:
            if alias.asname:
                yield ImportFact(alias.asname, alias.name)
            else:
                head = alias.name.partition(".")[0]
                yield ImportFact(head, head)
        return
    for alias in stmt.names:
        if alias.name != "*":
            yield ImportFact(alias.asname or alias.name, stmt.module or "", alias.name, stmt.level)


def table_fact(source: Source, call: ast.Call, var: str | None) -> TableFact | None:
    """``Table("tasks", metadata, Column("c", Integer), ..., schema="s")``."""
    name = string_value(call.args[0]) if call.args else string_value(keyword(call, "name"))
    if name is None:
        return None
    columns = []
    for arg in call.args[1:]:
        if isinstance(arg, ast.Call) and last_name(arg.func) in ("Column", "mapped_column"):
            column = string_value(arg.args[0]) if arg.args else None
            if column:
                line, col = source.start(arg)
                columns.append(_column_attr(source, column, line, col, arg, None))
    schema = string_value(keyword(call, "schema"))
    return TableFact(var, name, schema, call.lineno, tuple(columns))


def class_fact(source: Source, node: ast.ClassDef) -> ClassFact:
    """The facts of one class body, its nested classes left out."""
    return _ClassCollector(source).collect(node, "")[0]


def class_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a class body, with those of its ``if``, ``try`` and ``with``
    blocks (every branch): a name bound there is an attribute of the class as much as one
    bound at the top (``if self.remote_addr: remote_addr = sa.Column(...)`` in a class a
    factory builds), though only where that branch runs; not an ``if TYPE_CHECKING:``
    block, which never runs. The blocks themselves are left out; a nested class's body is
    its own."""
    found: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.If):
            # ``if TYPE_CHECKING:`` never runs: its annotations are hints, not attributes
            ran = stmt.orelse if _type_checking(stmt.test) else [*stmt.body, *stmt.orelse]
            found.extend(class_statements(ran))
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            blocks = [*stmt.body, *stmt.orelse, *stmt.finalbody]  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                blocks.extend(handler.body)
            found.extend(class_statements(blocks))
        elif isinstance(stmt, ast.With):
            found.extend(class_statements(stmt.body))
        else:
            found.append(stmt)
    return found


#: SQLAlchemy's functions and methods that join tables: ``join(a, b)``, ``a.outerjoin(b)``
_JOINS = frozenset({"join", "outerjoin"})
#: The names under which code imports the modules whose ``join`` is the function:
#: ``sa.join(a, b)``, ``sqlalchemy.outerjoin(a, b)``, Flask-SQLAlchemy's ``db.join``
_JOIN_MODULES = frozenset({"sa", "sqlalchemy", "db", "sql", "expression", "orm"})


def joined_tables(node: ast.expr | None) -> tuple[str, ...]:
    """The tables of a join a class is mapped against, as written, in order
    (``outerjoin(_CoprPublic.__table__, _CoprPrivate.__table__)``, ``users.join(addresses,
    users.c.id == addresses.c.user_id)``, and joins of joins): empty where ``node`` is no
    such join, or one of its sides is no table named as a name or an attribute path (a
    ``select()``, an alias)."""
    if not isinstance(node, ast.Call) or last_name(node.func) not in _JOINS:
        return ()
    # ``sa.join(a, b[, on])`` (a module's function); ``a.join(b[, on])`` is the method
    func = node.func
    if isinstance(func, ast.Attribute) and not (
        isinstance(func.value, ast.Name) and func.value.id in _JOIN_MODULES
    ):
        sides: list[ast.expr] = [func.value, *node.args[:1]]
    else:
        sides = list(node.args[:2])
    if len(sides) != 2:
        return ()
    found: list[str] = []
    for side in sides:
        inner = joined_tables(side)
        name = dotted(side)
        if inner:
            found.extend(inner)
        elif name:
            found.append(name)
        else:
            return ()
    return tuple(found)


def _annotated_class(node: ast.expr) -> str | None:
    """``User`` of ``Annotated[User, Depends(...)]`` (``typing.Annotated``, or
    ``typing_extensions``'), where the type is a class named as a dotted name."""
    if not (isinstance(node, ast.Subscript) and last_name(node.value) == "Annotated"):
        return None
    inner = node.slice
    first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
    target = dotted(first)
    return target if target and target.rpartition(".")[2][:1].isupper() else None


def _type_checking(test: ast.expr) -> bool:
    """``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    return last_name(test) == "TYPE_CHECKING"


class _ClassCollector:
    """The facts of one class body (and of the classes nested in it)."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def collect(self, node: ast.ClassDef, prefix: str) -> list[ClassFact]:
        line, col = self.source.def_name_start(node)
        base_args = tuple(_base_args(base) for base in node.bases)
        fact = ClassFact(
            name=prefix + node.name, line=line, col=col,
            bases=tuple(_base_name(base) for base in node.bases),
            keywords=tuple((kw.arg, self.source.segment(kw.value)) for kw in node.keywords if kw.arg),
            base_args=base_args if any(base_args) else (),
            type_params=_type_params(self.source, node, base_args),
        )  # fmt: skip
        nested: list[ClassFact] = []
        body = _ClassBody(self.source, fact, view_context(node))
        for stmt in class_statements(node.body):
            if isinstance(stmt, ast.ClassDef):
                body.nested_class(stmt)
                nested.extend(self.collect(stmt, f"{fact.name}."))
            else:
                body.statement(stmt)
        result = replace(
            body.result(),
            forwards=forwarding(node),
            validated=validated_pair(node),
            binds=attributes_bound(node),
        )
        return [result, *nested]


class _ClassBody:
    def __init__(self, source: Source, fact: ClassFact, context: ast.expr | None = None) -> None:
        self.source = source
        self.fact = fact
        #: the class a Pyramid view class is registered for (:func:`view_context`)
        self.context = context
        self.attrs: dict[str, AttrFact] = {}
        self.methods: list[FuncFact] = []
        self.settings: dict[str, object] = {}
        #: whether the file names a mapped instance's column list at all (few do): only
        #: then can a method build from the columns (:func:`built_from_columns`)
        self.lists_columns = "__table__" in source.text or "__mapper__" in source.text
        #: whether the file calls a schema's validator at all: only then can a method
        #: validate its own instance (:func:`validated_from_self`)
        self.validates = _VALIDATOR_CALL.search(source.text) is not None

    def result(self) -> ClassFact:
        changes: dict[str, Any] = dict(self.settings)
        return replace(
            self.fact, attrs=tuple(self.attrs.values()), methods=tuple(self.methods), **changes
        )

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    self.assign(target, stmt.value, None)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            self.assign(stmt.target, stmt.value, stmt.annotation)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function(stmt)

    def nested_class(self, node: ast.ClassDef) -> None:
        if node.name == "Config":  # pydantic v1 style configuration
            for stmt in node.body:
                names = [dotted(t) for t in stmt.targets] if isinstance(stmt, ast.Assign) else []
                if {"orm_mode", "from_attributes"} & set(names) and _is_true(stmt.value):  # type: ignore[attr-defined]
                    self.settings["from_attributes"] = True

    def assign(self, target: ast.Name, value: ast.expr | None, annotation: ast.expr | None) -> None:
        name = target.id
        if name.startswith("__") and name.endswith("__"):
            self.dunder(name, value)
        elif name == "model_config" and value is not None:
            if _config_from_attributes(value):
                self.settings["from_attributes"] = True
        else:
            if name == "datamodel" and (model := datamodel(value)) is not None:
                self.settings["datamodel"] = dotted(model)
            if name == "base_filters" and (found := base_filters(value)):
                self.settings["filters"] = found
            if (
                isinstance(value, ast.Call)
                and last_name(value.func) == "Table"
                and (table := table_fact(self.source, value, name)) is not None
            ):
                held = cast("tuple[TableFact, ...]", self.settings.get("tables", ()))
                self.settings["tables"] = (*held, table)
            line, col = self.source.start(target)
            self.attrs[name] = attr_fact(self.source, name, line, col, value, annotation)

    def dunder(self, name: str, value: ast.expr | None) -> None:
        if name == "__tablename__" and (text := string_value(value)) is not None:
            self.settings["tablename"] = text
        elif name == "__abstract__" and _is_true(value):
            self.settings["abstract"] = True
        elif (
            name == "__table__" and isinstance(value, ast.Call) and last_name(value.func) == "Table"
        ):
            table = table_fact(self.source, value, None)
            if table:
                self.settings.update(table=table, tablename=table.name)
        elif name == "__table__" and dotted(value):
            self.settings["table_ref"] = dotted(value)
        elif name == "__table__" and (operands := joined_tables(value)):
            self.settings["joined"] = operands

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        decorators = [
            dotted(d.func if isinstance(d, ast.Call) else d) or "" for d in node.decorator_list
        ]
        kind = next((d for d in decorators if d in ("classmethod", "staticmethod")), "")
        args = node.args
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        if kind != "staticmethod":
            positional = positional[1:]  # self, cls
        body = _Body(node) if node.returns is None else None
        params = positional_names(node)
        own = params[0] if kind == "classmethod" and params else None  # ``cls``
        own_rows = returned_rows(node, own) if own and body is not None else None
        own_rows = own_rows if own_rows is not None and own_rows[1] == OWN else None
        fact = FuncFact(
            node.name, returned_type(node, body), kind, tuple(positional),
            tuple(a.arg for a in args.kwonlyargs), bool(args.vararg or args.kwarg),
            given_back(node, 0 if kind == "staticmethod" else 1, body),
            (kind != "staticmethod" and returns_own(node)) or own_rows == (ROW, OWN),
            validated_from_self(node) if kind == "" and self.validates else (),
            own_rows == (ROWS, OWN),
            returns_via(node, own) if own and body is not None else "",
            builds_own=bool(own) and builds_own(node, own or ""),
            builds=built_from_columns(node) if kind == "" and self.lists_columns else (),
            keeps=kept_by_name(node) if node.name == "__init__" else (),
        )  # fmt: skip
        if own is not None:
            fact = replace(fact, looked_up_by=looked_up_by(node, own))
        if kind == "" and (access := attribute_access(node)):
            fact = replace(fact, attributes=access)
        self.methods.append(fact)
        if node.name == "__init__":
            self.settings["instance_types"] = init_types(node, self.context)
        wrapped = self.wrapper_name(node.name, decorators)
        if wrapped == node.name and (key := keyed_property(node)) is not None:
            keyed = cast("tuple[tuple[str, str], ...]", self.settings.get("keyed", ()))
            self.settings["keyed"] = (*keyed, (node.name, key))
        if wrapped:
            self.add_wrapper(wrapped, node, decorators, fact.returns)
        elif node.name == "__tablename__" and _is_declared_attr(decorators):
            self.settings["tablename_rule"] = tablename_rule(node)
        elif _is_declared_attr(decorators):
            self.declared_attr(node)

    def wrapper_name(self, name: str, decorators: list[str]) -> str | None:
        for decorator in decorators:
            head, _, rest = decorator.partition(".")
            if decorator.rpartition(".")[2] in _PROPERTY_DECORATORS:
                return name
            if rest and head in self.attrs and self.attrs[head].kind == WRAPPER:
                return head  # @fee.setter, @fee.expression, @fee.inplace.setter
        return None

    def add_wrapper(
        self,
        name: str,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        decorators: list[str],
        returns: TypeSpec | None,
    ) -> None:
        """``returns``: what :func:`returned_type` says of ``node``."""
        reads = _self_reads(node)
        pure = _pure_body(node)
        existing = self.attrs.get(name)
        if existing and existing.kind == WRAPPER:
            # a setter (or an expression) keeps the property the column's value only where
            # it touches nothing the getter does not read: one that also writes another
            # column (``self.email_verified = False``) is no wrapper of that column
            self.attrs[name] = replace(
                existing,
                reads=tuple(dict.fromkeys(existing.reads + reads)),
                pure=existing.pure and pure and set(reads) <= set(existing.reads),
            )
            return
        line, col = self.source.def_name_start(node)
        detail = next(
            (
                d.rpartition(".")[2]
                for d in decorators
                if d.rpartition(".")[2] in _PROPERTY_DECORATORS
            ),
            "property",
        )
        self.attrs[name] = AttrFact(
            name, line, col, WRAPPER, reads=reads, type=returns, detail=detail, pure=pure
        )

    def declared_attr(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for stmt in ast.walk(node):
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                line, col = self.source.def_name_start(node)
                fact = attr_fact(self.source, node.name, line, col, stmt.value, node.returns)
                if fact.kind != OTHER:
                    self.attrs[node.name] = fact
                return


#: The conventions a ``declared_attr`` ``__tablename__`` can follow, by the code it runs on
#: ``cls.__name__``: ``lower`` (``Task``/``TaskRun`` -> ``task``/``taskrun``), ``snake``
#: (``task_run``), either with a plural ``s``; ``name`` keeps the class name.
TABLENAME_RULES = ("name", "lower", "snake", "name+s", "lower+s", "snake+s")

#: Callee names that turn CamelCase into snake_case (``re.sub``, ``camel_to_snake``, ...).
_SNAKE_WORDS = ("sub", "split", "findall", "snake", "underscore", "camel", "decamel")


def looked_up_by(node: ast.FunctionDef | ast.AsyncFunctionDef, own: str) -> tuple[str, ...]:
    """The parameters of the class method ``node`` (``own`` its ``cls``) that it looks rows
    of its class up by: ``def by_openid(cls, openid): obj = meta.Session.query(cls)...;
    return obj.filter_by(openid=openid).first()``. Every read of such a parameter is the
    value of the keyword of its own name given to ``filter_by`` called on a query of the
    class (``query(cls)``, ``cls.query``, continued by calls), or on a local bound once, to
    such a query; the parameter is bound nowhere else, and nothing nested reads it."""

    def of_own(expr: ast.expr, queries: set[str]) -> bool:
        while True:
            if isinstance(expr, ast.Call):
                if (
                    isinstance(expr.func, ast.Attribute)
                    and expr.func.attr == "query"
                    and len(expr.args) == 1
                    and isinstance(expr.args[0], ast.Name)
                    and expr.args[0].id == own
                ):
                    return True
                expr = expr.func
            elif isinstance(expr, ast.Attribute):
                if (
                    expr.attr == "query"
                    and isinstance(expr.value, ast.Name)
                    and expr.value.id == own
                ):
                    return True
                expr = expr.value
            else:
                return isinstance(expr, ast.Name) and expr.id in queries

    assigned: dict[str, list[ast.expr]] = {}
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assign):
            for target in inner.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(inner.value)
    queries = {
        name for name, values in assigned.items() if len(values) == 1 and of_own(values[0], set())
    }
    if any(
        inner is not node and isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for inner in ast.walk(node)
    ):
        return ()
    found = []
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]]
    for param in params[1:]:
        if param in assigned:
            continue
        reads = [
            inner for inner in ast.walk(node) if isinstance(inner, ast.Name) and inner.id == param
        ]
        looked_up = {
            id(keyword.value)
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "filter_by"
            and of_own(call.func.value, queries)
            for keyword in call.keywords
            if keyword.arg == param
            and isinstance(keyword.value, ast.Name)
            and keyword.value.id == param
        }
        if reads and all(id(read) in looked_up for read in reads):
            found.append(param)
    return tuple(found)


#: Class methods of a schema that build one from an object's attributes.
_VALIDATORS = frozenset({"model_validate", "from_orm", "parse_obj", "validate"})
#: A call of one of them, as text.
_VALIDATOR_CALL = re.compile(r"\.(?:" + "|".join(sorted(_VALIDATORS)) + r")\s*\(")


def validated_from_self(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    """The attributes ``X`` of the instance that a method calls a schema's validator of
    with the instance itself: ``self.X.model_validate(self, ...)`` (``X`` a class attribute
    each subclass sets to its schema, ``__pydantic_model__ = PydanticStep``)."""
    params = [*node.args.posonlyargs, *node.args.args]
    if not params:
        return ()
    own = params[0].arg
    found: list[str] = []
    for inner in ast.walk(node):
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr in _VALIDATORS
            and inner.args
            and isinstance(inner.args[0], ast.Name)
            and inner.args[0].id == own
            and isinstance(inner.func.value, ast.Attribute)
            and isinstance(inner.func.value.value, ast.Name)
            and inner.func.value.value.id == own
        ):
            found.append(inner.func.value.attr)
    return tuple(dict.fromkeys(found))


#: What lists a mapped instance's columns: ``self.__table__.columns`` (or ``.c``),
#: ``self.__mapper__.columns``.
_COLUMN_LISTS = frozenset({("__table__", "columns"), ("__table__", "c"), ("__mapper__", "columns")})


def built_from_columns(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    """The attributes ``X`` of the instance that a method calls with the instance's columns
    as keywords, each by its name: ``self.X(**kwargs)`` where ``kwargs`` is bound once in
    the method, to an empty dict that a loop over ``self.__table__.columns`` fills with
    ``kwargs[column.name] = getattr(self, column.name)`` (and nothing takes a key out of it),
    or ``self.X(**{c.name: getattr(self, c.name) for c in self.__table__.columns})``.
    (``X`` a class attribute each model sets to its own plain data class: ``__data_model__
    = data_models.Vip``.)"""
    params = [*node.args.posonlyargs, *node.args.args]
    if not params:
        return ()
    own = params[0].arg
    filled = _filled_from_columns(node, own)
    found: list[str] = []
    for inner in ast.walk(node):
        if not (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and isinstance(inner.func.value, ast.Name)
            and inner.func.value.id == own
        ):
            continue
        spread = [k.value for k in inner.keywords if k.arg is None]
        if len(spread) != 1:
            continue
        value = spread[0]
        if (isinstance(value, ast.Name) and value.id in filled) or (
            isinstance(value, ast.DictComp)
            and len(value.generators) == 1
            and not value.generators[0].ifs  # a filter leaves columns out
            and _column_pair(value.generators[0], value.key, value.value, own)
        ):
            found.append(inner.func.attr)
    return tuple(dict.fromkeys(found))


def kept_by_name(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    """The parameters of the constructor ``node`` that a statement of its body assigns to
    the instance's attribute of their own name (``self.floating_ip_id = floating_ip_id``),
    where no other statement of it assigns that attribute."""
    params = [*node.args.posonlyargs, *node.args.args]
    if not params:
        return ()
    own = params[0].arg
    names = {a.arg for a in [*params[1:], *node.args.kwonlyargs]}
    kept: dict[str, int] = {}
    assigned: dict[str, int] = {}
    for inner in ast.walk(node):
        if not isinstance(inner, ast.Assign | ast.AnnAssign | ast.AugAssign):
            continue
        targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == own
            ):
                assigned[target.attr] = assigned.get(target.attr, 0) + 1
                if (
                    isinstance(inner, ast.Assign)
                    and isinstance(inner.value, ast.Name)
                    and inner.value.id == target.attr
                    and target.attr in names
                ):
                    kept[target.attr] = kept.get(target.attr, 0) + 1
    return tuple(n for n in kept if kept[n] == 1 and assigned.get(n) == 1)


def _filled_from_columns(node: ast.FunctionDef | ast.AsyncFunctionDef, own: str) -> set[str]:
    """The locals of ``node`` bound once to ``{}`` (or ``dict()``) and filled by a loop over
    the instance's columns, one key per column (see :func:`built_from_columns`): the loop's
    body that one assignment and nothing else (no test, no ``continue`` that could leave a
    column out), and no other code that takes a key out of the dict or writes one by its
    name (``del``, ``pop``, ``update``, ``setdefault``, ``|=``, ``d["name"] = ...``; a key
    computed elsewhere, the name of a relationship, is left to the code)."""
    bindings: dict[str, int] = {}
    empty: set[str] = set()
    taken: set[str] = set()
    filled: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                        bindings[name.id] = bindings.get(name.id, 0) + 1
                        value = inner.value
                        if (isinstance(value, ast.Dict) and not value.keys) or (
                            isinstance(value, ast.Call)
                            and isinstance(value.func, ast.Name)
                            and value.func.id == "dict"
                            and not value.args
                            and not value.keywords
                        ):
                            empty.add(name.id)
        elif isinstance(inner, ast.For | ast.comprehension):
            for name in ast.walk(inner.target):
                if isinstance(name, ast.Name):
                    bindings[name.id] = bindings.get(name.id, 0) + 1
        if isinstance(inner, ast.Delete):
            taken |= {
                t.value.id
                for t in inner.targets
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)
            }
        elif (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr in ("pop", "popitem", "clear", "update", "setdefault")
            and isinstance(inner.func.value, ast.Name)
        ):
            taken.add(inner.func.value.id)
        elif isinstance(inner, ast.AugAssign) and isinstance(inner.target, ast.Name):
            taken.add(inner.target.id)
        elif (
            isinstance(inner, ast.Subscript)
            and isinstance(inner.ctx, ast.Store | ast.Del)
            and isinstance(inner.value, ast.Name)
            and isinstance(inner.slice, ast.Constant)
        ):
            taken.add(inner.value.id)  # a key written by its name: a column's, perhaps
        if isinstance(inner, ast.For) and len(inner.body) == 1 and not inner.orelse:
            stmt = inner.body[0]
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Subscript)
                and isinstance(stmt.targets[0].value, ast.Name)
                and _column_pair(inner, stmt.targets[0].slice, stmt.value, own)
            ):
                filled.add(stmt.targets[0].value.id)
    return {n for n in filled & empty if bindings.get(n) == 1 and n not in taken}


def _column_pair(
    loop: ast.For | ast.comprehension, key: ast.expr, value: ast.expr, own: str
) -> bool:
    """Whether ``loop`` runs over the instance's columns and ``key: value`` is a column's
    name and the instance's value of it: ``column.name`` (or ``.key``) and
    ``getattr(self, column.name)``."""
    if not isinstance(loop.target, ast.Name):
        return False
    it = loop.iter
    if not (
        isinstance(it, ast.Attribute)
        and isinstance(it.value, ast.Attribute)
        and isinstance(it.value.value, ast.Name)
        and it.value.value.id == own
        and (it.value.attr, it.attr) in _COLUMN_LISTS
    ):
        return False
    column = loop.target.id

    def named(expr: ast.expr) -> str | None:
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == column
            and expr.attr in ("name", "key")
        ):
            return expr.attr
        return None

    return (
        named(key) is not None
        and isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "getattr"
        and len(value.args) == 2
        and not value.keywords
        and isinstance(value.args[0], ast.Name)
        and value.args[0].id == own
        and named(value.args[1]) == named(key)
    )


def builds_own(node: ast.FunctionDef | ast.AsyncFunctionDef, own: str) -> bool:
    """Whether the class method ``node`` (its class bound to ``own``) gives its ``**kwargs``
    to ``own(...)`` and does nothing else with them: no read, no ``pop``, no other call,
    no new binding (``kwargs = {...}``), no function of its own that could see them."""
    kwargs = node.args.kwarg.arg if node.args.kwarg else None
    if kwargs is None:
        return False
    given = 0
    for inner in ast.walk(node):
        if inner is not node and isinstance(
            inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        ):
            return False
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Name)
            and inner.func.id == own
        ):
            given += sum(
                1
                for k in inner.keywords
                if k.arg is None and isinstance(k.value, ast.Name) and k.value.id == kwargs
            )
    uses = sum(1 for inner in ast.walk(node) if isinstance(inner, ast.Name) and inner.id == kwargs)
    return given > 0 and uses == given


def returns_via(node: ast.FunctionDef | ast.AsyncFunctionDef, own: str) -> str:
    """The method of its own class whose result every ``return`` of a class method gives:
    ``"super"`` for ``super().name(...)`` / ``super(Class, cls).name(...)``, ``name`` its
    own (the method it overrides); ``m`` for ``cls.m(...)``; ``""`` otherwise."""
    found: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, (ast.Yield, ast.YieldFrom, ast.Lambda)) or (
            inner is not node and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef))
        ):
            return ""
        if not isinstance(inner, ast.Return):
            continue
        value = inner.value
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
            return ""
        called, method = value.func.value, value.func.attr
        if isinstance(called, ast.Name) and called.id == own and method != node.name:
            found.add(method)
        elif (
            method == node.name
            and isinstance(called, ast.Call)
            and isinstance(called.func, ast.Name)
            and called.func.id == "super"
            and (not called.args or (len(called.args) == 2 and dotted(called.args[1]) == own))
        ):
            found.add("super")
        else:
            return ""
    return found.pop() if len(found) == 1 else ""


def positional_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [a.arg for a in [*node.args.posonlyargs, *node.args.args]]


def returns_own(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a method returns an instance of the class it is called on: annotated
    ``-> Self``, or ``-> T`` where its first parameter is ``cls: type[T]`` / ``self: T``."""
    returned = type_spec(node.returns) if node.returns is not None else None
    if returned is None or returned.collection or returned.items or returned.is_class:
        return False
    if returned.name.rpartition(".")[2] == "Self":
        return True
    params = [*node.args.posonlyargs, *node.args.args]
    first = type_spec(params[0].annotation) if params and params[0].annotation else None
    if first is None or first.collection or first.items or first.name != returned.name:
        return False
    classmethod = any(last_name(d) == "classmethod" for d in node.decorator_list)
    return first.is_class if classmethod else not first.is_class


def returned_type(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    body: _Body | None = None,
    queries: Mapping[str, Known] | None = None,
) -> TypeSpec | None:
    """The annotated return type; without one, the class every ``return`` names
    (``return orm_models.FlowRun``: a database interface handing out model classes) or
    builds (``return Task(...)``), when they all agree; else the rows of a model's query
    every ``return`` gives (:func:`~colretire.analysis.rows.returned_rows`), or what the
    one function every ``return`` calls returns (``return get_or_create_db("examples")``).
    ``body``: what one walk of the function found (:class:`_Body`), when the caller has it."""
    if node.returns is not None:
        return type_spec(node.returns)
    body = body or _Body(node)
    if body.nested:
        return None  # a nested function's returns are not this one's
    if body.returns and all(isinstance(value, ast.Tuple) for value in body.returns):
        return _tuple_type(node, body)
    found: set[TypeSpec] = set()
    for value in body.returns:
        name = dotted(value.func if isinstance(value, ast.Call) else value)
        last = name.rpartition(".")[2] if name else ""
        if not last[:1].isupper() or last.isupper():
            return _module_named(node, body, _rows_type(node, queries) or _called_type(body))
        found.add(TypeSpec(name or "", is_class=not isinstance(value, ast.Call)))
    return _module_named(node, body, found.pop()) if len(found) == 1 else None


def _module_named(
    node: ast.FunctionDef | ast.AsyncFunctionDef, body: _Body, spec: TypeSpec | None
) -> TypeSpec | None:
    """``spec``, where the name it starts with is not one the function binds itself (a
    parameter, ``def make(User, data): return User(**data)``; a local, an import or a class
    of its body): only then does the name mean what it means in the module."""
    if spec is None or not spec.name:
        return spec
    root, dot, rest = spec.name.partition(".")
    params = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    if root in params:
        return None
    if root in body.imported:  # imported by the function: named by its qualified name
        return replace(spec, name=body.imported[root] + dot + rest)
    return None if root in body.bound else spec


def _tuple_type(node: ast.FunctionDef | ast.AsyncFunctionDef, body: _Body) -> TypeSpec | None:
    """Every ``return`` a tuple of one size (``return False, "", server`` and ``return True,
    error, None``): at each position, what every tuple there gives, ``None`` aside (an
    optional value), where that is the result of one call (``server = get_server(sid)``,
    the one binding of the local; or the call itself): :attr:`TypeSpec.call`, for the index
    to resolve. A position whose values disagree, or that holds anything else, is unknown."""
    if body.yields:
        return None
    sizes = {len(value.elts) for value in body.returns if isinstance(value, ast.Tuple)}
    if (
        len(sizes) != 1
        or sizes == {1}
        or any(
            isinstance(e, ast.Starred)
            for v in body.returns
            if isinstance(v, ast.Tuple)
            for e in v.elts
        )
    ):
        return None
    calls = _call_bindings(node)
    items: list[TypeSpec | None] = []
    for position in range(sizes.pop()):
        specs: set[TypeSpec | None] = set()
        optional = False
        for value in body.returns:
            element = value.elts[position] if isinstance(value, ast.Tuple) else None
            if isinstance(element, ast.Constant) and element.value is None:
                optional = True
                continue
            if isinstance(element, ast.Name):
                specs.add(calls.get(element.id))
            elif isinstance(element, ast.Call):
                specs.add(_call_spec(element, node))
            else:
                specs.add(None)
        spec = specs.pop() if len(specs) == 1 else None
        items.append(replace(spec, optional=True) if spec is not None and optional else spec)
    return TypeSpec("tuple", items=tuple(items)) if any(items) else None


def _call_bindings(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, TypeSpec | None]:
    """The locals of the function bound once, by a plain assignment of a call
    (``server = get_server(sid)``): what calling it gives; ``None`` for those bound
    otherwise too."""
    params = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    found: dict[str, TypeSpec | None] = {}
    seen: set[str] = set()
    for inner in ast.walk(node):
        if not isinstance(inner, ast.Name) or isinstance(inner.ctx, ast.Load):
            continue
        name = inner.id
        if name in seen or name in params:
            found[name] = None
        seen.add(name)
    for inner in ast.walk(node):
        if (
            isinstance(inner, ast.Assign)
            and len(inner.targets) == 1
            and isinstance(inner.targets[0], ast.Name)
            and inner.targets[0].id in seen
            and inner.targets[0].id not in found
            and isinstance(inner.value, ast.Call)
        ):
            found[inner.targets[0].id] = _call_spec(inner.value, node)
    return found


def _call_spec(call: ast.Call, node: ast.FunctionDef | ast.AsyncFunctionDef) -> TypeSpec | None:
    """What calling a name of the module gives (``get_server(sid)``, ``utils.get(x)``); not a
    method of ``self`` or ``cls``, nor a call through a parameter or another local."""
    callee = dotted(call.func)
    if callee is None:
        return None
    head = callee.split(".")[0]
    params = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    if head in ("self", "cls", "super") or head in params or head in _stored(node):
        return None
    return TypeSpec(callee, call=True)


def _stored(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    return {
        inner.id
        for inner in ast.walk(node)
        if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load)
    }


def queries_in(
    tree: ast.Module, functions: Mapping[str, ast.FunctionDef | ast.AsyncFunctionDef]
) -> dict[str, Known]:
    """The functions of a module (``functions``, its top-level ones) that give a query
    (:func:`~colretire.analysis.rows.module_queries`), with oslo.db's ``model_query`` as
    the module imports it. A name bound twice (a ``def`` under an ``if`` beside another)
    says no one query."""
    imports = [
        item for stmt in tree.body if isinstance(stmt, (ast.Import, ast.ImportFrom))
        for item in imports_of(stmt)
    ]  # fmt: skip
    counts = binding_counts(tree)
    once = {name: node for name, node in functions.items() if counts[name] == 1}
    return module_queries(once, query_factories(imports))


def query_factories(imports: Iterable[ImportFact]) -> frozenset[str]:
    """oslo.db's ``model_query(model, session, ...)``, which gives a query of the class it is
    given, as the module's imports write it (``db_utils.model_query``)."""
    found = set()
    for item in imports:
        bound = f"{item.module}.{item.name}" if item.name else item.module
        if item.level:
            continue
        if bound == "oslo_db.sqlalchemy.utils":
            found.add(f"{item.local}.model_query")
        elif bound == "oslo_db.sqlalchemy.utils.model_query":
            found.add(item.local)
    return frozenset(found)


def _rows_type(
    node: ast.FunctionDef | ast.AsyncFunctionDef, queries: Mapping[str, Known] | None = None
) -> TypeSpec | None:
    rows = returned_rows(node, None, queries)
    if rows is None:
        return None
    kind, name = rows
    return TypeSpec(name, collection=kind == ROWS)


def _called_type(body: _Body) -> TypeSpec | None:
    """``return get_or_create_db(...)`` in every ``return`` (``None`` aside): what that
    function returns, for the index to resolve (a call of a method, ``self.x()``, or of a
    library resolves to nothing)."""
    if body.yields:
        return None
    callees: set[str] = set()
    for value in body.returns:
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            continue
        callee = dotted(value.func) if isinstance(value, ast.Call) else None
        if callee is None or callee.split(".")[0] in ("self", "cls", "super"):
            return None
        callees.add(callee)
    return TypeSpec(callees.pop(), call=True) if len(callees) == 1 else None


def returned_call(
    node: ast.FunctionDef | ast.AsyncFunctionDef, body: _Body
) -> tuple[str, tuple[str, ...]] | None:
    """The one call a function returns, when it has one ``return`` and that is a call of a
    name: the callee and its positional arguments as written (``""`` for an argument that is
    not a name)."""
    if body.nested or len(body.returns) != 1:
        return None
    value = body.returns[0]
    if not isinstance(value, ast.Call) or any(isinstance(a, ast.Starred) for a in value.args):
        return None
    callee = dotted(value.func)
    return (callee, tuple(dotted(a) or "" for a in value.args)) if callee else None


def _may_key(returns: TypeSpec | None, body: _Body | None) -> bool:
    """Whether every ``return`` of a function may give the value of a key (a subscript, or
    a name stored at one), so that :func:`keyed_return` has something to read."""
    return (
        returns is None
        and body is not None
        and not body.nested
        and bool(body.returns)
        and all(isinstance(value, ast.Subscript | ast.Name) for value in body.returns)
        and any(isinstance(value, ast.Subscript) for value in body.returns)
    )


class _Body:
    """What :func:`returned_type` and :func:`given_back` read in a function's code, found in
    one walk of it: the values of its ``return`` statements, whether it holds a ``yield``,
    and the names it binds (or deletes); or only that it holds nested code (a function or a
    lambda), which settles both: the walk stops there."""

    __slots__ = ("bound", "imported", "nested", "returns", "yields")

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.nested = False
        self.yields = False
        self.returns: list[ast.expr | None] = []
        self.bound: set[str] = set()
        #: the names its own imports bind, with what they name (``models`` ->
        #: ``superset.models.core`` of ``from superset.models import core as models``)
        self.imported: dict[str, str] = {}
        # ``ast.walk`` in any order, without its generators, and without a step for the
        # context of each name (``Load``, ``Store``: most of a function's nodes)
        stack: list[Any] = [node]
        while stack:
            inner = stack.pop()
            kind = type(inner)
            if kind is ast.Name:
                if type(inner.ctx) is not ast.Load:
                    self.bound.add(inner.id)
                continue
            if kind in _NESTED and inner is not node:
                self.nested = True
                return
            if kind is ast.Import or kind is ast.ImportFrom:
                for item in imports_of(inner):
                    if item.level:  # relative: read in the module's names, as before
                        continue
                    local = item.local.partition(".")[0]
                    self.bound.add(local)
                    self.imported[local] = (
                        f"{item.module}.{item.name}" if item.name else item.module
                    )
            elif kind is ast.ClassDef:
                self.bound.add(inner.name)
            if kind is ast.Return:
                self.returns.append(inner.value)
            elif kind is ast.Yield or kind is ast.YieldFrom:
                self.yields = True
            elif kind is ast.Constant:
                continue
            fields = _FIELDS.get(kind)
            if fields is None:
                fields = _FIELDS[kind] = tuple(f for f in kind._fields if f != "ctx")
            for field in fields:
                child = getattr(inner, field, None)
                if type(child) is list:
                    stack.extend(item for item in child if isinstance(item, ast.AST))
                elif isinstance(child, ast.AST):
                    stack.append(child)


#: Nodes that hold code of their own.
_NESTED = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})
#: The fields of each kind of node that can hold other nodes (not a name's context).
_FIELDS: dict[type, tuple[str, ...]] = {}


def keyed_property(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The key whose value a property returns and nothing else (``return
    self.settings["hub"]``, a docstring aside)."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and string_value(body[0].value) is not None:
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    value = body[0].value
    if not isinstance(value, ast.Subscript):
        return None
    return string_value(value.slice)


def init_types(
    node: ast.FunctionDef | ast.AsyncFunctionDef, context: ast.expr | None = None
) -> tuple[tuple[str, TypeSpec], ...]:
    """``self.x = x`` for a parameter annotated ``x: X`` (or ``self.x: X = ...``, or
    ``self.x = make_x(...)``) in an ``__init__``: the attributes stored from values of
    types the code states. An attribute stored from several such values is listed once
    with each (``self.study = create_study()`` in one branch, ``self.study = study``
    for ``study: Study | None`` in the other): it holds one type where they all name the
    same class, which only the names' resolution can tell (see :func:`stated_type`); an
    attribute also stored from a value of no stated type is left out. ``context``: the
    class a Pyramid view class is registered for, which Pyramid hands its
    ``__init__(self, context, request)`` first."""
    args = node.args
    params = [*args.posonlyargs, *args.args]
    if not params:
        return ()
    owner = params[0].arg
    annotated = {a.arg: a.annotation for a in [*params[1:], *args.kwonlyargs] if a.annotation}
    if context is not None and len(params) > 1 and params[1].arg not in annotated:
        annotated[params[1].arg] = context
    found: dict[str, list[TypeSpec] | None] = {}
    target: ast.expr
    value: ast.expr | None
    annotation: ast.expr | None
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assign) and len(inner.targets) == 1:
            target, value, annotation = inner.targets[0], inner.value, None
        elif isinstance(inner, ast.AnnAssign):
            target, value, annotation = inner.target, inner.value, inner.annotation
        else:
            continue
        if not (isinstance(target, ast.Attribute) and dotted(target.value) == owner):
            continue
        if annotation is None and isinstance(value, ast.Name) and value.id in annotated:
            annotation = annotated[value.id]
        spec = type_spec(annotation) if annotation is not None else None
        if annotation is None and isinstance(value, ast.Call) and (callee := dotted(value.func)):
            first = value.args[0] if value.args else None
            wrapped = dotted(first.func) if isinstance(first, ast.Call) else None
            spec = TypeSpec(callee, call=True, wraps=wrapped or "")
        # stored from a value of no stated type: none; twice the same annotated parameter
        # (``self.jobs = jobs`` written again further down) is one type
        specs = found.setdefault(target.attr, [])
        if spec is None or specs is None:
            found[target.attr] = None
        elif spec not in specs:
            specs.append(spec)
    return tuple((name, spec) for name, specs in found.items() for spec in specs or ())


def stated_type(
    pairs: Iterable[tuple[str, TypeSpec]], attr: str, resolve: Callable[[TypeSpec], T]
) -> T | None:
    """The one type the values :func:`init_types` lists for ``attr`` resolve to: ``None``
    where there is none, where one does not resolve, or where they do not agree."""
    found = [resolve(spec) for name, spec in pairs if name == attr]
    if not found or any(item is None for item in found) or any(f != found[0] for f in found):
        return None
    return found[0]


#: Pyramid's class decorators that register a view class for a ``context``
_VIEW_DECORATORS = frozenset({"view_defaults", "view_config"})


def view_context(node: ast.ClassDef) -> ast.expr | None:
    """``@view_defaults(context=Project)`` (or ``@view_config``) on a Pyramid view class:
    the class of the context its views are called for, a class named plainly."""
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call) and last_name(decorator.func) in _VIEW_DECORATORS:
            for keyword in decorator.keywords:
                if keyword.arg == "context" and isinstance(keyword.value, ast.Name | ast.Attribute):
                    return keyword.value
    return None


def given_back(
    node: ast.FunctionDef | ast.AsyncFunctionDef, skip: int, body: _Body | None = None
) -> tuple[int, str] | None:
    """The parameter every ``return`` of ``node`` gives back, never rebound in its body:
    its position after the first ``skip`` parameters (``self``), and its name. ``body``: what
    one walk of the function found (:class:`_Body`), when the caller has it."""
    if node.returns is not None:
        return None  # the annotation says what it returns
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    if len(params) <= skip:
        return None  # no parameter to give back
    body = body or _Body(node)
    if body.nested or body.yields:
        return None  # nested code: what it rebinds and returns is not followed
    names = {value.id if isinstance(value, ast.Name) else None for value in body.returns}
    if len(names) != 1:
        return None
    name = names.pop()
    if name is None or name not in params[skip:] or name in body.bound:
        return None
    return params.index(name) - skip, name


def query_passed_on(
    node: ast.FunctionDef | ast.AsyncFunctionDef, body: _Body | None
) -> tuple[int, str] | None:
    """The parameter every ``return`` of ``node`` gives, where the function binds it again
    only to itself continued by query methods (``query_ = query_.filter(...)``): given a
    query, the function gives a query of the same class. Its position and name. Not where
    it joins (Open Event Server's ``event_query`` joins ``Event`` on one branch): a
    ``filter_by`` after the call would then name the joined entity's attributes."""
    if node.returns is not None or body is None or body.nested or body.yields or joins(node):
        return None
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    names = {value.id if isinstance(value, ast.Name) else None for value in body.returns}
    if len(names) != 1:
        return None
    name = names.pop()
    if name is None or name not in params:
        return None
    # every binding of it is ``name = name.<query methods>(...)``, and there is one at least
    stores = chained = 0
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load):
            stores += 1
        elif (
            isinstance(inner, ast.Assign)
            and len(inner.targets) == 1
            and isinstance(inner.targets[0], ast.Name)
            and inner.targets[0].id == name
            and _continues_query(inner.value, name)
        ):
            chained += 1
    if not stores or stores != chained:
        return None  # given back unchanged (:func:`given_back`), or bound otherwise too
    return params.index(name), name


def _continues_query(value: ast.expr, name: str) -> bool:
    """``name.join(X).filter(...)``: ``name`` continued by query methods, at least one."""
    steps = 0
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in QUERY_CHAIN
    ):
        value = value.func.value
        steps += 1
    return steps > 0 and isinstance(value, ast.Name) and value.id == name


def datamodel(value: ast.expr | None) -> ast.expr | None:
    """The model of a Flask-AppBuilder view's ``datamodel``: the class given to the data
    interface (``SQLAInterface(models.Database)``, or a project's subclass of it,
    ``CustomSQLAInterface(Log)``), which FAB's views read every field name from."""
    if not isinstance(value, ast.Call) or not value.args:
        return None
    if not last_name(value.func).endswith(DATAMODEL_INTERFACES):
        return None
    return value.args[0]


def opaque_filters(tree: ast.AST) -> bool:
    """Whether ``tree`` sets a view's ``base_filters`` in a way :func:`base_filters` cannot
    read from a class body: a class attribute bound to anything but a list literal of
    ``[field, FilterClass, value]`` items (``base_filters = FILTERS``), an attribute of an
    object set, extended or added to (``self.base_filters = [...]``, ``View.base_filters
    += ...``, ``self.base_filters.append(...)``), or ``setattr`` of that name."""
    literal: set[int] = set()
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        for stmt in cls.body:
            if (
                isinstance(stmt, ast.Assign | ast.AnnAssign)
                and isinstance(stmt.value, ast.List | ast.Tuple)
                and all(
                    isinstance(item, ast.List | ast.Tuple)
                    and len(item.elts) >= 2
                    and dotted(item.elts[1])
                    for item in stmt.value.elts
                )
            ):
                literal.add(id(stmt))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for inner in ast.walk(target):
                    named = (isinstance(inner, ast.Name) and inner.id == "base_filters") or (
                        isinstance(inner, ast.Attribute) and inner.attr == "base_filters"
                    )
                    if named and id(node) not in literal:
                        return True
        elif isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("append", "extend", "insert", "__iadd__")
                and last_name(func.value) == "base_filters"
            ):
                return True
            if last_name(func) == "setattr" and any(
                string_value(a) == "base_filters" for a in node.args
            ):
                return True
    return False


def base_filters(value: ast.expr | None) -> tuple[str, ...]:
    """The filter classes of a Flask-AppBuilder view's ``base_filters``, a list of ``[field,
    FilterClass, value]``: their dotted names as written."""
    if not isinstance(value, ast.List | ast.Tuple):
        return ()
    found = []
    for item in value.elts:
        if isinstance(item, ast.List | ast.Tuple) and len(item.elts) >= 2:
            name = dotted(item.elts[1])
            if name:
                found.append(name)
    return tuple(dict.fromkeys(found))


#: How the names of Flask-AppBuilder's data interfaces (``SQLAInterface``, ``GenericInterface``,
#: ``MongoEngineInterface``) and of the project's subclasses of them end.
DATAMODEL_INTERFACES = ("Interface",)


def _is_declared_attr(decorators: list[str]) -> bool:
    return any("declared_attr" in d.split(".") for d in decorators)


def tablename_rule(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The naming convention of a ``declared_attr`` ``__tablename__``, read from what it
    returns: ``cls.__name__.lower()`` is ``lower``; a regular-expression substitution or a
    ``*snake*`` helper on ``cls.__name__`` is ``snake``; ``+ "s"`` or an f-string ending in
    ``s`` adds the plural. Anything else is ``"?"``: the analysis says it cannot name the
    tables rather than guess."""
    returns = [n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value]
    if len(returns) != 1:
        return "?"
    value = returns[0]
    names = [n for n in ast.walk(value) if isinstance(n, ast.Attribute) and n.attr == "__name__"]
    if not names:
        return "?"
    callees = [
        (last_name(n.func) or "").lower() for n in ast.walk(value) if isinstance(n, ast.Call)
    ]
    if any(word in callee for callee in callees for word in _SNAKE_WORDS):
        base = "snake"
    elif "lower" in callees or "casefold" in callees:
        base = "lower"
    elif not callees:
        base = "name"
    else:
        return "?"
    return base + "+s" if _ends_in_s(value) else base


def _ends_in_s(value: ast.expr) -> bool:
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return string_value(value.right) == "s"
    if isinstance(value, ast.JoinedStr) and value.values:
        last = value.values[-1]
        return isinstance(last, ast.Constant) and str(last.value).endswith("s")
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        return _ends_in_s(value.func.value)  # ``(name + "s").lower()``
    return False


def _declarative_cls(value: ast.expr) -> str | None:
    """``declarative_base(cls=CustomBase)`` / ``registry().generate_base(cls=...)``."""
    if isinstance(value, ast.Call) and last_name(value.func) in (
        "declarative_base",
        "generate_base",
    ):
        for keyword in value.keywords:
            if keyword.arg == "cls" and (custom := dotted(keyword.value)):
                return custom
    return None


#: The name of a base class that is not a dotted name (``declarative_base()``): unknown.
UNKNOWN_BASE = "?"


def _base_name(node: ast.expr) -> str:
    """``Base``, ``models.Base``, ``BaseResponse`` for ``BaseResponse[Body, Meta]``."""
    if isinstance(node, ast.Subscript):
        node = node.value
    return dotted(node) or UNKNOWN_BASE


def _base_args(node: ast.expr) -> tuple[str, ...]:
    """The type arguments of a subscripted base, as written (see
    :attr:`ClassFact.base_args`)."""
    if not isinstance(node, ast.Subscript):
        return ()
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    found = []
    for item in items:
        spec = type_spec(item)
        plain = spec is not None and not (spec.collection or spec.is_class or spec.items)
        found.append(spec.name if spec is not None and plain else "")
    return tuple(found)


def _type_params(
    source: Source, node: ast.ClassDef, base_args: tuple[tuple[str, ...], ...]
) -> tuple[str, ...]:
    """The type variables a class is generic in (:attr:`ClassFact.type_params`): the
    arguments of its ``Generic[...]`` base, as Python orders them; without one, the
    ``TypeVar``s of its module that its bases are given, in the order they appear."""
    for base, args in zip(node.bases, base_args, strict=True):
        if last_name(_unsubscript(base)) in ("Generic", "Protocol") and args:
            return tuple(arg for arg in args if arg)
    written = [arg for args in base_args for arg in args if arg]
    if not written:
        return ()
    typevars = {
        target.id
        for stmt in source.tree.body
        if isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Call)
        and last_name(stmt.value.func) == "TypeVar"
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }
    return tuple(dict.fromkeys(arg for arg in written if arg in typevars))


def _is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _config_from_attributes(value: ast.expr) -> bool:
    if isinstance(value, ast.Call):
        return any(
            kw.arg in ("from_attributes", "orm_mode") and _is_true(kw.value)
            for kw in value.keywords
        )
    if isinstance(value, ast.Dict):
        return any(
            string_value(key) in ("from_attributes", "orm_mode") and _is_true(item)
            for key, item in zip(value.keys, value.values, strict=True)
        )
    return False


#: Builtins that convert a value without reading anything else: ``bool(self.status & 1)`` is
#: still the column's value by operators alone.
_CONVERSIONS = frozenset({"bool", "int", "float", "str"})


def _pure_body(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether ``node``'s body (a docstring aside) is the column's value or its write and
    nothing else, over attributes of its first parameter (``self.col``, ``cls.col``),
    constants, operators and the conversions of :data:`_CONVERSIONS`: a getter that is one
    ``return`` of such an expression (``return self.owners_require_2fa |
    self.pypi_mandates_2fa``, ``return bool((self.status or 0) & 0b001)``), or a setter whose
    every statement assigns such an expression, which may also read its value parameter, to
    an attribute of the first parameter, in the branches of ``if`` statements on such
    expressions (``if value: self.status = (self.status or 0) | 0b001``). Not a call of
    anything else, a subscript, a name of the module or an attribute of another object."""
    params = node.args.posonlyargs + node.args.args
    body = node.body
    if body and isinstance(body[0], ast.Expr) and string_value(body[0].value) is not None:
        body = body[1:]
    if not params or not body or node.args.vararg or node.args.kwarg or node.args.kwonlyargs:
        return False
    owner = params[0].arg
    given = frozenset(a.arg for a in params[1:])

    def pure(expr: ast.expr | None) -> bool:
        if isinstance(expr, ast.Attribute):
            return isinstance(expr.value, ast.Name) and expr.value.id == owner
        if isinstance(expr, ast.Name):
            return expr.id in given
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.BoolOp):
            return all(pure(v) for v in expr.values)
        if isinstance(expr, ast.BinOp):
            return pure(expr.left) and pure(expr.right)
        if isinstance(expr, ast.UnaryOp):
            return pure(expr.operand)
        if isinstance(expr, ast.Compare):
            return pure(expr.left) and all(pure(c) for c in expr.comparators)
        if isinstance(expr, ast.Call):
            return (
                isinstance(expr.func, ast.Name)
                and expr.func.id in _CONVERSIONS
                and len(expr.args) == 1
                and not expr.keywords
                and pure(expr.args[0])
            )
        return False

    if len(body) == 1 and isinstance(body[0], ast.Return):
        value = body[0].value
        return (
            not given and value is not None and pure(value) and not isinstance(value, ast.Constant)
        )
    return len(given) == 1 and _pure_writes(body, owner, pure)


def _pure_writes(body: list[ast.stmt], owner: str, pure: Callable[[ast.expr | None], bool]) -> bool:
    """Whether every statement of ``body`` assigns a ``pure`` value to an attribute of
    ``owner``, or is an ``if`` on a ``pure`` test whose branches do so (none empty)."""
    for statement in body:
        if isinstance(statement, ast.If):
            if not (
                pure(statement.test)
                and _pure_writes(statement.body, owner, pure)
                and (not statement.orelse or _pure_writes(statement.orelse, owner, pure))
            ):
                return False
        elif not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Attribute)
            and isinstance(statement.targets[0].value, ast.Name)
            and statement.targets[0].value.id == owner
            and pure(statement.value)
        ):
            return False
    return bool(body)


def _self_reads(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    """Attributes read through the first parameter (``self._fee``, ``cls._fee``)."""
    params = node.args.posonlyargs + node.args.args
    if not params:
        return ()
    owner = params[0].arg
    found: list[str] = []
    for item in ast.walk(node):
        if (
            isinstance(item, ast.Attribute)
            and isinstance(item.value, ast.Name)
            and item.value.id == owner
        ):
            found.append(item.attr)
        elif (
            isinstance(item, ast.Call)
            and last_name(item.func) in ("getattr", "setattr")
            and len(item.args) > 1
        ):
            text = string_value(item.args[1])
            if text:
                found.append(text)
    return tuple(dict.fromkeys(found))


def attr_fact(
    source: Source,
    name: str,
    line: int,
    col: int,
    value: ast.expr | None,
    annotation: ast.expr | None,
) -> AttrFact:
    """Classify one class attribute from its value and annotation."""
    spec = type_spec(annotation) if annotation is not None else None
    mapped = annotation is not None and _is_mapped(annotation)
    if isinstance(value, ast.Call):
        return _call_attr(source, name, line, col, value, annotation, spec)
    if mapped:
        if spec and _looks_like_class(spec.name) and spec.name not in _PYTHON_TYPES:
            return AttrFact(name, line, col, OTHER, type=spec)
        return _column_attr(source, name, line, col, None, annotation)
    if annotation is not None and last_name(_unsubscript(annotation)) != "ClassVar":
        default = source.segment(value) if value is not None else None
        return AttrFact(
            name, line, col, FIELD, type=spec, definition=_field_definition(spec, default)
        )
    return AttrFact(name, line, col, OTHER, reads=names_in([value]) if value is not None else ())


def _proxied(call: ast.Call) -> tuple[str, str] | None:
    """``association_proxy("user_keywords", "keyword")`` (or by the keywords
    ``target_collection=``, ``attr=``): the relationship and the related class's attribute."""
    given = list(call.args[:2])
    for name in ("target_collection", "attr")[len(given) :]:
        found = keyword(call, name)
        if found is not None:
            given.append(found)
    texts = [string_value(value) for value in given]
    if len(texts) == 2 and texts[0] and texts[1]:
        return texts[0], texts[1]
    return None


def _call_attr(
    source: Source,
    name: str,
    line: int,
    col: int,
    call: ast.Call,
    annotation: ast.expr | None,
    spec: TypeSpec | None,
) -> AttrFact:
    callee = last_name(call.func)
    if callee in ("mapped_column", "Column"):
        return _column_attr(source, name, line, col, call, annotation)
    if callee in ("deferred", "column_property") and call.args and _is_column_call(call.args[0]):
        inner = _column_attr(source, name, line, col, call.args[0], annotation)  # type: ignore[arg-type]
        return replace(inner, deferred=callee == "deferred" or _is_true(keyword(call, "deferred")))
    if callee in ("column_property", "synonym", "query_expression", "association_proxy"):
        return AttrFact(
            name,
            line,
            col,
            WRAPPER,
            reads=names_in(call.args),
            type=spec,
            detail=callee,
            proxied=_proxied(call) if callee == "association_proxy" else None,
        )
    if callee in ("relationship", "Relationship", "relation", "dynamic_loader", "backref"):
        return _relationship_attr(name, line, col, call, spec)
    if callee == "composite":
        return _composite_attr(name, line, col, call, spec)
    if callee == "Field":
        return _field_attr(source, name, line, col, call, annotation, spec)
    if annotation is not None:
        return AttrFact(
            name,
            line,
            col,
            FIELD,
            type=spec,
            definition=_field_definition(spec, source.segment(call)),
            foreign_key=_helper_foreign_key(callee, call),
        )
    attribute, data_key = field_options(call)
    return AttrFact(
        name, line, col, OTHER, reads=names_in([call]), attribute=attribute, data_key=data_key
    )


def _helper_foreign_key(callee: str, call: ast.Call) -> str | None:
    """A project's own foreign-key helper, ``build_foreign_key_field(target=Run.__tablename__,
    target_column="id", ...)``: the table and column it refers to."""
    if "foreign_key" not in callee.lower():
        return None
    target = keyword(call, "target")
    table = string_value(target)
    if table is None and (name := dotted(target)):
        table = name.removesuffix(".__tablename__")
    if not table:
        return None
    return f"{table}.{string_value(keyword(call, 'target_column')) or 'id'}"


def _is_column_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and last_name(node.func) in ("mapped_column", "Column")


def _is_mapped(annotation: ast.expr) -> bool:
    return last_name(_unsubscript(annotation)) == "Mapped" or (
        (text := string_value(annotation)) is not None and text.startswith("Mapped[")
    )


def _unsubscript(node: ast.expr) -> ast.expr:
    return node.value if isinstance(node, ast.Subscript) else node


def _looks_like_class(name: str) -> bool:
    last = name.rpartition(".")[2]
    return last[:1].isupper() and last not in ("Decimal", "UUID", "Any")


def _column_attr(
    source: Source,
    name: str,
    line: int,
    col: int,
    call: ast.Call | None,
    annotation: ast.expr | None,
) -> AttrFact:
    """A ``mapped_column(...)``/``Column(...)`` (or bare ``Mapped[...]``) attribute."""
    column = None
    foreign_key = None
    args: list[ast.expr] = list(call.args) if call else []
    if args and (text := string_value(args[0])) is not None:
        column = text
        args = args[1:]
    if call is not None and (text := string_value(keyword(call, "name"))) is not None:
        column = text
    for arg in args:
        if isinstance(arg, ast.Call) and last_name(arg.func) == "ForeignKey" and arg.args:
            target = arg.args[0]
            foreign_key = string_value(target) or dotted(target) or _formatted_key(target)
    deferred = call is not None and _is_true(keyword(call, "deferred"))
    definition = column_definition(source, call, annotation)
    return AttrFact(
        name, line, col, COLUMN, column=column if column != name else None, definition=definition,
        deferred=deferred, foreign_key=foreign_key, type=type_spec(annotation) if annotation else None,
    )  # fmt: skip


def _formatted_key(node: ast.expr) -> str | None:
    """``Problem.id`` of ``"{0}.id".format(Problem.__tablename__)`` (or ``"{}.id"``, or
    ``f"{Problem.__tablename__}.id"``): a foreign key to a column of the class whose table
    the text takes, written as the class's attribute, as ``ForeignKey(Problem.id)`` is."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and len(node.args) == 1
        and not node.keywords
        and (text := string_value(node.func.value)) is not None
        and text.startswith(("{0}.", "{}."))
    ):
        table, column = node.args[0], text.partition(".")[2]
    elif (
        isinstance(node, ast.JoinedStr)
        and len(node.values) == 2
        and isinstance(part := node.values[0], ast.FormattedValue)
        and part.conversion == -1
        and part.format_spec is None
        and (rest := string_value(node.values[1])) is not None
        and rest.startswith(".")
    ):
        table, column = part.value, rest[1:]
    else:
        return None
    if (
        column.isidentifier()
        and isinstance(table, ast.Attribute)
        and table.attr == "__tablename__"
        and (cls := dotted(table.value)) is not None
    ):
        return f"{cls}.{column}"
    return None


def column_definition(
    source: Source, call: ast.Call | None, annotation: ast.expr | None
) -> ColumnDefinition:
    """Type, nullability and defaults of a column, as source text."""
    spec = type_spec(annotation) if annotation is not None else None
    kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg} if call else {}
    type_text = _type_text(source, call, kwargs, spec)
    primary = _is_true(kwargs.get("primary_key"))
    if "nullable" in kwargs and isinstance(kwargs["nullable"], ast.Constant):
        nullable = bool(kwargs["nullable"].value)
    elif spec is not None and (call is None or last_name(call.func) == "mapped_column"):
        nullable = spec.optional and not primary
    else:
        nullable = not primary
    default = kwargs.get("default", kwargs.get("insert_default"))
    server_default = kwargs.get("server_default")
    return ColumnDefinition(
        type=type_text, nullable=nullable,
        default=source.segment(default) if default is not None else None,
        server_default=source.segment(server_default) if server_default is not None else None,
    )  # fmt: skip


def _type_text(
    source: Source, call: ast.Call | None, kwargs: dict[str, ast.expr], spec: TypeSpec | None
) -> str:
    if "type_" in kwargs:
        return source.segment(kwargs["type_"])
    for arg in call.args if call else []:
        if (
            string_value(arg) is None
            and last_name(arg.func if isinstance(arg, ast.Call) else arg) not in _NOT_A_TYPE
        ):
            return source.segment(arg)
    if spec is not None:
        last = spec.name.rpartition(".")[2]
        return _PYTHON_TYPES.get(last, last)
    return ""


def _field_definition(spec: TypeSpec | None, default: str | None) -> ColumnDefinition | None:
    if spec is None:
        return None
    last = spec.name.rpartition(".")[2]
    return ColumnDefinition(
        type=_PYTHON_TYPES.get(last, last), nullable=spec.optional, default=default
    )


def _relationship_attr(
    name: str, line: int, col: int, call: ast.Call, spec: TypeSpec | None
) -> AttrFact:
    uselist = keyword(call, "uselist")
    many: bool | None = None
    if isinstance(uselist, ast.Constant):
        many = bool(uselist.value)
    elif spec is not None:
        many = spec.collection  # Mapped[list["Task"]] or Mapped["Task"]
    elif keyword(call, "secondary") is not None:
        many = True
    elif keyword(call, "remote_side") is not None:
        many = False  # the many-to-one side of a self-referential relationship
    target = spec
    if call.args:
        text = string_value(call.args[0]) or dotted(call.args[0])
        if text:
            target = TypeSpec(text)
    if target:
        target = replace(target, collection=bool(many))
    backref = keyword(call, "backref")
    backref_many: bool | None = True if keyword(call, "secondary") is not None else None
    if isinstance(backref, ast.Call) and backref.args:
        backref_uselist = keyword(backref, "uselist")
        if isinstance(backref_uselist, ast.Constant):
            backref_many = bool(backref_uselist.value)
        backref = backref.args[0]
    fks = keyword(call, "foreign_keys")
    secondary = keyword(call, "secondary")
    return AttrFact(
        name, line, col, RELATIONSHIP, type=target, many=many,
        foreign_keys=names_in([fks]) if fks is not None else (),
        back_populates=string_value(keyword(call, "back_populates")),
        backref=string_value(backref), backref_many=backref_many,
        reads=names_in([v for k, v in ((kw.arg, kw.value) for kw in call.keywords) if k in ("primaryjoin", "order_by")]),
        joins=qualified_names_in(keyword(call, "primaryjoin")),
        secondary_joins=qualified_names_in(keyword(call, "secondaryjoin")),
        secondary=(string_value(secondary) or dotted(secondary)) if secondary is not None else None,
    )  # fmt: skip


def _composite_attr(
    name: str, line: int, col: int, call: ast.Call, spec: TypeSpec | None
) -> AttrFact:
    inline = []
    for arg in call.args:
        if (
            _is_column_call(arg)
            and isinstance(arg, ast.Call)
            and arg.args
            and (text := string_value(arg.args[0]))
        ):
            inline.append(text)
    args = [arg for arg in call.args if not _is_column_call(arg)]
    if (
        args
        and not inline
        and isinstance(args[0], (ast.Name, ast.Attribute))
        and _looks_like_class(dotted(args[0]) or "")
    ):
        args = args[1:]  # composite(Point, x, y): the first argument is the value class
    return AttrFact(
        name, line, col, COMPOSITE, type=spec, reads=names_in(args), inline_columns=tuple(inline)
    )


def _field_attr(
    source: Source,
    name: str,
    line: int,
    col: int,
    call: ast.Call,
    annotation: ast.expr | None,
    spec: TypeSpec | None,
) -> AttrFact:
    """A pydantic or SQLModel ``Field(...)``; ``sa_column=Column("x", ...)`` names a column."""
    alias = None
    for key in ("alias", "validation_alias", "serialization_alias"):
        alias = alias or string_value(keyword(call, key))
    sa_column = keyword(call, "sa_column")
    if isinstance(sa_column, ast.Call) and _is_column_call(sa_column):
        inner = _column_attr(source, name, line, col, sa_column, annotation)
        return replace(inner, kind=FIELD, alias=alias, sa_column=True)
    default = keyword(call, "default")
    if default is None and call.args:
        default = call.args[0]
    definition = _field_definition(spec, source.segment(default) if default is not None else None)
    nullable = keyword(call, "nullable")
    if definition and isinstance(nullable, ast.Constant):
        definition = replace(definition, nullable=bool(nullable.value))
    foreign_key = string_value(keyword(call, "foreign_key"))
    return AttrFact(
        name,
        line,
        col,
        FIELD,
        type=spec,
        alias=alias,
        definition=definition,
        foreign_key=foreign_key,
    )


#: Pyramid's decorator of event subscribers, as :func:`subscribed_event` finds it.
SUBSCRIBER = "pyramid.events.subscriber"


def subscribed_event(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Call | None:
    """``subscriber(RegistrationEvent)`` of ``@subscriber(RegistrationEvent) def
    notify(event)``: the one decorator of a function of one parameter, naming the one
    class it is subscribed to, with which Pyramid calls it. Whether ``subscriber`` is
    ``pyramid.events.subscriber`` is for the caller to tell."""
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    if (
        len(node.decorator_list) != 1
        or len(positional) != 1
        or args.vararg
        or args.kwarg
        or args.kwonlyargs
    ):
        return None
    decorator = node.decorator_list[0]
    if (
        isinstance(decorator, ast.Call)
        and last_name(decorator.func) == "subscriber"
        and len(decorator.args) == 1
        and not decorator.keywords
        and dotted(decorator.args[0])
        and dotted(decorator.func)
    ):
        return decorator
    return None
