"""Keywords handed on: follow ``f(col=...)`` into the project function ``f``.

A keyword spelt like the column given to a function of the project
(``has_access(user.id, access_control=note.access_control)``) is the name of one of that
function's parameters. One file cannot tell what the function does with it, so the finder
leaves the word unexplained and records where the call goes (:class:`Handoff`). Once every
file has been analysed, this module reads the function (in the same module or another,
found by the module path its qualified name gives) and follows the parameter through its
body:

- where its value is only tested, compared, read, logged or given to the exception the
  function raises, it never reaches the column: the keyword is excluded as a keyword of an
  unrelated call (``keyword``), its detail naming the function;
- where the function writes it into the column (assigns the parameter itself to the model's
  attribute, ``note.access_control = access_control``, or builds the model or a row with
  it), the word stays unexplained and its detail names the write: on real code, the callers
  of such functions were as often not counted as uses of the column as counted (a forwarding
  storage API: the column's drop changes the function, not its callers), so these are not
  ``likely`` references, which must be right four times in five. But where the value is a
  Pydantic schema's field of the keyword's name (``upsert_persona(icon_color=
  request.icon_color)``) and the function writes it unchanged into the column (assigns
  the parameter itself to the model's attribute or gives it as the keyword of the model's
  constructor, itself or through functions it hands the parameter itself to by keyword),
  the schema mirrors the model: that is evidence for :mod:`~colretire.analysis.mirrors`,
  and the scanner reads the schema's files again;
- where it is handed on to a function of the project, that function is followed in turn, a
  few steps at most (a function defined inside the one followed, with the parameter it
  takes; a method inherited from a class of the project, where it is defined; a method of
  a module's global instance, ``DATABASE = AgentDB(...)``);
- where it is compared to a column in a filter (``Job.id.in_(job_ids)``), it is read; but
  where the value is a Pydantic schema's field of the keyword's name and the function
  compares the parameter itself with the column (``SqlJob.function_fullname ==
  function_fullname``), the field holds the column's values: evidence for
  :mod:`~colretire.analysis.mirrors` too;
- where it is given by keyword to another table's model with the constructor SQLAlchemy
  generates (``JobMessage(job_id=job_id)``; a model the index lacks counts where its body
  names its table and its bases are all libraries', ``class Post(SQLModel, table=True)``),
  or assigned to a column of a row of one
  (:mod:`~colretire.analysis.lastbinding` says which row a name holds), it is written into
  that table: excluded too, the detail naming that table's column;
- where it is put in a dict whose key the scan could not judge, the dict is followed, and
  so is the object a generated constructor (a dataclass's) builds with it;
- where it is sent out of the process (an HTTP request, a telemetry span:
  :mod:`~colretire.analysis.outbound`), it is neither kept nor written;
- where it is added to a list or set the function builds (``conditions.append(f"id={x}")``),
  that collection carries it on, followed as the value is;
- where a function it is handed to returns tuples (``return query, conditions``), only
  the items that carry it carry it on (``query, conditions = preprocess(ids)``);
- where it goes anywhere else (an attribute of another object, a call that cannot be
  followed, a method that may change it, the function's result, a closure), or the function
  cannot be found, the word stays unexplained and its detail says so.

Nothing is excluded that was not followed to its end.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from colretire.analysis.accounting import HANDED_VALUE, FileResult, Handoff, is_local_value
from colretire.analysis.codes import CODE_OF_KIND
from colretire.analysis.facts import dotted, init_types, last_name, string_value, with_default
from colretire.analysis.index import module_name
from colretire.analysis.lastbinding import blocks, last_binding
from colretire.analysis.mirrors import Mirror
from colretire.analysis.outbound import Outbound, bindings
from colretire.analysis.source import Source, decode
from colretire.model import (
    Confidence,
    Exclusion,
    Reference,
    ReferenceKind,
    Tier,
)

#: How many calls deep a value is followed.
DEPTH = 4

#: Builtins that read their arguments and keep none of them.
_READERS = frozenset(
    {
        "isinstance", "issubclass", "len", "bool", "hasattr", "callable", "id", "hash",
        "any", "all", "print", "repr", "str", "int", "float", "type", "sorted", "list",
        "tuple", "set", "frozenset", "dict", "min", "max", "sum", "enumerate", "zip",
        "iter", "next", "range", "abs", "round", "format", "getattr", "reversed",
    }
)  # fmt: skip
#: Of those, the ones whose result is not the value (nor part of it).
_PREDICATES = frozenset(
    {"isinstance", "issubclass", "len", "bool", "hasattr", "callable", "id", "hash", "any",
     "all", "print"}
)  # fmt: skip
#: Methods of strings, dicts, lists and the like that read the value and change nothing.
_READING_METHODS = frozenset(
    {
        "get", "keys", "values", "items", "copy", "split", "rsplit", "strip", "lstrip",
        "rstrip", "lower", "upper", "startswith", "endswith", "format", "encode", "decode",
        "count", "index", "find", "replace", "hex", "isoformat", "splitlines", "partition",
        "rpartition", "casefold", "title", "isdigit", "isalpha", "isalnum", "isnumeric",
        "issubset", "issuperset", "union", "intersection", "difference", "model_dump",
        "dict", "json", "model_dump_json",
    }
)  # fmt: skip
#: Operators of SQLAlchemy's columns that compare one to a value (``Job.id.in_(ids)``): the
#: value is in a filter, read; the result is a clause, not the value.
_COMPARISONS = frozenset(
    {
        "in_", "not_in", "notin_", "like", "ilike", "not_like", "not_ilike", "notlike",
        "notilike", "is_", "is_not", "isnot", "is_distinct_from", "is_not_distinct_from",
        "isnot_distinct_from", "between", "startswith", "endswith", "contains", "icontains",
        "istartswith", "iendswith", "regexp_match",
    }
)  # fmt: skip
#: Methods of a list, a set or a deque that add what they are given to it.
_COLLECTING = frozenset({"append", "extend", "insert", "add", "appendleft", "extendleft"})
#: Calls that take a message for people (logging, warnings).
_MESSAGES = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


@dataclass(frozen=True)
class _Outcome:
    """Where a parameter's value goes: ``writes`` (the write's position, and whether it
    writes the parameter itself, unchanged, as the model's attribute or the keyword of its
    constructor, in this function or through functions it hands it to unchanged) when the
    function writes it into the column, ``unknown`` (why) when it goes somewhere
    that cannot be followed, ``returns`` when it is part of the function's result."""

    writes: tuple[str, int, bool] | None = None
    unknown: str = ""
    returns: bool = False
    #: the column of another table it is written into (``steps.job_id``), if any
    into: str = ""
    #: the field of an object it is kept in, built by a generated constructor
    #: (``ProviderScope.description``), if any
    kept: str = ""
    #: where a hand-written constructor keeps it in its own attribute of the keyword's
    #: name, excluded there as a member of a class that maps no table (path, line)
    kept_at: tuple[str, int] | None = None
    #: where every ``return`` giving it back is a tuple written out (``return query,
    #: conditions``), the positions of the items that carry it; ``None`` otherwise
    positions: frozenset[int] | None = None
    #: where the function compares the parameter itself with the column (a filter on it,
    #: ``SqlJob.function_fullname == function_fullname``), in its body or through
    #: functions it hands the parameter itself to by keyword (path, line)
    filters: tuple[str, int] | None = None
    #: with ``writes``: why the value may also go where the write does not stand for it
    #: (a method a subclass of the project overrides)
    doubt: str = ""


_NEVER = _Outcome()


def _positions(outcomes: Iterable[_Outcome]) -> frozenset[int] | None:
    """The tuple positions that carry the value back from any of ``outcomes``: ``None``
    where one of those that return it gives it back otherwise than in a tuple's items."""
    found: set[int] = set()
    for outcome in outcomes:
        if outcome.returns:
            if outcome.positions is None:
                return None
            found |= outcome.positions
    return frozenset(found)


def _merged(outcomes: list[_Outcome], *, filters: bool) -> _Outcome:
    """What a call does with the value, from what each function or parameter it reaches
    does: the first write, reason and column found, a return where any returns it. The
    evidence of a filter on the column is kept only where asked (``filters``)."""
    return _Outcome(
        writes=next((o.writes for o in outcomes if o.writes is not None), None),
        unknown=next((o.unknown for o in outcomes if o.unknown), ""),
        returns=any(o.returns for o in outcomes),
        into=next((o.into for o in outcomes if o.into), ""),
        positions=_positions(outcomes),
        filters=next((o.filters for o in outcomes if o.filters is not None), None)
        if filters
        else None,
        doubt=next((o.doubt for o in outcomes if o.doubt), ""),
    )


class Module:
    def __init__(
        self, rel: str, text: str, tree: ast.Module, packages: frozenset[str] = frozenset()
    ) -> None:
        self.rel = rel
        self.source = Source(rel, text, tree)
        self.name = module_name(rel)
        self.defs: dict[str, ast.AST] = {}
        self.imports: dict[str, str] = {}
        #: the names the module's top level binds otherwise (``Base = declarative_base()``)
        self.assigned: set[str] = set()
        for stmt in tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                self.defs[stmt.name] = stmt
            elif isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                self.assigned.update(
                    n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)
                )
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    local = alias.asname or alias.name.partition(".")[0]
                    target = alias.name if alias.asname else local
                    self.imports[local] = self._rooted(target, packages)
            elif isinstance(stmt, ast.ImportFrom):
                base = self._base(stmt)
                if not stmt.level:
                    base = self._rooted(base, packages)
                for alias in stmt.names:
                    self.imports[alias.asname or alias.name] = f"{base}.{alias.name}"

    def _rooted(self, imported: str, packages: frozenset[str]) -> str:
        """The module an absolute import names, as the scan names it: ``oasst_backend.models``
        imported by ``backend/oasst_backend/prompt_repository.py`` is
        ``backend.oasst_backend.models``. A file of a package imports its own package from
        the directory above it (``backend/``, put on the path by the application), so a
        package the project does not hold at the top is looked for under the directories
        holding this file's own package of that name, nowhere else."""
        if not packages or imported in packages:
            return imported
        head = imported.partition(".")[0]
        parts = self.name.split(".")
        for cut in range(1, len(parts) - 1):
            if parts[cut] == head:
                rooted = ".".join([*parts[:cut], imported])
                if rooted in packages:
                    return rooted
        return imported

    def base(self, stmt: ast.ImportFrom) -> str:
        """The module a ``from ... import`` statement of this module imports from."""
        return self._base(stmt)

    def _base(self, stmt: ast.ImportFrom) -> str:
        if not stmt.level:
            return stmt.module or ""
        parts = self.name.split(".")
        keep = len(parts) - stmt.level + (1 if self.rel.endswith("__init__.py") else 0)
        return ".".join(parts[: max(keep, 0)] + ([stmt.module] if stmt.module else []))

    def qualify(self, name: str) -> str | None:
        """The qualified name a dotted name of this module's code stands for."""
        head, dot, rest = name.partition(".")
        if head in self.defs:
            return f"{self.name}.{name}"
        if head in self.imports:
            return self.imports[head] + dot + rest
        return None


