"""Libraries shadowed by the project's own modules.

The finder excludes the keywords of a library's calls and the keys of the dicts given to
them (:mod:`colretire.analysis.finder.library`), knowing of the project only the modules
its index read. Once every file has been analysed, this pass checks each such library name
against every module of the project: where one bears it, the call may be the project's code
(a Python 2 module imported by its bare name from beside it, ``import meta`` then
``meta.mapper(Resource, table, properties={...})``; a top-level package named like the
library), and the word is unexplained again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from colretire.analysis.accounting import FileResult, Handoff
from colretire.analysis.index import module_name
from colretire.model import Exclusion, Tier


def unshadow(
    result: FileResult, handoffs: Iterable[Handoff], modules: Mapping[str, str]
) -> FileResult:
    """``result`` with the library exclusions whose library a module of the project (by
    ``modules``, every module of the project by name) may stand for left unexplained."""
    tops = {name.partition(".")[0] for name in modules}
    shadowed: dict[tuple[str, int, int], str] = {}
    for handoff in handoffs:
        if not handoff.library:
            continue
        head = handoff.callee.partition(".")[0]
        package = module_name(handoff.path).rpartition(".")[0]
        beside = f"{package}.{head}" if package else head
        if head in tops or beside in modules:
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
