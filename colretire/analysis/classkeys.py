"""Keys of a dict handed to a class method of the model that reads them as its attributes.

``CurrentRecord.create(db, data={"history_id": history.id})``, where the project's base
class defines ``@classmethod def create(cls, db, *, data): ... return cls(**data)``, and
``Step.list(session, **filters)`` after ``filters["job_id"] = job_id``, where ``list``
hands its ``**kwargs`` to ``cls._list_preprocess(**kwargs)``, which does ``for key, value
in kwargs.items(): column = getattr(cls, key)``: inside a class method, ``cls`` is the class
the call is made on, so every key of the dict is a keyword of the model's constructor, or
the name of one of its attributes. The finder records such keys
(:mod:`~colretire.analysis.finder.classdicts`); once every file has been analysed, this
module reads the method (the model's own, or inherited from a class of the project, also
the class given to ``declarative_base(cls=...)``) and makes the key a certain reference
where the method, by the parameter the dict fills:

- spreads it into ``cls(**data)``;
- loops over its keys and reads ``getattr(cls, key)`` with the loop's key;
- hands it to another class method of the class (``cls.create(data=data)``,
  ``super().create(db=db, data=data)``, ``cls._list_preprocess(**kwargs)``) that does, a
  few steps at most.

And only where no key can be taken out of the dict on the way: the parameter is never
bound again nor deleted, no key is popped or deleted, no nested function reads it, ``cls``
is never bound again, and every other read of it keeps its keys (an item read, set or
tested, ``.get``, ``.items()`` and the like, an f-string, a spread into a call, which copies
it) or hands it to a function of the project that, followed in turn, does no more than
that (``make_key(data, cls.__name__)`` reading ``data.get("name")``). A call the dict is
handed to that cannot be followed leaves the key unexplained, as it was.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from enum import Enum

from colretire.analysis.accounting import FileResult, Handoff
from colretire.analysis.facts import dotted, last_name
from colretire.analysis.handon import Follower, Module, parameter_of
from colretire.analysis.spreads import REMOVERS, holds_item, keeps_keys, prove_keys, qualifier
from colretire.model import Tier

#: How many calls deep the dict is followed.
_DEPTH = 4

_Def = ast.FunctionDef | ast.AsyncFunctionDef


class _Fate(Enum):
    """What a function does with the dict it is given: reads its keys as the model's
    attributes (``REACHES``), or only reads it, leaving every key in it (``KEEPS``)."""

    REACHES = "reaches"
    KEEPS = "keeps"


def follow_class_keys(
    result: FileResult,
    handoffs: Iterable[Handoff],
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
) -> FileResult:
    """``result`` with the dict keys of ``handoffs`` given to a class method of one of
    ``models`` that reads them as the model's attributes made certain references."""
    owners = frozenset(models)
    wanted = [
        h
        for h in handoffs
        if h.key
        and not h.validated
        and (h.callers or h.callee.rpartition(".")[0] in owners or _given_class(h, owners))
    ]
    if not wanted:
        return result
    tiers = {(o.path, o.line, o.col): o.tier for o in result.occurrences}
    words = {(o.path, o.line, o.col): o.name for o in result.occurrences}
    follower = Follower(read, modules, {}, names)
    proven: dict[tuple[str, int, int], str] = {}
    for handoff in wanted:
        where = (handoff.path, handoff.line, handoff.col)
        if tiers.get(where) is not Tier.UNEXPLAINED:
            continue
        found = follower.function(handoff.callee)
        if found is None:
            continue
        if handoff.callers:
            caller = _caller(follower, found[0], found[1], handoff.keyword, owners, words[where])
            if caller is not None:
                proven[where] = (
                    f"names a key of the dict {found[1].name}() is given by {caller}, which "
                    "reads its keys as the model's attributes"
                )
            continue
        parameter = _filled(found[1], handoff)
        if parameter is None:
            continue
        given = _given_class(handoff, owners)
        if given is not None:  # a function of the project handed the class too
            holder, model = given
            owner = parameter_of(found[1], holder, -1)
            if owner is None or _class_method(found[1]) or owner == parameter:
                continue
            fate = _Judge(follower, model, words[where]).fate(
                found[0], found[1], parameter, 0, owner
            )
            shown = f"{found[1].name}() with {model.rpartition('.')[2]}"
        else:
            model, _, method = handoff.callee.rpartition(".")
            if not _class_method(found[1]):
                continue
            fate = _Judge(follower, model, words[where]).fate(found[0], found[1], parameter, 0)
            shown = f"{model.rpartition('.')[2]}.{method}()"
        if fate is _Fate.REACHES:
            name = model.rpartition(".")[2]
            proven[where] = (
                f"names a key of a dict given to {shown}, which reads its keys as {name}'s "
                "attributes in a class method of it"
            )
    return prove_keys(result, follower, proven)


