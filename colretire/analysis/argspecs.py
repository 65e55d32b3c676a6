"""Request arguments declared as a dict given to a decorator that validates them.

``@validate_args({"country": (str, None), "bracket": (str, None)}, location="query")`` above
``def get(self, query_args): ... Users.query.filter_by(**query_args)``: the decorator factory
of the project makes a Pydantic model of the dict (``spec = create_model("", **spec)``),
validates the request with it and calls the function it decorates with the validated
fields as a dict (``func(*args, spec(**data).dict(exclude_unset=True), **kwargs)``). The
keys of that dict are keys of the spec, spelt alike, so a key of the spec that the function
spreads whole into ``filter_by`` of one model's query (or into its constructor) names that
model's column: a reference where the model is the column's, another table's column where
every such spread goes to other tables' models.

A field of the spec typed by an enum made from a dict (``"field": (RawEnum("UserFields",
{"bracket": "bracket", ...}), None)``), whose class gives a member's value as its string
(``def __str__(self): return str(self._value_)``), read out of the dict as a string
(``field = str(query_args.pop("field", None))``) and given to a function of the project
beside a model class (``build_model_filters(model=Users, query=q, field=field)``) that reads
on the class the attribute it names (``getattr(model, field)``), names the attributes of
that model by the enum's values: each value spelt like the column is a reference.

Everything is read from the code, and every link must hold or the words stay unexplained:

- the factory: its parameter the dict fills is bound again only to ``create_model(...,
  **spec)`` of Pydantic, and read only there, in ``isinstance`` tests, to get its JSON
  schema, and called as ``spec(**data)`` whose ``.dict()`` or ``.model_dump()`` (not
  ``by_alias``) is what the decorated function is given; the factory returns only its one
  nested decorator, which returns only its nested wrapper, which calls the function only as
  ``func(*args, <that dict>, ...)``;
- the decorated function: the decorator is its innermost, and it takes exactly one
  positional parameter besides ``self`` or ``cls`` (the dict must land there: ``*args``
  holds the instance, or nothing); the parameter is never bound again nor read in a nested
  scope, and is only spread (``**query_args``) or read by a literal key (``pop``, ``get``,
  ``[...]``, ``in``); a key of the column's name read by name stays unexplained;
- a spread: into ``filter_by`` of a query of one entity (``X.query``, ``<session>.query(X)``,
  ``select(X)``, with nothing between that may change the entity) or into a class's
  constructor, where the class is a model of the project.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Mapping

from colretire.analysis import filtered
from colretire.analysis.accounting import FileResult
from colretire.analysis.facts import dotted, last_name, string_value
from colretire.analysis.handon import Follower, Module, parameter_of
from colretire.analysis.spreads import prove_keys, qualifier
from colretire.model import Exclusion, Tier

Def = ast.FunctionDef | ast.AsyncFunctionDef
Where = tuple[str, int, int]

#: Methods of a Pydantic model class that give its schema and change nothing.
_SCHEMA_READS = frozenset({"schema", "schema_json", "model_json_schema"})
#: Methods of a Pydantic model that give its fields as a dict, keyed by their names.
_AS_DICT = frozenset({"dict", "model_dump"})
#: Methods of a dict that read one key named by their first argument.
_KEYED_READS = frozenset({"pop", "get"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def follow_arg_specs(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
    tables: Mapping[str, tuple[str, ...]],
) -> FileResult:
    """``result`` with the unexplained words of the column's names in the request specs of
    such decorators judged: references where they name the model's attribute, other
    tables' columns where every use names another table's."""
    pending: dict[str, set[tuple[int, int]]] = {}
    for occurrence in result.occurrences:
        if occurrence.tier is Tier.UNEXPLAINED:
            pending.setdefault(occurrence.path, set()).add((occurrence.line, occurrence.col))
    if not pending:
        return result
    follower = Follower(read, modules, result.tiers, names)
    judge = _Judge(follower, frozenset(models), tables, frozenset(names))
    proven: dict[Where, str] = {}
    others: dict[Where, str] = {}
    for path, words in sorted(pending.items()):
        module = follower.module(path)
        if module is None:
            continue
        for function, in_class, call, spec in _decorated(module.source.tree, words):
            judge.function(module, function, in_class, call, spec, words, proven, others)
    result = result.excluding(others, Exclusion.OTHER_TABLE)
    return prove_keys(result, follower, proven)


def _decorated(
    tree: ast.Module, words: set[tuple[int, int]]
) -> Iterator[tuple[Def, bool, ast.Call, ast.Dict]]:
    """The functions whose innermost decorator is a call given a dict literal holding one of
    ``words``: the function, whether it is a method, the call and the dict."""
    lines = {line for line, _ in words}
    for parent in ast.walk(tree):
        for node in ast.iter_child_nodes(parent):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if not node.decorator_list or not isinstance(node.decorator_list[-1], ast.Call):
                continue
            call = node.decorator_list[-1]
            first, last = call.lineno, call.end_lineno or call.lineno
            if not any(first <= line <= last for line in lines):
                continue
            method = isinstance(parent, ast.ClassDef) and not any(
                last_name(d) == "staticmethod" for d in node.decorator_list
            )
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                if isinstance(arg, ast.Dict):
                    yield node, method, call, arg


def _holds(node: ast.expr, line: int, col: int) -> bool:
    """Whether the word at ``line``, ``col`` (1-based) lies in the one-line string ``node``."""
    return node.lineno == line == node.end_lineno and node.col_offset < col <= (
        node.end_col_offset or 0
    )


class _Judge:
    def __init__(
        self,
        follower: Follower,
        models: frozenset[str],
        tables: Mapping[str, tuple[str, ...]],
        names: frozenset[str],
    ) -> None:
        self.follower = follower
        self.models = models
        self.tables = tables
        self.names = names
        self._factories: dict[str, bool] = {}

    def function(
        self,
        module: Module,
        function: Def,
        in_class: bool,
        call: ast.Call,
        spec: ast.Dict,
        words: set[tuple[int, int]],
        proven: dict[Where, str],
        others: dict[Where, str],
    ) -> None:
        qualify = qualifier(self.follower, module)
        path = dotted(call.func)
        factory = qualify(path) if path else None
        if factory is None or not self.validates(factory, call, spec):
            return
        parameter = received(function, in_class)
        if parameter is None:
            return
        uses = _dict_uses(function, parameter)
        if uses is None:
            return
        spreads, reads = uses
        shown = f"{path}() of {function.name}()"
        for key, value in zip(spec.keys, spec.values, strict=True):
            text = string_value(key) if key is not None else None
            if key is None or text is None:
                continue
            if text in self.names and text not in reads:
                for line, col in words:
                    if not _holds(key, line, col):
                        continue
                    where = (module.rel, line, col)
                    owners = [self.entity(qualify, c) for c in spreads]
                    ours = sorted({o[1] for o in owners if o is not None and o[0]})
                    if ours:
                        proven[where] = (
                            f"names a request field of {shown}, which spreads the validated "
                            f"fields into a query or constructor of {', '.join(ours)}"
                        )
                    elif owners and all(owners):
                        tables = ", ".join(sorted({o[1] for o in owners if o is not None}))
                        others[where] = (
                            f"a request field of {shown}, spread only into a query or "
                            f"constructor of {tables}"
                        )
            if text in reads:
                self.enum_values(module, qualify, function, value, reads[text], words, proven)

    def validates(self, qualname: str, call: ast.Call, spec: ast.Dict) -> bool:
        """Whether the factory ``qualname`` hands the function it decorates the fields of the
        dict ``spec`` it is given in ``call``, validated, as a dict (the module's docstring)."""
        found = self.follower.function(qualname)
        if found is None:
            return False
        module, factory = found
        position = next((i for i, a in enumerate(call.args) if a is spec), -1)
        keyword = next((k.arg for k in call.keywords if k.value is spec), None)
        parameter = parameter_of(factory, keyword, position)
        if parameter is None:
            return False
        key = f"{qualname}:{parameter}"
        if key not in self._factories:
            self._factories[key] = _validates(factory, parameter, qualifier(self.follower, module))
        return self._factories[key]

    def entity(
        self, qualify: Callable[[str], str | None], call: ast.Call
    ) -> tuple[bool, str] | None:
        """What the spread ``call`` fills: ``(True, class)`` for a model of the column's
        table, ``(False, table)`` for another table's model, ``None`` where neither is
        proven."""
        node: ast.expr = call.func
        if isinstance(call.func, ast.Attribute) and call.func.attr in filtered.FILTERS:
            root = filtered.query_root(call)
            if root is None or filtered.shifted(call):
                return None
            if isinstance(root, ast.Attribute):
                node = root.value
            elif isinstance(root, ast.Call):
                node = root.args[0]
            else:
                return None
        return self.model_of(qualify, node)

    def model_of(
        self, qualify: Callable[[str], str | None], node: ast.expr
    ) -> tuple[bool, str] | None:
        """:meth:`entity` of the class ``node`` names."""
        path = dotted(node)
        qualname = qualify(path) if path else None
        if qualname is None:
            return None
        found = self.follower.definition(qualname)
        if found is None or not isinstance(found[1], ast.ClassDef):
            return None
        key = f"{found[0].name}.{found[1].name}"
        if key in self.models or qualname in self.models:
            return True, found[1].name
        mapped = self.tables.get(key)
        return (False, mapped[0]) if mapped and mapped[0] else None

    def enum_values(
        self,
        module: Module,
        qualify: Callable[[str], str | None],
        function: Def,
        value: ast.expr,
        reads: list[ast.expr],
        words: set[tuple[int, int]],
        proven: dict[Where, str],
    ) -> None:
        """The values of an enum made from a dict typing the field whose ``reads`` (out of
        the validated dict) are turned into strings and given, beside the model's class, to
        a function that reads the attribute they name on that class."""
        maker = value.elts[0] if isinstance(value, ast.Tuple) and value.elts else value
        if not isinstance(maker, ast.Call) or len(maker.args) != 2 or maker.keywords:
            return
        members = maker.args[1]
        if not isinstance(members, ast.Dict) or not self.valued_enum(qualify, maker.func):
            return
        targets = [v for v in members.values if string_value(v) in self.names]
        if not targets:
            return
        getter = None
        for read in reads:
            name = _string_of(function, read)
            if name is None:
                return
            getter = getter or self.attribute_getter(qualify, function, name)
        if getter is None:
            return
        for node in targets:
            for line, col in words:
                if _holds(node, line, col):
                    proven[(module.rel, line, col)] = (
                        f"names by a value of the enum typing a request field an attribute "
                        f"that {getter}() reads on the model"
                    )

    def valued_enum(self, qualify: Callable[[str], str | None], func: ast.expr) -> bool:
        """Whether ``func`` names a class of the project deriving from ``Enum`` whose
        ``__str__`` gives a member's value."""
        path = dotted(func)
        qualname = qualify(path) if path else None
        found = self.follower.definition(qualname) if qualname else None
        if found is None or not isinstance(found[1], ast.ClassDef):
            return False
        cls = found[1]
        if not any(last_name(b) in ("Enum", "StrEnum") for b in cls.bases):
            return False
        method = next(
            (s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__str__"), None
        )
        if method is None:
            return any(last_name(b) == "StrEnum" for b in cls.bases)
        body = [s for s in method.body if not _docstring(s)]
        if len(body) != 1 or not isinstance(body[0], ast.Return):
            return False
        returned = body[0].value
        if isinstance(returned, ast.Call) and dotted(returned.func) == "str":
            returned = returned.args[0] if len(returned.args) == 1 else None
        return (
            isinstance(returned, ast.Attribute)
            and returned.attr in ("_value_", "value")
            and isinstance(returned.value, ast.Name)
            and returned.value.id == "self"
        )

    def attribute_getter(
        self, qualify: Callable[[str], str | None], function: Def, name: str
    ) -> str | None:
        """The function of the project that a call of ``function`` gives the local ``name``
        beside a class of the column's model, and that reads on that class the attribute
        ``name`` names (``getattr(model, field)``)."""
        for call in _own_calls(function):
            given = _arguments(call)
            holding = [slot for slot, arg in given if isinstance(arg, ast.Name) and arg.id == name]
            classes = [slot for slot, arg in given if (self.model_of(qualify, arg) or (False,))[0]]
            if len(holding) != 1 or not classes:
                continue
            path = dotted(call.func)
            qualname = qualify(path) if path else None
            found = self.follower.function(qualname) if qualname else None
            if found is None:
                continue
            callee = found[1]
            field = _parameter(callee, holding[0])
            if field is None:
                continue
            for slot in classes:
                model = _parameter(callee, slot)
                if model is not None and _getattr_of(callee, model, field):
                    return path
        return None


def received(function: Def, in_class: bool) -> str | None:
    """The parameter of ``function`` a call ``func(*args, value)`` fills with ``value``: its
    one positional parameter besides the instance (or the class) of a method."""
    args = function.args
    if args.vararg is not None:
        return None
    positional = [*args.posonlyargs, *args.args]
    if in_class:
        positional = positional[1:]
    return positional[0].arg if len(positional) == 1 else None


def _dict_uses(
    function: Def, parameter: str
) -> tuple[list[ast.Call], dict[str, list[ast.expr]]] | None:
    """The calls ``function`` spreads its dict ``parameter`` into and its reads by a literal
    key (by key); ``None`` where the parameter is bound again, read in a nested scope or used
    otherwise."""
    parents = {id(c): p for p in ast.walk(function) for c in ast.iter_child_nodes(p)}
    spreads: list[ast.Call] = []
    reads: dict[str, list[ast.expr]] = {}
    for node in _own_nodes(function):
        if isinstance(node, _SCOPES) and any(
            isinstance(n, ast.Name | ast.arg)
            and (getattr(n, "id", None) or getattr(n, "arg", None)) == parameter
            for n in ast.walk(node)
        ):
            return None
        if isinstance(node, ast.Global | ast.Nonlocal) and parameter in node.names:
            return None
        if not isinstance(node, ast.Name) or node.id != parameter:
            continue
        if not isinstance(node.ctx, ast.Load):
            return None
        parent = parents.get(id(node))
        if isinstance(parent, ast.keyword) and parent.arg is None:
            call = parents.get(id(parent))
            if not isinstance(call, ast.Call):
                return None
            spreads.append(call)
            continue
        key, read = _keyed_read(node, parent, parents)
        if key is None or read is None:
            return None
        reads.setdefault(key, []).append(read)
    return spreads, reads


def _keyed_read(
    node: ast.Name, parent: ast.AST | None, parents: Mapping[int, ast.AST]
) -> tuple[str | None, ast.expr | None]:
    """The literal key a use of the dict ``node`` names and the expression that reads it:
    ``d.pop("k", ...)``, ``d.get("k")``, ``d["k"]`` (read), ``"k" in d``."""
    if isinstance(parent, ast.Subscript) and parent.value is node:
        if not isinstance(parent.ctx, ast.Load):
            return None, None
        return string_value(parent.slice), parent
    if isinstance(parent, ast.Attribute) and parent.attr in _KEYED_READS:
        call = parents.get(id(parent))
        if isinstance(call, ast.Call) and call.func is parent and call.args:
            return string_value(call.args[0]), call
        return None, None
    if (
        isinstance(parent, ast.Compare)
        and len(parent.ops) == 1
        and parent.comparators[0] is node
        and isinstance(parent.ops[0], ast.In | ast.NotIn)
    ):
        return string_value(parent.left), parent
    return None, None


def _string_of(function: Def, read: ast.expr) -> str | None:
    """The local that ``function`` binds once, and only, to ``str(read)``."""
    parents = {id(c): p for p in ast.walk(function) for c in ast.iter_child_nodes(p)}
    call = parents.get(id(read))
    if not (isinstance(call, ast.Call) and dotted(call.func) == "str" and call.args == [read]):
        return None
    assign = parents.get(id(call))
    if not isinstance(assign, ast.Assign) or len(assign.targets) != 1:
        return None
    target = assign.targets[0]
    if not isinstance(target, ast.Name):
        return None
    stores = [
        n
        for n in ast.walk(function)
        if isinstance(n, ast.Name) and n.id == target.id and not isinstance(n.ctx, ast.Load)
    ]
    return target.id if stores == [target] else None


def _own_nodes(function: Def) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, the nested scopes given but not entered."""
    pending: list[ast.AST] = [*function.body]
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, _SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def _own_calls(function: Def) -> Iterator[ast.Call]:
    for node in _own_nodes(function):
        if isinstance(node, ast.Call):
            yield node


def _arguments(call: ast.Call) -> list[tuple[int | str, ast.expr]]:
    """The arguments of ``call`` by position or keyword; none past a ``*`` spread."""
    given: list[tuple[int | str, ast.expr]] = []
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            break
        given.append((index, arg))
    given += [(k.arg, k.value) for k in call.keywords if k.arg is not None]
    return given


def _parameter(function: Def, slot: int | str) -> str | None:
    """The parameter of ``function`` an argument at ``slot`` (position, ``self`` left out, or
    keyword) fills."""
    if isinstance(slot, str):
        return parameter_of(function, slot, -1)
    return parameter_of(function, None, slot)


def _getattr_of(function: Def, owner: str, field: str) -> bool:
    """Whether ``function`` reads ``getattr(owner, field)`` of its two parameters, bound
    nowhere again."""
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Name)
            and node.id in (owner, field)
            and not isinstance(node.ctx, ast.Load)
        ):
            return False
        if isinstance(node, ast.Global | ast.Nonlocal) and {owner, field} & set(node.names):
            return False
    return any(
        isinstance(node, ast.Call)
        and dotted(node.func) == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == owner
        and isinstance(node.args[1], ast.Name)
        and node.args[1].id == field
        for node in _own_nodes(function)
    )


def _validates(factory: Def, spec: str, qualify: Callable[[str], str | None]) -> bool:
    """Whether the decorator ``factory`` makes its parameter ``spec`` a Pydantic model and
    calls the function it decorates with the model's validated fields as a dict, as the one
    positional argument after ``*args`` (see the module's docstring)."""
    decorator = _returned_def(factory)
    if decorator is None or len(decorator.args.args) != 1:
        return False
    func = decorator.args.args[0].arg
    wrapper = _returned_def(decorator)
    if wrapper is None or wrapper.args.vararg is None:
        return False
    parents = {id(c): p for p in ast.walk(factory) for c in ast.iter_child_nodes(p)}
    own = {id(a) for a in [*factory.args.posonlyargs, *factory.args.args, *factory.args.kwonlyargs]}
    dumps: list[ast.Call] = []
    for node in ast.walk(factory):
        if isinstance(node, ast.arg) and node.arg == spec and id(node) not in own:
            return False  # a nested function's own parameter of that name
        if isinstance(node, ast.Global | ast.Nonlocal) and spec in node.names:
            return False
        if not isinstance(node, ast.Name) or node.id != spec:
            continue
        parent = parents.get(id(node))
        if not isinstance(node.ctx, ast.Load):
            # bound again only by the factory itself, to the model made of it
            if not (
                isinstance(parent, ast.Assign)
                and _in_own_block(factory, parent)
                and _creates_model(parent.value, spec, qualify)
            ):
                return False
            continue
        if not _spec_use(node, parent, parents, spec, qualify, dumps):
            return False
    if not dumps:
        return False
    calls = [
        n
        for n in ast.walk(decorator)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == func
    ]
    if not calls or _bound(decorator, func, skip=decorator.args.args[0]):
        return False
    vararg = wrapper.args.vararg.arg
    for call in calls:
        if len(call.args) != 2:
            return False
        first, value = call.args
        if not (
            isinstance(first, ast.Starred)
            and isinstance(first.value, ast.Name)
            and first.value.id == vararg
        ):
            return False
        if not _dumped(wrapper, value, dumps):
            return False
    return True


def _in_own_block(factory: Def, stmt: ast.stmt) -> bool:
    """Whether ``stmt`` is a statement of ``factory`` itself, not of a nested scope."""
    return any(node is stmt for node in _own_nodes(factory))


def _creates_model(value: ast.expr, spec: str, qualify: Callable[[str], str | None]) -> bool:
    """``create_model(<name>, **spec)`` of Pydantic."""
    if not isinstance(value, ast.Call):
        return False
    path = dotted(value.func)
    qualname = qualify(path) if path else None
    if qualname is None or last_name(value.func) != "create_model":
        return False
    if qualname.partition(".")[0] != "pydantic":
        return False
    return any(
        k.arg is None and isinstance(k.value, ast.Name) and k.value.id == spec
        for k in value.keywords
    )


def _spec_use(
    node: ast.Name,
    parent: ast.AST | None,
    parents: Mapping[int, ast.AST],
    spec: str,
    qualify: Callable[[str], str | None],
    dumps: list[ast.Call],
) -> bool:
    """Whether a read of the spec leaves its fields as they are: the ``**spec`` given to
    ``create_model``, an ``isinstance`` test, its schema read, or the validation whose dump
    (collected in ``dumps``) the decorated function is given."""
    if isinstance(parent, ast.keyword) and parent.arg is None:
        call = parents.get(id(parent))
        return isinstance(call, ast.Call) and _creates_model(call, spec, qualify)
    if isinstance(parent, ast.Call) and parent.func is not node:
        return dotted(parent.func) == "isinstance" and parent.args[:1] == [node]
    if isinstance(parent, ast.Attribute) and parent.attr in _SCHEMA_READS:
        call = parents.get(id(parent))
        return isinstance(call, ast.Call) and call.func is parent
    if isinstance(parent, ast.Call) and parent.func is node:
        holder = parents.get(id(parent))
        dump = parents.get(id(holder)) if holder is not None else None
        if (
            isinstance(holder, ast.Attribute)
            and holder.attr in _AS_DICT
            and isinstance(dump, ast.Call)
            and dump.func is holder
            and not any(k.arg == "by_alias" or k.arg is None for k in dump.keywords)
        ):
            dumps.append(dump)
            return True
    return False


def _dumped(wrapper: Def, value: ast.expr, dumps: list[ast.Call]) -> bool:
    """Whether ``value`` is one of ``dumps``, or a local of ``wrapper`` bound only to one."""
    if any(value is dump for dump in dumps):
        return True
    if not isinstance(value, ast.Name):
        return False
    bound = [
        n
        for n in _own_nodes(wrapper)
        if isinstance(n, ast.Name) and n.id == value.id and not isinstance(n.ctx, ast.Load)
    ]
    if len(bound) != 1:
        return False
    assigns = [
        n
        for n in _own_nodes(wrapper)
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and n.targets[0] is bound[0]
    ]
    return len(assigns) == 1 and any(assigns[0].value is dump for dump in dumps)


def _returned_def(function: Def) -> Def | None:
    """The one function defined in ``function`` that every ``return`` of it returns."""
    defined = {
        n.name: n
        for n in _own_nodes(function)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    returns = [n for n in _own_nodes(function) if isinstance(n, ast.Return)]
    names = {r.value.id if isinstance(r.value, ast.Name) else "" for r in returns}
    if len(names) != 1 or "" in names:
        return None
    (name,) = names
    if name not in defined or _bound(function, name, skip=defined[name]):
        return None
    return defined[name]


def _bound(function: Def, name: str, skip: ast.AST) -> bool:
    """Whether ``function`` binds ``name`` anywhere other than ``skip`` (its definition or
    parameter)."""
    for node in ast.walk(function):
        if node is skip:
            continue
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            return True
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.name == name
        ):
            return True
        if isinstance(node, ast.arg) and node.arg == name:
            return True
        if isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
            return True
    return False


def _docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and string_value(stmt.value) is not None
