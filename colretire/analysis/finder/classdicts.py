"""Dicts handed to a class method of the model, for the pass that reads the method.

``CurrentRecord.create(db, data={"history_id": ...})``, ``Step.list(session, **filters)``
after ``filters = {}; filters["job_id"] = job_id``: one file cannot tell what the class
method does with the dict, so the key is left unexplained and the finder records where it
goes (a :class:`~colretire.analysis.accounting.Handoff` with ``key`` set, ``spread`` where
the dict is spread whole into the call, its keys the call's keywords). The callee is named
after the model class the call is made on, not the class that defines the method: inside a
class method, ``cls`` is that class. :mod:`~colretire.analysis.classkeys` reads the method.

The dicts recorded: a dict literal given to the call (by position, by keyword, or spread),
and a local of the function every binding of which is a dict literal, read nowhere but in
that call (the locals ``mark_local_payloads`` of :mod:`.evidence` gathers), with the keys its
literals hold and those the function writes into it or tests in it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping

from colretire.analysis import facts as F
from colretire.analysis import handon
from colretire.analysis import infer as I
from colretire.analysis.accounting import Handoff
from colretire.analysis.finder.base import COMPREHENSIONS, FinderBase


class ClassDicts(FinderBase):
    """Records the keys of dicts handed to a class method of the model."""

    def model_method(self, node: ast.Call, scope: I.Scope) -> str | None:
        """The qualified name ``<model>.<method>`` of a method ``node`` calls on one of the
        column's model classes (``Step.list(...)``); ``None`` for any other call."""
        func = node.func
        if not isinstance(func, ast.Attribute):
            return None
        receiver = self.types.expr(func.value, scope)
        if receiver.kind != I.CLASS or receiver.key not in self.target.model_keys:
            return None
        return f"{receiver.key}.{func.attr}"

    def function_given_model(
        self, node: ast.Call, scope: I.Scope
    ) -> tuple[str, tuple[tuple[str, str], ...]] | None:
        """The qualified name of the function of the project ``node`` calls by its name,
        and the keywords by which it gives it one of the column's model classes
        (``upsert(db, record_class=Receipt, record_data=...)``); ``None`` where it gives
        none."""
        if not isinstance(node.func, ast.Name):
            return None
        classes = []
        for item in node.keywords:
            if item.arg is None:
                continue
            given = self.types.expr(item.value, scope)
            if given.kind == I.CLASS and given.key in self.target.model_keys:
                classes.append((item.arg, given.key))
        if not classes:
            return None
        callee = self.types.expr(node.func, scope)
        if callee.kind not in (I.FUNCTION, I.NAME):
            return None
        name = handon.callee_name(
            self.module, self.source.tree, node.func, callee.kind, callee.key, None
        )
        return (name, tuple(classes)) if name is not None else None

    def class_dict_handoffs(self, node: ast.Call, scope: I.Scope) -> None:
        """The keys of the dict literals ``node`` gives to a class method of the model,
        or to a function of the project it gives the model's class."""
        classes: tuple[tuple[str, str], ...] = ()
        callee = self.model_method(node, scope)
        if callee is None:
            found = self.function_given_model(node, scope)
            if found is None:
                return
            callee, classes = found
        for position, arg in enumerate(node.args):
            if isinstance(arg, ast.Dict):
                self.key_handoffs(arg.keys, callee, "", position, False, classes)
        for item in node.keywords:
            if isinstance(item.value, ast.Dict):
                spread = item.arg is None
                self.key_handoffs(item.value.keys, callee, item.arg or "", -1, spread, classes)

    def local_class_handoffs(
        self,
        own: Iterable[ast.AST],
        scope: I.Scope,
        candidates: set[str],
        uses: Mapping[str, int],
        bindings: Mapping[str, list[ast.expr]],
        keyed: Mapping[str, list[ast.expr]],
    ) -> None:
        """The keys of the local dicts (``candidates``, each read ``uses`` times, bound to
        ``bindings``, with the keys written or tested in it, ``keyed``) that the function
        hands whole to a class method of the model, where that call is the local's one
        read."""
        for inner in own:
            if not isinstance(inner, ast.Call):
                continue
            given: list[tuple[str, str, int, bool]] = [
                (a.id, "", i, False) for i, a in enumerate(inner.args) if isinstance(a, ast.Name)
            ]
            given += [
                (k.value.id, k.arg or "", -1, k.arg is None)
                for k in inner.keywords
                if isinstance(k.value, ast.Name)
            ]
            given = [g for g in given if g[0] in candidates and uses.get(g[0]) == 1]
            if not given:
                continue
            classes: tuple[tuple[str, str], ...] = ()
            callee = self.model_method(inner, scope)
            if callee is None:
                found = self.function_given_model(inner, scope)
                if found is None:
                    continue
                callee, classes = found
            for name, keyword, position, spread in given:
                keys: list[ast.expr | None] = [
                    k for v in bindings.get(name, ()) if isinstance(v, ast.Dict) for k in v.keys
                ]
                keys += [_key_node(k) for k in keyed.get(name, ())]
                self.key_handoffs(keys, callee, keyword, position, spread, classes)

    def parameter_key_handoffs(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, model: str
    ) -> None:
        """The keys a class method of the model writes, reads or tests in a dict it is
        given (``data["version"] = ...``, ``data.get("version")``, ``"version" in data``,
        in ``@classmethod def create(cls, db, *, data)``): the dict is handed to the method
        as that parameter, whatever call made it."""
        if not any(F.last_name(d) == "classmethod" for d in node.decorator_list):
            return
        args = node.args
        parameters = {a.arg for a in [*args.posonlyargs, *args.args][1:] + args.kwonlyargs}
        callee = f"{model}.{node.name}"
        for inner in own_nodes(node):
            found = _named_key(inner, parameters)
            if found is not None:
                parameter, key = found
                self.key_handoffs([key], callee, parameter, -1, spread=False)

    def helper_key_handoffs(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """The keys a function of the module reads, writes or tests in a dict it is given
        as a parameter (``def check(db, data): ... data.get("owner_id")``), for the pass
        that asks the functions of its module that call it what the dict is."""
        args = node.args
        parameters = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
        callee = f"{self.module}.{node.name}"
        for inner in own_nodes(node):
            found = _named_key(inner, parameters)
            if found is not None:
                parameter, key = found
                for line, col in self.ledger.words_in(key):
                    if F.string_value(key) in self.key_names:
                        self.handoffs.append(
                            Handoff(
                                self.source.path,
                                line,
                                col,
                                callee,
                                parameter,
                                key=True,
                                callers=True,
                            )
                        )

    def key_handoffs(
        self,
        keys: Iterable[ast.expr | None],
        callee: str,
        keyword: str,
        position: int,
        spread: bool,
        classes: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """A key handoff for each word of the column's names in ``keys`` not yet decided."""
        for key in keys:
            text = F.string_value(key) if key is not None else None
            if key is None or text is None or text not in self.key_names:
                continue
            for line, col in self.ledger.words_in(key):
                if (line, col) in self.ledger.decided:
                    continue
                self.handoffs.append(
                    Handoff(
                        self.source.path,
                        line,
                        col,
                        callee,
                        text if spread else keyword,
                        key=True,
                        position=position,
                        spread=spread,
                        classes=classes,
                    )
                )


def _key_node(key: ast.expr) -> ast.expr:
    """The string a ``data["col"] = ...`` target writes or a ``"col" in data`` test names."""
    return key.slice if isinstance(key, ast.Subscript) else key


def _named_key(node: ast.AST, parameters: set[str]) -> tuple[str, ast.expr] | None:
    """The parameter of ``parameters`` and the string key ``node`` names in it: an item
    (``data["col"]``), a ``data.get("col")`` or a test ``"col" in data``."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        if node.value.id in parameters:
            return node.value.id, node.slice
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        holder = node.func.value
        if (
            node.func.attr == "get"
            and node.args
            and isinstance(holder, ast.Name)
            and holder.id in parameters
        ):
            return holder.id, node.args[0]
    elif (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In | ast.NotIn)
        and isinstance(node.comparators[0], ast.Name)
        and node.comparators[0].id in parameters
    ):
        return node.comparators[0].id, node.left
    return None


def own_nodes(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """The nodes of a function's body outside its nested functions, classes, lambdas and
    comprehensions (the scopes of their own)."""
    pending: list[ast.AST] = list(node.body)
    while pending:
        inner = pending.pop()
        yield inner
        if isinstance(
            inner,
            (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, *COMPREHENSIONS),
        ):
            continue
        pending.extend(ast.iter_child_nodes(inner))