def _caller(
    follower: Follower,
    module: Module,
    node: _Def,
    parameter: str,
    models: frozenset[str],
    key: str,
) -> str | None:
    """The class method of one of ``models``, in the module of the function ``node``,
    that calls it by its name with a dict of its own parameters as ``parameter`` and
    reads that dict's keys as the model's attributes (``check(db, data)`` in ``@classmethod
    def create(cls, db, *, data)`` that returns ``super().create(db=db, data=data)``),
    named as ``Class.method()``; ``None`` where none does."""
    for cls in module.source.tree.body:
        model = f"{module.name}.{cls.name}" if isinstance(cls, ast.ClassDef) else ""
        if model not in models:
            continue
        assert isinstance(cls, ast.ClassDef)
        for method in cls.body:
            if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if not _class_method(method) or _bound(method, node.name):
                continue  # a class method that may call something else by that name
            own = {a.arg for a in [*method.args.posonlyargs, *method.args.args][1:]}
            own |= {a.arg for a in method.args.kwonlyargs}
            for call in ast.walk(method):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                    continue
                if call.func.id != node.name:
                    continue
                for given in _filling(call, node, parameter, own):
                    fate = _Judge(follower, model, key).fate(module, method, given, 0)
                    if fate is _Fate.REACHES:
                        return f"{cls.name}.{method.name}()"
    return None


def _filling(call: ast.Call, node: _Def, parameter: str, own: set[str]) -> list[str]:
    """The names of ``own`` that ``call`` gives the function ``node`` as its
    ``parameter``."""
    found = []
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            break
        if (
            isinstance(arg, ast.Name)
            and arg.id in own
            and parameter_of(node, None, index) == parameter
        ):
            found.append(arg.id)
    for item in call.keywords:
        value = item.value
        if item.arg == parameter and isinstance(value, ast.Name) and value.id in own:
            found.append(value.id)
    return found


def _given_class(handoff: Handoff, models: frozenset[str]) -> tuple[str, str] | None:
    """The keyword by which the call of ``handoff`` gives a function of the project one
    of ``models``' classes, and that class."""
    found = [(k, m) for k, m in handoff.classes if m in models]
    return found[0] if len(found) == 1 else None


def apart(first: ast.AST, second: ast.AST, parents: Mapping[int, ast.AST], top: ast.AST) -> bool:
    """Whether ``first`` and ``second`` lie in the two branches of one ``if`` of the
    function ``top``, with no loop around it there: one run of the function reaches one."""

    def chain(node: ast.AST) -> list[ast.AST]:
        found = [node]
        while node is not top and id(node) in parents:
            node = parents[id(node)]
            found.append(node)
        return found

    one, other = chain(first), chain(second)
    common = next((n for n in one if any(n is m for m in other)), None)
    if not isinstance(common, ast.If):
        return False
    if any(isinstance(n, ast.For | ast.AsyncFor | ast.While) for n in chain(common)):
        return False

    def branch(path: list[ast.AST]) -> str:
        index = next(i for i, n in enumerate(path) if n is common)
        below = path[index - 1] if index > 0 else None
        if any(below is s for s in common.body):
            return "body"
        return "orelse" if any(below is s for s in common.orelse) else "test"

    sides = {branch(one), branch(other)}
    return sides == {"body", "orelse"}


def _filled(node: _Def, handoff: Handoff) -> str | None:
    """The parameter of ``node`` the dict of ``handoff`` fills: the one of its keyword or
    position; for a dict spread into the call, the ``**kwargs`` that takes its key (never
    a parameter of the key's own name, which takes the value alone)."""
    if handoff.spread:
        return _kwargs_for(node, handoff.keyword)
    return parameter_of(node, handoff.keyword or None, handoff.position)


def _kwargs_for(node: _Def, key: str) -> str | None:
    """The ``**kwargs`` of ``node`` that a keyword ``key`` lands in."""
    if parameter_of(node, key, -1) is not None or node.args.kwarg is None:
        return None
    return node.args.kwarg.arg


def _class_method(node: _Def) -> bool:
    """Whether ``node`` is a class method whose first parameter takes the class."""
    positional = [*node.args.posonlyargs, *node.args.args]
    return bool(positional) and any(last_name(d) == "classmethod" for d in node.decorator_list)


