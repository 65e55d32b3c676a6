"""What one scan looks for, worked out once from the project index.

A :class:`Target` names everything through which code can reach one column: the
attribute names the models map it to, the classes whose instances carry it, the Table
objects, the wrappers (properties, hybrids, synonyms) that read it, the composites that
include it, the relationships built on it when it is a foreign key, and the schemas that
mirror it. It also carries the :class:`World`, the slice of the index the per-file finder
needs to follow types. Both are plain values, sent once to each worker process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from colretire.analysis import facts as F
from colretire.analysis.discovery import is_test_module
from colretire.analysis.fieldoptions import dumps_key, read_as
from colretire.analysis.forwarding import Forwarding
from colretire.analysis.index import (
    MAPPED,
    MIXIN,
    PLAIN,
    SCHEMA,
    ClassInfo,
    ColumnSite,
    ProjectIndex,
    Resolved,
    Symbols,
    near,
)
from colretire.analysis.mirrors import Mirror, Proven, combine, through_nesting
from colretire.analysis.repositories import ValidatedPair
from colretire.model import ColumnRef, Confidence

ATTR = "attr"
REL = "relationship"
COMP = "composite"


@dataclass(frozen=True)
class ClassView:
    """A class as the type follower sees it, inheritance flattened."""

    name: str
    kind: str
    table: str | None
    ancestors: tuple[str, ...]
    attrs: Mapping[str, str]
    types: Mapping[str, Resolved]
    returns: Mapping[str, Resolved]
    #: the last names of its bases (and its ancestors' bases) that are not project classes
    external_bases: tuple[str, ...] = ()
    #: its methods (and its ancestors'), for their parameters
    methods: Mapping[str, F.FuncFact] = field(default_factory=dict)
    #: whether it (or an ancestor) reads its fields from an object's attributes
    #: (pydantic's ``from_attributes``, ``orm_mode``)
    from_attributes: bool = False
    #: the class a Flask-AppBuilder view shows (:attr:`~colretire.analysis.index.ClassInfo.datamodel`)
    datamodel: str | None = None
    #: how its ``__getattr__`` (or an ancestor's) hands the attributes it lacks on, the
    #: classes of the rows it holds resolved to their keys
    #: (:mod:`~colretire.analysis.forwarding`)
    forwarding: Forwarding | None = None
    #: its properties (and its ancestors') that return the value of a key, with the key
    #: (:attr:`~colretire.analysis.facts.ClassFact.keyed`)
    keyed: Mapping[str, str] = field(default_factory=dict)
    #: the filter classes of its ``base_filters`` (:attr:`~colretire.analysis.index.ClassInfo.filters`)
    filters: tuple[str, ...] = ()
    #: its marshmallow fields (and its ancestors') that read an attribute of another name
    #: (``attribute=``) and that dump under a key of another name (``data_key=``)
    #: (:mod:`~colretire.analysis.fieldoptions`)
    read_as: Mapping[str, str] = field(default_factory=dict)
    dumped_as: Mapping[str, str] = field(default_factory=dict)
    #: its library bases known to make it plain
    #: (:attr:`~colretire.analysis.index.ClassInfo.plain_library_bases`)
    plain_library_bases: tuple[str, ...] = ()
    #: the parameters its constructor is given a model and a schema by, the schema then
    #: validated from the model's instances (:mod:`~colretire.analysis.repositories`)
    validated: ValidatedPair | None = None
    #: how its objects give their attributes by key (``row["col"]``), where a library base
    #: says so (:attr:`~colretire.analysis.index.ClassInfo.keyed_access`)
    keyed_access: str = ""
    #: the attributes its code (and its ancestors') binds on any object, ``self`` among
    #: them (:attr:`~colretire.analysis.facts.ClassFact.binds`; ``*`` where it may bind
    #: them by a computed name)
    binds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class World:
    """Indexed classes, module-level functions' return types, Table objects and aliases."""

    symbols: Symbols
    classes: Mapping[str, ClassView]
    functions: Mapping[str, Resolved]
    tables: Mapping[str, str]
    aliases: Mapping[str, str]
    #: module-level instances of indexed classes -> their class
    instances: Mapping[str, str] = field(default_factory=dict)
    #: module-level functions that give back one of their parameters (see
    #: :attr:`~colretire.analysis.facts.FuncFact.gives_back`)
    gives_back: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    #: modules a ``from package import name`` binds as such (see
    #: :meth:`~colretire.analysis.index.ProjectIndex.plain_modules`)
    modules: frozenset[str] = frozenset()
    #: unannotated parameters of module-level functions that every call of the function
    #: gives an instance of one model (:mod:`~colretire.analysis.callers`): the class key,
    #: by :func:`~colretire.analysis.callers.parameter_key`
    parameters: Mapping[str, str] = field(default_factory=dict)
    #: attributes a class's ``__init__`` stores from such a parameter, ``module.Class.attr``
    #: (:mod:`~colretire.analysis.stored`): the class key of the model
    stored: Mapping[str, str] = field(default_factory=dict)
    #: module-level decorator factories that dump the decorated function's result with one
    #: of their parameters (see :attr:`~colretire.analysis.facts.FuncFact.dumps_result`)
    dumps_result: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    #: module-level functions that fetch a row of the class given them (see
    #: :attr:`~colretire.analysis.facts.FuncFact.row_of`)
    rows_of: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    #: module-level functions that give a query (see
    #: :meth:`~colretire.analysis.index.ProjectIndex.functions_giving_queries`)
    queries_of: Mapping[str, str | tuple[int, str, int]] = field(default_factory=dict)
    #: module-level functions that give on, filtered or joined, the query given them (see
    #: :attr:`~colretire.analysis.facts.FuncFact.passes_query`)
    passes_query: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    #: module-level functions that return the value of a key (see
    #: :meth:`~colretire.analysis.index.ProjectIndex.functions_returning_keys`)
    keyed_returns: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    #: module-level functions that make the table named by one of their parameters (see
    #: :meth:`~colretire.analysis.index.ProjectIndex.functions_making_tables`)
    table_factories: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    #: module-level unions of indexed classes (``AnyConfig = Union[TaskConfig,
    #: ServiceConfig]``) -> those classes (see
    #: :meth:`~colretire.analysis.index.ProjectIndex.union_classes`)
    unions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: whether some file sets a view's ``base_filters`` in a way the class facts miss
    #: (:attr:`~colretire.analysis.facts.FileFacts.opaque_filters`): no filter's model is
    #: then known
    opaque_filters: bool = False
    #: the columns each imperative ``Table`` declares (table name -> column names): the
    #: fields of a class mapped on it (``mapper(Resource, resource_table)``) that its own
    #: body does not declare
    table_columns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: the Core tables classes bind as class attributes, ``module.Class.attr`` -> table
    #: (Buildbot's ``Model.buildrequests``: :meth:`~colretire.analysis.index.ProjectIndex.held_tables`)
    held_tables: Mapping[str, str] = field(default_factory=dict)
    #: of the names of :attr:`held_tables`, the classes that bind them otherwise, in their
    #: bodies and in their code (:meth:`~colretire.analysis.index.ProjectIndex.held_table_binders`)
    #: Pyramid subscribers (``module.function``) whose name the project spells nowhere but in
    #: their ``def``: Pyramid alone calls them, with the event class of their decorator
    #: (see :meth:`~colretire.analysis.infer.Types.subscribed_event`)
    subscribers: frozenset[str] = frozenset()
    held_body_binders: Mapping[str, frozenset[str]] = field(default_factory=dict)
    held_code_binders: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def lookup(self, qualified: str, module: str | None = None) -> str | None:
        """The indexed name ``qualified`` stands for; with ``module`` (the file's own), not
        a name whose path contains the wanted one only below other packages than the
        file's (see :func:`~colretire.analysis.index.near`)."""
        found = self.symbols.lookup(qualified)
        if found and module is not None and not near(found, qualified, module):
            return None
        return self.aliases.get(found, found) if found else None

    @cached_property
    def held_names(self) -> frozenset[str]:
        """The names under which classes hold tables (:attr:`held_tables`)."""
        return frozenset(key.rpartition(".")[2] for key in self.held_tables)

    @cached_property
    def table_attributes(self) -> Mapping[str, str]:
        """The attribute names under which classes hold one table each, and no other
        (``buildrequests`` of ``self.db.model.buildrequests``): attr -> table."""
        found: dict[str, set[str]] = {}
        for key, table in self.held_tables.items():
            found.setdefault(key.rpartition(".")[2], set()).add(table)
        return {
            attr: tables.pop()
            for attr, tables in found.items()
            if len(tables) == 1 and attr not in self.held_body_binders  # another class's too
        }

    def mapped_with(self, name: str) -> tuple[str, ...]:
        """The mapped classes that have an attribute ``name`` (their own or inherited)."""
        return self._mapped_by_attr.get(name, ())

    @cached_property
    def subclassed(self) -> frozenset[str]:
        """The classes some indexed class derives from."""
        return frozenset(a for view in self.classes.values() for a in view.ancestors)

    @cached_property
    def viewed(self) -> dict[str, frozenset[str]]:
        """The classes Flask-AppBuilder views show (:attr:`ClassView.datamodel`), by the
        class whose body may name their fields: the view and every class it derives from
        (a mixin of field lists, ``DatabaseMixin`` of ``DatabaseView``)."""
        found: dict[str, set[str]] = {}
        for key, view in self.classes.items():
            if view.datamodel:
                for owner in (key, *view.ancestors):
                    found.setdefault(owner, set()).add(view.datamodel)
        return {owner: frozenset(models) for owner, models in found.items()}

    @cached_property
    def filtered(self) -> dict[str, frozenset[str]]:
        """The models whose rows the filter classes of Flask-AppBuilder views' ``base_filters``
        are built for (FAB gives a filter the view's data interface, whose ``obj`` is its
        ``self.model``): by filter class, the models every class naming it in its
        ``base_filters`` shows (:attr:`viewed`); a class none of them shows is not known."""
        found: dict[str, set[str]] = {}
        if self.opaque_filters:
            return {}  # base_filters = FILTERS: a filter may serve a view of any model
        for key, view in self.classes.items():
            for name in view.filters:
                models = self.viewed.get(key)
                found.setdefault(name, set()).update(models or {""})
        return {name: frozenset(models) for name, models in found.items()}

    @cached_property
    def _mapped_by_attr(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for key, view in self.classes.items():
            if view.kind == MAPPED:
                for attr in view.attrs:
                    found.setdefault(attr, []).append(key)
        return {attr: tuple(keys) for attr, keys in found.items()}


@dataclass(frozen=True)
class SchemaMatch:
    """A schema class proven to mirror the model (see :mod:`colretire.analysis.mirrors`):
    its fields that carry the column (name -> ATTR, REL or COMP); ``own`` are the fields the
    class declares itself; with ``whole``, every field named like one of the names that
    carry the column does too, whether or not the index knows the class's fields."""

    confidence: Confidence
    fields: Mapping[str, str]
    own: frozenset[str]
    model: str
    whole: bool = False
    why: str = ""
    #: the keys its fields dump under where not their names (``data_key=``), and the
    #: fields whose name is neither the attribute they read nor the key they dump under
    #: (:mod:`~colretire.analysis.fieldoptions`)
    keys: Mapping[str, str] = field(default_factory=dict)
    renamed: frozenset[str] = frozenset()

    def dumps_key(self, text: str, wanted: Mapping[str, str]) -> bool:
        """Whether its dump has the key ``text`` for a field that carries the column."""
        return dumps_key(text, self.fields, self.keys, self.renamed, self.whole, wanted)


@dataclass(frozen=True)
class Target:
    column: ColumnRef
    declared: bool
    attr_names: frozenset[str]
    model_keys: frozenset[str]
    model_name: str
    declaring: frozenset[tuple[str, str]]
    table_keys: frozenset[str]
    wrappers: Mapping[str, str]
    composites: frozenset[str]
    relationships: frozenset[str]
    reverse: Mapping[str, frozenset[str]]
    schemas: Mapping[str, SchemaMatch]
    shadowed: frozenset[str]
    deferred: bool
    world: World = field(compare=False)
    #: The columns of the table when only imperative ``Table`` objects declare it.
    table_columns: frozenset[str] = frozenset()
    #: (class, name, built on the column) of the models' relationships named as one built on
    #: the column, where one of them is built on another key: the nearest declaration a
    #: class reaches says whether the name is ours on it
    relationship_shadows: frozenset[tuple[str, str, bool]] = frozenset()
    #: Schemas proven to mirror another table's model -> that table.
    other_schemas: Mapping[str, str] = field(default_factory=dict)
    #: The table the column refers to, when it is a foreign key and the only one between
    #: the two tables: a join of them with no ON clause (``query(Task).join(Project)``)
    #: goes through it, as SQLAlchemy infers.
    joined_table: str | None = None
    #: the column's SQLAlchemy type as the models write it (``Boolean``, ``String(20)``)
    column_type: str = ""
    #: hybrids of the models computed from the column under another name (name -> the
    #: hybrid's decorator): used in a query, they are SQL over the column; whether their
    #: uses outlive it depends on the new body they get, which no analysis can tell
    derived: Mapping[str, str] = field(default_factory=dict)
    #: of :attr:`derived`, those whose body is one ``return`` of an expression over the
    #: model's own attributes, constants and operators, reading the column (or a wrapper of
    #: it) directly: a value of the column and nothing else (:func:`_pure_derived`)
    derived_pure: frozenset[str] = frozenset()
    #: of :attr:`likely_names`, those no class of the project but the models binds as an
    #: attribute (:mod:`~colretire.analysis.exclusive`): on an object of unknown type, a
    #: likely reference rather than an unexplained word
    exclusive: frozenset[str] = frozenset()
    #: the names of the classes that map the column's table or the table its foreign key
    #: refers to, that another class of the project has too (a schema ``Resource`` beside
    #: the model): ``model.Resource`` on an object of unknown type may be either
    namesakes: frozenset[str] = frozenset()
    #: attribute names spelt like the model (``token`` for ``Token``) that every class of
    #: the project binding them sets only from a parameter of its methods, or declares as a
    #: relationship to the model (:mod:`~colretire.analysis.held`): ``obj.token.user_id``
    #: on a local of unknown type is a likely read
    held: frozenset[str] = frozenset()
    #: those whose other classes are all in modules of the test suite that no module
    #: outside it imports (a factory ``Resource``): namesakes in the test suite's files only
    test_namesakes: frozenset[str] = frozenset()
    #: the attributes that only a wrapper handing what it lacks on to the models' rows binds
    #: in the project, with that wrapper's key (:mod:`~colretire.analysis.witnessed`): an
    #: object that answered one is such a wrapper
    witnesses: tuple[tuple[str, str], ...] = ()
    #: the association proxies of other classes over the column, by class (with its
    #: subclasses): ``keywords = association_proxy("user_keywords", "keyword")`` on
    #: ``User``, whose ``user_keywords`` holds rows of the model (:func:`_proxies`). Each
    #: reads and writes the column on the related rows: a wrapper of it on that class
    proxies: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def namesakes_in(self, rel: str) -> frozenset[str]:
        """The :attr:`namesakes` that count in the file ``rel``."""
        return self.namesakes | self.test_namesakes if is_test_module(rel) else self.namesakes

    @property
    def schema_wanted(self) -> dict[str, str]:
        return schema_wanted(
            self.attr_names, self.relationships, self.composites, self.shadowed, self.wrappers
        )

    @property
    def table(self) -> str:
        return self.column.table_name

    @property
    def likely_names(self) -> frozenset[str]:
        """Names that make an attribute of an unknown object a likely reference."""
        return (self.attr_names | frozenset(self.wrappers) | self.composites) - self.shadowed

    @property
    def search_names(self) -> frozenset[str]:
        """Every name whose presence makes a file a candidate."""
        names = set(self.attr_names) | set(self.wrappers) | self.composites | self.relationships
        names |= {name for names in self.reverse.values() for name in names}
        names |= {name for names in self.proxies.values() for name in names}
        names |= {name for match in self.schemas.values() for name in match.fields}
        return frozenset(names | set(self.derived) | {self.column.column})


def spelt_like(name: str, spellings: Iterable[str]) -> bool:
    """Whether the class name ``name`` begins with the words of one of ``spellings``
    (``UserOut``, ``UserFavorites`` for ``User``; not ``UseryRecommendations`` nor
    ``SuperUser``)."""
    words = _CAMEL_WORDS.findall(name)
    return any(
        (head := _CAMEL_WORDS.findall(spelling)) and words[: len(head)] == head
        for spelling in spellings
    )


_CAMEL_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")


def mirror_spellings(target: Target) -> frozenset[str]:
    """The names of the classes that declare a relationship built on the column: a schema
    whose name holds one (``UserOut``, ``UserFavorites`` for ``User``) is spelt as its
    mirror."""
    classes = target.world.classes
    keys = set(target.reverse) | (set(target.model_keys) if target.relationships else set())
    return frozenset(classes[k].name for k in keys if k in classes and classes[k].name)


def build_target(index: ProjectIndex, column: ColumnRef, mirrors: Iterable[Mirror] = ()) -> Target:
    """Everything a scan for ``column`` needs to know about the project; ``mirrors`` is the
    evidence of which schemas mirror which models, from a first pass over the files."""
    sites = index.sites(column)
    class_sites = [s for s in sites if not s.in_table]
    mapped = index.mapped_on(column.table)
    models = _model_keys(index, mapped, class_sites)
    inline = frozenset(s.attr for s in sites if s.fact.kind == F.COMPOSITE)
    attr_names = frozenset(s.attr for s in sites if s.fact.kind != F.COMPOSITE)
    attr_names = attr_names or frozenset({column.column})
    wrappers = _wrappers(index, models, attr_names, column)
    derived = _derived(index, models, attr_names | frozenset(wrappers))
    derived_pure = _pure_derived(index, models, attr_names | frozenset(wrappers), derived)
    relationships, reverse, shadows = _relationships(
        index, models, list(sites) if mapped else class_sites
    )
    if not relationships and sites:  # a column of an association table
        keyed = any(s.fact.foreign_key for s in sites)
        reverse = {**reverse, **_through(index, column.table, None if keyed else attr_names)}
    # the name the code uses: a public class before a private one (COPR's ``Copr``,
    # mapped against the join of ``_CoprPublic`` and ``_CoprPrivate``)
    primary = min(mapped, key=lambda info: info.name.startswith("_")).name if mapped else ""
    shadowed = _shadowed(index, models, attr_names, wrappers, column)
    composites = _composites(index, models, attr_names, column) | inline
    world = build_world(index)
    table_columns = frozenset() if mapped else _core_columns(index, column)
    wanted = schema_wanted(attr_names, relationships, composites, shadowed, wrappers)
    schemas, others = _proven(
        world, mirrors, frozenset(models) | {f"table:{column.table_name}"}, wanted
    )
    return Target(
        column=column, declared=bool(sites), attr_names=attr_names,
        model_keys=frozenset(models), model_name=primary,
        declaring=frozenset((s.owner, s.attr) for s in class_sites),
        table_keys=frozenset(index.tables_named(column.table)),
        wrappers=wrappers, composites=composites,
        relationships=relationships, reverse=reverse,
        relationship_shadows=shadows,
        schemas=schemas, other_schemas=others, shadowed=shadowed,
        deferred=any(s.fact.deferred for s in sites), world=world, table_columns=table_columns,
        joined_table=_joined_table(index, column, sites),
        column_type=definition.type if (definition := index.definition(column)) else "",
        derived=derived, derived_pure=derived_pure,
        proxies=_proxies(index, models, attr_names),
    )  # fmt: skip


def _joined_table(
    index: ProjectIndex, column: ColumnRef, sites: Iterable[ColumnSite]
) -> str | None:
    """The table the column's foreign key refers to, where it is the only foreign key
    between the two tables (in either direction): SQLAlchemy then joins them on it when
    the code gives no ON clause; with several, such a join would not be built at all."""
    referred = {
        found
        for site in sites
        if site.fact.foreign_key
        and (found := index.referred_table(site.path, site.fact.foreign_key))
    }
    if len(referred) != 1:
        return None
    table = referred.pop()
    ours = column.table_name.rpartition(".")[2]
    if table == ours:
        return None  # a self-referential key: a join of the table with itself needs an ON
    between = set()
    for site in index.column_sites:
        if not site.fact.foreign_key or site.column.table_name.rpartition(".")[2] not in (
            ours,
            table,
        ):
            continue
        to = index.referred_table(site.path, site.fact.foreign_key)
        if {site.column.table_name.rpartition(".")[2], to} == {ours, table}:
            between.add((site.column.table_name, site.column.column))
    return table if len(between) == 1 else None


def _core_columns(index: ProjectIndex, column: ColumnRef) -> frozenset[str]:
    """The columns of the imperative ``Table`` objects that declare ``column``."""
    if not any(site.in_table for site in index.sites(column)):
        return frozenset()
    return frozenset(
        site.column.column
        for site in index.column_sites
        if site.in_table and site.column.table_name == column.table_name
    )


def model_keys(index: ProjectIndex, column: ColumnRef) -> set[str]:
    """The classes whose instances carry ``column`` (see :func:`_model_keys`)."""
    sites = [s for s in index.sites(column) if not s.in_table]
    return _model_keys(index, index.mapped_on(column.table), sites)


def related_keys(index: ProjectIndex, models: set[str]) -> set[str]:
    """The mapped classes with a relationship to one of ``models``: their instances lead to
    the model in one step (``chat_session.persona``), so the functions that return them
    type the reads of the column through them."""
    found = set()
    for key, info in index.classes.items():
        if info.kind != MAPPED or key in models:
            continue
        for attr in info.fact.attrs:
            target = info.attr_types.get(attr.name)
            if attr.kind == F.RELATIONSHIP and target is not None and target.key in models:
                found.add(key)
                break
    return found


def _model_keys(
    index: ProjectIndex, mapped: Iterable[ClassInfo], sites: list[ColumnSite]
) -> set[str]:
    """The mapped classes of the table and their subclasses, and the mixins declaring the
    column (for ``self.col`` in the mixin; the mixin's other users are other tables)."""
    keys = {info.qualname for info in mapped}
    for key in list(keys):
        keys |= {sub.qualname for sub in index.subclasses(key)}
    return keys | {site.owner for site in sites}


def _model_attrs(index: ProjectIndex, models: set[str]) -> Iterable[tuple[ClassInfo, F.AttrFact]]:
    for key in sorted(models):
        info = index.classes.get(key)
        if info is not None and info.kind in (MAPPED, MIXIN):
            for attr in info.fact.attrs:
                yield info, attr


#: Wrappers written as Python properties: they wrap the column only under its name.
_PROPERTIES = frozenset({"property", "hybrid_property", "cached_property", "hybrid_method"})


def _wrappers(
    index: ProjectIndex, models: set[str], attr_names: frozenset[str], column: ColumnRef
) -> dict[str, str]:
    """Properties, hybrids, synonyms and column properties that read the column, directly
    or through another wrapper.

    A property or hybrid wraps the column when it bears the column's name (``fee`` over
    ``_fee = mapped_column("fee")``, or the attribute's name without its underscores): reads
    through it are reads of the column. A property with another name that reads the column
    (``amount_due`` over ``fee``) computes something else from it; the read inside it is the
    reference, and its own uses are not. Synonyms and column properties are mapped onto the
    column whatever their name."""
    named = {column.column} | {name.lstrip("_") for name in attr_names}
    candidates = [
        attr
        for _, attr in _model_attrs(index, models)
        if attr.kind == F.WRAPPER and (attr.detail not in _PROPERTIES or attr.name in named)
    ]
    found: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for attr in candidates:
            if (
                attr.name not in found
                and attr.name not in attr_names
                and set(attr.reads) & (attr_names | set(found))
            ):
                found[attr.name] = attr.detail or "property"
                changed = True
    return found


#: Wrappers whose class-level use is SQL: a query naming them names the column.
HYBRIDS = frozenset({"hybrid_property", "hybrid_method"})


def _proxies(
    index: ProjectIndex, models: set[str], attr_names: frozenset[str]
) -> dict[str, frozenset[str]]:
    """The association proxies over the column on classes other than its models, by class:
    ``association_proxy("user_keywords", "keyword")`` where the class's relationship
    ``user_keywords`` (its own or a base's) holds rows of one of ``models`` and ``keyword``
    is the column's attribute. The subclasses of such a class have them too."""
    found: dict[str, set[str]] = {}
    for key, info in index.classes.items():
        if key in models:
            continue
        for attr in info.fact.attrs:
            if attr.kind != F.WRAPPER or attr.proxied is None:
                continue
            through, proxied = attr.proxied
            if proxied not in attr_names:
                continue
            holders = [info, *(index.classes[a] for a in info.ancestors if a in index.classes)]
            related = next(
                (h.attr_types[through] for h in holders if through in h.attr_types), None
            )
            if related is not None and related.key in models:
                for holder in (key, *(sub.qualname for sub in index.subclasses(key))):
                    found.setdefault(holder, set()).add(attr.name)
    return {key: frozenset(names) for key, names in found.items()}


def _derived(index: ProjectIndex, models: set[str], carriers: frozenset[str]) -> dict[str, str]:
    """Hybrids and properties of the models with another name than the column's that read
    it, directly or through another such one (``two_factor_required`` returning
    ``self.owners_require_2fa | self.pypi_mandates_2fa``; ``token_is_set`` returning
    ``self.encrypted_config is not None``). Their uses are neither the column (the hybrid or
    property may get a new body) nor something else (as it stands, each is computed from the
    column, and a hybrid is the column in SQL): unexplained."""
    candidates = [
        attr
        for _, attr in _model_attrs(index, models)
        if attr.kind == F.WRAPPER and attr.detail in _PROPERTIES and attr.name not in carriers
    ]
    found: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for attr in candidates:
            if attr.name not in found and set(attr.reads) & (carriers | set(found)):
                found[attr.name] = attr.detail
                changed = True
    return found


def _pure_derived(
    index: ProjectIndex, models: set[str], carriers: frozenset[str], derived: Mapping[str, str]
) -> frozenset[str]:
    """Of the ``derived`` hybrids and properties, those that are the column's value and
    nothing else: each body one ``return`` of operators over the model's own attributes and
    constants (:attr:`~colretire.analysis.facts.AttrFact.pure`), reading the column or a
    wrapper of it itself (``token_is_set``: ``self.encrypted_config is not None``;
    ``two_factor_required``: ``self.owners_require_2fa | self.pypi_mandates_2fa``). Every
    class of the models that declares the name must declare it so."""
    found: dict[str, bool] = {}
    for _, attr in _model_attrs(index, models):
        if attr.name in derived and attr.kind == F.WRAPPER:
            pure = attr.pure and bool(set(attr.reads) & carriers)
            found[attr.name] = found.get(attr.name, True) and pure
    return frozenset(name for name, pure in found.items() if pure)


def _composites(
    index: ProjectIndex, models: set[str], attr_names: frozenset[str], column: ColumnRef
) -> frozenset[str]:
    return frozenset(
        attr.name
        for _, attr in _model_attrs(index, models)
        if attr.kind == F.COMPOSITE
        and (set(attr.reads) & attr_names or column.column in attr.inline_columns)
    )


def _shadowed(
    index: ProjectIndex,
    models: set[str],
    attr_names: frozenset[str],
    wrappers: Mapping[str, str],
    column: ColumnRef,
) -> frozenset[str]:
    """Names the models give to something that does not read the column (a property that
    replaced it): such a name on an unknown object is no evidence."""
    names = {column.column} | set(attr_names)
    return frozenset(
        attr.name
        for _, attr in _model_attrs(index, models)
        if attr.name in names and attr.kind not in (F.COLUMN, F.FIELD) and attr.name not in wrappers
    )


def _relationships(
    index: ProjectIndex, models: set[str], sites: list[ColumnSite]
) -> tuple[frozenset[str], dict[str, frozenset[str]], frozenset[tuple[str, str, bool]]]:
    """Relationships built on the column when it is a foreign key, the other side, and the
    shadows (:func:`_relationship_shadows`)."""
    names, ours = _ours(index, models, sites)
    reverse = dict(_reverse(index, models, ours))
    for key, added in _parent_sides(index, models, sites).items():
        reverse[key] = reverse.get(key, frozenset()) | added
    return frozenset(names), reverse, _relationship_shadows(index, models, names, ours)


def _ours(
    index: ProjectIndex, models: set[str], sites: list[ColumnSite]
) -> tuple[set[str], list[tuple[ClassInfo, F.AttrFact]]]:
    names: set[str] = set()
    ours: list[tuple[ClassInfo, F.AttrFact]] = []
    for site in sites:
        for info, attr in _model_attrs(index, models):
            if attr.kind == F.RELATIONSHIP and _built_on(index, info, attr, site):
                names.add(attr.name)
                ours.append((info, attr))
    return names, ours


def _relationship_shadows(
    index: ProjectIndex,
    models: set[str],
    names: set[str],
    ours: list[tuple[ClassInfo, F.AttrFact]],
) -> frozenset[tuple[str, str, bool]]:
    """(class, name, whether built on the column) of every relationship a model declares
    under the name of one built on the column: one built on another key (a subclass's own
    ``share_network`` on ``legacy_network_id``) makes the name not ours on that class and
    the subclasses that reach it first. Empty where no model declares such another one."""
    if not names:
        return frozenset()
    declared = {(info.qualname, attr.name) for info, attr in ours}
    every = {
        (info.qualname, attr.name, (info.qualname, attr.name) in declared)
        for info, attr in _model_attrs(index, models)
        if attr.kind == F.RELATIONSHIP and attr.name in names
    }
    return frozenset(every) if any(not built for _, _, built in every) else frozenset()


def _parent_sides(
    index: ProjectIndex, models: set[str], sites: list[ColumnSite]
) -> dict[str, frozenset[str]]:
    """The relationships that the class the foreign key refers to declares towards our
    model, the one-to-many side (``share_servers = relationship("ShareServer",
    backref="share_network")`` on ``ShareNetwork``, for ``share_servers.share_network_id``
    referring to ``share_networks.id``), and the backrefs they give our model's class (and
    its subclasses), by class. Built on the column where its ``primaryjoin`` reads the
    column on a class of ours (``ShareServer.share_network_id``; a bare name is the
    declaring class's own) or its ``foreign_keys`` name it; naming neither, where the
    declaring class (or a class it derives from) maps the table the column refers to and
    the column is the one key of our table to it. Not through a ``secondary`` table (see
    :func:`_through`)."""
    ours = {key.rpartition(".")[2] for key in models}
    found: dict[str, set[str]] = {}
    for site in sites:
        column = site.fact.column or site.attr
        qualified = {f"{cls}.{name}" for cls in ours for name in (site.attr, column)}
        fk_table = (
            index.referred_table(site.path, site.fact.foreign_key)
            if site.fact.foreign_key
            else None
        )
        others = [
            other
            for other in index.column_sites
            if other.column.table_name == site.column.table_name
            and other.attr != site.attr
            and other.fact.foreign_key
            and index.referred_table(other.path, other.fact.foreign_key) == fk_table
        ]
        for info in index.classes.values():
            if info.qualname in models:
                continue
            for attr in info.fact.attrs:
                if attr.kind != F.RELATIONSHIP or attr.secondary:
                    continue
                target = info.attr_types.get(attr.name)
                if target is None or target.key not in models:
                    continue
                if attr.joins:
                    built = bool(qualified & set(attr.joins))
                elif attr.foreign_keys:
                    built = site.attr in attr.foreign_keys or column in attr.foreign_keys
                else:  # the class, or a class it derives from, maps the referred table
                    tables = {info.table, *(index.classes[a].table for a in info.ancestors)}
                    built = fk_table is not None and fk_table in tables and not others
                if not built:
                    continue
                found.setdefault(info.qualname, set()).add(attr.name)
                if attr.backref:
                    for key in models:
                        model = index.classes.get(key)
                        if key == target.key or (model and target.key in model.ancestors):
                            found.setdefault(key, set()).add(attr.backref)
    return {key: frozenset(names) for key, names in found.items()}


def _built_on(index: ProjectIndex, info: ClassInfo, rel: F.AttrFact, site: ColumnSite) -> bool:
    known = index.registry.match(info.qualname) if index.registry else None
    if known is not None and rel.name in known.relationships:
        column = site.fact.column or site.attr
        return column in known.relationships[rel.name]  # SQLAlchemy's own local columns
    if rel.foreign_keys:  # ``foreign_keys=[root_dag_id]``: a column with no ForeignKey too
        return site.attr in rel.foreign_keys and site.owner in (info.qualname, *info.ancestors)
    if _joins_on_another_key(index, rel, site):
        return False
    if not site.fact.foreign_key:
        return False
    fk_table = index.referred_table(site.path, site.fact.foreign_key) or ""
    target = info.attr_types.get(rel.name)
    target_info = index.classes.get(target.key) if target else None
    if target_info is not None and target_info.table:
        return target_info.table == fk_table
    return rel.name == site.attr.removesuffix("_id")


def _joins_on_another_key(index: ProjectIndex, rel: F.AttrFact, site: ColumnSite) -> bool:
    """Whether the relationship's ``primaryjoin`` (or ``order_by``) names another foreign
    key of the column's table and not the column (``creator = relationship(User,
    primaryjoin=creator_id == User.id)`` beside ``owner_id``, both keys of ``users``)."""
    names = set(rel.reads)
    if not names or site.attr in names or (site.fact.column or "") in names:
        return False
    return any(
        other.column.table_name == site.column.table_name
        and other.fact.foreign_key
        and other.attr != site.attr
        and other.attr in names
        for other in index.column_sites
    )


def _through(
    index: ProjectIndex, table: str, joined_on: frozenset[str] | None = None
) -> dict[str, frozenset[str]]:
    """The many-to-many relationships whose ``secondary`` is ``table``, by class: each joins
    through the foreign keys of the association table, so dropping one breaks them
    (``favorite_recipes = relationship("RecipeModel", secondary=users_to_favorites)``).
    ``joined_on``: the names of a column that is no foreign key, which breaks only those
    whose ``primaryjoin`` or ``secondaryjoin`` names it (Koschei's ``Package.groups``,
    joined on ``PackageGroupRelation.package_name == Package.name``)."""
    found: dict[str, set[str]] = {}
    for info in index.classes.values():
        for attr in info.fact.attrs:
            if attr.kind != F.RELATIONSHIP or not attr.secondary:
                continue
            head, _, last = attr.secondary.rpartition(".")
            # the secondary table as the join conditions qualify its columns: the class
            # that maps it (``PackageGroupRelation.package_name``) or its variable
            # (``post_tags.c.deleted``); ``Post.deleted`` is the posts table's
            qualifiers = {head.rpartition(".")[2]} if last == "__table__" else {last}
            if joined_on is not None and not any(
                _qualified_by(name, qualifiers, joined_on)
                for name in (*attr.joins, *attr.secondary_joins)
            ):
                continue
            if last == "__table__" and head:  # ``secondary=PackageGroupRelation.__table__``
                owner = index.classes.get(index.resolve(info.path, head) or "")
                name = owner.table if owner is not None and owner.kind == MAPPED else None
            else:
                resolved = index.resolve(info.path, attr.secondary)
                name = index.table_name_of(resolved) if resolved else None
            if (name or last) == table:
                found.setdefault(info.qualname, set()).add(attr.name)
    return {key: frozenset(names) for key, names in found.items()}


def _qualified_by(name: str, qualifiers: set[str], columns: frozenset[str]) -> bool:
    """Whether the dotted ``name`` a join condition reads is one of ``columns`` qualified by
    one of ``qualifiers`` (``post_tags.c.deleted``, ``PackageGroupRelation.package_name``)."""
    parts = name.split(".")
    if len(parts) < 2 or parts[-1] not in columns:
        return False
    owner = parts[-3] if len(parts) >= 3 and parts[-2] in ("c", "columns") else parts[-2]
    return owner in qualifiers


def _reverse(
    index: ProjectIndex, models: set[str], ours: list[tuple[ClassInfo, F.AttrFact]]
) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    populates = {attr.back_populates for _, attr in ours if attr.back_populates}
    our_names = {attr.name for _, attr in ours}
    for info, attr in ours:
        target = info.attr_types.get(attr.name)
        if attr.backref and target:
            found.setdefault(target.key, set()).add(attr.backref)
    for info in index.classes.values():
        for attr in info.fact.attrs:
            target = info.attr_types.get(attr.name)
            if attr.kind != F.RELATIONSHIP or not target or target.key not in models:
                continue
            if attr.name in populates or attr.back_populates in our_names:
                found.setdefault(info.qualname, set()).add(attr.name)
    return {key: frozenset(names) for key, names in found.items()}


def schema_wanted(
    attr_names: frozenset[str],
    relationships: frozenset[str],
    composites: frozenset[str],
    shadowed: frozenset[str],
    wrappers: Iterable[str] = (),
) -> dict[str, str]:
    """The schema field names that carry the column (name -> ATTR, REL or COMP): the
    attribute or a wrapper that reads it (``fee: Decimal`` read through the hybrid ``fee``
    over ``_fee``), a relationship built on it, or a composite including it (a nested
    ``location: PointOut`` read from ``Task.location``)."""
    wanted = {name: ATTR for name in (attr_names | set(wrappers)) - shadowed}
    wanted.update({name: COMP for name in composites})
    wanted.update({name: REL for name in relationships})
    return wanted


def refine(target: Target, mirrors: Iterable[Mirror]) -> Target:
    """``target`` with the schemas that the evidence proves to mirror its models (and those
    proven to mirror other tables' models), from the classes the scan knows."""
    world = target.world
    models = target.model_keys | {f"table:{target.table}"}
    schemas, others = _proven(world, mirrors, models, target.schema_wanted)
    return replace(target, schemas=schemas, other_schemas=others)


def _proven(
    world: World, mirrors: Iterable[Mirror], models: frozenset[str], wanted: Mapping[str, str]
) -> tuple[dict[str, SchemaMatch], dict[str, str]]:
    tables = {k: v.table for k, v in world.classes.items() if v.kind == MAPPED and v.table}
    tables |= {f"table:{name}": name for name in world.tables.values()}
    keyed = {_keyed(world, mirror) for mirror in mirrors}
    # each class's subclasses, in the world's order: asked of every class for each schema
    # proven, the world's thousands of classes made this the slowest step of a big tree's scan
    subclasses: dict[str, list[str]] = {}
    if any(m.under for m in keyed):
        subclasses = _subclasses(world)
        keyed = through_nesting(
            keyed, lambda model, attr: _related(world, model, attr),
            lambda key: subclasses.get(key, ()),
        )  # fmt: skip
    proven, others = combine(keyed, models, frozenset(wanted), tables)
    if (proven or others) and not subclasses:
        subclasses = _subclasses(world)
    found: dict[str, SchemaMatch] = {}
    for key, evidence in proven.items():
        found[key] = _world_match(world, key, evidence, wanted)
        for sub in subclasses.get(key, ()) if not evidence.own else ():
            found.setdefault(sub, _world_match(world, sub, evidence, wanted))
    # a subclass of a schema of another table's model (``ToolUserModel(ToolModel)``) carries
    # that model's fields too, unless the evidence ties it to ours
    for key, table in list(others.items()):
        for sub in subclasses.get(key, ()):
            if sub not in found:
                others.setdefault(sub, table)
    return found, others


def _subclasses(world: World) -> dict[str, list[str]]:
    """Each class's subclasses, in the world's order."""
    subclasses: dict[str, list[str]] = {}
    for sub, view in world.classes.items():
        for ancestor in dict.fromkeys(view.ancestors):
            subclasses.setdefault(ancestor, []).append(sub)
    return subclasses


def _related(world: World, model: str, attr: str) -> str | None:
    """The mapped class the relationship ``attr`` of ``model`` (its own, an ancestor's,
    or a backref) leads to."""
    view = world.classes.get(model)
    resolved = view.types.get(attr) if view is not None else None
    if view is None or resolved is None or view.attrs.get(attr, F.RELATIONSHIP) != F.RELATIONSHIP:
        return None
    related = world.classes.get(resolved.key)
    return resolved.key if related is not None and related.kind == MAPPED else None


def _keyed(world: World, mirror: Mirror) -> Mirror:
    """The mirror with its schema named as the index names it, where the index knows it
    (and the schema it is nested in)."""
    found = world.lookup(mirror.schema)
    keyed = replace(mirror, schema=found) if found else mirror
    holder = world.lookup(mirror.model) if mirror.under else None
    return replace(keyed, model=holder) if holder else keyed


def _world_match(
    world: World, key: str, evidence: Proven, wanted: Mapping[str, str]
) -> SchemaMatch:
    fields = {name: wanted.get(attr, ATTR) for name, attr in evidence.fields.items()}
    view = world.classes.get(key)
    attributes = view.read_as if view is not None else {}
    keys = view.dumped_as if view is not None else {}
    if view is not None and evidence.whole:  # each field carries the attribute it reads
        for name in view.attrs:
            if (read := read_as(name, attributes)) in wanted:
                fields[name] = wanted[read]
    return SchemaMatch(
        Confidence.CERTAIN, fields, frozenset(fields), evidence.model.rpartition(".")[2],
        whole=evidence.whole, why=evidence.why, keys=keys,
        renamed=frozenset({*attributes, *keys}),
    )  # fmt: skip


def schema_fields(fact: F.ClassFact) -> dict[str, F.AttrFact]:
    """The fields a schema class declares itself."""
    return {
        attr.name: attr
        for attr in fact.attrs
        if attr.kind in (F.FIELD, F.OTHER) and attr.type is not None
    }


#: Column types whose value is one plain value (a number, a time, a flag). Not text: a
#: text column may hold an object serialised (``profile.json()``).
_PLAIN_COLUMN_TYPES = frozenset(
    {
        "Boolean", "Integer", "BigInteger", "SmallInteger", "DateTime", "Date", "Time",
        "Float", "Double", "Numeric", "Interval", "Uuid", "UUID", "INTEGER", "BIGINT",
        "BOOLEAN", "TIMESTAMP",
    }
)  # fmt: skip
#: Bases that make a class's instances plain values a column can hold (an ``int`` subclass,
#: an enumeration) or containers a JSON column can.
_VALUE_BASES = frozenset(
    {
        "int", "str", "float", "bool", "bytes", "Decimal", "date", "datetime", "time",
        "timedelta", "UUID", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "dict", "list",
        "tuple", "set", "frozenset",
    }
)  # fmt: skip


def plain_column(column_type: str) -> bool:
    """Whether a column of ``column_type`` (``sa.Boolean()``, ``String(20)``) holds one plain
    value, never an object of a class of the project."""
    name = column_type.partition("(")[0].rpartition(".")[2].strip()
    return name in _PLAIN_COLUMN_TYPES


def holds_objects(world: World, key: str, name: str) -> str | None:
    """The class of the project whose instances the attribute ``name`` of the class ``key``
    is declared to hold (``retry_policy: Optional[ProfileRetryPolicy]``), when that class
    maps no table and is no plain value (not an ``int`` subclass nor an enumeration)."""
    view = world.classes.get(key)
    resolved = view.types.get(name) if view is not None else None
    if resolved is None or resolved.is_class or resolved.items:
        return None
    held = world.classes.get(resolved.key)
    if held is None or held.kind not in (PLAIN, SCHEMA):
        return None
    if set(held.external_bases) & _VALUE_BASES:
        return None
    return held.name


def holds_other_objects(world: World, target: Target, key: str, name: str) -> str | None:
    """The class of the project that the attribute ``name`` of the class ``key`` holds, when
    ``name`` carries the column only as a relationship and the class cannot be carrying it:
    ``key`` maps no table, is not proven to mirror the models, and cannot be filled from a
    model's attributes (no ``from_attributes``); the attribute is declared to hold a class
    that maps no table and is not proven to mirror them either. Such a class mirrors a
    relationship only if something builds it with the related object's fields, and a
    keyword that does names the attribute, in a file the scan reads; a dump cannot give a
    model a relationship. The attribute must be a field: a property may return what a
    mirror holds (``return self.get_body().trigger_execution``)."""
    rel_names = target.relationships | {n for names in target.reverse.values() for n in names}
    if name not in rel_names or name in target.attr_names:
        return None
    view = world.classes.get(key)
    if view is None or view.kind not in (PLAIN, SCHEMA) or view.from_attributes:
        return None
    if key in target.schemas or view.attrs.get(name) != F.FIELD:
        return None  # a property may hand on another object's value
    resolved = view.types.get(name)
    if resolved is None or resolved.is_class or resolved.items:
        return None
    held = world.classes.get(resolved.key)
    if held is None or held.kind not in (PLAIN, SCHEMA) or resolved.key in target.schemas:
        return None
    return held.name


def related_models(target: Target) -> list[str]:
    """The mapped classes of other tables with a relationship to one of the column's
    models (whose schemas may nest a schema of ours)."""
    world = target.world
    return [
        key
        for key, view in world.classes.items()
        if view.kind == MAPPED
        and key not in target.model_keys
        and any(
            resolved.key in target.model_keys and view.attrs.get(attr) == F.RELATIONSHIP
            for attr, resolved in view.types.items()
        )
    ]


def widen(target: Target, index: ProjectIndex) -> Target:
    """``target`` with the world of ``index``, a larger index than the one it was built
    from (see :meth:`colretire.analysis.scanner._Scan.typed`): the classes phase one knew
    keep their keys, and more classes and functions can be followed."""
    return replace(target, world=build_world(index))


def build_world(index: ProjectIndex) -> World:
    classes = {key: _view(index, info) for key, info in index.classes.items()}
    functions = {}
    for key, kind in index.symbols.kinds.items():
        if kind == "function":
            resolved = index.function_returns(key)
            if resolved is not None:
                functions[key] = resolved
    tables = {key: name for key in index.symbols.kinds if (name := index.table_name_of(key))}
    aliases: dict[str, str] = {}
    # the first file (in the index's order) of each module name: an alias's file is the first
    # whose module is a prefix of its key, found without a pass over every module per alias
    first: dict[str, tuple[int, str]] = {}
    for position, (p, m) in enumerate(index.modules.items()):
        first.setdefault(m, (position, p))
    for key, kind in index.symbols.kinds.items():
        if kind == "alias":
            parts = key.split(".")
            prefixes = (".".join(parts[:end]) for end in range(1, len(parts)))
            path = min(first[m] for m in prefixes if m in first)[1]
            written = dict(index.files[path].aliases).get(key.rpartition(".")[2], "")
            followed = index.resolve(path, written)
            if followed:
                aliases[key] = followed
    instances = {
        key: found
        for key, kind in index.symbols.kinds.items()
        if kind == "instance" and (found := index.instance_class(key))
    }
    gives_back = {key: found for key, found in index.functions_giving_back().items()}
    held = index.held_tables()
    body_binders, code_binders = index.held_table_binders(k.rpartition(".")[2] for k in held)
    return World(
        index.symbols, classes, functions, tables, aliases, instances, gives_back,
        index.plain_modules(),
        dumps_result=index.functions_dumping(), rows_of=index.functions_fetching_rows(),
        queries_of=index.functions_giving_queries(),
        passes_query=index.functions_passing_queries(),
        unions=index.unions(), opaque_filters=index.opaque_filters,
        keyed_returns=index.functions_returning_keys(),
        table_factories=index.functions_making_tables(),
        table_columns=_imperative_columns(index), held_tables=held,
        held_body_binders=body_binders, held_code_binders=code_binders,
    )  # fmt: skip


def _imperative_columns(index: ProjectIndex) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for site in index.column_sites:
        if site.in_table:
            found.setdefault(site.column.table_name, set()).add(site.column.column)
    return {table: frozenset(columns) for table, columns in found.items()}


def _view(index: ProjectIndex, info: ClassInfo) -> ClassView:
    attrs: dict[str, str] = {}
    types: dict[str, Resolved] = {}
    returns: dict[str, Resolved] = {}
    methods: dict[str, F.FuncFact] = {}
    forwards: Forwarding | None = None
    keyed: dict[str, str] = {}
    chain = (info.qualname, *info.ancestors)
    generic = (
        index.type_arguments(info.qualname)
        if any(index.classes[owner].fact.type_params for owner in chain)
        else {}
    )
    read: dict[str, str] = {}
    dumped: dict[str, str] = {}
    for owner in reversed(chain):
        other = index.classes[owner]
        attrs.update({a.name: a.kind for a in other.fact.attrs})
        for a in other.fact.attrs:  # a field declared again says itself what it reads
            read.pop(a.name, None)
            dumped.pop(a.name, None)
            if a.attribute is not None:
                read[a.name] = a.attribute
            if a.data_key is not None:
                dumped[a.name] = a.data_key
        types.update(other.attr_types)
        types.update(_bound(generic, owner, {a.name: a.type for a in other.fact.attrs}))
        for method in other.fact.methods:  # an override says what it returns itself
            if method.name not in other.method_returns:
                returns.pop(method.name, None)
        returns.update(other.method_returns)
        returns.update(_bound(generic, owner, {m.name: m.returns for m in other.fact.methods}))
        for own in [*(m.name for m in other.fact.methods), *(a.name for a in other.fact.attrs)]:
            keyed.pop(own, None)  # an override says itself
        keyed.update(other.fact.keyed)
        methods.update({m.name: m for m in other.fact.methods})
        if other.fact.forwards is not None or "__getattr__" in {m.name for m in other.fact.methods}:
            forwards = other.fact.forwards  # the nearest __getattr__ decides
            if forwards is not None:
                rows = tuple(index.resolve(other.path, row) or "" for row in forwards.rows)
                forwards = replace(forwards, rows=rows)
        elif forwards is not None and "__init__" in {m.name for m in other.fact.methods}:
            # a subclass with its own __init__ stores what it likes: not the base's parameter
            forwards = replace(forwards, given=-1)
    binds = frozenset().union(*(index.classes[owner].fact.binds for owner in chain))
    return ClassView(
        info.name, info.kind, info.table, info.ancestors, attrs, types, returns,
        info.external_bases, methods, info.from_attributes, info.datamodel, forwards, keyed,
        info.filters, read, dumped, info.plain_library_bases, _validated(index, chain),
        info.keyed_access, binds,
    )  # fmt: skip


def _validated(index: ProjectIndex, chain: tuple[str, ...]) -> ValidatedPair | None:
    """The pair of the nearest ``__init__`` of the chain, where no other class of it binds
    either attribute (:mod:`~colretire.analysis.repositories`)."""
    owner = next(
        (k for k in chain if any(m.name == "__init__" for m in index.classes[k].fact.methods)),
        None,
    )
    pair = index.classes[owner].fact.validated if owner is not None else None
    if pair is None:
        return None
    for key in chain:
        binds = index.classes[key].fact.binds
        if key != owner and ("*" in binds or set(pair.attrs) & binds):
            return None
    return pair


def _bound(
    generic: Mapping[tuple[str, str], Resolved | str],
    owner: str,
    specs: Mapping[str, F.TypeSpec | None],
) -> dict[str, Resolved]:
    """The types of ``owner``'s attributes or methods (``specs``, by name) that name one of
    its type variables, where the class being viewed binds it to a class (``get_body(self)
    -> AnyBody`` in a subclass of ``BaseResponse[Body, ...]`` returns a ``Body``; ``-> list[T]``
    a list of it). See :meth:`~colretire.analysis.index.ProjectIndex.type_arguments`."""
    found: dict[str, Resolved] = {}
    if not generic:
        return found
    for name, spec in specs.items():
        if spec is None or spec.items or spec.call:
            continue
        bound = generic.get((owner, spec.name))
        if isinstance(bound, Resolved) and not bound.collection and not bound.items:
            found[name] = replace(bound, collection=spec.collection, is_class=spec.is_class)
    return found
