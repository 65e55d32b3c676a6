"""Names only the models give an attribute: what makes ``obj.name`` on an unknown object likely.

A read of the column's attribute on an object whose type the analysis cannot tell
(``revision.final_state`` where ``revision`` is a parameter nobody annotated) is, on real
code, as often another object's attribute as the model's: a schema, a manager that copies
the row, a configuration object with a field of the same name. Such reads stay unexplained.
But where no class of the project other than the models (their bases and subclasses, and the
schemas proven to mirror them, whose fields are the column's too) binds
an attribute of that name, neither in its body (``final_state = ...``, ``final_state:
str``, ``def final_state``; not a marshmallow field, which marshmallow takes out of the
class) nor on its instances (``self.final_state = ...`` in a method), and no module of the
project has a global of that name (``settings.final_state``),
the only objects of the project that carry it are the model's rows: the read is one
unresolved step, a ``likely`` reference.

Where the scan then sees an object of a library or a module carry the name (an occurrence
excluded as ``framework``: ``math.floor``, ``parsed_args.direction``), the claim is
withdrawn, and those reads are unexplained again.

The question is asked of every file that contains the name as a word, each parsed (a file
that does not parse is read through its Python 3 translation, or else searched for the same
bindings in its text); the first binding by
another class settles it. An object of a library may still have an attribute of that name:
that is the step left unresolved, and why the verdict is ``likely`` and not ``certain``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from colretire.analysis.accounting import FileResult
from colretire.analysis.facts import dotted, last_name
from colretire.analysis.index import module_name
from colretire.analysis.py2 import translate
from colretire.model import Exclusion, Tier

#: how a likely reference made by this rule ends its message
CLAIM = "; no class of the project but the model has a {name} attribute"


def exclusive_names(
    names: Iterable[str],
    files: Callable[[str], list[str]],
    read: Callable[[str], bytes],
    ours: frozenset[str],
    mapped: Mapping[str, frozenset[str]] | None = None,
) -> frozenset[str]:
    """Those of ``names`` that no class of the project outside ``ours`` (the qualified names
    of the models, their bases and subclasses) binds as an attribute; ``files`` gives the
    files that contain a name as a word, ``read`` a file's bytes. ``mapped`` gives the
    files of the project's mapped classes and the names of those classes: where one of
    them is given to a call that makes a class (``PackageRevision =
    create_object_version(mapper, Package, package_revision_table)``), that class's
    attributes are unknown, and no name is the models' alone."""
    for rel, classes in (mapped or {}).items():
        if made_from_models(read(rel), classes):
            return frozenset()
    found = set()
    for name in sorted(names):
        if not any(binds_elsewhere(rel, read(rel), name, ours) for rel in files(name)):
            found.add(name)
    return frozenset(found)


def made_from_models(data: bytes, classes: frozenset[str]) -> bool:
    """Whether a module binds a capitalised name at its top level to the result of a call
    given one of the mapped ``classes`` (a class made from a model by a library, its
    attributes unknown)."""
    tree = _tree("", data)
    if tree is None:  # cannot be read: it may make such a class
        return True
    for statement in tree.body:
        if not (
            isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Call)
            and any(isinstance(t, ast.Name) and t.id[:1].isupper() for t in statement.targets)
        ):
            continue
        call = statement.value
        given = [*call.args, *(k.value for k in call.keywords)]
        if any(last_name(arg) in classes for arg in given):
            return True
    return False


def binds_elsewhere(rel: str, data: bytes, name: str, ours: frozenset[str]) -> bool:
    """Whether a class of ``rel`` that is not one of ``ours`` binds the attribute ``name``:
    in its body, or on ``self`` in one of its methods (nested classes count, as classes of
    their own); or the module itself binds it, a global that ``module.name`` reads."""
    tree = _tree(rel, data)
    if tree is None:
        return _binds_in_text(data, name)
    module = module_name(rel)
    if _binds_global(tree, name):
        return True  # ``settings.name`` reads the module's global
    return any(
        isinstance(node, ast.ClassDef)
        and f"{module}.{node.name}" not in ours
        and _binds(node, name)
        for node in ast.walk(tree)
    )