class _Judge:
    """Follows one dict through the methods of one model class."""

    def __init__(self, follower: Follower, model: str, key: str) -> None:
        self.follower = follower
        self.model = model
        self.key = key  # the key followed: the keyword it is where the dict is spread

    def fate(
        self, module: Module, node: _Def, parameter: str, depth: int, owner: str | None = None
    ) -> _Fate | None:
        """What ``node`` does with the dict in ``parameter``; ``None`` where it may take a
        key out or hand it where it cannot be followed. ``owner`` names the parameter that
        holds the model's class: the first of a class method, or one every call of a
        function of the project gives the class (``upsert(record_class=Receipt, ...)``).
        A call that cannot be followed spoils nothing in the other branch of an ``if``
        (no loop around it) than the call that takes the dict to the model."""
        if depth > _DEPTH:
            return None
        positional = [*node.args.posonlyargs, *node.args.args]
        if owner is None and positional and _class_method(node):
            owner = positional[0].arg
        if owner is not None and _bound(node, owner):
            return None
        parents = {id(c): p for p in ast.walk(node) for c in ast.iter_child_nodes(p)}
        qualify = qualifier(self.follower, module)
        fate = _Fate.KEEPS
        reaching: list[ast.AST] = []
        spoiling: list[ast.AST] = []
        for inner in ast.walk(node):
            if inner is not node and isinstance(
                inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
            ):
                if any(isinstance(n, ast.Name) and n.id == parameter for n in ast.walk(inner)):
                    return None  # a closure may change it, or hand it elsewhere
            elif isinstance(inner, ast.Global | ast.Nonlocal) and parameter in inner.names:
                return None
            elif isinstance(inner, ast.Delete):
                if any(holds_item(target, parameter) for target in inner.targets):
                    return None
            elif isinstance(inner, ast.For) and owner and _getattr_of_keys(inner, parameter, owner):
                fate = _Fate.REACHES
                reaching.append(inner)
            elif isinstance(inner, ast.Name) and inner.id == parameter:
                if not isinstance(inner.ctx, ast.Load):
                    return None
                parent = parents.get(id(inner))
                if isinstance(parent, ast.FormattedValue) or keeps_keys(inner, parents):
                    continue
                call = _handed_to(inner, parent, parents)
                if call is None:
                    return None  # an alias, a container, a return: its keys may be taken out
            elif isinstance(inner, ast.Call):
                step = self.call(module, node, inner, parameter, owner, qualify, depth)
                if step is False:
                    spoiling.append(inner)
                if step is _Fate.REACHES:
                    fate = _Fate.REACHES
                    reaching.append(inner)
        if spoiling and not (
            reaching and all(apart(a, b, parents, node) for a in spoiling for b in reaching)
        ):
            return None
        return fate

    def call(
        self,
        module: Module,
        node: _Def,
        call: ast.Call,
        parameter: str,
        owner: str | None,
        qualify: Callable[[str], str | None],
        depth: int,
    ) -> _Fate | bool | None:
        """What the call ``call`` does with the dict: ``False`` where it may take a key
        out, ``None`` where it is not handed the dict (or only a copy it cannot change)."""
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in REMOVERS
            and isinstance(func.value, ast.Name)
            and func.value.id == parameter
        ):
            return False
        given = _given(call, parameter)
        if not given:
            return None
        spread = all(how == "spread" for how, _ in given)
        if owner is not None and isinstance(func, ast.Name) and func.id == owner:
            return _Fate.REACHES if spread else False  # cls(**data): the constructor
        target = self.callee(module, node, call, owner, qualify)
        if target is None:
            return None if spread else False  # a spread copies: nothing is taken out
        found, classy = target
        fates = []
        for how, where in given:
            if how == "other":
                return False  # f(*data): its keys given by position
            if how == "spread":
                inner = _kwargs_for(found[1], self.key)
            elif how == "keyword":
                inner = parameter_of(found[1], str(where), -1)
            else:
                inner = parameter_of(found[1], None, int(where))
            if inner is None:
                if how != "spread":
                    return False
                continue
            fate = (
                self.fate(found[0], found[1], inner, depth + 1)
                if classy or how != "spread"
                else None
            )
            if fate is None and how != "spread":
                return False
            fates.append(fate)
        return _Fate.REACHES if _Fate.REACHES in fates else None

    def callee(
        self,
        module: Module,
        node: _Def,
        call: ast.Call,
        owner: str | None,
        qualify: Callable[[str], str | None],
    ) -> tuple[tuple[Module, _Def], bool] | None:
        """The function ``call`` calls and whether it is a class method of the model called
        on the class (``cls.create(...)``, ``super().create(...)``), where ``cls`` stays the
        model's class; a function of the project called by its name otherwise."""
        func = call.func
        if isinstance(func, ast.Attribute) and owner is not None:
            receiver = func.value
            if isinstance(receiver, ast.Name) and receiver.id == owner:
                found = self.follower.function(f"{self.model}.{func.attr}")
            elif (
                isinstance(receiver, ast.Call)
                and isinstance(receiver.func, ast.Name)
                and receiver.func.id == "super"
                and not receiver.args
            ):
                found = self.inherited(module, node, func.attr)
            else:
                return None
            if found is None or not _class_method(found[1]):
                return None
            return found, True
        if isinstance(func, ast.Name):
            qualname = qualify(func.id)
            found = self.follower.function(qualname) if qualname else None
            if found is None or _class_method(found[1]):
                return None
            return found, False
        return None

    def inherited(self, module: Module, node: _Def, name: str) -> tuple[Module, _Def] | None:
        """The method ``name`` that ``super()`` finds from the method ``node`` of its class:
        the first base, in order, whose ancestry defines it."""
        owner = next(
            (
                c
                for c in ast.walk(module.source.tree)
                if isinstance(c, ast.ClassDef) and any(s is node for s in c.body)
            ),
            None,
        )
        if owner is None:
            return None
        for base in owner.bases:
            path = dotted(base)
            qualname = module.qualify(path) if path else None
            if qualname is None:
                return None
            found = self.follower.definition(qualname) or self.follower.declarative_class(
                qualname, 0
            )
            if found is None or not isinstance(found[1], ast.ClassDef):
                return None
            got = self.follower.member(found[0], found[1], name, 0)
            if got is True:
                return None
            if isinstance(got, tuple):
                definition = got[1]
                if isinstance(definition, ast.ClassDef):
                    return None
                return got[0], definition
        return None


