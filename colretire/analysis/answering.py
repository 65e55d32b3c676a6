"""An object that has already answered a method no model has is not a row of the model.

``manager.passfile`` on an object of unknown type (``manager = driver.connection_manager(
sid)``, a parameter nobody annotated) may be the model's row or any other object with a
``passfile``. Where the function has already called a method of that same object
(``manager.export_password_env(p.id)``), unconditionally, on every path that reaches the
read, the object has that method, or the call would have raised and the read never run.
When the only classes of the project that define that method are plain classes (no base
but ``object`` and the like, no ``__getattr__``, neither a model nor a schema), none of them
a model of the column's table, a base or a subclass of one, and each of them binds the
attribute read as its own (``self.passfile = server.passfile`` in ``ServerManager.update``),
the object is an instance of one of those classes (or a library's object, which is no row
of the model either): the read is their attribute, excluded as ``other-type``.

The proof is all or nothing:

- the name holds one object throughout the function: it is bound once (a parameter never
  assigned again, or a single assignment, then not in a loop around the read), with no
  ``global`` or ``nonlocal`` of it, and the read is not in a lambda, a comprehension or a
  class body, whose names are their own;
- the call is in a statement that runs before the read's on every path: an earlier
  statement of the read's block, or of a block around it, that evaluates the call whatever
  the values (an expression statement or an assignment, not inside a conditional
  expression, the right of ``and``/``or``, a comprehension or a lambda);
- every class of the project that binds the method's name, in its body or on ``self``, is
  such a plain class; none lets code attach it to other objects (``obj.method = ...``
  outside the class, ``setattr(obj, "method", ...)``); the name is none that the
  libraries' model bases give their instances (``query``, ``dict``, ``model_dump``) and
  the models of the column's table do not bind it; a file that names it and does not parse
  may bind it anywhere, and the rule says nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import replace

from colretire.analysis.accounting import FileResult
from colretire.analysis.exclusive import binds, classes_in
from colretire.analysis.facts import last_name
from colretire.analysis.index import module_name
from colretire.analysis.source import Source
from colretire.model import Exclusion, Occurrence, Tier

#: Bases a class may have and still be plain (its instances hold only what it binds).
_PLAIN = frozenset({"object", "ABC", "Generic", "Protocol"})

#: What the model bases of SQLAlchemy, Flask-SQLAlchemy, SQLModel and Pydantic give their
#: instances: a method of one of these names does not tell a row from another object.
_MODEL_BASE_NAMES = frozenset(
    {
        "query", "query_class", "metadata", "registry", "dict", "json", "copy", "parse_obj",
        "parse_raw", "parse_file", "from_orm", "construct", "schema", "schema_json",
        "validate", "update_forward_refs", "fields", "get", "to_dict", "as_dict", "save",
        "delete", "update", "refresh", "merge",
    }
)  # fmt: skip

#: Expressions with names of their own.
_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

#: Statements that evaluate their expressions whatever the values, and then go on.
_SIMPLE = (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign)


def answered(
    result: FileResult,
    parse: Callable[[str], Source | None],
    containing: Callable[[list[str]], list[str]],
    ours: frozenset[str],
    plain_rows: Callable[[], bool] = lambda: True,
) -> FileResult:
    """``result`` with the unexplained reads on objects proven, by a method they answered,
    to be instances of plain classes that bind the attribute read: excluded as
    ``other-type``. ``parse`` gives a file's source, ``containing`` the files that contain
    any of the names as a word, ``ours`` the qualified names of the column's models, their
    bases and subclasses, ``plain_rows`` whether the models' rows have no method but their
    classes' and SQLAlchemy's (asked only when a read answered a method)."""
    asked: dict[tuple[str, int, int], list[tuple[str, int]]] = {}
    by_path: dict[str, list[Occurrence]] = {}
    for occurrence in result.occurrences:
        if occurrence.tier is Tier.UNEXPLAINED:
            by_path.setdefault(occurrence.path, []).append(occurrence)
    for path, occurrences in sorted(by_path.items()):
        source = parse(path)
        if source is None:
            continue
        reads = _reads(source)
        parents = parent_map(source.tree)
        for occurrence in occurrences:
            node = reads.get((occurrence.line, occurrence.col))
            if node is None or node.attr != occurrence.name:
                continue
            found = _witnesses(node, parents)
            if found:
                asked[(occurrence.path, occurrence.line, occurrence.col)] = found
    if not asked or not plain_rows():
        return result
    methods = sorted({m for found in asked.values() for m, _ in found})
    classes = {m: _only_plain(m, parse, containing, ours) for m in methods}
    decided: dict[tuple[str, int, int], str] = {}
    for occurrence in result.occurrences:
        where = (occurrence.path, occurrence.line, occurrence.col)
        for method, line in asked.get(where, ()):
            owners = classes[method]
            if owners and all(binds(node, occurrence.name, False) for _, node in owners):
                names = ", ".join(sorted(key.rpartition(".")[2] for key, _ in owners))
                decided[where] = (
                    f"an attribute of an object that answered {method}() on line {line}, "
                    f"a method only {names} defines, a plain class that binds "
                    f"{occurrence.name} itself and is not a model"
                )
                break
    if not decided:
        return result
    changed = tuple(
        replace(
            o,
            tier=Tier.EXCLUDED,
            reason=Exclusion.OTHER_TYPE,
            detail=decided[(o.path, o.line, o.col)],
        )
        if (o.path, o.line, o.col) in decided
        else o
        for o in result.occurrences
    )
    return replace(result, occurrences=changed)


def _reads(source: Source) -> dict[tuple[int, int], ast.Attribute]:
    """The reads ``name.attr`` of the file, by where their attribute starts."""
    found = {}
    for node in ast.walk(source.tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name)
        ):
            found[source.attr_start(node)] = node
    return found


def parent_map(tree: ast.AST) -> dict[int, ast.AST]:
    """Each node's parent, by the child's id."""
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def enclosing(
    node: ast.AST, up: dict[int, ast.AST]
) -> tuple[ast.stmt, ast.FunctionDef | ast.AsyncFunctionDef, bool] | None:
    """The statement holding ``node``, the function around it, and whether a loop lies
    between them; ``None`` where ``node`` is in a lambda's or a comprehension's own scope
    (its names may be their own), in a class body, or in no function."""
    current: ast.AST = node
    while not isinstance(current, ast.stmt):
        above = up.get(id(current))
        if above is None or isinstance(above, _SCOPES):
            return None
        current = above
    function: ast.AST | None = current
    looped = False
    while function is not None and not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(function, ast.ClassDef):
            return None
        looped = looped or isinstance(function, _LOOPS)
        function = up.get(id(function))
    if function is None:
        return None
    return current, function, looped


def _witnesses(node: ast.Attribute, parents: dict[int, ast.AST]) -> list[tuple[str, int]]:
    """The methods called on the read's object before it on every path, with their lines."""
    assert isinstance(node.value, ast.Name)
    name = node.value.id
    # the statement holding the read, and the function around it
    held = enclosing(node, parents)
    if held is None:
        return []
    current, function, looped = held
    if not bound_once(function, name):
        return []
    if looped and not is_parameter(function, name):
        return []  # bound in a loop, the name may hold another object at the call
    found: list[tuple[str, int]] = []
    statement: ast.AST = current
    while statement is not function:
        holder = parents.get(id(statement))
        if holder is None:
            return []
        for block in statement_blocks(holder):
            if any(s is statement for s in block):
                for earlier in block[: next(i for i, s in enumerate(block) if s is statement)]:
                    if isinstance(earlier, _SIMPLE):
                        found.extend(_calls_on(earlier, name))
        statement = holder
    return [(m, line) for m, line in found if m not in _MODEL_BASE_NAMES and not m.startswith("__")]


