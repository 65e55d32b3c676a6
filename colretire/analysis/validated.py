"""Keys written into a dict that is validated against a record of the column's model.

The finder leaves ``activity_dict["revision_id"] = ...`` unexplained where the function
then hands the dict, in one call, together with what a function of the project returns
(``validate(activity_dict, schema, context)``, ``schema = context.get("schema") or
default_create_activity_schema()``; see :mod:`~colretire.analysis.finder.validating`).
Once every file has been analysed, this pass reads that function: where its one ``return``
gives a dict literal (or a local bound once to one and touched nowhere else) that holds the
same key and is a record of the column's model (:mod:`~colretire.analysis.records`), the
key written is that field of the record, a ``likely`` reference.

A function that cannot be found, returns anything else, or whose dict lacks the key or is
no record of the model leaves the key unexplained, as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from colretire.analysis import records
from colretire.analysis.accounting import FileResult, Handoff
from colretire.analysis.handon import Follower
from colretire.analysis.spreads import promote
from colretire.model import Confidence, ReferenceKind, Tier


def follow_validated(
    result: FileResult,
    handoffs: Iterable[Handoff],
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    fields: tuple[frozenset[str], list[frozenset[str]]],
    model: str,
) -> FileResult:
    """``result`` with the keys of the ``validated`` handoffs whose schema function returns
    a record of the model (``fields``: the model's fields and every other mapped class's)
    made likely references."""
    wanted = [h for h in handoffs if h.validated]
    if not wanted:
        return result
    occurrences = {(o.path, o.line, o.col): o for o in result.occurrences}
    tiers = {where: (o.tier, o.reason) for where, o in occurrences.items()}
    follower = Follower(read, modules, tiers, names)
    known = frozenset(names)
    ours, others = fields
    proven: dict[tuple[str, int, int], str] = {}
    for handoff in wanted:
        where = (handoff.path, handoff.line, handoff.col)
        occurrence = occurrences.get(where)
        if occurrence is None or occurrence.tier is not Tier.UNEXPLAINED:
            continue
        found = follower.function(handoff.callee)
        if found is None:
            continue
        keys = records.returned_dict(found[1])
        if keys is None or occurrence.name not in keys:
            continue
        fit = records.record_fit(keys, ours, known, others)
        if fit is None:
            continue
        shown = handoff.callee.rpartition(".")[2]
        proven[where] = (
            f"names a key of a dict validated against {shown}(), a record of "
            f"{model.rpartition('.')[2] or 'the model'} ({fit.fitting} of its {fit.keys} keys are its fields)"
        )
    return promote(result, follower, proven, ReferenceKind.STRING, Confidence.LIKELY)
