"""Names only the models give an attribute: what makes ``obj.name`` on an unknown object likely.

A read of the column's attribute on an object whose type the analysis cannot tell
(``revision.final_state`` where ``revision`` is a parameter nobody annotated) is, on real
code, as often another object's attribute as the model's: a schema, a manager that copies
the row, a configuration object with a field of the same name. Such reads stay unexplained.
But where no class of the project other than the models (their bases and subclasses, and the
schemas proven to mirror them, whose fields are the column's too) binds
an attribute of that name, neither in its body (``final_state = ...``, ``final_state:
str``, ``def final_state``; not a marshmallow field, which marshmallow takes out of the
class, nor a zope interface's declaration, which documents its implementers) nor on its instances (``self.final_state = ...`` in a method), and no module of the
project has a global of that name (``settings.final_state``),
the only objects of the project that carry it are the model's rows: the read is one
unresolved step, a ``likely`` reference.

Where the scan then sees an object of a library or a module carry the name (an occurrence
excluded as ``framework``: ``math.floor``, ``parsed_args.direction``), the claim is
withdrawn, and those reads are unexplained again.

The question is asked of every file that contains the name as a word, each parsed (a file
that does not parse is read through its line-keeping translation, or else searched for the same
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
from colretire.analysis.translations import translate
from colretire.model import Exclusion, Tier
from colretire.sql.mention import TABLE_NAME

#: how a likely reference made by this rule ends its message
CLAIM = "; no class of the project but the model has a {name} attribute"
#: how a likely reference to a relationship made by this rule ends its message
CLAIM_MIRRORED = (
    "; no class of the project but the models and the schemas mirroring them has a {name} attribute"
)


def exclusive_names(
    names: Iterable[str],
    files: Callable[[str], list[str]],
    read: Callable[[str], bytes],
    ours: frozenset[str],
    mapped: Mapping[str, frozenset[str]] | None = None,
    also_ours: Callable[[ast.ClassDef], bool] | None = None,
) -> frozenset[str]:
    """Those of ``names`` that no class of the project outside ``ours`` (the qualified names
    of the models, their bases and subclasses) binds as an attribute; ``files`` gives the
    files that contain a name as a word, ``read`` a file's bytes. ``mapped`` gives the
    files of the project's mapped classes and the names of those classes: where one of
    them is given to a call that makes a class (``PackageRevision =
    create_object_version(mapper, Package, package_revision_table)``), that class's
    attributes are unknown, and no name is the models' alone. A class with a base named
    for which ``also_ours`` holds (a schema spelt like the model) counts as one of ``ours``."""
    for rel, classes in (mapped or {}).items():
        if made_from_models(read(rel), classes):
            return frozenset()
    found = set()
    for name in sorted(names):
        if not any(binds_elsewhere(rel, read(rel), name, ours, also_ours) for rel in files(name)):
            found.add(name)
    return frozenset(found)


def made_from_models(data: bytes, classes: frozenset[str]) -> bool:
    """Whether a module binds a capitalised name at its top level to the result of a call
    given one of the mapped ``classes`` (a class made from a model by a library, its
    attributes unknown)."""
    tree = parsed("", data)
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


def binds_elsewhere(
    rel: str,
    data: bytes,
    name: str,
    ours: frozenset[str],
    also_ours: Callable[[ast.ClassDef], bool] | None = None,
) -> bool:
    """Whether a class of ``rel`` that is not one of ``ours`` binds the attribute ``name``:
    in its body, or on ``self`` in one of its methods (nested classes count, under their
    qualified names); or the module itself binds it, a global that ``module.name`` reads;
    or it builds an object with it (``SimpleNamespace(name=...)``, ``namedtuple(...,
    ["name"])``, ``__slots__``). A file with no text that could bind it is not parsed."""
    if not _may_bind(data, name):
        return False
    tree = parsed(rel, data)
    if tree is None:
        return True  # it may, for all a reading can tell
    if module_binds(tree, name):
        return True  # ``settings.name`` reads the module's global
    module = module_name(rel)
    marshmallow = _imports_marshmallow(tree)
    interfaces = _zope_interfaces(tree) if b"zope.interface" in data else set()
    return any(
        f"{module}.{qualified}" not in ours
        and not (also_ours is not None and also_ours(node))
        and qualified not in interfaces
        and binds(node, name, marshmallow)
        for qualified, node in classes_in(tree.body, "")
    )


def _zope_interfaces(tree: ast.Module) -> set[str]:
    """The classes of a module that are zope interfaces: every base is ``Interface``
    imported from ``zope.interface`` (``zope.interface.Interface``), or another interface
    of the module. Their ``url_host = Attribute(...)`` and method signatures document what
    the classes that implement them provide; no object is ever an instance of one, so they
    bind nothing. (A base merely named in zope's way, ``IDomain`` of another module, is not
    enough: ``io.IOBase`` is named so too.)"""
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "zope.interface"
        for alias in node.names
        if alias.name == "Interface"
    }
    module = any(
        isinstance(node, ast.Import) and any(a.name == "zope.interface" for a in node.names)
        for node in ast.walk(tree)
    )
    if not imported and not module:
        return set()
    found: set[str] = set()
    for qualified, node in classes_in(tree.body, ""):
        bases = [dotted(base) or "" for base in node.bases]
        if bases and all(
            base in imported or base == "zope.interface.Interface" or base in found
            for base in bases
        ):
            found.add(qualified)
    return found


def inherited_elsewhere(
    files: list[str], read: Callable[[str], bytes], base: str, ours: frozenset[str]
) -> bool:
    """Whether a class of ``files`` that is not one of ``ours`` names ``base`` among its
    bases (``class Project(TimestampMixin, Base)`` beside the model's own)."""
    pattern = re.compile(rb"class\s+\w+\s*\([^)]*\b" + re.escape(base.encode()) + rb"\b")
    for rel in files:
        data = read(rel)
        if not pattern.search(data):
            continue
        tree = parsed(rel, data)
        if tree is None:
            return True
        module = module_name(rel)
        for qualified, node in classes_in(tree.body, ""):
            if f"{module}.{qualified}" not in ours and any(
                last_name(b) == base for b in node.bases
            ):
                return True
    return False


def _may_bind(data: bytes, name: str) -> bool:
    """Whether the text of a file could bind ``name`` at all: ``name =`` or ``name:`` at
    the start of a line, ``.name =``, ``def name``, an import of it, or a string of it
    beside ``namedtuple``, ``SimpleNamespace`` or ``__slots__``."""
    word = re.escape(name.encode())
    pattern = re.compile(
        rb"\." + word + rb"\s*(?:[-+*/|&]?=(?!=)|:)"
        rb"|^[ \t]*" + word + rb"\s*(?:[-+*/|&]?=(?!=)|:)"
        rb"|\bdef\s+" + word + rb"\b"
        rb"|\bimport\b[^\n]*\b" + word + rb"\b"
        rb"|^[ \t]*" + word + rb"\s*,"
        rb"|\b(?:namedtuple|NamedTuple|SimpleNamespace|__slots__)\b",
        re.MULTILINE,
    )
    return pattern.search(data) is not None


def classes_in(body: list[ast.stmt], prefix: str) -> list[tuple[str, ast.ClassDef]]:
    """The classes of a body (and of the blocks and classes in it), by qualified name."""
    found: list[tuple[str, ast.ClassDef]] = []
    for statement in _statements(body):
        if isinstance(statement, ast.ClassDef):
            qualified = prefix + statement.name
            found.append((qualified, statement))
            found.extend(classes_in(statement.body, qualified + "."))
    return found


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a body, those inside its ``if``, ``try`` and ``with`` blocks too."""
    found: list[ast.stmt] = []
    for statement in body:
        found.append(statement)
        if isinstance(statement, ast.If | ast.For | ast.While):
            found.extend(_statements([*statement.body, *statement.orelse]))
        elif isinstance(statement, ast.With | ast.AsyncWith):
            found.extend(_statements(statement.body))
        elif isinstance(statement, ast.Try):
            blocks = [*statement.body, *statement.orelse, *statement.finalbody]
            for handler in statement.handlers:
                blocks.extend(handler.body)
            found.extend(_statements(blocks))
    return found


def module_binds(tree: ast.Module, name: str) -> bool:
    """Whether a module binds ``name`` as a global (:func:`_binds_global`) or builds an
    object with it (:func:`_builds_with`)."""
    return _binds_global(tree.body, name) or _builds_with(tree, name)


def _builds_with(tree: ast.Module, name: str) -> bool:
    """``SimpleNamespace(name=...)``, ``namedtuple("T", ["id", "name"])`` or ``"id
    name"``, ``NamedTuple("T", [("name", int)])``, ``__slots__ = ("name",)``: objects with
    an attribute ``name`` that no class body spells."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = last_name(node.func)
            if called == "SimpleNamespace" and any(k.arg == name for k in node.keywords):
                return True
            if called in ("namedtuple", "NamedTuple") and _names_string(node.args[1:], name):
                return True
        elif (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets)
            and _names_string([node.value], name)
        ):
            return True
    return False