def _with_parents(names: Iterable[str]) -> frozenset[str]:
    """The dotted ``names`` and every package above them (``app.models``: ``app`` too).
    The parents of a name are added until one is known: its own parents are then known
    already, so the modules of a package cost one step each, not one per level."""
    found: set[str] = set()
    for name in names:
        while name not in found:
            found.add(name)
            name, dot, _ = name.rpartition(".")
            if not dot:
                break
    return frozenset(found)


class Follower:
    """Follows handoffs through the project's files: ``read`` gives a file's bytes,
    ``modules`` the files by module name, ``tiers`` the tier of each occurrence the scan
    found (path, line, col) -> (tier, reason)."""

    def __init__(
        self,
        read: Callable[[str], bytes],
        modules: Mapping[str, str],
        tiers: Mapping[tuple[str, int, int], tuple[Tier, Exclusion | None]],
        names: Iterable[str],
        tables: Mapping[str, tuple[str, ...]] | None = None,
        table: str = "",
        columns: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        self.read = read
        self.modules = modules
        self.tiers = tiers
        self.names = frozenset(names)
        #: the mapped classes of the project: the table of each, then its ancestors
        self.tables = tables or {}
        #: the column's table
        self.table = table
        #: the column attributes of each of those classes
        self.columns = columns or {}
        #: the modules and packages of the project by name (``app.models``, ``app``)
        self.packages = _with_parents(modules)
        self._tops: dict[str, dict[str, list[ast.expr]]] = {}
        self._overrides: dict[str, list[str] | None] = {}
        self._derived: dict[str, list[str] | None] = {}
        self._stored: dict[tuple[str, str], bool] = {}
        self._parsed: dict[str, Module | None] = {}
        self._memo: dict[tuple[str, int, str], _Outcome] = {}
        self._reassigned: dict[str, bool] = {}
        self.by_line: dict[tuple[str, int], list[tuple[int, Tier]]] = {}
        for (path, line, col), (tier, _) in tiers.items():
            self.by_line.setdefault((path, line), []).append((col, tier))

    # --- finding the function -------------------------------------------------------------

    def module(self, rel: str) -> Module | None:
        if rel not in self._parsed:
            try:
                text = decode(self.read(rel))
                tree = ast.parse(text, filename=rel)
                self._parsed[rel] = Module(rel, text, tree, self.packages)
            except (SyntaxError, ValueError, LookupError, OSError, RecursionError):
                self._parsed[rel] = None
        return self._parsed[rel]

    def function(
        self, qualname: str, hops: int = 0
    ) -> tuple[Module, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        """The module and the definition of the function (or method) ``qualname`` names,
        re-exports followed; for a class, its ``__init__``."""
        found = self.definition(qualname, hops)
        if found is None:
            return None
        module, node = found
        if not isinstance(node, ast.ClassDef):
            return module, node
        init = next(  # a constructor: its __init__
            (s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"),
            None,
        )
        return (module, init) if init is not None else None

    def definition(
        self, qualname: str, hops: int = 0
    ) -> tuple[Module, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] | None:
        """The module and the definition of the function, method or class ``qualname``
        names, re-exports followed."""
        parts = qualname.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            rel = self.modules.get(".".join(parts[:cut]))
            if rel is None:
                continue
            module = self.module(rel)
            if module is None:
                return None
            rest = parts[cut:]
            found = module.defs.get(rest[0])
            instance = self.instance_class(module, rest[0]) if found is None else None
            if instance is not None and len(rest) == 2 and hops < 3:
                # a method of the module's global instance (``DATABASE = AgentDB(...)``)
                cls = self.definition(instance, hops + 1)
                if cls is None or not isinstance(cls[1], ast.ClassDef):
                    return None
                got = self.member(cls[0], cls[1], rest[1], hops + 1)
                return got if isinstance(got, tuple) else None
            if found is None:
                target = module.imports.get(rest[0])
                if target is None or hops >= 3:
                    return None
                return self.definition(".".join([target, *rest[1:]]), hops + 1)
            for index, part in enumerate(rest[1:], 2):
                if not isinstance(found, ast.ClassDef):
                    return None
                if index == len(rest):  # a method, maybe inherited
                    got = self.member(module, found, part, hops)
                    return got if isinstance(got, tuple) else None
                found = _member(found, part)
                if found is None:
                    return None
            if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                return module, found
            return None
        return None

    def instance_class(self, module: Module, name: str) -> str | None:
        """The qualified name of the class whose instance the global ``name`` of ``module``
        holds: bound once, at the top level, to a call of a name the module qualifies
        (``DATABASE = AgentDB(url)``), never imported, and never bound again in a function
        (``global DATABASE``)."""
        if name in module.imports or name in module.defs:
            return None
        values = self.top_bindings(module).get(name, [])
        if len(values) != 1 or not isinstance(values[0], ast.Call):
            return None
        if any(
            isinstance(node, ast.Global) and name in node.names
            for node in ast.walk(module.source.tree)
        ):
            return None
        if self.reassigned(name):
            return None
        path = dotted(values[0].func)
        return module.qualify(path) if path else None

    def reassigned(self, name: str) -> bool:
        """Whether a file of the project assigns an attribute ``name`` of some object
        (``app.DATABASE = CloudAgentDB(...)``, ``setattr(app, "DATABASE", ...)``): another
        module may replace the global instance."""
        if name not in self._reassigned:
            store = re.compile(
                rb"\.\s*" + re.escape(name.encode()) + rb"\s*(?::[^=\n]*)?=(?!=)"
                rb"|setattr\([^)]*[\"']" + re.escape(name.encode()) + rb"[\"']"
            )
            self._reassigned[name] = any(
                store.search(self.read(rel)) for rel in sorted(set(self.modules.values()))
            )
        return self._reassigned[name]

    def member(
        self, module: Module, cls: ast.ClassDef, name: str, hops: int
    ) -> tuple[Module, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] | bool:
        """The definition of ``cls``'s member ``name``, its own or inherited from a class
        of the project it derives from (its bases in order, depth first); ``False`` where
        no class of its ancestry defines it, ``True`` where a base cannot be read (a
        library's class may define it)."""
        own = _member(cls, name)
        if own is not None:
            return module, own
        if hops >= 8:
            return True
        for base in cls.bases:
            path = dotted(base)
            if path == "object":
                continue
            qualname = module.qualify(path) if path else None
            found = self.definition(qualname, hops + 1) if qualname else None
            if found is None and qualname:
                if name in _GENERATED:
                    return True  # declarative_base's class defines it over any cls= given
                found = self.declarative_class(qualname, hops + 1)
            if found is None or not isinstance(found[1], ast.ClassDef):
                return True
            got = self.member(found[0], found[1], name, hops + 1)
            if got is not False:
                return got
        return False

    def declarative_class(
        self, qualname: str, hops: int
    ) -> tuple[Module, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] | None:
        """The class given as ``cls=`` to the ``declarative_base(...)`` call that binds the
        global ``qualname`` (``Base = declarative_base(cls=CustomBase)``): SQLAlchemy builds
        the base from it, so its methods are the base's. ``None`` for any other global,
        bound more than once or never given such a class."""
        head, _, name = qualname.rpartition(".")
        rel = self.modules.get(head)
        module = self.module(rel) if rel is not None else None
        if module is None or name in module.defs or name in module.imports:
            return None
        values = self.top_bindings(module).get(name, [])
        if len(values) != 1 or not isinstance(values[0], ast.Call):
            return None
        call = values[0]
        if last_name(call.func) != "declarative_base":
            return None
        given = [k.value for k in call.keywords if k.arg == "cls"]
        path = dotted(given[0]) if given else None
        target = module.qualify(path) if path else None
        found = self.definition(target, hops + 1) if target and hops < 8 else None
        return found if found is not None and isinstance(found[1], ast.ClassDef) else None

    def other_model(self, qualname: str) -> str | None:
        """The table of the model ``qualname`` names, where it maps another table than the
        column's and its constructor is the one SQLAlchemy generates (neither the class nor
        a class of the project it derives from defines ``__init__``): each keyword sets the
        column of its name of a row of that table."""
        found = self.definition(qualname)
        if found is None or not isinstance(found[1], ast.ClassDef):
            return None
        mapped = self.tables.get(f"{found[0].name}.{found[1].name}")
        if mapped is None:
            mapped = self.declared_model(found[0], found[1])
        if not mapped or not mapped[0] or mapped[0] == self.table:
            return None
        for key in [f"{found[0].name}.{found[1].name}", *mapped[1:]]:
            ancestor = self.definition(key)
            if ancestor is None or not isinstance(ancestor[1], ast.ClassDef):
                return None  # an ancestor that cannot be read may define __init__
            if any(
                isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == "__init__"
                for s in ancestor[1].body
            ):
                return None
        return mapped[0]

    def declared_model(self, module: Module, cls: ast.ClassDef) -> tuple[str] | None:
        """The table of a model the scan's index does not hold (its file names none of the
        column's names): a class whose body gives ``__tablename__`` a literal and whose
        bases are all libraries' classes (``class Post(SQLModel, table=True)``, not a base
        of the project, which may be the column's model or define ``__init__``)."""
        if any(self.packages_hold(module, base) for base in [*cls.bases, *cls.keywords]):
            return None
        table = None
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                if "__abstract__" in names:
                    return None
                if "__tablename__" in names and stmt.value is not None:
                    table = string_value(stmt.value)
        if not table or table.rpartition(".")[2] == self.table.rpartition(".")[2]:
            return None  # the column's own table, maybe under another schema
        return (table,)

    def packages_hold(self, module: Module, node: ast.AST) -> bool:
        """Whether a base of a class (or a keyword given to its metaclass) names anything
        but a library's class: a name of the project, a call, an expression."""
        if isinstance(node, ast.keyword):
            return node.arg != "table" or not (
                isinstance(node.value, ast.Constant) and node.value.value is True
            )
        path = dotted(node)
        if path is None:
            return True
        head = path.partition(".")[0]
        if head in module.defs or head in module.assigned or head not in module.imports:
            return True  # defined here, or bound by something other than an import
        return module.imports[head].partition(".")[0] in self.packages

    def other_column(self, qualname: str, attr: str) -> str | None:
        """``table.attr`` where ``qualname`` is another table's model
        (:meth:`other_model`) and ``attr`` one of its columns (not a relationship, whose
        assignment may write a foreign key of the column's table)."""
        table = self.other_model(qualname)
        found = self.definition(qualname)
        if table is None or found is None:
            return None
        if attr not in self.columns.get(f"{found[0].name}.{found[1].name}", ()):
            return None
        return f"{table}.{attr}"

    def top_bindings(self, module: Module) -> dict[str, list[ast.expr]]:
        """The names bound at the top level of ``module`` (:func:`outbound.bindings`)."""
        if module.rel not in self._tops:
            statements = [
                s
                for s in module.source.tree.body
                if not isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            ]
            self._tops[module.rel] = bindings(statements)
        return self._tops[module.rel]

    # --- following a value ------------------------------------------------------------------

    def follow(
        self, qualname: str, keyword: str | None, position: int = -1, depth: int = 0
    ) -> _Outcome:
        """Where the argument given as ``keyword`` (or at ``position``) of a call to
        ``qualname`` goes."""
        found = self.function(qualname)
        if found is None:
            field = self.generated_field(qualname, keyword, position)
            if field is not None:  # the object built holds it: followed where it goes
                return _Outcome(returns=True, kept=field)
            return _Outcome(unknown=f"{qualname.rpartition('.')[2]}() could not be found")
        module, node = found
        if _abstract(node):
            return self.overridden(module, node, keyword, position, depth)
        parameter = parameter_of(node, keyword, position)
        if parameter is None:
            return _Outcome(unknown=f"{node.name}() may take it in **kwargs or *args")
        key = (module.rel, node.lineno, parameter)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = _Outcome(unknown="a call that follows itself")  # recursion
        outcome = _Flow(self, module, node, parameter, depth).run()
        if (
            outcome.writes is not None
            and not outcome.doubt
            and self.may_be_overridden(module, node)
        ):
            outcome = replace(outcome, doubt=f"{node.name}() may be overridden in a subclass")
        self._memo[key] = outcome
        return outcome

    def may_be_overridden(
        self, module: Module, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> bool:
        """Whether ``node``, a method of a class at the top of ``module``, may run another
        method of its name on an object of a class of the project derived from that class
        (an override, or files that cannot be read to tell)."""
        owner = next(
            (
                c
                for c in module.source.tree.body
                if isinstance(c, ast.ClassDef) and any(s is node for s in c.body)
            ),
            None,
        )
        if owner is None:
            return False
        derived = self.overrides(f"{module.name}.{owner.name}", node.name)
        return derived is None or bool(derived)

    def overridden(
        self,
        module: Module,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        keyword: str | None,
        position: int,
        depth: int,
    ) -> _Outcome:
        """Where the value goes in the overrides of the abstract method ``node``: every
        method of its name in a class of the project derived from its class, each followed;
        the value never reaches the column only where none takes it there."""
        unknown = _Outcome(unknown=f"{node.name}() is abstract: what its overrides do is unknown")
        owner = next(
            (
                c
                for c in module.source.tree.body
                if isinstance(c, ast.ClassDef) and any(s is node for s in c.body)
            ),
            None,
        )
        if owner is None:
            return unknown
        key = f"{module.name}.{owner.name}"
        if key not in self._overrides:
            self._overrides[key] = self.derived_methods(key, node.name)
        names = self._overrides[key]
        if not names:
            return unknown
        outcomes: list[_Outcome] = []
        for name in names:
            found = self.function(name)
            if found is None:
                return unknown
            if not _abstract(found[1]):
                outcomes.append(self.follow(name, keyword, position, depth))
        if not outcomes:
            return unknown
        return _merged(outcomes, filters=True)

    def overrides(self, key: str, name: str) -> list[str] | None:
        """:meth:`derived_methods`, read once for each class and name."""
        wanted = f"{key}.{name}"
        if wanted not in self._derived:
            self._derived[wanted] = self.derived_methods(key, name)
        return self._derived[wanted]

    def stored_outside(self, attr: str, rel: str) -> bool:
        """Whether a module of the project other than ``rel`` may store an attribute
        ``attr`` on some object (``agent.jobs = ...``, ``del agent.jobs``, ``setattr(agent,
        "jobs", ...)``), or cannot be read to tell."""
        if (attr, rel) not in self._stored:
            self._stored[(attr, rel)] = self._stored_outside(attr, rel)
        return self._stored[(attr, rel)]

    def _stored_outside(self, attr: str, rel: str) -> bool:
        modules = self.modules_naming(attr, rel)
        if modules is None:
            return True
        for module in modules:
            for inner in ast.walk(module.source.tree):
                if (
                    isinstance(inner, ast.Attribute)
                    and inner.attr == attr
                    and not isinstance(inner.ctx, ast.Load)
                ):
                    return True
                if (
                    isinstance(inner, ast.Call)
                    and last_name(inner.func) == "setattr"
                    and len(inner.args) > 1
                    and string_value(inner.args[1]) in (attr, None)
                ):
                    return True
        return False

    def modules_naming(self, needle: str, besides: str = "") -> list[Module] | None:
        """The modules of the project (but ``besides``) whose text holds ``needle``, parsed;
        ``None`` where one that may hold it cannot be read or parsed."""
        found: list[Module] = []
        for rel in sorted(set(self.modules.values())):
            if rel == besides:
                continue
            try:
                text = decode(self.read(rel))
            except (ValueError, LookupError, OSError):
                return None
            if needle not in text:
                continue
            module = self.module(rel)
            if module is None:
                return None
            found.append(module)
        return found

    def derived_methods(self, key: str, name: str) -> list[str] | None:
        """The qualified names of the methods ``name`` of the classes of the project that
        derive from the class ``key``; ``None`` where a file that may hold one cannot be
        read."""
        modules = self.modules_naming(f"def {name}(")
        if modules is None:
            return None
        found: list[str] = []
        for module in modules:
            for cls in module.source.tree.body:
                if (
                    isinstance(cls, ast.ClassDef)
                    and _member(cls, name) is not None
                    and f"{module.name}.{cls.name}" != key
                    and self.derives(module, cls, key, 0)
                ):
                    found.append(f"{module.name}.{cls.name}.{name}")
        return found

    def derives(self, module: Module, cls: ast.ClassDef, key: str, hops: int) -> bool:
        """Whether ``cls`` derives from the class ``key`` through classes of the project."""
        if hops >= 8:
            return False
        for base in cls.bases:
            path = dotted(base)
            qualname = module.qualify(path) if path else None
            found = self.definition(qualname) if qualname else None
            if found is None or not isinstance(found[1], ast.ClassDef):
                continue
            if f"{found[0].name}.{found[1].name}" == key:
                return True
            if self.derives(found[0], found[1], key, hops + 1):
                return True
        return False

    def generates(self, qualname: str) -> bool:
        """Whether ``qualname`` names a class of the project whose constructor is generated
        from its fields (:meth:`generated_field`)."""
        found = self.definition(qualname)
        return found is not None and isinstance(found[1], ast.ClassDef) and _generated(found[1])

    def generated_field(self, qualname: str, keyword: str | None, position: int) -> str | None:
        """``Class.field`` where ``qualname`` names a class of the project whose constructor
        is generated (a dataclass, an attrs class, a NamedTuple; not a model) and the
        argument given as ``keyword`` (or at ``position``) sets that field of it."""
        if qualname.endswith(".__init__"):
            qualname = qualname.rpartition(".")[0]
        found = self.definition(qualname)
        if found is None or not isinstance(found[1], ast.ClassDef):
            return None
        module, cls = found[0], found[1]
        if f"{module.name}.{cls.name}" in self.tables or not _generated(cls):
            return None
        names = {n.id for s in cls.body for n in ast.walk(s) if isinstance(n, ast.Name)}
        if names & {"__tablename__", "__table__"} or _member(cls, "__init__") is not None:
            return None
        fields = [
            s.target.id
            for s in cls.body
            if isinstance(s, ast.AnnAssign)
            and isinstance(s.target, ast.Name)
            and "ClassVar" not in ast.unparse(s.annotation)
        ]
        if keyword is not None:
            field = keyword if keyword in fields else None
        elif not cls.bases or all(last_name(b) == "NamedTuple" for b in cls.bases):
            field = fields[position] if 0 <= position < len(fields) else None
        else:
            field = None  # the fields of its bases come first
        return f"{cls.name}.{field}" if field else None

    def field_declaration(self, qualname: str, field: str) -> tuple[str, int] | None:
        """Where the field ``field`` of the class with a generated constructor ``qualname``
        names (:meth:`generated_field`) is declared: its module's path and line."""
        found = self.definition(qualname)
        if found is None or not isinstance(found[1], ast.ClassDef):
            return None
        for statement in found[1].body:
            target = statement.target if isinstance(statement, ast.AnnAssign) else None
            if isinstance(target, ast.Name) and target.id == field:
                return found[0].rel, statement.lineno
        return None

    def named_attribute(self, handoff: Handoff, models: frozenset[str]) -> str | None:
        """The model class whose attribute the keyword names, where the function takes it
        in ``**kwargs`` and reads ``getattr(obj, key)`` for each of their keys
        (``format_repr(obj, *args, **kwargs)``) and the call gives ``self`` as ``obj`` in a
        method of the model (``format_repr(self, 'id', final_state=None)``)."""
        found = self.function(handoff.callee)
        if found is None or parameter_of(found[1], handoff.keyword, -1) is not None:
            return None
        index = _getattr_of_keys(found[1])
        module = self.module(handoff.path)
        if index is None or module is None:
            return None
        for cls in ast.walk(module.source.tree):
            if not isinstance(cls, ast.ClassDef) or f"{module.name}.{cls.name}" not in models:
                continue
            for method in cls.body:
                if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for call in ast.walk(method):
                    if not isinstance(call, ast.Call) or not any(
                        (k.arg == handoff.keyword)
                        and module.source.start(k) == (handoff.line, handoff.col)
                        for k in call.keywords
                    ):
                        continue
                    given = call.args[index] if index < len(call.args) else None
                    if isinstance(given, ast.Name) and given.id == "self":
                        return cls.name
        return None


#: What the class ``declarative_base(cls=...)`` builds defines itself, over the class given.
_GENERATED = frozenset({"__init__", "metadata", "registry", "__abstract__"})


def _abstract(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether ``node`` is a method to be overridden: declared ``@abstractmethod``, or with
    a body that does nothing but raise ``NotImplementedError`` (or ``pass``, ``...``)."""
    if any(last_name(d) in ("abstractmethod", "abstractproperty") for d in node.decorator_list):
        return True
    body = [
        s
        for s in node.body
        if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))  # docstring, ...
    ]
    if not body:
        return True
    return all(
        isinstance(s, ast.Pass)
        or (isinstance(s, ast.Raise) and "NotImplementedError" in ast.unparse(s))
        for s in body
    )


#: Decorators that generate a class's constructor from its annotated fields.
_GENERATING = frozenset({"dataclass", "dataclasses.dataclass", "attr.s", "attr.attrs",
                         "attrs.define", "attrs.frozen", "attrs.mutable", "attr.define",
                         "attr.frozen", "attr.mutable", "define", "frozen", "mutable"})  # fmt: skip


def _reads_locals(node: ast.Call) -> bool:
    """``locals()`` or ``vars()``: a dict of every local, the value's carriers among them,
    which no name of the function spells where it is read (``Step(**locals()["data"])``)."""
    return (
        isinstance(node.func, ast.Name)
        and node.func.id in ("locals", "vars")
        and not node.args
        and not node.keywords
    )


def _sole_dict_binding(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.Dict | None:
    """The dict literal ``name`` is bound to, where the function ``node`` binds it once,
    by a plain assignment of a literal (no parameter, loop, ``with``, augmented assignment
    or second binding), and never declares it global or nonlocal."""
    stores = [
        inner
        for inner in ast.walk(node)
        if isinstance(inner, ast.Name)
        and inner.id == name
        and isinstance(inner.ctx, ast.Store | ast.Del)
    ]
    if len(stores) != 1 or name in _arguments(node):
        return None
    if any(
        isinstance(inner, ast.Global | ast.Nonlocal) and name in inner.names
        for inner in ast.walk(node)
    ):
        return None
    for inner in ast.walk(node):
        if (
            isinstance(inner, ast.Assign)
            and inner.targets == [stores[0]]
            and isinstance(inner.value, ast.Dict)
        ):
            return inner.value
    return None


def _local_collection(
    node: ast.FunctionDef | ast.AsyncFunctionDef, name: str, dicts: bool = False
) -> bool:
    """Whether ``name`` is a list, set or deque the function ``node`` builds itself: not a
    parameter nor a global, bound only by assignments of an empty or literal one
    (``conditions = []``, ``seen = set()``), and used by no function defined inside it."""
    if name in _arguments(node):
        return False
    bound = False
    for inner in ast.walk(node):
        if inner is node:
            continue
        if isinstance(inner, ast.Global | ast.Nonlocal) and name in inner.names:
            return False
        if isinstance(
            inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        ) and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(inner)):
            return False
        if isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load):
            assign = _binding_of(node, inner)
            if assign is None or not (
                _new_collection(assign.value) or (dicts and _new_dict(assign.value))
            ):
                return False
            bound = True
    return bound


def _binding_of(node: ast.AST, target: ast.Name) -> ast.Assign | ast.AnnAssign | None:
    """The plain assignment whose one target is ``target``."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assign) and len(inner.targets) == 1 and inner.targets[0] is target:
            return inner
        if isinstance(inner, ast.AnnAssign) and inner.target is target and inner.value is not None:
            return inner
    return None


def _new_dict(value: ast.expr | None) -> bool:
    """``{}``, ``{"k": v}``, ``dict()``, a dict comprehension: a new dict."""
    if isinstance(value, ast.Dict | ast.DictComp):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "dict"
        and not value.args
    )


def _new_collection(value: ast.expr | None) -> bool:
    """``[]``, ``[a, b]``, ``set()``, ``list()``, ``deque()``: a new list, set or deque."""
    if isinstance(value, ast.List | ast.Set | ast.ListComp | ast.SetComp):
        return True
    return (
        isinstance(value, ast.Call)
        and last_name(value.func) in ("list", "set", "deque")
        and not value.args
        and not value.keywords
    )


def _item_stores(node: ast.AST, name: str) -> list[tuple[ast.expr, ast.expr]]:
    """The key and value of each ``name[key] = value`` in ``node`` (plain, annotated or
    augmented assignment)."""
    found: list[tuple[ast.expr, ast.expr]] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assign | ast.AnnAssign | ast.AugAssign) and inner.value:
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            found += [
                (t.slice, inner.value)
                for t in targets
                if isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name)
                and t.value.id == name
            ]
    return found


def _generated(cls: ast.ClassDef) -> bool:
    """Whether ``cls``'s constructor is generated from its fields: a dataclass, an attrs
    class, a NamedTuple."""
    for decorator in cls.decorator_list:
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if dotted(called) in _GENERATING:
            return True
    return any(last_name(b) == "NamedTuple" for b in cls.bases)


def _member(
    cls: ast.ClassDef, name: str
) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None:
    return next(
        (
            s
            for s in cls.body
            if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and s.name == name
        ),
        None,
    )


def _annotated_class(node: ast.expr | None) -> str | None:
    """The class a return annotation names: ``JobModel``, ``"JobModel"``, ``models.Job``,
    ``Optional[JobModel]``, ``JobModel | None``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.Subscript) and last_name(node.value) == "Optional":
        node = node.slice
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        sides = [node.left, node.right]
        kept = [n for n in sides if not (isinstance(n, ast.Constant) and n.value is None)]
        node = kept[0] if len(kept) == 1 else None
    return dotted(node)


def _arguments(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    args = node.args
    named = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    named += [a for a in (args.vararg, args.kwarg) if a is not None]
    return {a.arg for a in named}


_SCOPES = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
    ast.DictComp, ast.GeneratorExp,
)  # fmt: skip


def _free_names(node: ast.AST) -> set[str]:
    """The names a scope defined inside a function (a function, a lambda, a class, a
    comprehension) reads from the enclosing one: the names it (or a scope inside it) uses
    that it neither takes as a parameter nor binds."""
    loads: set[str] = set()
    stores: set[str] = set()
    shared: set[str] = set()
    inner: set[str] = set()

    def visit(parent: ast.AST) -> None:
        for child in ast.iter_child_nodes(parent):
            if isinstance(child, _SCOPES):
                inner.update(_free_names(child))
            elif isinstance(child, ast.Name):
                (loads if isinstance(child.ctx, ast.Load) else stores).add(child.id)
            elif isinstance(child, ast.Global | ast.Nonlocal):
                shared.update(child.names)
            else:
                visit(child)

    visit(node)
    own = set(stores)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        own |= _arguments(node)
    return (loads | inner) - (own - shared)


def _getattr_of_keys(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int | None:
    """The position of the parameter ``obj`` whose attributes ``node`` reads by the names
    of its keyword arguments (``for name, default in kwargs.items(): getattr(obj,
    name)``)."""
    if node.args.kwarg is None:
        return None
    kwargs = node.args.kwarg.arg
    named = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    if named and named[0] in ("self", "cls"):
        named = named[1:]
    for loop in ast.walk(node):
        if not isinstance(loop, ast.For) or not any(
            isinstance(n, ast.Name) and n.id == kwargs for n in ast.walk(loop.iter)
        ):
            continue
        target = loop.target.elts[0] if isinstance(loop.target, ast.Tuple) else loop.target
        if not isinstance(target, ast.Name):
            continue
        for call in ast.walk(loop):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "getattr"
                and len(call.args) >= 2
                and isinstance(call.args[0], ast.Name)
                and call.args[0].id in named
                and isinstance(call.args[1], ast.Name)
                and call.args[1].id == target.id
            ):
                return named.index(call.args[0].id)
    return None


def _bound_again(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether the body of ``node`` (nested code included) may bind ``name`` again."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load):
            return True
        if isinstance(inner, ast.Global | ast.Nonlocal) and name in inner.names:
            return True
        if (
            isinstance(inner, ast.ExceptHandler | ast.MatchAs | ast.MatchStar)
            and inner.name == name
        ):
            return True
        if isinstance(inner, ast.alias) and (inner.asname or inner.name).split(".")[0] == name:
            return True
        if (
            isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and inner is not node
            and inner.name == name
        ):
            return True
    return False


def parameter_of(
    node: ast.FunctionDef | ast.AsyncFunctionDef, keyword: str | None, position: int
) -> str | None:
    """The parameter of ``node`` a call fills with its ``keyword`` (or its argument at
    ``position``, ``self`` and ``cls`` left out); ``None`` where none does by name."""
    args = node.args
    named = [*args.posonlyargs, *args.args]
    if keyword is not None:
        for arg in [*args.args, *args.kwonlyargs]:
            if arg.arg == keyword:
                return keyword
        return None
    if named and named[0].arg in ("self", "cls"):
        named = named[1:]
    if 0 <= position < len(named):
        return named[position].arg
    return None


class _Flow:
    """The uses of one parameter in one function body (flow-insensitive: a name assigned
    anything derived from the value carries it everywhere in the function)."""

    def __init__(
        self,
        follower: Follower,
        module: Module,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        parameter: str,
        depth: int,
    ) -> None:
        self.follower = follower
        self.module = module
        self.node = node
        self.depth = depth
        self.parameter = parameter
        self.carriers = {parameter}
        self.writes: tuple[str, int, bool] | None = None
        #: why a write found through a function it hands the value to may not be the
        #: only place the value goes (that function's method may be overridden)
        self.doubt = ""
        self.unknown = ""
        self.returns = False
        self.into = ""
        self.kept = ""
        self.kept_at: tuple[str, int] | None = None
        self.filters: tuple[str, int] | None = None
        self.where: dict[int, tuple[list[ast.stmt], int]] | None = None
        self.spreading: set[str] = set()  # dicts whose spread is being followed
        #: the positions of the items of the tuples returned that carry it; ``None`` once
        #: a ``return`` gives it back otherwise
        self.positions: set[int] | None = set()
        self.nested = {
            inner.name: inner
            for inner in ast.walk(node)
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner is not node
        }
        self.outbound = Outbound(
            module.qualify,
            bindings(node.body),
            follower.top_bindings(module),
            frozenset(_arguments(node)),
        )

    def run(self) -> _Outcome:
        body = self.node.body
        for _ in range(10):  # carriers grow by assignment: to a fixed point
            before = set(self.carriers)
            for stmt in body:
                for inner in ast.walk(stmt):
                    self.bind(inner)
            if self.carriers == before:
                break
        for stmt in body:
            self.statement_uses(stmt)
        # the name compared is the parameter itself only where nothing binds it again
        filters = None if _bound_again(self.node, self.parameter) else self.filters
        if self.writes is not None:
            return _Outcome(writes=self.writes, filters=filters, doubt=self.doubt)
        if self.kept_at is not None and not self.unknown:
            # the object built keeps it: followed where it goes, as a dataclass's
            return _Outcome(
                returns=True, into=self.into, kept=self.kept, kept_at=self.kept_at, filters=filters
            )
        positions = frozenset(self.positions) if self.positions is not None else None
        return _Outcome(
            unknown=self.unknown,
            returns=self.returns,
            into=self.into,
            positions=positions,
            filters=filters,
        )

    def fail(self, why: str) -> None:
        self.unknown = self.unknown or why

    # --- which names carry the value ------------------------------------------------------

    def bind(self, node: ast.AST) -> None:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Tuple | ast.List)
            and (positions := self.returned_items(node.value)) is not None
        ):
            # query, conditions = preprocess(ids): only the items that carry it
            items = node.targets[0].elts
            if any(isinstance(item, ast.Starred) for item in items):
                positions = frozenset(range(len(items)))  # *head, last: places shift
            for index in positions:
                if index < len(items):
                    self.carry_into(items[index])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _COLLECTING
            and isinstance(node.func.value, ast.Name)
            and any(self.carries(a) for a in node.args)
            and _local_collection(self.node, node.func.value.id)
        ):
            self.carriers.add(node.func.value.id)  # conditions.append(f"id={x}")
        elif (
            isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None
        ):
            if self.carries(node.value):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    self.carry_into(target)
        elif isinstance(node, ast.NamedExpr) and self.carries(node.value):
            self.carriers.add(node.target.id)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension) and self.carries(
            node.iter
        ):
            self.carry_into(node.target)
        elif (
            isinstance(node, ast.withitem)
            and node.optional_vars is not None
            and self.carries(node.context_expr)
        ):
            self.carry_into(node.optional_vars)

    def returned_items(self, value: ast.expr) -> frozenset[int] | None:
        """Where ``value`` calls a function of the project given the value that gives it
        back only in items of the tuples it returns (``return query, conditions``), the
        positions of those items; else ``None``."""
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call) or not any(
            self.carries(a) for a in [*value.args, *(k.value for k in value.keywords)]
        ):
            return None
        if isinstance(value.func, ast.Attribute) and self.carries(value.func.value):
            return None
        if self.outbound.call(value) or (
            isinstance(value.func, ast.Name) and value.func.id in _READERS
        ):
            return None
        outcome = self.callee_outcome(value)
        if outcome is None or outcome.unknown or not outcome.returns:
            return None
        return outcome.positions

    def carry_into(self, target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.carriers.add(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for item in target.elts:
                self.carry_into(item)
        elif isinstance(target, ast.Starred):
            self.carry_into(target.value)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            if not _local_collection(self.node, target.value.id, dicts=True):
                # a parameter's, a global's, one a call gave: other code holds it too
                self.fail(f"it is stored in {target.value.id}[...], which other code may hold")
            self.carriers.add(target.value.id)  # d[k] = value: d holds it

    def carries(self, node: ast.AST | None) -> bool:
        """Whether the value of expression ``node`` is (or holds, or is read from) the
        value."""
        if node is None:
            return False
        if isinstance(node, ast.Name):
            return node.id in self.carriers
        if isinstance(node, ast.Compare | ast.Constant | ast.Lambda):
            return False
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return False
        if isinstance(node, ast.Call):
            name = last_name(node.func)
            if isinstance(node.func, ast.Name) and name in _PREDICATES:
                return False
            if self.comparison(node):
                return False
            if isinstance(node.func, ast.Attribute) and self.carries(node.func.value):
                return True
            return bool(self.call_returns(node))
        if isinstance(node, ast.IfExp):
            return self.carries(node.body) or self.carries(node.orelse)
        return any(self.carries(child) for child in ast.iter_child_nodes(node))

    def comparison(self, node: ast.Call) -> bool:
        """Whether ``node`` compares a column (an attribute, not the value) to the value
        with one of SQLAlchemy's operators: ``Job.id.in_(ids)``, ``cls.name.like(x)``."""
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in _COMPARISONS
            and isinstance(func.value, ast.Attribute)
            and not self.carries(func.value)
        )

    def call_returns(self, node: ast.Call) -> bool:
        """Whether a call given the value returns it (or part of it)."""
        given = [a for a in node.args if self.carries(a)] + [
            k.value for k in node.keywords if self.carries(k.value)
        ]
        if not given:
            return False
        if self.outbound.call(node):
            return False  # a response, a span: not the value sent
        name = last_name(node.func)
        if isinstance(node.func, ast.Name) and name in _READERS:
            return name not in _PREDICATES
        outcome = self.callee_outcome(node)
        return outcome is None or outcome.returns or bool(outcome.unknown)

    # --- where the value goes -------------------------------------------------------------

    def statement_uses(self, root: ast.stmt) -> None:
        raised = {
            id(inner)
            for node in ast.walk(root)
            if isinstance(node, ast.Raise)
            for part in (node.exc, node.cause)
            if part is not None
            for inner in ast.walk(part)
        }
        inside = {  # the bodies of functions defined here: judged where they are called
            id(inner)
            for node in ast.walk(root)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            for part in (node.body if isinstance(node.body, list) else [node.body])
            for inner in ast.walk(part)
        }
        for node in ast.walk(root):
            if id(node) in raised or id(node) in inside:
                # raise NoResultFound(f"no job {job_id}"): the exception raised carries
                # the value up the stack, for its message; it builds no row
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
                if _free_names(node) & self.carriers:
                    self.fail("a function defined inside it uses it")
            elif isinstance(node, ast.Global | ast.Nonlocal):
                if set(node.names) & self.carriers:
                    self.fail("it is bound as a global")
            elif isinstance(node, ast.Return | ast.Yield | ast.YieldFrom):
                if self.carries(node.value):
                    self.returns = True
                    value = node.value
                    if (
                        isinstance(node, ast.Return)
                        and isinstance(value, ast.Tuple)
                        and not any(isinstance(e, ast.Starred) for e in value.elts)
                        and self.positions is not None
                    ):
                        self.positions |= {i for i, e in enumerate(value.elts) if self.carries(e)}
                    else:
                        self.positions = None
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                value = node.value
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if value is not None and self.carries(value):
                    for target in targets:
                        self.stored(target, self.itself(value), node)
            elif isinstance(node, ast.Compare):
                self.compared(node)
            elif isinstance(node, ast.Call) and _reads_locals(node):
                self.fail("it reads every local by name (locals(), vars())")
            elif isinstance(node, ast.Call):
                self.call(node)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if key is not None and self.carries(value):
                        self.named_write(key, string_value(key), followed=True)

    def itself(self, value: ast.expr) -> bool:
        """Whether ``value`` is the parameter itself (``access_control``, or with a default:
        ``access_control or {}``), not something derived from it."""
        if isinstance(value, ast.Name):
            return value.id == self.parameter
        if isinstance(value, ast.BoolOp):
            return all(
                self.itself(v) or isinstance(v, ast.Constant | ast.Dict | ast.List)
                for v in value.values
            ) and any(self.itself(v) for v in value.values)
        return False

    def stored(self, target: ast.expr, itself: bool = False, stmt: ast.stmt | None = None) -> None:
        if isinstance(target, ast.Name):
            return
        if isinstance(target, ast.Tuple | ast.List):
            for item in target.elts:
                self.stored(item, itself, stmt)
        elif isinstance(target, ast.Starred):
            self.stored(target.value, itself, stmt)
        elif isinstance(target, ast.Attribute):
            if target.attr in self.follower.names:
                line, col = self.module.source.attr_start(target)
                end = col + len(target.attr)
                if itself and self.own_attribute(target) and self.other_type(line, col, end):
                    # self.api_key = api_key in the constructor of a class that maps no
                    # table: the object built keeps it in that attribute
                    owner = self.owner_class() or "?"
                    self.kept = self.kept or f"{owner}.{target.attr}"
                    self.kept_at = self.kept_at or (self.module.rel, line)
                    return
                self.judged_write(line, col, end, target.attr, itself, attribute=True)
                return
            row = self.row_class(target.value, stmt) if stmt is not None else None
            column = self.follower.other_column(row, target.attr) if row else None
            if column is not None:
                self.into = self.into or column  # a column of another table's row
            else:
                self.fail(f"it is stored in the attribute {target.attr}")
        elif isinstance(target, ast.Subscript):
            text = string_value(target.slice)
            if text is not None and text in self.follower.names:
                self.named_write(target.slice, text)
            elif not isinstance(target.value, ast.Name):
                self.fail("it is stored in an item of another object")

    def own_attribute(self, target: ast.Attribute) -> bool:
        """Whether ``target`` is the constructor's own attribute of the parameter's name
        (``self.api_key`` for ``api_key`` in ``__init__``)."""
        args = self.node.args.args
        owner = next(
            (
                stmt
                for stmt in self.module.source.tree.body
                if isinstance(stmt, ast.ClassDef) and any(s is self.node for s in stmt.body)
            ),
            None,
        )
        return (
            self.node.name == "__init__"
            and owner is not None
            and not any(  # an attribute that may land on another object
                isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
                and s.name in ("__setattr__", "__getattr__", "__getattribute__")
                for s in owner.body
            )
            and bool(args)
            and isinstance(target.value, ast.Name)
            and target.value.id == args[0].arg
            and target.attr == self.parameter
            and self.kept_by_finder()
        )

    def kept_by_finder(self) -> bool:
        """Whether the scan excluded the constructor's parameter itself as the attribute's
        (``other-type``): it also checks what this file cannot show, such as a base of
        another module whose ``__setattr__`` may put the attribute on another object."""
        every = [*self.node.args.posonlyargs, *self.node.args.args, *self.node.args.kwonlyargs]
        return any(
            self.other_type(arg.lineno, col, col + len(arg.arg))
            for arg in every
            if arg.arg == self.parameter
            for col in [self.module.source.column(arg.lineno, arg.col_offset)]
        )

    def other_type(self, line: int, first: int, last: int) -> bool:
        """Whether the scan excluded every word between ``first`` and ``last`` on
        ``line`` as a member of a class that maps no table (``other-type``)."""
        found = [
            self.follower.tiers.get((self.module.rel, line, col))
            for col, _ in self.follower.by_line.get((self.module.rel, line), ())
            if first <= col < last
        ]
        return bool(found) and all(
            f is not None and f[0] is Tier.EXCLUDED and f[1] is Exclusion.OTHER_TYPE for f in found
        )

    def named_write(self, node: ast.expr, text: str | None, followed: bool = False) -> None:
        """A key or keyword spelt like the column given the value: where the analysis of
        this file judged it, that judgement; else unknown. A key of a dict (``followed``)
        that the scan could not judge is judged by where the dict goes: the dict carries the
        value, and this flow follows it."""
        if text is None or text not in self.follower.names:
            return
        line, col = self.module.source.start(node)
        end = node.end_col_offset if node.end_lineno == line else None
        last = self.module.source.column(line, end) if end is not None else 1 << 30
        if followed and self.pending(line, col, last):
            return
        self.judged_write(line, col, last, repr(text))

    def judged_write(
        self,
        line: int,
        first: int,
        last: int,
        what: str,
        itself: bool = False,
        attribute: bool = False,
    ) -> None:
        """The words of the column's names on ``line`` between columns ``first`` and
        ``last``, as the scan judged them: a reference makes this a write of the column,
        an unexplained or unjudged word leaves the value's fate unknown, an exclusion
        (another table's column, a library's keyword) proves it is not the column, except
        for an ``attribute`` of an object, which may carry the value on."""
        rel = self.module.rel
        tiers = [t for c, t in self.follower.by_line.get((rel, line), ()) if first <= c < last]
        if not tiers:
            self.fail(f"it is written to {what}, which the scan did not judge")
        elif Tier.REFERENCE in tiers:
            if self.writes is None or (itself and not self.writes[2]):
                self.writes = (rel, line, itself)
        elif Tier.UNEXPLAINED in tiers:
            self.fail(f"it is written to {what}, which could not be judged")
        elif attribute:
            # another class's attribute of that name: not the column, but the object that
            # keeps the value may carry it on (a domain object mirroring the row)
            self.fail(f"it is stored in the attribute {what}")

    def pending(self, line: int, first: int, last: int) -> bool:
        """Whether the scan left every word between ``first`` and ``last`` on ``line``
        unexplained."""
        at = (self.module.rel, line)
        tiers = [t for c, t in self.follower.by_line.get(at, ()) if first <= c < last]
        return bool(tiers) and all(t is Tier.UNEXPLAINED for t in tiers)

    def call(self, node: ast.Call) -> None:
        func = node.func
        for item in node.keywords:
            if item.arg in self.follower.names and self.carries(item.value):
                assert item.arg is not None
                line, col = self.module.source.start(item)
                if self.pending(line, col, col + len(item.arg)) and self.callee_outcome(node):
                    # a keyword of a function of the project, itself handed on: following
                    # that function (below) says where the value goes
                    continue
                end = col + len(item.arg)
                self.judged_write(line, col, end, f"{item.arg}=", self.itself(item.value))
        given = any(self.carries(a) for a in node.args) or any(
            self.carries(k.value) for k in node.keywords
        )
        if (
            isinstance(func, ast.Attribute)
            and func.attr in _COLLECTING
            and isinstance(func.value, ast.Name)
            and _local_collection(self.node, func.value.id)
        ):
            return  # conditions.append(...): the list carries it (bound above)
        if isinstance(func, ast.Attribute) and self.carries(func.value):
            if func.attr not in _READING_METHODS:
                self.fail(f"its method {func.attr}() may change it")
            if not given:
                return
        if not given:
            return
        name = last_name(func)
        if isinstance(func, ast.Name) and name in _READERS:
            return
        if self.comparison(node):
            assert isinstance(func, ast.Attribute)
            if any(self.itself(a) for a in node.args):
                self.filtered(func.value)
            return  # Job.id.in_(ids): a filter reads it
        if self.outbound.call(node):
            return  # posted to a URL, set on a span: sent out of the process
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Constant | ast.JoinedStr):
            return  # "low={}".format(low), ", ".join(...): a string made of it
        # a function of the project named like a logging call (``self.log(...)`` of a class
        # whose ``log`` builds a row) is followed as any other; a logger's call keeps nothing
        outcome = self.callee_outcome(node) if name in _MESSAGES else None
        if outcome is None and (
            name in _MESSAGES or name.endswith(("Error", "Exception", "Warning"))
        ):
            return
        if self.carries(func):
            self.fail("it is called")
            return
        if outcome is None:
            outcome = self.callee_outcome(node)
        if outcome is not None and outcome.filters is not None and self.handed_itself(node):
            self.filters = self.filters or outcome.filters
        if outcome is None:
            self.fail(
                f"it is handed on to {dotted(func) or 'a call'}(...), which could not be followed"
            )
        elif outcome.writes is not None:
            rel, line, itself = outcome.writes
            # handed on unchanged, by keyword only, to a function that writes it unchanged
            itself = itself and self.handed_itself(node)
            if self.writes is None or (itself and not self.writes[2]):
                self.writes = (rel, line, itself)
            self.doubt = self.doubt or outcome.doubt
        elif outcome.unknown:
            self.fail(f"it is handed on to {dotted(func)}(...): {outcome.unknown}")
        elif outcome.into:
            self.into = self.into or outcome.into

    def compared(self, node: ast.Compare) -> None:
        """``SqlJob.function_fullname == function_fullname``: the parameter itself compared
        for equality with a word the scan judged the column."""
        if len(node.ops) != 1 or not isinstance(node.ops[0], ast.Eq | ast.NotEq):
            return
        left, right = node.left, node.comparators[0]
        if self.itself(right):
            self.filtered(left)
        elif self.itself(left):
            self.filtered(right)

    def filtered(self, node: ast.expr) -> None:
        """Where ``node``, compared with the parameter itself, is an attribute whose name the
        scan judged a reference to the column: the function filters the column by the
        value, which is then a value of the column."""
        if not isinstance(node, ast.Attribute) or node.attr not in self.follower.names:
            return
        line, col = self.module.source.attr_start(node)
        at = (self.module.rel, line)
        end = col + len(node.attr)
        tiers = [t for c, t in self.follower.by_line.get(at, ()) if col <= c < end]
        if tiers and all(t is Tier.REFERENCE for t in tiers):
            self.filters = self.filters or at

    def handed_itself(self, node: ast.Call) -> bool:
        """Whether ``node`` is given the value only as the parameter itself, by keyword
        (``create_workflow(use_cache=use_cache)``), nothing derived from it."""
        carried = [a for a in node.args if self.carries(a)]
        keywords = [k for k in node.keywords if self.carries(k.value)]
        return (
            not carried
            and bool(keywords)
            and all(k.arg is not None and self.itself(k.value) for k in keywords)
        )

    def callee_outcome(self, node: ast.Call) -> _Outcome | None:
        """What a function of the project called with the value does with it; ``None``
        when the callee is not one that can be followed (or too deep)."""
        path = dotted(node.func)
        if path is None:
            return None
        built = self.other_row(node, path)
        if built is not None:
            return built
        nested = self.nested.get(path)
        if nested is not None:  # bounded by how deep the definitions nest
            return self.nested_outcome(node, nested)
        if self.depth + 1 >= DEPTH:
            return None
        head = path.partition(".")[0]
        if head in ("self", "cls"):
            owner = self.owner_class()
            if owner is None or path.count(".") > 2:
                return None
            if path.count(".") == 2:  # self.jobs.get(...): a method of what __init__ stores
                qualnames = self.stored_methods(owner, path) if head == "self" else None
                if qualnames is None:
                    return None
            else:
                qualnames = [f"{self.module.name}.{owner}.{path.partition('.')[2]}"]
        else:
            qualname = self.module.qualify(path)
            qualnames = [qualname] if qualname is not None else []
        if not qualnames or any(
            self.follower.function(q) is None and not self.follower.generates(q) for q in qualnames
        ):
            return None
        outcomes: list[_Outcome] = []
        for qualname in qualnames:
            for index, arg in enumerate(node.args):
                if isinstance(arg, ast.Starred) and self.carries(arg):
                    return None
                if self.carries(arg):
                    outcomes.append(self.follower.follow(qualname, None, index, self.depth + 1))
            for item in node.keywords:
                if self.carries(item.value):
                    if item.arg is None:
                        return None
                    outcomes.append(self.follower.follow(qualname, item.arg, -1, self.depth + 1))
        return _merged(outcomes, filters=False)

    def other_row(self, node: ast.Call, path: str) -> _Outcome | None:
        """``StepModel(job_id=job_id)`` where ``StepModel`` maps another table, with the
        constructor SQLAlchemy generates: the value, given by keyword, is written into that
        table's column of the keyword's name, never into the column."""
        head = path.partition(".")[0]
        if head in ("self", "cls") or head in self.carriers:
            return None
        qualname = self.module.qualify(path)
        table = self.follower.other_model(qualname) if qualname else None
        if table is None or any(self.carries(a) for a in node.args):
            return None
        into = ""
        for item in node.keywords:
            if self.carries(item.value):
                column = (
                    f"{table}.{item.arg}"
                    if item.arg is not None
                    else self.spread_column(item.value, qualname or "")
                )
                if column is None:
                    return None  # **values: which columns is not known
                into = into or column
        return _Outcome(into=into)

    def spread_column(self, value: ast.expr, qualname: str) -> str | None:
        """``StepModel(**step_data)`` where ``step_data = {"job_id": job_id, ...}``: the
        column of another table's model the value is written into, where the name is bound
        once in the function, to a dict literal, and every key that the value is put under
        (in the literal, or by ``step_data["job_id"] = ...``) is a string naming a column
        of that model (:meth:`Follower.other_column`). ``None`` where a key is computed, is
        not one of its columns (a relationship, whose assignment may write a foreign key of
        the column's table), or the dict is bound again, spread or changed elsewhere."""
        if not isinstance(value, ast.Name) or value.id in self.spreading:
            return None  # (a dict whose entries are built from itself: not followed)
        literal = _sole_dict_binding(self.node, value.id)
        if literal is None:
            return None
        self.spreading.add(value.id)
        try:
            keys = [
                key
                for key, item in [
                    *zip(literal.keys, literal.values, strict=True),
                    *_item_stores(self.node, value.id),
                ]
                if self.carries(item)
            ]
        finally:
            self.spreading.discard(value.id)
        columns = [
            self.follower.other_column(qualname, string_value(key) or "") if key else None
            for key in keys
        ]
        return columns[0] if columns and all(columns) else None

    def row_class(self, node: ast.expr, stmt: ast.stmt) -> str | None:
        """The class of the row ``node`` holds at ``stmt``, where it is proven a row of
        another table's model (:meth:`Follower.other_model`): the name's last binding
        before ``stmt`` in its block builds one (``Job(...)``) or calls a function of the
        project annotated to return one (``-> JobModel``)."""
        if not isinstance(node, ast.Name):
            return None
        if self.where is None:
            self.where = blocks(self.node)
        value = last_binding(self.where, stmt, node.id)
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return None
        path = dotted(value.func)
        if path is None:
            return None
        qualname = self.qualname(path)
        if qualname is None:
            return None
        if self.follower.other_model(qualname) is not None:
            return qualname
        found = self.follower.function(qualname)
        if found is None or found[1].name == "__init__":
            return None
        returned = _annotated_class(found[1].returns)
        named = found[0].qualify(returned) if returned else None
        return named if named and self.follower.other_model(named) is not None else None

    def qualname(self, path: str) -> str | None:
        """The qualified name of the function a dotted callee of this function names: a
        method of its own class (``self.verify``), or a name of its module."""
        head, _, rest = path.partition(".")
        if head in ("self", "cls"):
            owner = self.owner_class()
            if owner is None or "." in rest:
                return None
            return f"{self.module.name}.{owner}.{rest}"
        return self.module.qualify(path)

    def nested_outcome(
        self, node: ast.Call, nested: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> _Outcome | None:
        """What a function defined inside this one (``_safe_convert(v)``) does with the
        value given to it."""
        outcomes: list[_Outcome] = []
        for index, arg in enumerate(node.args):
            if self.carries(arg):
                parameter = parameter_of(nested, None, index)
                if parameter is None or isinstance(arg, ast.Starred):
                    return None
                flow = _Flow(self.follower, self.module, nested, parameter, self.depth)
                outcomes.append(flow.run())
        for item in node.keywords:
            if self.carries(item.value):
                parameter = parameter_of(nested, item.arg, -1) if item.arg else None
                if parameter is None:
                    return None
                flow = _Flow(self.follower, self.module, nested, parameter, self.depth)
                outcomes.append(flow.run())
        return _merged(outcomes, filters=False)

    def stored_methods(self, owner: str, path: str) -> list[str] | None:
        """``self.jobs.get``, where the ``__init__`` of the class ``owner`` stores in
        ``self.jobs`` only values of a parameter annotated with a class of the project
        (``self.jobs = jobs`` for ``jobs: JobManager``) and no other code of its module
        stores that attribute: the method of that class, and those of its name in the
        classes of the project derived from it (the object may be one of them); ``None``
        where that cannot be told."""
        _, attr, method = path.split(".")
        tree = self.module.source.tree
        cls = next((c for c in tree.body if isinstance(c, ast.ClassDef) and c.name == owner), None)
        init = _member(cls, "__init__") if cls is not None else None
        if not isinstance(init, ast.FunctionDef | ast.AsyncFunctionDef):
            return None
        specs = [spec for name, spec in init_types(init) if name == attr]
        spec = specs[0] if len(specs) == 1 else None
        if spec is None or spec.collection or spec.is_class or spec.items or spec.call:
            return None
        inside = {id(n) for n in ast.walk(init)}
        for inner in ast.walk(tree):
            if (
                isinstance(inner, ast.Attribute)
                and inner.attr == attr
                and not isinstance(inner.ctx, ast.Load)
                and id(inner) not in inside
            ):
                return None  # stored elsewhere too: it may hold another object
        qualname = self.module.qualify(spec.name)
        found = self.follower.definition(qualname) if qualname else None
        if found is None or not isinstance(found[1], ast.ClassDef):
            return None
        key = f"{found[0].name}.{found[1].name}"
        if self.follower.stored_outside(attr, self.module.rel):
            return None  # agent.jobs = StepWriter() elsewhere: it may hold another object
        derived = self.follower.overrides(key, method)
        if derived is None:
            return None
        return [f"{key}.{method}", *derived]

    def owner_class(self) -> str | None:
        for stmt in self.module.source.tree.body:
            if isinstance(stmt, ast.ClassDef) and any(s is self.node for s in stmt.body):
                return stmt.name
        return None


def callee_name(
    module: str, tree: ast.Module, func: ast.expr, kind: str, key: str, receiver: str | None
) -> str | None:
    """The qualified name of a called function of the project, from what the finder knows
    of the callee (``kind`` and ``key`` of its type): a method of an object of a known
    class (``receiver``), a function of this file (``local:``, at the top level or a
    method of a top-level class), an indexed function, or a name imported from the
    project."""
    if receiver is not None and isinstance(func, ast.Attribute):
        return f"{receiver}.{func.attr}"
    if kind == "function" and key.startswith("local:"):
        wanted = int(key.partition(":")[2])
        for stmt in tree.body:
            if id(stmt) == wanted and isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                return f"{module}.{stmt.name}"
            if isinstance(stmt, ast.ClassDef):
                for inner in stmt.body:
                    if id(inner) == wanted and isinstance(
                        inner, ast.FunctionDef | ast.AsyncFunctionDef
                    ):
                        return f"{module}.{stmt.name}.{inner.name}"
        return None
    if kind in ("function", "name") and "." in key:
        return key
    return None


# --- applying the answers ---------------------------------------------------------------------


def follow_handoffs(
    result: FileResult,
    handoffs: Iterable[Handoff],
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    model: str = "",
    models: Iterable[str] = (),
    tables: Mapping[str, tuple[str, ...]] | None = None,
    table: str = "",
    columns: Mapping[str, frozenset[str]] | None = None,
) -> FileResult:
    """``result`` with the handoffs followed: each unexplained keyword whose function is
    proven never to take its value to the column is excluded; each whose function writes
    it into the column is a reference; the others stay unexplained. A keyword given a
    schema's field of its own name (``upsert_persona(icon_color=request.icon_color)``) that
    the function assigns to ``model``'s attribute is evidence that the schema mirrors the
    model (added to the result's mirrors). A keyword whose name the function reads as an
    attribute of the instance of one of ``models`` the call gives it (``format_repr(self,
    final_state=None)`` in a method of the model) is a certain reference: it names the
    column's attribute. ``tables`` gives the mapped classes of the project (the table of
    each, then its ancestors) and ``table`` the column's, ``columns`` the column attributes
    of each: a value given by keyword to another table's model, or assigned to a column of
    a row of one, is written into that table."""
    handoffs = list(handoffs)
    if not handoffs:
        return result
    tiers = result.tiers
    excluded = {
        (o.path, o.line, o.name)
        for o in result.occurrences
        if o.tier is Tier.EXCLUDED and o.reason is Exclusion.OTHER_TYPE
    }
    follower = Follower(read, modules, tiers, names, tables, table, columns)
    decided: dict[tuple[str, int, int], tuple[Handoff, _Outcome, str]] = {}
    for handoff in handoffs:
        where = (handoff.path, handoff.line, handoff.col)
        if handoff.key or tiers.get(where, (None,))[0] is not Tier.UNEXPLAINED:
            continue  # a dict's key: see spreads
        found = follower.function(handoff.callee)
        outcome = follower.follow(handoff.callee, handoff.keyword)
        shown = handoff.callee.rpartition(".")[2]
        if found is not None and found[1].name != "__init__":
            shown = found[1].name
        elif shown == "__init__":
            shown = handoff.callee.rsplit(".", 2)[-2]
        decided[where] = (handoff, outcome, shown)
    mirrors = set(result.mirrors)
    for handoff, outcome, shown in decided.values():
        if model and handoff.schema and outcome.writes is not None and outcome.writes[2]:
            why = f"its field is given to {shown}(), which writes it unchanged into the model"
            keyword = handoff.keyword
            mirrors.add(Mirror(handoff.schema, model, keyword, keyword, why, True, True))
        elif model and handoff.schema and outcome.filters is not None:
            # search_jobs(function_fullname=payload.function_fullname) into a filter on
            # the column: the field holds the column's values
            rel, line = outcome.filters
            why = (
                f"its field is given to {shown}(), which compares it unchanged with the "
                f"model's column ({rel}:{line})"
            )
            keyword = handoff.keyword
            mirrors.add(Mirror(handoff.schema, model, keyword, keyword, why, True, True))
    occurrences = []
    references = list(result.references)
    owners = frozenset(models)
    for occurrence in result.occurrences:
        where = (occurrence.path, occurrence.line, occurrence.col)
        if where not in decided:
            occurrences.append(occurrence)
            continue
        handoff, outcome, shown = decided[where]
        owner = follower.named_attribute(handoff, owners) if outcome.unknown else None
        if owner is not None:
            message = (
                f"names {owner}.{handoff.keyword} ({occurrence.name}) for {shown}(), which reads "
                "it from the model instance with getattr"
            )
            source = follower.module(occurrence.path)
            assert source is not None
            references.append(
                Reference(
                    occurrence.path,
                    occurrence.line,
                    occurrence.col,
                    ReferenceKind.KEYWORD,
                    Confidence.CERTAIN,
                    CODE_OF_KIND[ReferenceKind.KEYWORD],
                    message,
                    source.source.snippet(occurrence.line),
                )
            )
            occurrences.append(replace(occurrence, tier=Tier.REFERENCE, detail=""))
        elif outcome.writes is not None:
            rel, line, assigned = outcome.writes
            how = (
                "writes it unchanged into the model"
                if assigned
                else "writes it (or what it makes of it) into the column, not unchanged as "
                "the model's attribute or the keyword of its constructor"
            )
            if outcome.doubt:
                # it may also go where the write does not stand for it
                detail = f"{occurrence.detail}: {shown}() {how} ({rel}:{line}); {outcome.doubt}"
                occurrences.append(replace(occurrence, detail=detail))
            else:
                # the function's parameter is a local whose value its write stores: dropping
                # the column breaks that write, reported where it is, not this keyword
                detail = f"a keyword of {shown}(...), which {how} ({rel}:{line}){HANDED_VALUE}"
                occurrences.append(
                    replace(occurrence, tier=Tier.EXCLUDED, reason=Exclusion.KEYWORD, detail=detail)
                )
        elif not outcome.unknown and not outcome.returns:
            detail = (
                f"a keyword of {shown}(...), whose parameter {handoff.keyword} never reaches "
                "the column"
            )
            if outcome.into:
                detail += f" (it is written into {outcome.into})"
            occurrences.append(
                replace(occurrence, tier=Tier.EXCLUDED, reason=Exclusion.KEYWORD, detail=detail)
            )
        elif (declared := _declared_other_type(follower, handoff, outcome, excluded)) is not None:
            rel, line = declared
            detail = (
                f"a keyword of {shown}(...), which sets its field {outcome.kept}: a member of a "
                f"class that maps no table, as its declaration ({rel}:{line}) is"
            )
            occurrences.append(
                replace(occurrence, tier=Tier.EXCLUDED, reason=Exclusion.OTHER_TYPE, detail=detail)
            )
        else:
            why = outcome.unknown or (
                f"the object {shown}() builds keeps it in its field {outcome.kept}"
                if outcome.kept
                else f"{shown}() returns it"
            )
            detail = f"{occurrence.detail}: {why}"
            occurrences.append(replace(occurrence, detail=detail))
    return replace(
        result,
        references=tuple(sorted(set(references))),
        occurrences=tuple(occurrences),
        mirrors=tuple(sorted(mirrors)),
    )


def _declared_other_type(
    follower: Follower,
    handoff: Handoff,
    outcome: _Outcome,
    excluded: set[tuple[str, int, str]],
) -> tuple[str, int] | None:
    """Where the field a keyword of a generated constructor sets is declared, when that
    declaration was excluded as a member of a class that maps no table (``other-type``):
    ``ProviderScope(description="Read alerts")`` names the field ``ProviderScope.description``,
    the same attribute as ``description: str`` in the dataclass, whatever the object is used
    for later. A field whose declaration is a reference or unexplained (a class that may
    mirror the model) keeps the keyword unexplained."""
    if not outcome.kept or outcome.unknown or handoff.keyword is None:
        return None
    if outcome.kept_at is not None:
        return outcome.kept_at  # a hand-written constructor's own attribute, judged so
    callee = handoff.callee.removesuffix(".__init__")
    if not follower.generates(callee):
        return None  # kept by a function's flow, not named by this keyword
    declared = follower.field_declaration(callee, field := outcome.kept.rpartition(".")[2])
    if declared is None or (*declared, field) not in excluded:
        return None
    return declared


# --- parameters that carry the column ---------------------------------------------------------


@dataclass(frozen=True)
class _Carrier:
    """A parameter of a project function that the function writes into the column (the
    write's line), where every value its callers give it is the column's own or a constant."""

    rel: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    parameter: ast.arg
    write: int


def carry_parameters(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
) -> FileResult:
    """``result`` with the parameters that carry the column judged. A parameter of a project
    function (``upsert_persona(..., icon_color=None)``) whose value the function itself
    writes into the column, as the keyword of a constructor or statement the scan proved
    the column's (``Persona(icon_color=icon_color)``) or by assignment to the attribute of
    a model instance (``persona.icon_color = icon_color``), carries the column where every
    call of the function in the project gives it a value that is the column's (a read of
    it, a field of a schema mirroring it: a reference of the scan) or a constant, or
    nothing: no other value ever goes through it, so it is the column's own way into the
    row, and goes with the column. The parameter is a ``likely`` keyword reference (a
    parameter that would not break: whether it is a use of the column is a judgement), and
    its uses in the function are part of that reference. The constant keywords the callers
    give it (``upsert_persona(icon_color=None)``, a seeding command's
    ``get_or_create_task_type(for_shots=True)``) are left unexplained: on the real-code
    corpus they were references two times in ten, under the four in five a ``likely``
    finding must reach.

    Where a call gives it anything else (a value of its own caller, a computed one), the
    function is the storage API of values that are not the column's: its parameter stays
    unexplained; and so does a parameter of a function whose callers cannot all be found
    (given by ``**kwargs``, its name handed on as a value)."""
    names = frozenset(names)
    follower = Follower(read, modules, result.tiers, names)
    candidates = _carrier_candidates(result, follower)
    if not candidates:
        return result
    callers = Callers(follower, {c.node.name for c in candidates}, modules)
    references = list(result.references)
    promoted: dict[tuple[str, int, int], str] = {}
    #: the constant keywords the callers give: unexplained, naming the carrier
    doubted: dict[tuple[str, int, int], str] = {}
    for carrier in candidates:
        given = callers.given(carrier)
        if given is None:
            continue
        module = follower.module(carrier.rel)
        assert module is not None
        name = carrier.parameter.arg
        line = carrier.parameter.lineno
        col = module.source.column(line, carrier.parameter.col_offset)
        message = (
            f"takes {name}= in {carrier.node.name}(), which writes it into the column "
            f"({carrier.rel}:{carrier.write}); every call gives it the column's value or a "
            "constant"
        )
        references.append(
            Reference(
                carrier.rel,
                line,
                col,
                ReferenceKind.KEYWORD,
                Confidence.LIKELY,
                CODE_OF_KIND[ReferenceKind.KEYWORD],
                message,
                module.source.snippet(line),
            )
        )
        promoted[(carrier.rel, line, col)] = message
        for inner in ast.walk(carrier.node):
            if isinstance(inner, ast.Name) and inner.id == name:
                promoted[(carrier.rel, inner.lineno, module.source.start(inner)[1])] = message
        for rel, keyword in given:
            caller = follower.module(rel)
            assert caller is not None
            position = caller.source.start(keyword)
            doubted[(rel, position[0], position[1])] = (
                f"a constant given to {name}= of {carrier.node.name}(), which writes it into "
                f"the column ({carrier.rel}:{carrier.write}): the caller's choice of the value, "
                "or a setting of the function's own"
            )
    if not promoted:
        return result
    occurrences = [
        replace(o, tier=Tier.REFERENCE, reason=None, detail="")
        if (o.tier is Tier.UNEXPLAINED or is_local_value(o.tier, o.reason, o.detail))
        and (o.path, o.line, o.col) in promoted
        else replace(o, tier=Tier.UNEXPLAINED, reason=None, detail=doubted[o.path, o.line, o.col])
        if (o.tier is Tier.UNEXPLAINED or is_local_value(o.tier, o.reason, o.detail))
        and (o.path, o.line, o.col) in doubted
        else o
        for o in result.occurrences
    ]
    return replace(
        result,
        references=tuple(sorted(set(references))),
        occurrences=tuple(occurrences),
    )


def _carrier_candidates(result: FileResult, follower: Follower) -> list[_Carrier]:
    """The parameters named like the column, left unexplained or excluded as a local whose
    value goes into the column, that their function writes into the column itself."""
    wanted: dict[str, set[tuple[int, int]]] = {}
    for o in result.occurrences:
        if o.tier is Tier.UNEXPLAINED or is_local_value(o.tier, o.reason, o.detail):
            wanted.setdefault(o.path, set()).add((o.line, o.col))
    found: list[_Carrier] = []
    for rel, positions in wanted.items():
        module = follower.module(rel)
        if module is None:
            continue
        for node in ast.walk(module.source.tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.name == "__init__" or node.args.vararg or node.args.kwarg:
                continue
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                at = (arg.lineno, module.source.column(arg.lineno, arg.col_offset))
                if arg.arg in follower.names and at in positions:
                    write = _own_write(follower, module, node, arg.arg)
                    if write is not None and _only_tested(node, arg.arg):
                        found.append(_Carrier(rel, node, arg, write))
    return found


def _own_write(
    follower: Follower,
    module: Module,
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    name: str,
) -> int | None:
    """The line where ``node`` writes its parameter ``name`` itself into the column: the
    keyword of the column's name of a call (``Persona(icon_color=icon_color)``,
    ``.values(icon_color=icon_color)``) or the attribute of the column's name of an object
    (``persona.icon_color = icon_color``), each proven the column's by the scan. A
    parameter assigned anew in the function is not the callers' value."""

    def reference(line: int, col: int) -> bool:
        decided = follower.tiers.get((module.rel, line, col))
        return decided is not None and decided[0] is Tier.REFERENCE

    write: int | None = None
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return None
            value = inner.value
            if not (isinstance(value, ast.Name) and value.id == name):
                continue
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == name
                    and reference(*module.source.attr_start(target))
                ):
                    write = write or inner.lineno
        elif isinstance(inner, ast.Call):
            for item in inner.keywords:
                if (
                    item.arg == name
                    and isinstance(item.value, ast.Name)
                    and item.value.id == name
                    and last_name(inner.func) not in ("dict", "update")
                    and reference(*module.source.start(item))
                ):
                    write = write or item.lineno
    return write


def _only_tested(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether every use of the parameter ``name`` in ``node`` other than its writes
    (``row.col = col``, ``Model(col=col)``) only tests it: ``if col:``, ``if col is not
    None:``, ``if not any((a, col)):``. A parameter also handed to another call, read for
    something else or returned is a value of its own, which the function also stores."""
    parents: dict[int, ast.AST] = {}
    for above in ast.walk(node):
        for below in ast.iter_child_nodes(above):
            parents[id(below)] = above
    for inner in ast.walk(node):
        if not (isinstance(inner, ast.Name) and inner.id == name):
            continue
        parent: ast.AST | None = parents.get(id(inner))
        value, parent = with_default(inner, parent, parents)  # col or {}
        if isinstance(parent, ast.Assign) and parent.value is value:
            if all(isinstance(t, ast.Attribute) and t.attr == name for t in parent.targets):
                continue  # row.col = col
            return False
        if isinstance(parent, ast.keyword) and parent.arg == name:
            continue
        child: ast.AST = inner
        while isinstance(parent, ast.BoolOp | ast.UnaryOp | ast.Compare | ast.Tuple | ast.List):
            if isinstance(parent, ast.Compare) and not all(
                isinstance(c, ast.Constant) and c.value is None
                for c in [parent.left, *parent.comparators]
                if c is not child
            ):
                return False
            child, parent = parent, parents.get(id(parent))
        if isinstance(parent, ast.Call) and isinstance(child, ast.Tuple | ast.List):
            if not (isinstance(parent.func, ast.Name) and parent.func.id in ("any", "all")):
                return False
            child, parent = parent, parents.get(id(parent))
            while isinstance(parent, ast.BoolOp | ast.UnaryOp):
                child, parent = parent, parents.get(id(parent))
        if not (isinstance(parent, ast.If | ast.While | ast.IfExp) and parent.test is child):
            return False
    return True


class Callers:
    """The calls of the project's functions of some names, found by name in every file of
    the project (a method called on any object counts: more calls, fewer proofs)."""

    def __init__(self, follower: Follower, names: set[str], modules: Mapping[str, str]) -> None:
        self.follower = follower
        self.calls: dict[str, list[tuple[str, ast.Call]]] = {n: [] for n in names}
        #: names also used otherwise than called (handed on as a value, decorated)
        self.escaped: set[str] = set()
        for rel in sorted(set(modules.values())):
            try:
                text = decode(follower.read(rel))
            except (ValueError, LookupError, OSError):
                self.escaped.update(names)
                continue
            present = [n for n in names if n in text]
            if not present:
                continue
            module = follower.module(rel)
            if module is None:
                self.escaped.update(present)
                continue
            called: set[int] = set()
            for inner in ast.walk(module.source.tree):
                if isinstance(inner, ast.Call) and last_name(inner.func) in self.calls:
                    self.calls[last_name(inner.func)].append((rel, inner))
                    called.add(id(inner.func))
            for inner in ast.walk(module.source.tree):
                if id(inner) in called:
                    continue
                if isinstance(inner, ast.Name) and inner.id in self.calls:
                    self.escaped.add(inner.id)
                elif isinstance(inner, ast.Attribute) and inner.attr in self.calls:
                    self.escaped.add(inner.attr)

    def given(self, carrier: _Carrier) -> list[tuple[str, ast.keyword]] | None:
        """The constant keywords the calls of ``carrier``'s function give its parameter,
        where every call gives it the column's value, a constant or nothing (and, for a
        method, one call at least gives it one of those); else ``None``."""
        name = carrier.node.name
        if name in self.escaped:
            return None
        args = carrier.node.args
        positional = [*args.posonlyargs, *args.args]
        method = bool(positional) and positional[0].arg in ("self", "cls")
        if method:
            positional = positional[1:]
        index = next((i for i, a in enumerate(positional) if a is carrier.parameter), None)
        if not self.calls[name]:
            # no call in the project: its callers are elsewhere, what they give is unknown
            return None
        constants: list[tuple[str, ast.keyword]] = []
        passed = False
        for rel, call in self.calls[name]:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(
                k.arg is None for k in call.keywords
            ):
                return None
            value: ast.expr | None = None
            keyword = next((k for k in call.keywords if k.arg == carrier.parameter.arg), None)
            if keyword is not None:
                value = keyword.value
            elif index is not None and index < len(call.args):
                value = call.args[index]
            if value is None:
                continue
            passed = True
            if isinstance(value, ast.Constant):
                if keyword is not None:
                    constants.append((rel, keyword))
                continue
            if not self.column_value(rel, value):
                return None
        if method and not passed:
            # a method's calls are found by name on any object: calls that all leave the
            # parameter out may be calls of another method of that name
            return None
        return constants

    def column_value(self, rel: str, value: ast.expr) -> bool:
        """Whether ``value`` is a read of the column the scan proved: ``row.col`` or
        ``payload.col`` of a mirroring schema, a reference."""
        if not isinstance(value, ast.Attribute) or value.attr not in self.follower.names:
            return False
        module = self.follower.module(rel)
        if module is None:
            return False
        line, col = module.source.attr_start(value)
        decided = self.follower.tiers.get((rel, line, col))
        return decided is not None and decided[0] is Tier.REFERENCE
