"""Libraries shadowed by the project's own modules.

The finder excludes the keywords of a library's calls and the keys of the dicts given to
them (:mod:`colretire.analysis.finder.library`), knowing of the project only the modules
its index read. Once every file has been analysed, this pass checks each such library name
against every module of the project: where one bears it, the call may be the project's code
(a Python 2 module imported by its bare name from beside it, ``import meta`` then
``meta.mapper(Resource, table, properties={...})``; a top-level package named like the
library), and the word is unexplained again; so is a class taken for a library's only
because no package at the top of the project holds its name, where a module named like the
library anywhere may give it (a script's directory on the path finds it first). A module that cannot give the name the call
reads on the library (``from firecrawl import FirecrawlApp`` beside a ``firecrawl.py``
that binds no ``FirecrawlApp``, nor the ``grpc`` of ``pinecone.grpc``) is not what the
import finds: importing it so would fail, and the call is the library's.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from colretire.analysis.accounting import FileResult, Handoff
from colretire.analysis.exclusive import parsed
from colretire.analysis.index import module_name
from colretire.model import Exclusion, Tier


def unshadow(
    result: FileResult,
    handoffs: Iterable[Handoff],
    modules: Mapping[str, str],
    read: Callable[[str], bytes] | None = None,
) -> FileResult:
    """``result`` with the library exclusions whose library a module of the project (by
    ``modules``, every module of the project by name, whose files ``read`` gives) may stand
    for left unexplained."""
    tops = {name.partition(".")[0] for name in modules}
    by_last: dict[str, list[str]] = {}
    for name in modules:
        by_last.setdefault(name.rpartition(".")[2], []).append(name)
    packages = {name.rpartition(".")[0] for name in modules}
    shadowed: dict[tuple[str, int, int], str] = {}
    for handoff in handoffs:
        if not handoff.library:
            continue
        head, _, rest = handoff.callee.partition(".")
        package = module_name(handoff.path).rpartition(".")[0]
        beside = f"{package}.{head}" if package else head
        # beside the file, in Python 2, a module of that name is always found first; one
        # anywhere, where its directory is on the path (a script's): asked of a name only
        # a module inside the project was taken for (``anywhere``)
        named = by_last.get(head, []) if handoff.anywhere else [beside] if beside in modules else []
        if head in tops or any(
            read is None or m in packages or not _lacks(modules, m, head, rest, read) for m in named
        ):
            shadowed[(handoff.path, handoff.line, handoff.col)] = handoff.callee
    if not shadowed:
        return result
    occurrences = []
    for occurrence in result.occurrences:
        library = shadowed.get((occurrence.path, occurrence.line, occurrence.col))
        if (
            library is not None
            and occurrence.tier is Tier.EXCLUDED
            and occurrence.reason is Exclusion.KEYWORD
        ):
            name = library.partition(".")[0]
            detail = (
                f"{occurrence.detail.partition(', a call of the library')[0]}, where {name} "
                "may be a module of the project"
            )
            occurrence = replace(occurrence, tier=Tier.UNEXPLAINED, reason=None, detail=detail)
        occurrences.append(occurrence)
    return replace(result, occurrences=tuple(occurrences))


def _lacks(
    modules: Mapping[str, str], beside: str, head: str, rest: str, read: Callable[[str], bytes]
) -> bool:
    """Whether the module ``beside`` (named ``head``, no package) cannot give ``rest``'s first name
    (``FirecrawlApp`` of ``firecrawl.FirecrawlApp``, ``grpc`` of ``pinecone.grpc.X``): a
    module, not a package, that parses, never binds that name (a definition, an assignment,
    an import, a ``global``; its own import of ``head``, an import of itself, gives it
    nothing) and binds no name out of sight (``import *``, ``globals()``, ``setattr``, a
    module ``__getattr__``, ``__path__``, ``sys.modules``, ``__dict__``, ``vars()``)."""
    name = rest.partition(".")[0]
    rel = modules[beside]
    if not name or rel.endswith("__init__.py"):
        return False
    try:
        data = read(rel)
    except OSError:
        return False
    tree = parsed(rel, data)
    if tree is None or _OUT_OF_SIGHT.search(data):
        return False
    itself = {  # an import of itself, were it found beside: it gives nothing
        id(alias)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and not node.level and node.module == head
        for alias in node.names
        if alias.name != "*"
    }
    return not any(id(node) not in itself and _binds(node, name) for node in ast.walk(tree))


def _binds(node: ast.AST, name: str) -> bool:
    if isinstance(node, ast.Name):
        return node.id == name and not isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name == name
    if isinstance(node, ast.alias):
        return node.name == "*" or (node.asname or node.name.partition(".")[0]) == name
    if isinstance(node, ast.Global | ast.Nonlocal):
        return name in node.names
    if isinstance(node, ast.MatchAs | ast.MatchStar):
        return node.name == name
    if isinstance(node, ast.ExceptHandler):
        return node.name == name
    return False


#: what binds a module's names without spelling them as a binding
_OUT_OF_SIGHT = re.compile(
    rb"\bglobals\s*\(|\bsetattr\b|__getattr__|__path__|\bsys\.modules\b|__dict__|\bvars\s*\("
)