def _names_string(nodes: list[ast.expr], name: str) -> bool:
    for node in nodes:
        for part in ast.walk(node):
            text = part.value if isinstance(part, ast.Constant) else None
            if isinstance(text, str) and name in text.replace(",", " ").split():
                return True
    return False


def _imports_marshmallow(tree: ast.Module) -> bool:
    """Whether the module imports marshmallow (or flask-marshmallow): only then is
    ``fields.String()`` in a class body a marshmallow field (WTForms has ``fields`` too,
    and a form's objects carry their fields)."""
    packages = ("marshmallow", "flask_marshmallow", "marshmallow_jsonapi")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            continue
        if any(m.split(".")[0] in packages for m in modules):
            return True
    return False


def _binds_global(body: list[ast.stmt], name: str) -> bool:
    """Whether the module binds ``name`` at its top level (in its ``if`` and ``try`` blocks
    too): a variable, a function, a class or an import, which ``module.name`` reads
    wherever the module is imported; or it defines a module ``__getattr__``."""
    for statement in _statements(body):
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound = statement.name in (name, "__getattr__")
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


def parsed(rel: str, data: bytes) -> ast.Module | None:
    """The file parsed, or its line-keeping translation parsed, as the finder reads it."""
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError):
        translated = translate(rel, data)
        return translated.tree if translated is not None else None
    except (RecursionError, MemoryError):  # too deep for the parser: read as unknown
        return None


