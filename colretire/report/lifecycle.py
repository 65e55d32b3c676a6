"""Printing, apart from deciding: the lifecycle views (``status``, ``checklist``, outcomes)
rendered as text, JSON and Markdown. Pure functions from values to strings.

The JSON shapes are documented in docs/json.md and stable: fields are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from colretire.model import Acceptance, ColumnRecord, HistoryEntry, Release, Stage, State
from colretire.workflow import Outcome, StatusRow

JSON_VERSION = 1


def _day(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d}"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _refs(row: StatusRow) -> str:
    return "-" if row.references is None else str(row.references)


def _unexplained(row: StatusRow) -> str:
    """The unexplained count; past ``deprecated``, how many of them are new (not accepted)."""
    if row.unexplained is None:
        return "-"
    new = _new(row)
    return f"{row.unexplained} ({new} new)" if new else str(row.unexplained)


def _new(row: StatusRow) -> int:
    """Unexplained occurrences that appeared after the column became unreferenced."""
    return (row.unaccepted or 0) if row.record.stage is not Stage.DEPRECATED else 0


# -- status ---------------------------------------------------------------------------------


def status_text(rows: Sequence[StatusRow]) -> str:
    if not rows:
        return "no columns are being retired; start with: colretire deprecate TABLE.COLUMN\n"
    header = ("COLUMN", "STAGE", "SINCE", "REFS", "UNEXPLAINED", "NEXT")
    table = [header] + [
        (
            str(r.record.column),
            r.record.stage.value + (" (regressed)" if r.record.regressed else ""),
            _day(r.record.since),
            _refs(r),
            _unexplained(r),
            r.next_action,
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(5)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line[:5], widths, strict=True))
        + "  "
        + line[5]
        + "\n"
        for line in table
    )


def status_json(state: State, rows: Sequence[StatusRow]) -> str:
    document = {
        "version": JSON_VERSION,
        "columns": [_row_json(r) for r in rows],
        "releases": [_release_json(r) for r in state.releases],
    }
    return json.dumps(document, indent=2) + "\n"


def _row_json(row: StatusRow) -> dict[str, Any]:
    record = row.record
    definition = record.definition
    return {
        "column": str(record.column),
        "table": record.column.table,
        "name": record.column.column,
        "stage": record.stage.value,
        "since": _iso(record.since),
        "reason": record.reason,
        "replacement": str(record.replacement) if record.replacement else None,
        "references": row.references,
        "unexplained": row.unexplained,
        "unaccepted": row.unaccepted,
        "regressed": record.regressed,
        "next_action": row.next_action,
        "definition": None
        if definition is None
        else {
            "type": definition.type,
            "nullable": definition.nullable,
            "default": definition.default,
            "server_default": definition.server_default,
        },
        "history": [_entry_json(e) for e in record.history],
    }


def _entry_json(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "stage": entry.stage.value,
        "previous": entry.previous.value if entry.previous else None,
        "at": _iso(entry.stamp.at),
        "by": entry.stamp.by,
        "commit": entry.stamp.commit,
        "release": entry.stamp.release,
        "evidence": entry.evidence,
        "note": entry.note,
        "override": entry.override,
        "revision": entry.revision,
        "acceptance": _acceptance_json(entry.acceptance),
    }


def _acceptance_json(acceptance: Acceptance | None) -> dict[str, Any] | None:
    if acceptance is None:
        return None
    return {
        "reason": acceptance.reason,
        "occurrences": [
            {"path": o.path, "line": o.line, "text": o.text} for o in acceptance.occurrences
        ],
    }


def _release_json(release: Release) -> dict[str, Any]:
    return {"version": release.version, "at": _iso(release.at), "commit": release.commit}


def status_markdown(rows: Sequence[StatusRow]) -> str:
    lines = [
        "| Column | Stage | Since | References | Unexplained | Next |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| `{r.record.column}` | {r.record.stage.value} | {_day(r.record.since)} | {_refs(r)} "
        f"| {_unexplained(r)} | {r.next_action} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


# -- checklist ------------------------------------------------------------------------------

#: Checklist sections in the order a release manager works through them.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("ready", "Ready: write the drop migration"),
    ("blocked", "Blocked: code still uses these columns"),
    ("review", "To judge: no references left, but occurrences the analysis could not decide"),
    ("clean", "Code is clean: advance to unreferenced"),
    ("waiting", "Waiting: this release is the one they wait for"),
    ("dropped", "Done: dropped"),
)


def _section(row: StatusRow) -> str | None:
    stage = row.record.stage
    if row.blocked:
        return "blocked"
    if stage is Stage.WAITED:
        return "ready"
    if stage is Stage.DEPRECATED and row.references == 0 and row.unaccepted:
        return "review"
    if stage is Stage.DEPRECATED:
        return "clean" if row.references == 0 else "blocked"
    if stage is Stage.UNREFERENCED:
        return "waiting"
    if stage is Stage.DROPPED:
        return "dropped"
    return None


def _item(row: StatusRow) -> str:
    record = row.record
    refs = "" if row.references is None else f", {row.references} reference(s)"
    if row.unexplained:  # the references are always shown, a zero here would only be noise
        refs += f", {row.unexplained} unexplained" + (f" ({_new(row)} new)" if _new(row) else "")
    tick = "x" if record.stage is Stage.DROPPED else " "
    return f"- [{tick}] `{record.column}` ({record.stage.value}{refs}): {row.next_action}"


def checklist_markdown(rows: Sequence[StatusRow], release: str | None) -> str:
    title = f"## Column retirement checklist{f' for {release}' if release else ''}"
    lines = [title, ""]
    for key, heading in SECTIONS:
        items = [_item(r) for r in rows if _section(r) == key]
        if items:
            lines += [f"### {heading}", "", *items, ""]
    if len(lines) == 2:
        lines += ["No columns are being retired.", ""]
    lines.append("Generated by `colretire checklist`; the lifecycle is in docs/lifecycle.md.")
    return "\n".join(lines) + "\n"


def checklist_json(rows: Sequence[StatusRow], release: str | None) -> str:
    document = {
        "version": JSON_VERSION,
        "release": release,
        "items": [
            {
                "column": str(r.record.column),
                "stage": r.record.stage.value,
                "section": _section(r),
                "references": r.references,
                "unexplained": r.unexplained,
                "unaccepted": r.unaccepted,
                "blocked": r.blocked,
                "action": r.next_action,
            }
            for r in rows
            if _section(r) is not None
        ],
    }
    return json.dumps(document, indent=2) + "\n"


# -- single-record commands -----------------------------------------------------------------


def record_text(record: ColumnRecord, verb: str) -> str:
    entry = record.history[-1]
    where = f" at {entry.stamp.commit[:12]}" if entry.stamp.commit else ""
    return f"{verb} {record.column}: stage '{record.stage}'{where}\n"


def record_json(record: ColumnRecord, next_action: str) -> str:
    """One element of ``status``'s ``columns``, with the shape's ``version``."""
    row = _row_json(StatusRow(record, None, next_action))
    return json.dumps({"version": JSON_VERSION, **row}, indent=2) + "\n"


def outcomes_text(outcomes: Sequence[Outcome]) -> str:
    if not outcomes:
        return "no columns to advance\n"
    return "".join(f"{o.column}: {o.message}\n" for o in outcomes)


def outcomes_json(outcomes: Sequence[Outcome], release: Release | None = None) -> str:
    """``advance``'s and ``release``'s outcomes; ``release`` is the one ``release`` recorded."""
    document: dict[str, Any] = {
        "version": JSON_VERSION,
        **({"release": _release_json(release)} if release else {}),
        "outcomes": [
            {
                "column": str(o.column),
                "before": o.before.value if o.before else None,
                "after": o.after.value if o.after else None,
                "moved": o.moved,
                "refused": o.refused,
                "message": o.message,
            }
            for o in outcomes
        ],
    }
    return json.dumps(document, indent=2) + "\n"