def _given(call: ast.Call, parameter: str) -> list[tuple[str, str | int]]:
    """How ``call`` is given the dict in ``parameter``: spread (``**data``), by keyword
    (``data=data``) or at a position."""
    found: list[tuple[str, str | int]] = []
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Name) and arg.id == parameter:
            found.append(("position", index))
        elif isinstance(arg, ast.Starred) and any(
            isinstance(n, ast.Name) and n.id == parameter for n in ast.walk(arg)
        ):
            found.append(("other", ""))
    for item in call.keywords:
        if isinstance(item.value, ast.Name) and item.value.id == parameter:
            found.append(("spread", "") if item.arg is None else ("keyword", item.arg))
    return found


def _handed_to(
    read: ast.Name, parent: ast.AST | None, parents: Mapping[int, ast.AST]
) -> ast.Call | None:
    """The call the read ``read`` is given to whole, as an argument or a keyword's value."""
    if isinstance(parent, ast.keyword):
        parent = parents.get(id(parent))
    if isinstance(parent, ast.Call) and read is not parent.func:
        return parent
    return None


def _bound(node: _Def, name: str) -> bool:
    """Whether the body of ``node`` binds ``name`` again."""
    return any(
        isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
        for n in ast.walk(node)
    )


def _getattr_of_keys(loop: ast.For, parameter: str, owner: str) -> bool:
    """Whether ``loop`` runs over the keys of the dict in ``parameter`` (``for key, value in
    kwargs.items()``, ``for key in kwargs``) and reads ``getattr(cls, key)`` with its key
    (``owner`` being the class's parameter), the key never bound again in it."""
    iterated = loop.iter
    if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Attribute):
        if iterated.func.attr not in ("items", "keys") or iterated.args:
            return False
        iterated = iterated.func.value
    if not (isinstance(iterated, ast.Name) and iterated.id == parameter):
        return False
    target = loop.target
    if isinstance(target, ast.Tuple):
        if not (loop.iter is not iterated and len(target.elts) == 2):
            return False
        target = target.elts[0]
    if not isinstance(target, ast.Name):
        return False
    key = target.id
    body = [n for stmt in loop.body for n in ast.walk(stmt)]
    if any(
        isinstance(n, ast.Name) and n.id == key and not isinstance(n.ctx, ast.Load) for n in body
    ):
        return False
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id == "getattr"
        and len(n.args) >= 2
        and isinstance(n.args[0], ast.Name)
        and n.args[0].id == owner
        and isinstance(n.args[1], ast.Name)
        and n.args[1].id == key
        for n in body
    )
