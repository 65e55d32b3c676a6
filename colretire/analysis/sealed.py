"""Schemas sealed in a module that no other code imports.

``PREBUILT_PERSONAS = [PrebuiltPersona(name="Writer", icon_color="#6FB1FF"), ...]`` in a
module of seed templates that no other file of the project names: the schema's fields (its
declarations, the keywords that build it, its attributes read there) are unexplained where
colretire cannot prove that the schema mirrors the model or that it does not. Its
instances can reach the model only through code that holds them, and here none can:

* no other scanned file spells the module's name as a word (an import of it, absolute or
  relative, a dotted path in a string for a dynamic import): no code of the project gets
  the module's values, and the module has no ``__name__`` test to run as a script;
* its top level only imports, defines classes and functions, and binds names (no call
  made for its effect);
* nothing else names what it defines: no other scanned file spells one of its top-level
  names (a loader that walks a package and takes a module's ``PRESETS`` or calls its
  ``get_presets()`` spells them), and its classes derive from no class of the project
  (a loader may collect every subclass of a base of the project in a package);
* nothing in it hands one of its own values on: no call is given, or called on, a name
  the module binds (a variable, a parameter, a loop's target) other than the module's
  functions and classes themselves, no ``*`` or ``**`` unpacks a value, no attribute or
  item of any object is set or deleted, and no ``global`` or ``nonlocal`` reaches out.

Then the schema's values stay in the module, built from its own constants and read back by
its own functions, which no code calls: a field of the column's name there is the schema's
own, ``other-type``, as the member of a class that maps no table. The claim is made of the
files scanned, as the association-table rule's is. A line that holds another occurrence of
the column's names not so excluded (a read of the column given to the schema) keeps its
verdict, and the rule leaves the line's schema words as they were.
"""

from __future__ import annotations

import ast
import re

from colretire.analysis.astnames import dotted

#: The details of the finder's occurrences that a sealed schema explains.
SCHEMA_DETAIL = re.compile(
    r"(?:a member|a keyword|an attribute) of (?P<name>\w+)(?:\(\.\.\.\))?,"
    r" a schema not proven to mirror the table"
)

#: Statements a module's top level may hold for its values to stay in it.
_TOP_LEVEL = (
    ast.Import,
    ast.ImportFrom,
    ast.ClassDef,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Assign,
    ast.AnnAssign,
)


def top_level_names(tree: ast.Module) -> set[str]:
    """The names the top of ``tree`` defines or binds (not its imports): what another
    module could take from it by name, after importing it by a path no word search sees
    (a loader walking a package)."""
    names: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names


def class_bases(tree: ast.Module) -> list[str]:
    """The dotted names of the bases of the classes ``tree`` defines at its top, but
    those classes themselves: a base of the project may be how a loader finds them
    (every subclass of ``OAuthConnector`` in a package)."""
    own = {stmt.name for stmt in tree.body if isinstance(stmt, ast.ClassDef)}
    found = []
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            for base in stmt.bases:
                name = dotted(base)
                if name is None:
                    found.append("?")  # a base computed by a call: may be anything
                elif name not in own:
                    found.append(name)
    return found


def sealed_classes(tree: ast.Module) -> frozenset[str]:
    """The classes defined at the top of ``tree`` whose instances cannot leave the module
    but through its importers (the caller checks there are none), or an empty set where
    the module may hand a value of its own on."""
    for stmt in tree.body:
        docstring = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        if not docstring and not isinstance(stmt, _TOP_LEVEL):
            return frozenset()
    defined = {
        stmt.name
        for stmt in tree.body
        if isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    }
    bound = _bound_names(tree) - defined
    for node in ast.walk(tree):
        if isinstance(node, ast.Global | ast.Nonlocal | ast.Starred | ast.Delete):
            return frozenset()
        if isinstance(node, ast.Name) and node.id == "__name__":
            return frozenset()  # run as a script: ``if __name__ == "__main__"``
        if isinstance(node, ast.Dict) and any(key is None for key in node.keys):
            return frozenset()  # ``{**value}``
        if isinstance(node, ast.Attribute | ast.Subscript) and not isinstance(node.ctx, ast.Load):
            return frozenset()  # sets an attribute or an item of some object
        if isinstance(node, ast.Call) and _hands_on(node, bound):
            return frozenset()
    return frozenset(stmt.name for stmt in tree.body if isinstance(stmt, ast.ClassDef))


def _hands_on(call: ast.Call, bound: set[str]) -> bool:
    """Whether ``call`` is given, or made on, a value the module binds: a method of it
    (``persona.model_dump()``) or the value as an argument (``save(persona)``)."""
    if any(keyword.arg is None for keyword in call.keywords):
        return True  # ``**value``
    func = call.func
    while isinstance(func, ast.Attribute | ast.Subscript):
        func = func.value
    if isinstance(func, ast.Name) and func.id in bound:
        return True
    if not isinstance(func, ast.Name | ast.Constant):
        return True  # made on what another call returned: may be one of its values
    given = [*call.args, *(keyword.value for keyword in call.keywords)]
    return any(
        isinstance(node, ast.Name) and node.id in bound for arg in given for node in ast.walk(arg)
    )


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name ``tree`` binds but by an import: variables, parameters, loops' and
    comprehensions' targets, ``with`` and ``except`` names, walrus targets."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(
            node, ast.ExceptHandler | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            names.add(node.name or "")
    return names