def _binds_global(tree: ast.Module, name: str) -> bool:
    """Whether the module binds ``name`` at its top level: a variable, a function, a class
    or an import, which ``module.name`` reads wherever the module is imported."""
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound = statement.name == name
        elif isinstance(statement, ast.Assign):
            bound = any(isinstance(t, ast.Name) and t.id == name for t in statement.targets)
        elif isinstance(statement, ast.AnnAssign):
            bound = isinstance(statement.target, ast.Name) and statement.target.id == name
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            bound = any((a.asname or a.name).split(".")[0] == name for a in statement.names)
        else:
            bound = False
        if bound:
            return True
    return False


def _tree(rel: str, data: bytes) -> ast.Module | None:
    """The file parsed, or its Python 2 translation parsed, as the finder reads it."""
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError):
        translated = translate(rel, data)
        return translated.tree if translated is not None else None


def _binds(cls: ast.ClassDef, name: str) -> bool:
    for statement in cls.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            bound = statement.name == name or _binds_on_self(statement, name)
        elif isinstance(statement, ast.Assign):
            bound = any(
                isinstance(t, ast.Name) and t.id == name for t in statement.targets
            ) and not _marshmallow_field(statement.value)
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            bound = isinstance(statement.target, ast.Name) and statement.target.id == name
        else:
            bound = False
        if bound:
            return True
    return False


def _marshmallow_field(value: ast.expr) -> bool:
    """``fields.Nested(...)``, ``ma.fields.String(...)``: a marshmallow schema's declared
    field, which marshmallow takes out of the class (its objects load and dump dicts, and
    have no attribute of the field's name)."""
    if not isinstance(value, ast.Call):
        return False
    called = dotted(value.func) or ""
    return called.startswith("fields.") or ".fields." in called


def _binds_on_self(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether ``function`` assigns ``self.name`` (its first parameter's attribute)."""
    params = [*function.args.posonlyargs, *function.args.args]
    if not params:
        return False
    own = params[0].arg
    for node in ast.walk(function):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):
                if (
                    isinstance(part, ast.Attribute)
                    and part.attr == name
                    and isinstance(part.value, ast.Name)
                    and part.value.id == own
                ):
                    return True
    return False


def _binds_in_text(data: bytes, name: str) -> bool:
    """For a file that does not parse: ``self.name =``, an indented ``name =`` or
    ``name:``, or ``def name(`` anywhere in it (whose class cannot be told: any counts)."""
    word = re.escape(name.encode())
    pattern = re.compile(
        rb"\bself\." + word + rb"\s*(?:[-+*/|&]?=(?!=)|:)"
        rb"|^[ \t]+" + word + rb"\s*(?:=(?!=)|:)"
        rb"|\bdef\s+" + word + rb"\s*\(",
        re.MULTILINE,
    )
    return pattern.search(data) is not None


def withdraw(result: FileResult, names: frozenset[str]) -> tuple[FileResult, frozenset[str]]:
    """``result`` with the claim withdrawn for the names that an object of a library or a
    module was seen to carry (an occurrence excluded as ``framework``: ``math.floor``,
    ``parsed_args.direction``): the likely references that rested on it are unexplained
    again. Also returns the names still claimed."""
    seen = {o.name for o in result.occurrences if o.reason is Exclusion.FRAMEWORK}
    withdrawn = names & seen
    if not withdrawn:
        return result, names
    suffixes = {name: CLAIM.format(name=name) for name in withdrawn}
    undone = {
        (r.path, r.line, r.col): r.message.removesuffix(suffixes[name])
        for r in result.references
        for name in withdrawn
        if r.message.endswith(suffixes[name])
    }
    references = tuple(r for r in result.references if (r.path, r.line, r.col) not in undone)
    occurrences = tuple(
        replace(o, tier=Tier.UNEXPLAINED, detail=undone[(o.path, o.line, o.col)])
        if (o.path, o.line, o.col) in undone and o.tier is Tier.REFERENCE
        else o
        for o in result.occurrences
    )
    return replace(result, references=references, occurrences=occurrences), names - withdrawn
