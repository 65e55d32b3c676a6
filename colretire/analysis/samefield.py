"""Reads of the field whose value a function writes into the column.

``def store_labels(self, labels: protocol.TextLabels): ... if labels.has_post: self.check
(labels.post_id); model.post_id = labels.post_id``: the write ``model.post_id`` is a certain
reference; ``labels`` is an object of a class the analysis cannot read (a request schema of
a package outside the scan), so its reads of ``post_id`` are unexplained. Yet the function
copies that very field into the column: ``labels.post_id`` is, in this function, the
column's value on its way in, and its other reads (a check that the value is valid for the
column) go with the field. Each such read is a ``likely`` reference (the object's class, and
so whether its field goes when the column goes, is not proven).

Only where the value is the field itself: the statement is ``<target>.<name> = <param>.
<name>`` with the same name, the target's word is a certain reference of the column; the
object is a parameter of the function, never bound again in it (nor in a nested scope,
nor declared ``global`` or ``nonlocal``), and no statement of the function writes its field
(``labels.post_id = ...``). Only the reads in the function's own body are taken, and only
words left unexplained: anything already judged stays as it was.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Mapping

from colretire.analysis.accounting import FileResult
from colretire.analysis.handon import Follower
from colretire.analysis.spreads import promote
from colretire.model import Confidence, ReferenceKind, Tier

Def = ast.FunctionDef | ast.AsyncFunctionDef
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def follow_copied_fields(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
) -> FileResult:
    """``result`` with the unexplained reads of a field that the same function copies
    into the column made ``likely`` references."""
    wanted = frozenset(names)
    pending: dict[str, set[tuple[int, int]]] = {}
    for occurrence in result.occurrences:
        if occurrence.tier is Tier.UNEXPLAINED and occurrence.name in wanted:
            pending.setdefault(occurrence.path, set()).add((occurrence.line, occurrence.col))
    certain: dict[str, set[tuple[int, int]]] = {}
    for reference in result.references:
        if reference.confidence is Confidence.CERTAIN and reference.path in pending:
            certain.setdefault(reference.path, set()).add((reference.line, reference.col))
    if not certain:
        return result
    follower = Follower(read, modules, {}, wanted)
    found: dict[tuple[str, int, int], str] = {}
    for path, writes in sorted(certain.items()):
        module = follower.module(path)
        if module is None:
            continue
        for function in _functions(module.source.tree):
            for (line, col), why in copied_reads(function, wanted, writes):
                if (line, col) in pending[path]:
                    found[(path, line, col)] = why
    return promote(
        result,
        follower,
        found,
        ReferenceKind.INSTANCE_ATTRIBUTE,
        Confidence.LIKELY,
        named=False,
        unexplained_only=True,
    )


def copied_reads(
    function: Def, names: frozenset[str], writes: set[tuple[int, int]]
) -> Iterator[tuple[tuple[int, int], str]]:
    """The positions (line, 1-based column of the name) of the reads ``<param>.<name>`` in
    ``function`` whose field the function copies into the column (a write at one of
    ``writes``), with why."""
    parameters = {
        a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
    }
    own = list(_own_nodes(function))
    copied: dict[tuple[str, str], int] = {}
    copying: set[int] = set()  # the reads the copies themselves make: they go with the write
    for node in own:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(value, ast.Attribute)
            and target.attr == value.attr
            and target.attr in names
            and isinstance(value.value, ast.Name)
            and value.value.id in parameters
            and _word(target) in writes
        ):
            continue
        copied.setdefault((value.value.id, value.attr), node.lineno)
        copying.add(id(value))
    for (holder, name), line in sorted(copied.items()):
        if _rebound(function, holder, name):
            continue
        why = f"reads {holder}.{name}, the field that line {line} copies into the column"
        for node in own:
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Load)
                and node.attr == name
                and isinstance(node.value, ast.Name)
                and node.value.id == holder
                and id(node) not in copying
            ):
                yield _word(node), why


def _word(node: ast.Attribute) -> tuple[int, int]:
    """Where the attribute's name is: its line and 1-based column."""
    end = node.end_col_offset or 0
    return node.end_lineno or node.lineno, end - len(node.attr) + 1


def _rebound(function: Def, holder: str, name: str) -> bool:
    """Whether ``function`` binds ``holder`` again anywhere (a nested scope too) or writes
    or deletes its field ``name``."""
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id == holder and not isinstance(node.ctx, ast.Load):
            return True
        if (
            isinstance(node, ast.arg)
            and node.arg == holder
            and not any(node is a for a in _own_arguments(function))
        ):
            return True  # a nested function's own parameter of that name
        if isinstance(node, ast.Global | ast.Nonlocal) and holder in node.names:
            return True
        if (
            isinstance(node, ast.Attribute)
            and node.attr == name
            and not isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name)
            and node.value.id == holder
        ):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("setattr", "delattr")
        ):
            return True  # an attribute set by name: which one is not read here
    return False


def _own_arguments(function: Def) -> list[ast.arg]:
    args = function.args
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def _own_nodes(function: Def) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, nested scopes given but not entered."""
    pending: list[ast.AST] = [*function.body]
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, _SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def _functions(tree: ast.Module) -> Iterator[Def]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node
