"""A repository class that validates the schema it is given from the model it is given.

``RepositoryGeneric(session, PK_ID, RecipeComment, RecipeCommentOut)``, where::

    class RepositoryGeneric:
        def __init__(self, session, primary_key, sql_model, schema):
            self.model = sql_model
            self.schema = schema

        def create(self, data):
            new_document = self.model(**data.model_dump())
            ...
            return self.schema.model_validate(new_document)

builds an instance of the model it is handed and validates the schema it is handed from
that instance: ``RecipeCommentOut.model_validate(comment)``, written once for every pair a
construction gives. Each construction is then the same evidence as that call: the schema
mirrors the model (:mod:`~colretire.analysis.mirrors`).

:func:`validated_pair` reads the class: its one ``__init__`` stores two of its parameters
on ``self`` under two names, once each, and no other code of the class binds those names
(nor ``setattr``, ``__dict__``); a method binds a local once, to a call of the first
attribute (``self.model(...)``), and hands that local to ``model_validate`` or
``from_orm`` of the second (``self.schema.model_validate(new_document)``). The pair is of
parameter names and positions (after ``self``), for the calls to be read by. Nothing else
may give either attribute a value (:func:`~colretire.analysis.repositorybinds.rebound`): no code of any file that names it binds
or deletes an attribute of that name but the ``__init__``, and no such file binds attributes
by a computed name (``setattr``, ``__dict__``, ``vars()``); a subclass that binds one breaks
its base's pair for its own constructions.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

#: how the evidence of a repository's construction begins, the class's name next
REPOSITORY_WHY = "validated by "

#: the class methods of a Pydantic schema that build it from an object's attributes
_FROM_OBJECT = frozenset({"model_validate", "from_orm"})


@dataclass(frozen=True)
class ValidatedPair:
    """The parameters of ``__init__`` that give the model class (``model``, at position
    ``model_at`` after ``self``) and the schema class validated from its instances, and
    the attributes of ``self`` that hold them."""

    model: str
    model_at: int
    schema: str
    schema_at: int
    attrs: tuple[str, str] = ("", "")


def validated_pair(node: ast.ClassDef) -> ValidatedPair | None:
    """The pair of parameters ``node``'s constructor is given a model and a schema by,
    where its code validates the schema from an instance of the model (see the module)."""
    inits = [
        s
        for s in node.body
        if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == "__init__"
    ]
    if len(inits) != 1 or inits[0].decorator_list:
        return None
    init = inits[0]
    positional = [a.arg for a in [*init.args.posonlyargs, *init.args.args][1:]]
    stored = _stored(init, set(positional))
    if not stored or _binds_out_of_sight(node):
        return None
    bound = _self_bindings(node)
    for method in node.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef) or method is init:
            continue
        for model_attr, schema_attr in _validations(method):
            if model_attr == schema_attr or model_attr not in stored or schema_attr not in stored:
                continue
            if bound.get(model_attr) != 1 or bound.get(schema_attr) != 1:
                continue
            model, schema = stored[model_attr], stored[schema_attr]
            return ValidatedPair(
                model,
                positional.index(model),
                schema,
                positional.index(schema),
                (model_attr, schema_attr),
            )
    return None


def _stored(init: ast.FunctionDef | ast.AsyncFunctionDef, params: set[str]) -> dict[str, str]:
    """The attributes ``__init__`` sets on ``self`` straight from a parameter it never
    binds again, by attribute."""
    found: dict[str, str] = {}
    rebound = {
        n.id for n in ast.walk(init) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }
    for statement in init.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and _self_attr(statement.targets[0]) is not None
            and isinstance(statement.value, ast.Name)
            and statement.value.id in params
            and statement.value.id not in rebound
        ):
            found[_self_attr(statement.targets[0]) or ""] = statement.value.id
    return found


def _validations(method: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, str]]:
    """The ``(model attribute, schema attribute)`` pairs of ``local = self.model(...)``,
    the local's one binding in ``method``, then ``self.schema.model_validate(local)``."""
    if not any(
        isinstance(node, ast.Attribute) and node.attr in _FROM_OBJECT for node in ast.walk(method)
    ):
        return []  # most methods validate nothing: spare them the walks below
    bindings: dict[str, list[ast.AST]] = {}
    for node in ast.walk(method):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bindings.setdefault(node.id, []).append(node)
    built: dict[str, str] = {}
    for node in ast.walk(method):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and (attr := _self_attr(node.value.func)) is not None
            and len(bindings.get(node.targets[0].id, ())) == 1
        ):
            built[node.targets[0].id] = attr
    found = []
    for node in ast.walk(method):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _FROM_OBJECT
            and (schema := _self_attr(node.func.value)) is not None
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in built
        ):
            found.append((built[node.args[0].id], schema))
    return found


def _self_attr(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr if node.value.id == "self" else None
    return None


def _self_bindings(node: ast.ClassDef) -> dict[str, int]:
    """How many times the class's code binds (or deletes) each attribute of ``self``, and
    each name its body binds (a class attribute of that name may stand in)."""
    counts: dict[str, int] = {}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and not isinstance(sub.ctx, ast.Load):
            counts[sub.attr] = counts.get(sub.attr, 0) + 1
    for statement in node.body:
        for target in _targets(statement):
            counts[target] = counts.get(target, 0) + 1
    return counts


def _targets(statement: ast.stmt) -> list[str]:
    if isinstance(statement, ast.Assign):
        return [t.id for t in statement.targets if isinstance(t, ast.Name)]
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return [statement.target.id] if statement.value is not None else []
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
        return [statement.name]
    return []


def _binds_out_of_sight(node: ast.ClassDef) -> bool:
    """Whether the class may bind attributes by a computed name."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Name)
            and sub.func.id in ("setattr", "delattr", "vars")
        ):
            return True
        if isinstance(sub, ast.Attribute) and sub.attr in ("__dict__", "__setattr__"):
            return True
        if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef) and sub.name == "__setattr__":
            return True
    return False


def attributes_bound(node: ast.ClassDef) -> frozenset[str]:
    """The attributes the class's code binds or deletes, on any object (a subclass that
    binds ``self.schema`` again breaks its base's pair), and ``*`` where it may bind them
    by a computed name (as :func:`_binds_out_of_sight` tells; one walk for both, since
    every class of every file read pays for it)."""
    found: set[str] = set()
    hidden = False
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            if not isinstance(sub.ctx, ast.Load):
                found.add(sub.attr)
            if sub.attr in ("__dict__", "__setattr__"):
                hidden = True
        elif isinstance(sub, ast.Call):
            if isinstance(sub.func, ast.Name) and sub.func.id in ("setattr", "delattr", "vars"):
                hidden = True
        elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef) and sub.name == "__setattr__":
            hidden = True
    return frozenset(found | {"*"} if hidden else found)