def statement_blocks(node: ast.AST) -> list[list[ast.stmt]]:
    found = []
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            found.append(block)
    if isinstance(node, ast.Try | getattr(ast, "TryStar", ast.Try)):
        found.extend(h.body for h in node.handlers)
    if isinstance(node, ast.Match):
        found.extend(c.body for c in node.cases)
    return found


def _calls_on(statement: ast.stmt, name: str) -> list[tuple[str, int]]:
    """The methods ``statement`` calls on ``name`` whatever the values."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp):
            return
        if isinstance(node, ast.GeneratorExp):
            return
        if isinstance(node, ast.IfExp):
            visit(node.test)
            return
        if isinstance(node, ast.BoolOp):
            visit(node.values[0])
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == name
        ):
            found.append((node.func.attr, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(statement)
    return found


def is_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    args = function.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    return any(a.arg == name for a in params)


def bound_once(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether ``name`` holds one object throughout ``function``: a parameter never bound
    again, or bound by one statement of the function and nothing else."""
    args = function.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    params += [a for a in (args.vararg, args.kwarg) if a is not None]
    count = sum(1 for a in params if a.arg == name)
    for node in _own_nodes(function):
        if isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
            return False
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            count += 1
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            count += node.name == name
        elif isinstance(node, ast.alias):
            count += (node.asname or node.name.partition(".")[0]) == name
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar):
            count += node.name == name
    return count == 1


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterable[ast.AST]:
    """The nodes of ``function``'s own scope (and the names of what it defines)."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            if not isinstance(node, ast.Lambda):
                stack.extend(node.decorator_list)
            continue  # its own scope: bindings there are not the function's
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            # a comprehension's own names; only a walrus in it binds the function's
            stack.extend(n for n in ast.walk(node) if isinstance(n, ast.NamedExpr))
            continue
        stack.extend(ast.iter_child_nodes(node))


def _only_plain(
    method: str,
    parse: Callable[[str], Source | None],
    containing: Callable[[list[str]], list[str]],
    ours: frozenset[str],
) -> list[tuple[str, ast.ClassDef]]:
    """The classes of the project that bind ``method``, where each is a plain class not
    among ``ours`` and no code attaches the name to other objects; else empty."""
    owners: list[tuple[str, ast.ClassDef]] = []
    for rel in containing([method]):
        source = parse(rel)
        if source is None:
            return []
        module = module_name(rel)
        named = {id(node): qualified for qualified, node in classes_in(source.tree.body, "")}
        binding = [  # a class defined in a function's body too (it has no qualified name)
            (f"{module}.{named.get(id(node), '<local>.' + node.name)}", node)
            for node in ast.walk(source.tree)
            if isinstance(node, ast.ClassDef) and binds(node, method, False)
        ]
        for key, node in binding:
            if key in ours or not _plain(node):
                return []
        if _attached(source.tree, method, [node for _, node in binding]):
            return []
        owners.extend(binding)
    return owners


def _plain(node: ast.ClassDef) -> bool:
    return (
        not node.keywords
        and all(last_name(b) in _PLAIN for b in node.bases)
        and not any(
            isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
            and s.name in ("__getattr__", "__getattribute__")
            for s in node.body
        )
    )


def _attached(tree: ast.Module, method: str, classes: list[ast.ClassDef]) -> bool:
    """Whether the file attaches ``method`` to an object other than a class's own
    instance: ``obj.method = ...`` outside the classes that bind it, or ``setattr(obj,
    "method", ...)``."""
    inside = {id(n) for cls in classes for n in ast.walk(cls)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and last_name(node.func) == "setattr":
            if any(isinstance(a, ast.Constant) and a.value == method for a in node.args):
                return True
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == method
            and not isinstance(node.ctx, ast.Load)
            and not (
                id(node) in inside and isinstance(node.value, ast.Name) and node.value.id == "self"
            )
        ):
            return True
    return False
