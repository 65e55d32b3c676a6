"""The project index: the facts of many files joined into classes, models and tables.

A class is *mapped* when it has a table (``__tablename__``, ``__table__``, SQLModel's
``table=True``, Flask-SQLAlchemy's automatic name) or a mapped ancestor (single-table
inheritance); a *mixin* when it is not mapped but declares ORM attributes or is an ancestor
of a mapped class; a *schema* when it descends from pydantic's ``BaseModel`` or a non-table
``SQLModel``. Names are resolved through each file's imports; where the module path of an
import cannot be matched exactly (a ``src/`` layout, a package that re-exports), the class
with the same name whose module path shares the most components wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from colretire.analysis import facts as F
from colretire.analysis.librarybases import keyed_access_class, plain_library_class
from colretire.analysis.tablefactory import SQLALCHEMY_TABLES
from colretire.model import ColumnDefinition, ColumnRef

if TYPE_CHECKING:  # a scan without SQLAlchemy's registry does not import its reader
    from colretire.analysis.registry import Registry

MAPPED = "mapped"
MIXIN = "mixin"
SCHEMA = "schema"
PLAIN = "plain"

#: Builtin and standard-library types: an object annotated with one is not a model.
BUILTIN_TYPES = frozenset(
    {
        "int", "str", "float", "bool", "bytes", "dict", "list", "set", "tuple", "frozenset",
        "Dict", "List", "Set", "Tuple", "Mapping", "MutableMapping", "date", "datetime", "time",
        "timedelta", "Decimal", "UUID", "Path", "None", "Request", "Response", "Session",
        "AsyncSession", "HTTPException", "BackgroundTasks", "Engine", "Connection", "Logger",
    }
)  # fmt: skip
#: External bases that make a class a schema (unless it is a SQLModel table).
SCHEMA_BASES = frozenset({"BaseModel", "SQLModel", "RootModel", "DualBaseModel"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Resolved:
    """A type the analysis can follow: ``key`` is the qualified name of an indexed class
    (or ``builtins.<name>``); ``collection`` for a list of them, ``is_class`` for the class."""

    key: str
    collection: bool = False
    is_class: bool = False
    #: the element types of a tuple of fixed size, by position (``key`` is builtins.tuple),
    #: or the key and value types of a mapping (``key`` builtins.dict, builtins.Mapping...)
    items: tuple[Resolved | None, ...] = ()
    #: of an instance of a class made by a call, the class of the object its first argument
    #: makes (``ModelWrapper(DbComputer(**kwargs))``: ``DbComputer``), or empty
    held: str = ""


@dataclass(frozen=True)
class ClassInfo:
    qualname: str
    name: str
    path: str
    fact: F.ClassFact
    kind: str
    table: str | None
    bases: tuple[str, ...]
    ancestors: tuple[str, ...]
    external_bases: tuple[str, ...]
    attr_types: Mapping[str, Resolved] = field(default_factory=dict)
    method_returns: Mapping[str, Resolved] = field(default_factory=dict)
    from_attributes: bool = False
    #: the ``declared_attr`` ``__tablename__`` convention this class and its subclasses follow
    tablename_rule: str | None = None
    #: the class a Flask-AppBuilder view shows (its own ``datamodel`` or the nearest
    #: ancestor's), resolved (:attr:`~colretire.analysis.facts.ClassFact.datamodel`)
    datamodel: str | None = None
    #: the filter classes of its ``base_filters`` (or the nearest ancestor's), resolved
    #: (:attr:`~colretire.analysis.facts.ClassFact.filters`)
    filters: tuple[str, ...] = ()
    #: the names among :attr:`external_bases` of library classes known to make a class
    #: plain, by the module they are imported from (:mod:`~colretire.analysis.librarybases`);
    #: a name also given to a base not known so is not among them
    plain_library_bases: tuple[str, ...] = ()
    #: the qualified name of the library base through which its objects give their
    #: attributes by key (oslo.db's ``ModelBase``: :mod:`~colretire.analysis.librarybases`),
    #: its own or an ancestor's; empty where none does
    keyed_access: str = ""
    #: the tables of a class mapped against a join (:attr:`~colretire.analysis.facts.
    #: ClassFact.joined`), resolved, in order; :attr:`table` is the first
    joined: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnSite:
    """Where the models declare a column: the class (or Table) and the attribute."""

    column: ColumnRef
    attr: str
    path: str
    line: int
    col: int
    owner: str  # class qualname, or the Table's qualified variable
    fact: F.AttrFact
    in_table: bool = False


def module_name(path: str) -> str:
    """``app/models/__init__.py`` -> ``app.models``; ``app/db.py`` -> ``app.db``. (String
    operations rather than a list of parts: a scan names every file of the tree.)"""
    stem = path[:-3] if path.endswith(".py") else path
    if stem.endswith("__init__") and (len(stem) == 8 or stem[-9] == "/"):
        stem = stem[:-9] if len(stem) > 8 else ""
    return stem.replace("/", ".")


def snake_case(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def derived_tablename(class_name: str, rule: str) -> str:
    """The table a ``declared_attr`` ``__tablename__`` following ``rule`` gives a class."""
    base, _, plural = rule.partition("+")
    name = {"lower": class_name.lower(), "snake": snake_case(class_name)}.get(base, class_name)
    return name + plural


def _inherited_rule(fact: F.ClassFact, parents: list[ClassInfo]) -> str | None:
    if fact.tablename or fact.table or fact.table_ref:
        return None  # a literal ``__tablename__`` ends the convention for this class
    if fact.tablename_rule:
        return fact.tablename_rule
    return next((p.tablename_rule for p in parents if p.tablename_rule), None)


class Symbols:
    """Qualified names of indexed classes, functions, tables and aliases, with the tolerant
    lookup described in the module docstring. Picklable: scans send it to worker processes."""

    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}
        self.by_last: dict[str, list[str]] = {}
        self.packages: set[str] = set()

    def add(self, qualname: str, kind: str) -> None:
        if qualname not in self.kinds:
            self.by_last.setdefault(qualname.rpartition(".")[2], []).append(qualname)
            self.packages.update(qualname.split(".")[:-1])
        self.kinds[qualname] = kind

    def lookup(self, wanted: str, kinds: frozenset[str] | None = None) -> str | None:
        if wanted in self.kinds and (kinds is None or self.kinds[wanted] in kinds):
            return wanted
        module, _, last = wanted.rpartition(".")
        candidates = [
            q for q in self.by_last.get(last, ()) if kinds is None or self.kinds[q] in kinds
        ]
        scored = sorted(((_match_score(module, q), q) for q in candidates), reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return None
        if scored[0][0] < 0 and not (len(scored) == 1 and self._in_project(module)):
            return None
        return scored[0][1]

    def _in_project(self, module: str) -> bool:
        """Whether ``module`` belongs to the project (its package holds indexed modules): a
        name imported from it that is indexed nowhere else is a re-export (``db.Task``)."""
        return bool(module) and module.partition(".")[0] in self.packages


def near(found: str, wanted: str, module: str) -> bool:
    """Whether the index's ``found`` can be what a file of ``module`` means by ``wanted``
    when their module paths differ: the path ends with the wanted one (a ``src/`` layout)
    or starts with it (a package that re-exports), or contains it after the same packages
    as the file's own path (both under ``backend/``), or, matched on the name alone, is in
    the same top-level package. ``psycopg2.connect`` is neither the project's
    ``pgadmin.utils.driver.psycopg2.connection.connect`` nor its
    ``pgadmin.tools.schema_diff.connect``."""
    if found == wanted:
        return True
    have, want = found.split(".")[:-1], wanted.split(".")[:-1]
    size = len(want)
    if not want or have[-size:] == want or have[:size] == want:
        return True
    starts = [i for i in range(1, len(have) - size + 1) if have[i : i + size] == want]
    if not starts:  # matched on the name alone: only within the same top-level package
        return have[:1] == want[:1]
    ours = module.split(".")
    return any(have[:i] == ours[:i] for i in starts)


def _match_score(module: str, qualname: str) -> int:
    """How well an import path (``app.models``) matches an indexed qualified name."""
    have = qualname.split(".")[:-1]
    want = module.split(".") if module else []
    if not want:
        return 0
    size = len(want)
    if have[-size:] == want:
        return 3 * size
    if any(have[i : i + size] == want for i in range(len(have) - size + 1)):
        return 2 * size
    return 1 if want[-1] in have else -1


class ProjectIndex:
    """Models, mixins, schemas and tables of a set of files (see the module docstring)."""

    def __init__(
        self,
        files: Mapping[str, F.FileFacts],
        registry: Registry | None = None,
        migration_tables: frozenset[str] = frozenset(),
    ) -> None:
        self.files = dict(files)
        #: SQLAlchemy's own mapping, where the models could be imported: it overrides what
        #: the source says for the classes it knows
        self.registry = registry
        self.modules = {path: module_name(path) for path in self.files}
        self._paths_by_module: dict[str, str] | None = None
        self.symbols = Symbols()
        self._facts_by_qualname: dict[str, tuple[str, F.ClassFact]] = {}
        self._tables: dict[str, tuple[str, F.TableFact]] = {}
        self._functions: dict[str, tuple[str, F.FuncFact]] = {}
        #: the functions whose return is being resolved (a call may lead back to one)
        self._returns_in_progress: set[str] = set()
        self._aliases: dict[str, tuple[str, str]] = {}
        self._instances: dict[str, tuple[str, str]] = {}
        self._unions: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._imperative: dict[str, str] = {}
        #: whether a file sets a view's ``base_filters`` in a way the class facts miss
        #: (:attr:`~colretire.analysis.facts.FileFacts.opaque_filters`)
        self.opaque_filters = any(f.opaque_filters for f in self.files.values())
        #: tables the project's migrations create or add a column to (the scan asks them
        #: of the column's table: :func:`~colretire.analysis.migrations.migration_tables`)
        self.migration_tables = migration_tables
        for path, file_facts in self.files.items():
            self._register(path, file_facts)
        for path, file_facts in self.files.items():
            for cls, table in file_facts.imperative:
                found_cls, found_table = self.resolve(path, cls), self.resolve(path, table)
                if found_cls and found_table and (name := self.table_name_of(found_table)):
                    self._imperative[found_cls] = name
            for cls, attr in file_facts.imperative_attrs:
                if (found_cls := self.resolve(path, cls)) in self._facts_by_qualname:
                    where, fact = self._facts_by_qualname[found_cls]
                    if fact.attr(attr.name) is None:
                        fact = replace(fact, attrs=(*fact.attrs, attr))
                        self._facts_by_qualname[found_cls] = (where, fact)
        self.classes: dict[str, ClassInfo] = {}
        self._joining: set[str] = set()  # the classes whose joins are being read
        self._type_arguments: dict[str, dict[tuple[str, str], Resolved | str]] = {}
        self._all_attrs: dict[str, frozenset[str]] = {}
        self._mapped_by_attr: dict[str, list[ClassInfo]] | None = None
        for qualname in self._facts_by_qualname:
            self._class_info(qualname)
        self._relationship_sides()

    # --- registration and resolution ----------------------------------------------------

    def _register(self, path: str, file_facts: F.FileFacts) -> None:
        module = self.modules[path]
        for cls in file_facts.classes:
            self._facts_by_qualname[f"{module}.{cls.name}"] = (path, cls)
            self.symbols.add(f"{module}.{cls.name}", "class")
        for table in file_facts.tables:
            if table.var:
                self._tables[f"{module}.{table.var}"] = (path, table)
                self.symbols.add(f"{module}.{table.var}", "table")
        for func in file_facts.functions:
            self._functions[f"{module}.{func.name}"] = (path, func)
            self.symbols.add(f"{module}.{func.name}", "function")
        for name, target in file_facts.aliases:
            self._aliases[f"{module}.{name}"] = (path, target)
            self.symbols.add(f"{module}.{name}", "alias")
        for name, members in file_facts.unions:
            key = f"{module}.{name}"
            if key in self._unions and self._unions[key] != (path, members):
                # bound twice to different unions: which one a reader sees depends on
                # where it looks; the name stands for no union of its own
                self._unions[key] = (path, ("",))
            else:
                self._unions[key] = (path, members)
        for name, written in file_facts.instances:
            if f"{module}.{name}" not in self.symbols.kinds:
                self._instances[f"{module}.{name}"] = (path, written)
                self.symbols.add(f"{module}.{name}", "instance")

    def qualify(self, path: str, name: str) -> str:
        """The qualified name ``name`` (dotted, as written in ``path``) stands for."""
        head, dot, rest = name.partition(".")
        module = self.modules.get(path) or module_name(path)
        file_facts = self.files.get(path)
        if file_facts is not None:
            for item in reversed(file_facts.imports):
                if item.local == head:
                    return import_target(module, path, item) + dot + rest
            for local, backend in file_facts.dispatches:
                # oslo.db's DBAPI global: the backend module, where it hands out itself
                # (not read yet: named, so that it is read)
                if local == head and self._backend_itself(backend) is not False:
                    return backend + dot + rest
        if f"{module}.{head}" in self.symbols.kinds:
            return f"{module}.{name}"
        return name

    def _backend_itself(self, module: str) -> bool | None:
        """Whether the module ``module`` is a backend whose ``get_backend()`` returns itself;
        ``None`` when no file of it has been read."""
        if self._paths_by_module is None:
            self._paths_by_module = {self.modules.get(p) or module_name(p): p for p in self.files}
        path = self._paths_by_module.get(module)
        return self.files[path].backend_itself if path is not None else None

    def unions(self) -> dict[str, tuple[str, ...]]:
        """Every module-level union of indexed classes, with its classes
        (:meth:`union_classes`)."""
        return {key: found for key in self._unions if (found := self.union_classes(key))}

    def union_classes(self, qualname: str) -> tuple[str, ...] | None:
        """The indexed classes of the module-level union ``qualname`` names (``AnyConfig =
        Union[TaskConfig, ServiceConfig]``), where each of its members is one; else
        ``None``. A name bound otherwise too (a class or function of that name) is none."""
        if qualname not in self._unions or qualname in self.symbols.kinds:
            return None
        path, members = self._unions[qualname]
        found = []
        for member in members:
            key = self.resolve(path, member)
            if key is None or self.symbols.kinds.get(key) != "class":
                return None
            found.append(key)
        return tuple(found)

    def resolve(self, path: str, name: str, depth: int = 0) -> str | None:
        """The indexed class, table or function ``name`` names in ``path``; aliases followed."""
        found = self.symbols.lookup(self.qualify(path, name))
        if found and self.symbols.kinds[found] == "alias" and depth < 5:
            alias_path, target = self._aliases[found]
            return self.resolve(alias_path, target, depth + 1)
        return found

    def resolve_spec(self, path: str, spec: F.TypeSpec | None) -> Resolved | None:
        if spec is None:
            return None
        if spec.items:
            items = tuple(self.resolve_spec(path, item) for item in spec.items)
            if not any(items):
                return None
            container = spec.name if spec.name in F.MAPPINGS else "tuple"
            return Resolved(f"builtins.{container}", spec.collection, items=items)
        last = spec.name.rpartition(".")[2]
        if spec.call:
            key = self.resolve(path, spec.name)
            kind = self.symbols.kinds.get(key or "")
            if key and kind == "class":
                inner = self.resolve(path, spec.wraps) if spec.wraps else None
                held = inner if inner and self.symbols.kinds.get(inner) == "class" else ""
                return Resolved(key, held=held)
            return self.function_returns(key) if key and kind == "function" else None
        # names no indexed class, unless imported under another name
        # (``from app.models import LLMProvider as LLMProviderModel``)
        if (
            last not in self.symbols.by_last
            and last not in BUILTIN_TYPES
            and self.qualify(path, spec.name).rpartition(".")[2] not in self.symbols.by_last
        ):
            return None
        key = self.resolve(path, spec.name)
        if key and self.symbols.kinds.get(key) == "class":
            return Resolved(key, spec.collection, spec.is_class)
        if last in BUILTIN_TYPES:
            return Resolved(f"builtins.{last}", spec.collection, spec.is_class)
        return None

    # --- classes ------------------------------------------------------------------------

    def _class_info(self, qualname: str, seen: frozenset[str] = frozenset()) -> ClassInfo:
        if qualname in self.classes:
            return self.classes[qualname]
        path, fact = self._facts_by_qualname[qualname]
        bases, external = [], []
        known: set[str] = set()  # names of library bases known to make a class plain
        keyed = ""  # a library base that gives attributes by key
        unknown: set[str] = set()
        for base in fact.bases:
            key = self.resolve(path, base)
            if key in self._facts_by_qualname and key != qualname and key not in seen:
                bases.append(key)
            else:
                qualified = self.qualify(path, base)
                names = [base.rpartition(".")[2]]
                # a library's class imported under another name: ``BaseModel as BaseModelPydantic``
                imported = qualified.rpartition(".")[2]
                if imported != names[-1]:
                    names.append(imported)
                external += names
                (known if plain_library_class(qualified) else unknown).update(names)
                if keyed_access_class(qualified):
                    keyed = keyed or qualified
        parents = [self._class_info(base, seen | {qualname}) for base in bases]
        ancestors = tuple(dict.fromkeys(a for p in parents for a in (p.qualname, *p.ancestors)))
        external += [e for p in parents for e in p.external_bases]
        for parent in parents:
            known.update(parent.plain_library_bases)
            unknown.update(set(parent.external_bases) - set(parent.plain_library_bases))
        joined = self._joined(qualname)
        info = ClassInfo(
            qualname, fact.name.rpartition(".")[2], path, fact,
            *self._kind_and_table(qualname, fact, parents, external, joined),
            bases=tuple(bases), ancestors=ancestors, external_bases=tuple(dict.fromkeys(external)),
            plain_library_bases=tuple(sorted(known - unknown)),
            keyed_access=keyed or next((p.keyed_access for p in parents if p.keyed_access), ""),
            joined=joined,
            attr_types=self._attr_types(path, fact),
            method_returns=self._method_returns(path, fact),
            from_attributes=fact.from_attributes or any(p.from_attributes for p in parents),
            tablename_rule=_inherited_rule(fact, parents),
            datamodel=(self.resolve(path, fact.datamodel) if fact.datamodel else None)
            or next((p.datamodel for p in parents if p.datamodel), None),
            filters=tuple(r for f in fact.filters if (r := self.resolve(path, f)))
            or next((p.filters for p in parents if p.filters), ()),
        )  # fmt: skip
        self.classes[qualname] = info
        return info

    def _kind_and_table(
        self,
        qualname: str,
        fact: F.ClassFact,
        parents: list[ClassInfo],
        external: list[str],
        joined: tuple[str, ...],
    ) -> tuple[str, str | None]:
        """``joined``: the tables of the join the class is mapped against (:meth:`_joined`)."""
        if fact.abstract:
            return MIXIN, None
        orm = any(a.kind in (F.COLUMN, F.RELATIONSHIP, F.COMPOSITE) for a in fact.attrs)
        if self.registry is not None:
            known = self.registry.match(qualname)
            if known is not None and known.table:
                return MAPPED, known.table
            if known is not None and known.tables:
                return MAPPED, known.tables[0]  # mapped against a join
            if known is None and self._facts_path(qualname) in self.registry.files:
                return (MIXIN if orm else PLAIN), None  # imported, and SQLAlchemy maps it not
        own = self._imperative.get(qualname) or self._own_table(fact, external)
        if own:
            return MAPPED, own
        if joined:
            return MAPPED, joined[0]
        mapped = next((p for p in parents if p.kind == MAPPED), None)
        columns = any(a.kind == F.COLUMN for a in fact.attrs)
        rule = None if fact.tablename_rule else _inherited_rule(fact, parents)
        if rule and rule != "?" and (columns or (orm and not mapped)):
            # a subclass of a base whose ``declared_attr`` names its table: its own table
            # (a subclass of a mapped class that adds no column stays in the parent's)
            return MAPPED, derived_tablename(fact.name.rpartition(".")[2], rule)
        if mapped:
            return MAPPED, mapped.table
        if columns and not rule and (named := self._migrated_name(fact, external)):
            return MAPPED, named
        if orm:
            return MIXIN, None
        if any(p.kind == SCHEMA for p in parents) or SCHEMA_BASES & set(external):
            return SCHEMA, None
        return PLAIN, None

    def _migrated_name(self, fact: F.ClassFact, external: list[str]) -> str | None:
        """The table of a class with columns and no table of its own that derives from a
        library's class colretire cannot read (Neutron's ``model_base.BASEV2``, whose
        ``declared_attr`` ``__tablename__`` gives ``Subnet`` the table ``subnets``): the
        one name of the usual conventions (the class's name in lower or snake case, with
        or without a plural ``s``) that is a table the project's migrations create or
        alter. None where no migration names one, or more than one matches."""
        if not external or not self.migration_tables or fact.abstract:
            return None
        name = fact.name.rpartition(".")[2]
        spelt = {name.lower(), snake_case(name)}
        candidates = {c for s in spelt for c in (s, s + "s")} & self.migration_tables
        return candidates.pop() if len(candidates) == 1 else None

    def _facts_path(self, qualname: str) -> str:
        return self._facts_by_qualname[qualname][0]

    def _joined(self, qualname: str) -> tuple[str, ...]:
        """The tables of the join ``qualname`` is mapped against, where every side names
        one: ``Model.__table__`` of a class of the project, or a Core table's variable."""
        known = self.registry.match(qualname) if self.registry is not None else None
        if known is not None and not known.table and len(known.tables) > 1:
            return known.tables
        path, fact = self._facts_by_qualname[qualname]
        if not fact.joined or qualname in self._joining:
            return ()  # none, or classes whose joins name each other's tables
        self._joining.add(qualname)
        try:
            found = []
            for side in fact.joined:
                head, _, last = side.rpartition(".")
                table = None
                if last == "__table__" and head:
                    key = self.resolve(path, head)
                    if key in self._facts_by_qualname and key != qualname:
                        table = self._class_info(key).table
                else:  # a Core table's variable, as the module binds or imports it
                    key = self.resolve(path, side)
                    entry = self._tables.get(key or "")
                    table = entry[1].name if entry is not None else None
                if table is None:
                    return ()
                found.append(table)
            return tuple(found)
        finally:
            self._joining.discard(qualname)

    def _own_table(self, fact: F.ClassFact, external: list[str]) -> str | None:
        if fact.tablename:
            return fact.tablename
        if fact.table_ref:
            for key, (_, table) in self._tables.items():
                if key.endswith("." + fact.table_ref.rpartition(".")[2]):
                    return table.name
        if ("table", "True") in fact.keywords:
            return fact.name.rpartition(".")[2].lower()
        if "Model" in external and any(a.kind == F.COLUMN for a in fact.attrs):
            return snake_case(fact.name.rpartition(".")[2])  # Flask-SQLAlchemy's default
        return None

    def _attr_types(self, path: str, fact: F.ClassFact) -> dict[str, Resolved]:
        types = {}
        declared = {attr.name for attr in fact.attrs}
        for name in dict(fact.instance_types):
            resolved = F.stated_type(
                fact.instance_types, name, lambda spec: self.resolve_spec(path, spec)
            )
            if resolved is not None and name not in declared:
                types[name] = resolved
        for attr in fact.attrs:
            resolved = self.resolve_spec(path, attr.type)
            if resolved is not None:
                types[attr.name] = resolved
        return types

    def type_arguments(
        self, qualname: str, seen: frozenset[str] = frozenset()
    ) -> dict[tuple[str, str], Resolved | str]:
        """What the type variables of the class ``qualname`` and of its ancestors stand for
        in it, by (the class that declares the variable, its name): a class the bases are
        given (``BaseIdentifiedResponse[ModelVersionArtifactResponseBody, ...]`` binds the
        ``AnyDatedBody`` of ``BaseIdentifiedResponse`` and, through it, the ``AnyBody`` of
        ``BaseResponse``), or the name of a type variable of ``qualname`` itself, still
        open. An argument that names no class of the project binds nothing."""
        if not seen and qualname in self._type_arguments:
            return self._type_arguments[qualname]
        info = self.classes.get(qualname)
        if info is None or qualname in seen:
            return {}
        fact = info.fact
        found: dict[tuple[str, str], Resolved | str] = {
            (qualname, param): param for param in fact.type_params
        }
        for base, args in zip(fact.bases, fact.base_args or [()] * len(fact.bases), strict=True):
            key = self.resolve(info.path, base)
            parent = self.classes.get(key or "")
            if parent is None or key == qualname:
                continue
            assert key is not None
            given: dict[str, Resolved | str] = {}
            for param, arg in zip(parent.fact.type_params, args, strict=False):
                if arg in fact.type_params:
                    given[param] = arg
                elif arg and (resolved := self.resolve_spec(info.path, F.TypeSpec(arg))):
                    given[param] = resolved
            for (owner, param), value in self.type_arguments(key, seen | {qualname}).items():
                if isinstance(value, str):
                    if value in given:
                        found.setdefault((owner, param), given[value])
                else:
                    found.setdefault((owner, param), value)
        if not seen:
            self._type_arguments[qualname] = found
        return found

    def _method_returns(self, path: str, fact: F.ClassFact) -> dict[str, Resolved]:
        found = {}
        for method in fact.methods:
            resolved = self.resolve_spec(path, method.returns)
            if resolved is not None:
                found[method.name] = resolved
        return found

    def _relationship_sides(self) -> None:
        """A relationship that does not say whether it holds a collection (no annotation,
        no ``uselist``: ``notes = relationship("Note")``) holds one when the foreign
        key is on the other side (one-to-many) or it refers to its own class without
        ``remote_side`` (the children of an adjacency list), as SQLAlchemy decides."""
        for key, info in list(self.classes.items()):
            sides: dict[str, Resolved] = {}
            for attr in info.fact.attrs:
                resolved = info.attr_types.get(attr.name)
                if (
                    attr.kind == F.RELATIONSHIP
                    and attr.many is None
                    and resolved is not None
                    and not resolved.collection
                    and self._one_to_many(info, attr, resolved.key)
                ):
                    sides[attr.name] = replace(resolved, collection=True)
            if sides:
                self.classes[key] = replace(info, attr_types={**info.attr_types, **sides})
        self._backrefs()

    def _backrefs(self) -> None:
        """``trial = relationship(TrialModel, backref=backref("values"))`` on
        ``TrialValueModel`` gives ``TrialModel`` an attribute ``values``: the
        ``TrialValueModel`` rows that refer to it, a collection when the foreign key is on
        the side declaring the relationship (many-to-one, so one-to-many back), one object
        when it is on the other side, as the code says otherwise (``uselist``,
        ``secondary``). A side the keys do not tell, or an attribute the class declares
        itself, is left alone."""
        added: dict[str, dict[str, Resolved]] = {}
        for key, info in self.classes.items():
            for attr in info.fact.attrs:
                resolved = info.attr_types.get(attr.name)
                if attr.kind != F.RELATIONSHIP or not attr.backref or resolved is None:
                    continue
                target = self.classes.get(resolved.key)
                if target is None or target.kind != MAPPED or resolved.key == key:
                    continue
                if attr.backref in self._all_attr_names(target):
                    continue
                many = attr.backref_many
                if many is None:
                    many = self._backref_side(info, attr, target)
                if many is not None:
                    side = Resolved(key, collection=many)
                    added.setdefault(resolved.key, {}).setdefault(attr.backref, side)
        for key, sides in added.items():
            info = self.classes[key]
            self.classes[key] = replace(info, attr_types={**sides, **info.attr_types})

    def _backref_side(self, info: ClassInfo, rel: F.AttrFact, target: ClassInfo) -> bool | None:
        """Whether the backref of ``rel`` (declared on ``info``, to ``target``) holds a
        collection, by where the foreign keys between the two tables are."""
        if not info.table or not target.table:
            return None
        ours = set(self._foreign_keys(info).values()) | self._table_refers(info.table)
        theirs = set(self._foreign_keys(target).values()) | self._table_refers(target.table)
        if rel.foreign_keys:
            ours_named = set(rel.foreign_keys) & set(self._foreign_keys(info))
            theirs_named = set(rel.foreign_keys) & set(self._foreign_keys(target))
            if bool(ours_named) == bool(theirs_named):
                return None
            return bool(ours_named)
        if (target.table in ours) == (info.table in theirs):
            return None
        return target.table in ours

    def _table_refers(self, table: str) -> set[str | None]:
        """The tables the foreign keys of an imperative ``Table`` of that name refer to."""
        return {
            self.referred_table(path, column.foreign_key)
            for path, fact in self._tables.values()
            if fact.name == table
            for column in fact.columns
            if column.foreign_key
        }

    def _all_attr_names(self, info: ClassInfo) -> set[str]:
        names: set[str] = set()
        for owner in (info.qualname, *info.ancestors):
            names.update(a.name for a in self.classes[owner].fact.attrs)
            names.update(self.classes[owner].attr_types)
        return names

    def _one_to_many(self, info: ClassInfo, rel: F.AttrFact, target_key: str) -> bool:
        target = self.classes.get(target_key)
        if target is None or target.kind != MAPPED or not info.table:
            return False
        if target_key == info.qualname:
            return True
        ours = self._foreign_keys(info)
        if rel.foreign_keys:  # foreign_keys=[...] names the columns the join goes through
            return not set(rel.foreign_keys) & set(ours) and bool(
                set(rel.foreign_keys) & set(self._foreign_keys(target))
            )
        if target.table in ours.values():
            return False  # the foreign key is ours: many-to-one
        return info.table in self._foreign_keys(target).values()

    def _foreign_keys(self, info: ClassInfo) -> dict[str, str | None]:
        """The foreign-key attributes of a class and its ancestors, with the table each
        refers to."""
        found: dict[str, str | None] = {}
        for owner in (info.qualname, *info.ancestors):
            cls = self.classes[owner]
            for attr in cls.fact.attrs:
                if attr.foreign_key and attr.name not in found:
                    found[attr.name] = self.referred_table(cls.path, attr.foreign_key)
        return found

    def referred_table(self, path: str, foreign_key: str) -> str | None:
        """``"authors.id"``, ``"library.authors.id"``, ``Author.id`` or
        ``authors_table.c.id``: the table a foreign key refers to."""
        head = foreign_key.rpartition(".")[0]
        if not head:
            return None
        for suffix in (".c", ".columns"):
            if head.endswith(suffix):
                found = self.resolve(path, head.removesuffix(suffix))
                return self.table_name_of(found) if found else None
        found = self.resolve(path, head)
        if found in self.classes:
            return self.classes[found].table
        return head.rpartition(".")[2]

    def plain_modules(self) -> frozenset[str]:
        """The modules of the index that ``from package import name`` binds as modules: a
        module whose package's ``__init__`` is indexed and binds no name of its own
        (``from airflow.api.common import trigger_dag`` is the module, not its function
        ``trigger_dag``; a package that imports the function under that name re-exports it,
        one that imports the module itself, ``from . import trigger_dag``, does not)."""
        bound: dict[str, set[str]] = {}
        for path, facts in self.files.items():
            if path.endswith("__init__.py"):
                package = self.modules[path]
                names = bound.setdefault(package, set())
                names.update(
                    item.local
                    for item in facts.imports
                    if import_target(package, path, item) != f"{package}.{item.local}"
                )
                names.update(item.name for item in facts.classes)
                names.update(item.name for item in facts.functions)
                names.update(name for name, _ in (*facts.aliases, *facts.instances))
                names.update(table.var for table in facts.tables if table.var)
        found = set()
        for path, module in self.modules.items():
            package, _, name = module.rpartition(".")
            if package in bound and name not in bound[package] and not path.endswith("__init__.py"):
                found.add(module)
        return frozenset(found)

    def function_returns(self, qualname: str) -> Resolved | None:
        entry = self._functions.get(qualname)
        if entry is None or qualname in self._returns_in_progress:
            return None  # unknown, or calls itself back (``return g()`` / ``return f()``)
        path, func = entry
        self._returns_in_progress.add(qualname)
        try:
            found = self.resolve_spec(path, func.returns)
        finally:
            self._returns_in_progress.discard(qualname)
        if found is None and func.returns_call is not None:
            found = self._row_returned(path, *func.returns_call)
        return found

    def _row_returned(self, path: str, callee: str, args: tuple[str, ...]) -> Resolved | None:
        """``return database.get(Domain, domain_id)``: a function that fetches a row of the
        class it is given, given a model class, returns an instance of it."""
        key = self.resolve(path, callee)
        entry = self._functions.get(key) if key else None
        row_of = entry[1].row_of if entry else None
        if row_of is None or row_of[0] >= len(args) or not args[row_of[0]]:
            return None
        given = self.resolve(path, args[row_of[0]])
        return Resolved(given) if given and self.symbols.kinds.get(given) == "class" else None

    def functions_fetching_rows(self) -> dict[str, tuple[int, str]]:
        """Module-level functions that fetch a row of the class given as a parameter."""
        return {key: func.row_of for key, (_, func) in self._functions.items() if func.row_of}

    def functions_giving_queries(self) -> dict[str, str | tuple[int, str, int]]:
        """Module-level functions every ``return`` of which gives a query: of a class (its
        key), or of the class given at a parameter (its position and name)."""
        found: dict[str, str | tuple[int, str, int]] = {}
        for key, (path, func) in self._functions.items():
            query = func.gives_query
            if isinstance(query, str):
                cls = self.resolve(path, query)
                if cls is not None and self.symbols.kinds.get(cls) == "class":
                    found[key] = cls
            elif query is not None:
                found[key] = query
        return found

    def functions_passing_queries(self) -> dict[str, tuple[int, str]]:
        """Module-level functions that give a query of the class of the query given them
        (:attr:`~colretire.analysis.facts.FuncFact.passes_query`)."""
        return {k: f.passes_query for k, (_, f) in self._functions.items() if f.passes_query}

    def functions_giving_back(self) -> dict[str, tuple[int, str]]:
        """Module-level functions that give back one of their parameters."""
        return {
            key: func.gives_back
            for key, (_, func) in self._functions.items()
            if func.gives_back is not None
        }

    def functions_returning_keys(self) -> dict[str, tuple[int, str]]:
        """Module-level functions whose every ``return`` gives the value of one key
        (:mod:`~colretire.analysis.keyedreturn`): ``(-1, key)`` for a string, ``(position,
        name)`` for a parameter each call names; a function that returns the call of one
        such function, giving that parameter a string, returns the value of that key."""
        found = {
            key: func.returns_key
            for key, (_, func) in self._functions.items()
            if func.returns_key is not None
        }
        for key, (path, func) in self._functions.items():
            if key in found or func.returns_call_keys is None:
                continue
            callee = self.resolve(path, func.returns_call_keys[0])
            keyed = found.get(callee) if callee else None
            given = dict(func.returns_call_keys[1])
            if keyed is not None and keyed[0] >= 0 and keyed[0] in given:
                found[key] = (-1, given[keyed[0]])
        return found

    def functions_making_tables(self) -> dict[str, tuple[int, str]]:
        """Module-level functions that make SQLAlchemy's table of the name given to one of
        their parameters (:mod:`~colretire.analysis.tablefactory`): that parameter."""
        return {
            key: func.makes_table[1:]
            for key, (path, func) in self._functions.items()
            if func.makes_table is not None
            and self.qualify(path, func.makes_table[0]) in SQLALCHEMY_TABLES
        }

    def functions_dumping(self) -> dict[str, tuple[int, str]]:
        """Module-level decorator factories that dump the decorated function's result with
        one of their parameters."""
        return {
            key: func.dumps_result
            for key, (_, func) in self._functions.items()
            if func.dumps_result is not None
        }

    def instance_class(self, qualname: str) -> str | None:
        """The indexed class of a module-level instance (``Models = ModelsTable()``)."""
        entry = self._instances.get(qualname)
        if entry is None:
            return None
        found = self.resolve(entry[0], entry[1])
        return found if found is not None and found in self.classes else None

    def table_name_of(self, qualname: str) -> str | None:
        entry = self._tables.get(qualname)
        return entry[1].name if entry else None

    def subclasses(self, qualname: str) -> Iterator[ClassInfo]:
        return (info for info in self.classes.values() if qualname in info.ancestors)

    def is_sqlmodel(self, info: ClassInfo) -> bool:
        return "SQLModel" in info.external_bases

    # --- columns ------------------------------------------------------------------------

    @cached_property
    def column_sites(self) -> tuple[ColumnSite, ...]:
        """Every column declaration: one entry per (table, column, declaring attribute)."""
        sites: list[ColumnSite] = []
        for info in self.classes.values():
            if info.kind == MAPPED:
                sites.extend(self._class_sites(info))
        for qualname, (path, table) in self._tables.items():
            sites.extend(_table_sites(path, qualname, table))
        for info in self.classes.values():
            if info.fact.table is not None:
                sites.extend(_table_sites(info.path, info.qualname, info.fact.table))
        return tuple(dict.fromkeys(sites))

    def _class_sites(self, info: ClassInfo) -> Iterator[ColumnSite]:
        assert info.table is not None
        owners = [info, *self.unmapped_ancestors(info)]
        for owner in owners:
            for attr in owner.fact.attrs:
                if self._is_column(owner, attr):
                    yield ColumnSite(
                        ColumnRef(info.table, attr.column_name), attr.name, owner.path,
                        attr.line, attr.col, owner.qualname, attr,
                    )  # fmt: skip
                for inline in attr.inline_columns if attr.kind == F.COMPOSITE else ():
                    yield ColumnSite(
                        ColumnRef(info.table, inline), attr.name, owner.path,
                        attr.line, attr.col, owner.qualname, attr,
                    )  # fmt: skip

    def unmapped_ancestors(self, info: ClassInfo) -> list[ClassInfo]:
        """The mixins whose attributes ``info`` maps into its own table: ancestors reached
        without passing through a mapped class (whose columns live in its own table)."""
        found: list[ClassInfo] = []
        pending = list(info.bases)
        while pending:
            base = self.classes[pending.pop(0)]
            if base.kind != MAPPED and base not in found:
                found.append(base)
                pending.extend(base.bases)
        return found

    def _is_column(self, owner: ClassInfo, attr: F.AttrFact) -> bool:
        if attr.kind == F.COLUMN:
            return True
        return attr.kind == F.FIELD and (attr.sa_column or self.is_sqlmodel(owner))

    def declared_columns(self) -> frozenset[ColumnRef]:
        return frozenset(site.column for site in self.column_sites)

    def sites(self, column: ColumnRef) -> tuple[ColumnSite, ...]:
        wanted = (column.table_name, column.column)
        return tuple(
            s for s in self.column_sites if (s.column.table_name, s.column.column) == wanted
        )

    def definition(self, column: ColumnRef) -> ColumnDefinition | None:
        for site in self.sites(column):
            if site.fact.definition is not None:
                return site.fact.definition
        return None

    def model_location(self, column: ColumnRef) -> tuple[str, int] | None:
        sites = self.sites(column)
        return (sites[0].path, sites[0].line) if sites else None

    def suggest(self, column: ColumnRef) -> tuple[str, ...]:
        """Up to three declared names closest to ``column``: a close column of the same
        table, then the same column of a close table, then a close column of a close table.
        Tables are compared first so that a project with thousands of columns answers fast."""
        import difflib  # only here: a scan never suggests

        columns: dict[str, set[str]] = {}
        for declared in self.declared_columns():
            columns.setdefault(declared.table, set()).add(declared.column)
        tables = difflib.get_close_matches(column.table, sorted(columns), n=3, cutoff=0.6)
        if column.table in columns:
            tables = [column.table, *(t for t in tables if t != column.table)]
        found: list[str] = []
        elsewhere = sorted(t for t, names in columns.items() if column.column in names)
        for table in [*tables, *elsewhere]:
            names = sorted(columns[table])
            if column.column in names and table != column.table:
                found.append(f"{table}.{column.column}")
            found += [
                f"{table}.{c}"
                for c in difflib.get_close_matches(column.column, names, n=3, cutoff=0.6)
            ]
        return tuple(dict.fromkeys(f for f in found if f != str(column)))[:3]

    def mapped_on(self, table: str) -> tuple[ClassInfo, ...]:
        """The mapped classes of ``table`` (without its schema)."""
        name = table.rpartition(".")[2]
        return tuple(
            c
            for c in self.classes.values()
            if c.kind == MAPPED and (c.table == name or name in c.joined)
        )

    def held_tables(self) -> dict[str, str]:
        """The Core tables classes bind as class attributes, ``module.Class.attr`` -> the
        table's name (:attr:`~colretire.analysis.facts.ClassFact.tables`)."""
        return {
            f"{qualname}.{table.var}": table.name
            for qualname, (_, fact) in self._facts_by_qualname.items()
            for table in fact.tables
            if table.var
        }

    def held_table_binders(
        self, names: Iterable[str]
    ) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """Of the attribute ``names`` classes hold tables under, the classes that bind them
        otherwise: in their bodies (``buildrequests = archived_requests`` in a subclass), and
        in their code (``self.buildrequests = BuildRequestsComponent(self)``), by name."""
        wanted = frozenset(names)
        body: dict[str, set[str]] = {}
        code: dict[str, set[str]] = {}
        for qualname, (_, fact) in self._facts_by_qualname.items():
            held = {table.var for table in fact.tables}
            for attr in fact.attrs:
                if attr.name in wanted and attr.name not in held:
                    body.setdefault(attr.name, set()).add(qualname)
            for name in fact.binds & wanted:
                code.setdefault(name, set()).add(qualname)
        return (
            {name: frozenset(found) for name, found in body.items()},
            {name: frozenset(found) for name, found in code.items()},
        )

    def tables_named(self, table: str) -> tuple[str, ...]:
        name = table.rpartition(".")[2]
        return tuple(q for q, (_, t) in self._tables.items() if t.name == name)

    def all_attrs(self, qualname: str) -> frozenset[str]:
        """The attribute names of a class and its ancestors."""
        found = self._all_attrs.get(qualname)
        if found is None:
            info = self.classes[qualname]
            owners = (info.qualname, *info.ancestors)
            found = frozenset(a.name for o in owners for a in self.classes[o].fact.attrs)
            self._all_attrs[qualname] = found
        return found

    def mapped_with(self, name: str) -> list[ClassInfo]:
        """The mapped classes that have an attribute ``name`` (their own or inherited)."""
        if self._mapped_by_attr is None:
            self._mapped_by_attr = {}
            for info in self.classes.values():
                if info.kind == MAPPED:
                    for attr in self.all_attrs(info.qualname):
                        self._mapped_by_attr.setdefault(attr, []).append(info)
        return self._mapped_by_attr.get(name, [])

    def attr_of(self, qualname: str, name: str) -> tuple[ClassInfo, F.AttrFact] | None:
        """The attribute ``name`` of a class or its nearest ancestor that declares it."""
        info = self.classes.get(qualname)
        if info is None:
            return None
        for owner in (info.qualname, *info.ancestors):
            attr = self.classes[owner].fact.attr(name)
            if attr is not None:
                return self.classes[owner], attr
        return None


def _table_sites(path: str, owner: str, table: F.TableFact) -> Iterator[ColumnSite]:
    name = f"{table.schema}.{table.name}" if table.schema else table.name
    for column in table.columns:
        yield ColumnSite(
            ColumnRef(name, column.name), column.name, path,
            column.line, column.col, owner, column, in_table=True,
        )  # fmt: skip


def import_target(module: str, path: str, item: F.ImportFact) -> str:
    """The qualified name an import binds, relative imports resolved against ``module``."""
    base = item.module
    if item.level:
        parts = module.split(".")
        keep = len(parts) - item.level + (1 if path.endswith("__init__.py") else 0)
        base = ".".join(parts[: max(keep, 0)] + ([item.module] if item.module else []))
    return f"{base}.{item.name}" if item.name else base