def binds(cls: ast.ClassDef, name: str, marshmallow: bool) -> bool:
    for statement in _statements(cls.body):
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            bound = statement.name == name or binds_on_self(statement, name)
        elif isinstance(statement, ast.Assign):
            bound = any(
                isinstance(t, ast.Name) and t.id == name for t in statement.targets
            ) and not (marshmallow and _marshmallow_field(statement.value))
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


def binds_on_self(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
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


def withdraw(result: FileResult, names: frozenset[str]) -> tuple[FileResult, frozenset[str]]:
    """``result`` with the claim withdrawn for the names that an object of a library or a
    module was seen to carry (an occurrence excluded as ``framework``: ``math.floor``,
    ``parsed_args.direction``), or a row or Table of another table (``other-table``: a
    Core table's column, which no class body spells): the likely references that rested
    on it are unexplained again. A table's name (``Table("resource_group", ...)``, a
    ``__tablename__``, ``FROM resource_group`` in SQL, also ``other-table``) is carried by
    no object and withdraws nothing. Also returns the names still claimed."""
    seen = {
        o.name
        for o in result.occurrences
        if o.reason in (Exclusion.FRAMEWORK, Exclusion.OTHER_TABLE)
        and not o.detail.startswith(TABLE_NAME)
    }
    withdrawn = names & seen
    if not withdrawn:
        return result, names
    undone = {
        (r.path, r.line, r.col): r.message.removesuffix(suffix)
        for r in result.references
        for name in withdrawn
        for suffix in (CLAIM.format(name=name), CLAIM_MIRRORED.format(name=name))
        if r.message.endswith(suffix)
    }
    references = tuple(r for r in result.references if (r.path, r.line, r.col) not in undone)
    occurrences = tuple(
        replace(o, tier=Tier.UNEXPLAINED, detail=undone[(o.path, o.line, o.col)])
        if (o.path, o.line, o.col) in undone and o.tier is Tier.REFERENCE
        else o
        for o in result.occurrences
    )
    return replace(result, references=references, occurrences=occurrences), names - withdrawn
