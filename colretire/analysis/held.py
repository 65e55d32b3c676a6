"""Attributes spelt like the model that hold its rows wherever the project binds them.

A class that wraps a row keeps it in an attribute named after the model (``self.token =
db_token`` in privacyIDEA's ``TokenClass``); inside the class, ``self.token.user_id`` is a
likely read of the column (see ``keyed_model`` in :mod:`~colretire.analysis.finder.verdicts`).
Outside it, the wrapper travels in locals of unknown type (``tokenobject =
get_one_token(serial)``, ``for tokenobject in get_tokens(...)``), and
``tokenobject.token.user_id`` reads the same attribute (on a local holding what a function
of the project returned: see ``local_value`` in :mod:`~colretire.analysis.finder.verdicts`). It is as likely a read of the column
where the name is the model's everywhere in the project: every class that binds it (in its
body or on ``self``) either sets it only from a parameter of the method that sets it (never
from a call, by unpacking, ``setattr`` or the instance's ``__dict__``) or declares it as a
relationship to one of the column's models (``token = relationship("Token")``); at least one
class sets it from a parameter; no other code attaches it to an object
(``obj.token = ...`` outside a class's own ``self``, ``setattr(obj, "token", ...)``); and
every file whose text may bind it parses.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable

from colretire.analysis.exclusive import classes_in, parsed
from colretire.analysis.facts import last_name, string_value
from colretire.analysis.finder.verdicts import (
    bound_by,
    model_words,
    set_from_parameters,
    unpacked,
)
from colretire.analysis.target import ClassView

#: Calls that declare a relationship in a class body.
_RELATIONSHIPS = frozenset({"relationship", "relation"})


def held_attributes(
    models: Iterable[ClassView],
    read_names: Iterable[str],
    containing: Callable[[list[str]], list[str]],
    read: Callable[[str], bytes],
) -> frozenset[str]:
    """Of the words that name the ``models`` (their class in lower or snake case, their
    table and its singular), those that are such attributes (see the module docstring).
    Only words some file reads one of ``read_names`` through (``.token.user_id``): the
    others hold nothing the finder would ask about, and proving them would parse every
    file that binds a local spelt so. ``containing`` gives the files that hold any of the
    names as a word, ``read`` a file's bytes."""
    views = list(models)
    names = {view.name for view in views}
    words = {
        word
        for word in set().union(*(model_words(view.name, view.table) for view in views))
        if word.isidentifier()
    }
    wanted = sorted(set(read_names))
    if not words or not wanted:
        return frozenset()
    chain = re.compile(
        rb"\.\s*("
        + b"|".join(re.escape(w.encode()) for w in sorted(words))
        + rb")\s*\.\s*(?:"
        + b"|".join(re.escape(n.encode()) for n in wanted)
        + rb")\b"
    )
    through = {
        match.group(1).decode() for rel in containing(wanted) for match in chain.finditer(read(rel))
    }
    return frozenset(
        word for word in sorted(words & through) if _held(word, names, containing([word]), read)
    )


def _held(word: str, models: set[str], files: list[str], read: Callable[[str], bytes]) -> bool:
    wrappers = 0
    name = re.escape(word.encode())
    binding = re.compile(
        rb"\.\s*" + name + rb"\s*(?::[^=\n]*)?=(?!=)|^[ \t]+" + name + rb"\s*[:=]"
        rb"|\bdef\s+" + name + rb"\b|\bclass\s+" + name + rb"\b|setattr\(|__dict__|vars\(",
        re.M,
    )
    for rel in files:
        data = read(rel)
        if not binding.search(data):
            continue  # nothing there can bind it
        tree = parsed(rel, data)
        if tree is None:
            return False  # it may bind the name anywhere
        if _attached(tree, word):
            return False
        for _, cls in classes_in(tree.body, ""):
            declared = _declared(cls, word, models)
            if declared is None:
                return False
            if _on_self(cls, word):
                if set_from_parameters(cls, word) != ():  # only parameters (or None)
                    return False
                wrappers += 1
    return wrappers > 0


def _declared(cls: ast.ClassDef, word: str, models: set[str]) -> bool | None:
    """Whether the body of ``cls`` declares ``word`` as a relationship to one of the
    ``models`` (``True``), does not bind it (``False``), or binds it otherwise (``None``)."""
    found = False
    for statement in cls.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if statement.name == word:
                return None
            continue
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            targets, value = [statement.target], statement.value
        if not any(isinstance(t, ast.Name) and t.id == word for t in targets):
            if any(
                isinstance(n, ast.Name) and n.id == word and isinstance(n.ctx, ast.Store)
                for t in targets
                for n in ast.walk(t)
            ):
                return None  # unpacked into it
            continue
        if not _relationship_to(value, models):
            return None
        found = True
    return found


def _relationship_to(value: ast.expr | None, models: set[str]) -> bool:
    if not (isinstance(value, ast.Call) and last_name(value.func) in _RELATIONSHIPS):
        return False
    if not value.args:
        return False
    first = value.args[0]
    named = string_value(first) if not isinstance(first, ast.Name) else first.id
    return named in models


def _on_self(cls: ast.ClassDef, word: str) -> bool:
    """Whether a method of ``cls`` binds ``self.word`` (its first parameter's attribute)."""
    return any(target.attr == word for target in _self_stores(cls))


def _self_stores(cls: ast.ClassDef) -> list[ast.Attribute]:
    """The attributes the methods of ``cls`` store into on their first parameter."""
    found = []
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = [*method.args.posonlyargs, *method.args.args]
        if not params:
            continue
        me = params[0].arg
        found += [
            target
            for node in ast.walk(method)
            for target in _stores(node)
            if isinstance(target.value, ast.Name) and target.value.id == me
        ]
    return found


def _stores(node: ast.AST) -> list[ast.Attribute]:
    """The attribute targets ``node`` stores into, unpacked."""
    return [
        part
        for target in bound_by(node)
        for part in unpacked(target)
        if isinstance(part, ast.Attribute)
    ]


def _attached(tree: ast.Module, word: str) -> bool:
    """Whether code of the file attaches ``word`` to an object other than a method's own
    instance: ``obj.token = ...`` outside a method on its first parameter, or
    ``setattr(obj, "token", ...)``."""
    own = {
        id(target)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for target in _self_stores(node)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and last_name(node.func) in ("setattr", "__setattr__")
            and any(string_value(a) == word for a in node.args)
        ):
            return True
        for target in _stores(node):
            if target.attr == word and id(target) not in own:
                return True
    return False
