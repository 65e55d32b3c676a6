"""A dict a function of the module builds in place of a schema's dump.

``dag_detail = dag_schema.dump(dag_model)`` in one branch and ``dag_detail =
_get_dagbag_dag_details(dag)`` in the other, where ``_get_dagbag_dag_details`` returns a
dict literal: the local holds one or the other, and what reads it (``dag_detail[col]``
for the schema's field names) reads both alike. The dict literal stands in for the dump.
Where the dump is of a schema proven to mirror the model (the keys of its result are the
columns, see :meth:`~colretire.analysis.finder.keys.Keys.dumped_by`) and that schema's
field of the key's name carries the column, the dict literal's key is that field too.

The proof asks that

- the function be a module-level function with no decorator, bound once in the module,
  whose every ``return`` (in its own scope) gives a dict literal;
- the local be bound only by plain assignments, each of them either a call of that
  function (by its name, which the local's scope resolves to the module's function) or
  a marshmallow dump of a schema proven to mirror one of the column's models, at least one
  of each;
- every key of the literal spelt like one of the column's names be a field of each such
  schema that carries the column (a key no dump has proves nothing, and leaves the whole
  literal to the other rules).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.finder.base import CERTAIN, LIKELY
from colretire.analysis.finder.keys import Keys
from colretire.model import Confidence

_Function = ast.FunctionDef | ast.AsyncFunctionDef


class StandIns(Keys):
    """Marks the dict literals a function returns in place of a proven schema's dump."""

    def standin_contexts(self, module: I.Scope) -> None:
        """Record as payloads of the model (``self.contexts``) the dict literals returned
        by the module's functions whose result a local holds beside a proven dump."""
        builders = self.dict_builders(module)
        if not builders:
            return
        found: dict[str, Confidence] = {}
        for function, scope in _function_scopes(self.source.tree, module, self.local_classes):
            for stmt in _own_nodes(function):
                if not (
                    isinstance(stmt, ast.Assign)
                    and isinstance(stmt.value, ast.Call)
                    and isinstance(stmt.value.func, ast.Name)
                    and stmt.value.func.id in builders
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                ):
                    continue
                name = stmt.value.func.id
                confidence = self.stands_in(stmt.targets[0].id, name, builders[name], scope)
                if confidence is not None:
                    found[name] = max(found.get(name, confidence), confidence, key=_rank)
        for name, confidence in found.items():
            for returned in builders[name]:
                self.contexts.setdefault(id(returned), confidence)

    def dict_builders(self, module: I.Scope) -> dict[str, list[ast.Dict]]:
        """The module's functions, bound once and undecorated, whose every ``return``
        gives a dict literal with a key spelt like one of the column's names: their
        literals, by the function's name."""
        found: dict[str, list[ast.Dict]] = {}
        if not self.payload_lines:
            return found  # no dict of the file has a key spelt so
        bindings = module.bindings()
        for stmt in self.source.tree.body:
            if not isinstance(stmt, _Function) or stmt.decorator_list:
                continue
            end = stmt.end_lineno or stmt.lineno
            if not any(stmt.lineno <= line <= end for line in self.payload_lines):
                continue
            if len(bindings.get(stmt.name, ())) != 1:
                continue
            returns = [r.value for r in _own_nodes(stmt) if isinstance(r, ast.Return)]
            if not returns or not all(isinstance(v, ast.Dict) for v in returns):
                continue
            literals = [v for v in returns if isinstance(v, ast.Dict)]
            if any(self.key_texts(literal) for literal in literals):
                found[stmt.name] = literals
        return found

    def key_texts(self, literal: ast.Dict) -> set[str]:
        """The keys of ``literal`` spelt like one of the column's names."""
        return {
            text
            for key in literal.keys
            if key is not None and (text := F.string_value(key)) in self.key_names
        }

    def stands_in(
        self, local: str, function: str, literals: list[ast.Dict], scope: I.Scope
    ) -> Confidence | None:
        """How surely the call of ``function`` bound to ``local`` stands in for a proven
        dump: the weakest of the dumps' schemas' proofs, or ``None``."""
        called = self.types.bindings(function, scope)
        if [kind for kind, _, _ in called] != ["def"]:
            return None  # the name is bound otherwise where the call is
        bindings = self.types.bindings(local, scope)
        keys = set().union(*(self.key_texts(literal) for literal in literals))
        confidences: list[Confidence] = []
        calls = 0
        for kind, bound, _ in bindings:
            if kind != "assign" or not isinstance(bound, ast.expr):
                return None
            if (
                isinstance(bound, ast.Call)
                and isinstance(bound.func, ast.Name)
                and bound.func.id == function
            ):
                calls += 1
                continue
            match = self.dumped_by(bound, scope, 1)
            if match is None:
                return None
            if not keys <= set(match.fields):
                return None
            confidences.append(match.confidence)
        if not calls or not confidences:
            return None
        return min(confidences, key=_rank)


def _rank(confidence: Confidence) -> int:
    return 1 if confidence == CERTAIN else 0 if confidence == LIKELY else -1


def _own_nodes(function: _Function) -> Iterator[ast.AST]:
    """The nodes of ``function``'s own scope (nested functions, classes and lambdas not
    entered)."""
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, _Function | ast.ClassDef | ast.Lambda):
            continue
        pending.extend(ast.iter_child_nodes(node))


def _function_scopes(
    tree: ast.Module, module: I.Scope, classes: dict[int, str]
) -> Iterator[tuple[_Function, I.Scope]]:
    """Every function of the file (methods and nested functions too) with its scope;
    ``classes`` holds the key of each class of the file (:func:`~.base.class_keys`)."""
    pending: list[tuple[ast.AST, I.Scope]] = [(stmt, module) for stmt in tree.body]
    while pending:
        node, scope = pending.pop()
        if isinstance(node, ast.ClassDef):
            inner = I.Scope(node, scope, "class", classes[id(node)])
            pending.extend((stmt, inner) for stmt in node.body)
        elif isinstance(node, _Function):
            owner = scope.class_key if scope.kind == "class" else ""
            inner = I.Scope(node, scope, "function", owner)
            if owner:
                inner.self_kind = I.self_kind(node)
            yield node, inner
            pending.extend((stmt, inner) for stmt in node.body)
        else:
            pending.extend((child, scope) for child in ast.iter_child_nodes(node))
