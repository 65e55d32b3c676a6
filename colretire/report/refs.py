"""The reference scan's result as text, JSON, SARIF 2.1.0 and GitHub workflow annotations.

Pure functions from a :class:`~colretire.analysis.ScanResult` to a string: no I/O, no
clock. Paths in the scan are relative to the project root; the text and GitHub formats
show them relative to the directory the command runs in, as linters do, JSON and SARIF
keep them relative to the root (SARIF through the ``PROJECTROOT`` base URI).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from colretire.analysis import CODES, ScanResult
from colretire.analysis.codes import UNEXPLAINED
from colretire.model import Confidence, Occurrence, Reference, ReferenceKind
from colretire.report.formats import display_path, github_data, github_property, sarif_log

_RULE_NAMES = {code.code: code.kind.value for code in CODES} | {UNEXPLAINED.code: "unexplained"}
_RULE_INDEX = {code.code: index for index, code in enumerate(CODES)} | {
    UNEXPLAINED.code: len(CODES)
}


def _message(ref: Reference) -> str:
    return f"{ref.message} [likely]" if ref.confidence is Confidence.LIKELY else ref.message


def _unexplained_message(occurrence: Occurrence) -> str:
    seen = f": {occurrence.detail}" if occurrence.detail else ""
    return f"could not judge {occurrence.name!r}{seen}"


def refs_text(result: ScanResult, root: Path, cwd: Path, explain: bool = False) -> str:
    """One ``path:line:col: CODE message`` line per reference and per unexplained occurrence
    (code CR900), in file order; with ``explain``, the exclusions too, with their reasons."""
    lines: list[tuple[str, int, int, str]] = [
        (ref.path, ref.line, ref.col, f"{ref.code} {_message(ref)}") for ref in result.references
    ]
    for occurrence in result.unexplained:
        text = f"{UNEXPLAINED.code} {_unexplained_message(occurrence)}"
        lines.append((occurrence.path, occurrence.line, occurrence.col, text))
    if explain:
        for occurrence in result.exclusions:
            detail = f": {occurrence.detail}" if occurrence.detail else ""
            text = f"excluded {occurrence.name!r} ({occurrence.reason}{detail})"
            lines.append((occurrence.path, occurrence.line, occurrence.col, text))
    return "".join(
        f"{display_path(path, root, cwd)}:{line}:{col}: {text}\n"
        for path, line, col, text in sorted(lines)
    )


def refs_summary(result: ScanResult) -> str:
    """The line for stderr: what was found, how surely, where; and how every other
    occurrence of the names was accounted for."""
    counted = [ref for ref in result.references if ref.counts]
    sure = Counter(ref.confidence for ref in counted)
    files = len({ref.path for ref in counted})
    migrations = sum(1 for ref in result.references if ref.kind is ReferenceKind.MIGRATION)
    unparsed = sum(1 for ref in result.references if ref.kind is ReferenceKind.PARSE_ERROR)
    unreadable = sum(1 for ref in result.references if ref.kind is ReferenceKind.UNREADABLE)
    text = (
        f"{result.column}: {len(counted)} reference(s) ({sure[Confidence.CERTAIN]} certain, "
        f"{sure[Confidence.LIKELY]} likely) in {files} of {result.files_scanned} file(s); "
        f"{len(result.unexplained)} unexplained, {len(result.exclusions)} excluded"
    )
    if migrations:
        text += f"; {migrations} in migrations"
    if unparsed:
        text += f"; {unparsed} file(s) did not parse, their references are unknown"
    if unreadable:
        text += f"; {unreadable} path(s) could not be read, their references are unknown"
    return text


def _reference_json(ref: Reference) -> dict[str, Any]:
    return {
        "path": ref.path,
        "line": ref.line,
        "col": ref.col,
        "kind": ref.kind.value,
        "confidence": ref.confidence.value,
        "code": ref.code,
        "snippet": ref.snippet,
        "message": ref.message,
        "via": ref.via,
        "schema_field": ref.schema_field,
        "end_line": ref.end_line,
    }


def _occurrence_json(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "path": occurrence.path,
        "line": occurrence.line,
        "col": occurrence.col,
        "name": occurrence.name,
        "reason": occurrence.reason.value if occurrence.reason else None,
        "detail": occurrence.detail,
        "snippet": occurrence.snippet,
    }


def refs_json(result: ScanResult, explain: bool = False) -> str:
    """``{"version", "column", "files_scanned", "references": [...], "unexplained": [...],
    "accounting": {...}}`` (and ``"exclusions"`` with ``explain``), paths relative to the
    root; ``version`` is the shape's version, as in every colretire JSON output."""
    reasons = Counter(str(o.reason) for o in result.exclusions)
    document: dict[str, Any] = {
        "version": 1,
        "column": str(result.column),
        "files_scanned": result.files_scanned,
        "references": [_reference_json(ref) for ref in result.references],
        "unexplained": [_occurrence_json(o) for o in result.unexplained],
        "accounting": {
            "occurrences": len(result.occurrences),
            "in_references": len(result.in_references),
            "unexplained": len(result.unexplained),
            "excluded": dict(sorted(reasons.items())),
        },
    }
    if explain:
        document["exclusions"] = [_occurrence_json(o) for o in result.exclusions]
        document["reference_lines"] = sorted({(o.path, o.line) for o in result.in_references})
    return json.dumps(document, indent=2) + "\n"


_ERRORS = (ReferenceKind.PARSE_ERROR, ReferenceKind.UNREADABLE)


def _level(ref: Reference) -> str:
    if ref.kind in _ERRORS:
        return "error"
    if ref.kind is ReferenceKind.MIGRATION or ref.confidence is Confidence.LIKELY:
        return "note"
    return "warning"


def _rules() -> list[dict[str, Any]]:
    rules = [
        {
            "id": code.code,
            "name": code.kind.value,
            "shortDescription": {"text": code.description},
            "defaultConfiguration": {"level": "error" if code.kind in _ERRORS else "warning"},
        }
        for code in CODES
    ]
    rules.append(
        {
            "id": UNEXPLAINED.code,
            "name": "unexplained",
            "shortDescription": {"text": UNEXPLAINED.description},
            "defaultConfiguration": {"level": "warning"},
        }
    )
    return rules


def _sarif_unexplained(occurrence: Occurrence) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": occurrence.line, "startColumn": occurrence.col}
    if occurrence.snippet:
        region["snippet"] = {"text": occurrence.snippet}
    return {
        "ruleId": UNEXPLAINED.code,
        "ruleIndex": _RULE_INDEX[UNEXPLAINED.code],
        "level": "warning",
        "message": {"text": _unexplained_message(occurrence)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": occurrence.path, "uriBaseId": "PROJECTROOT"},
                    "region": region,
                }
            }
        ],
        "properties": {"name": occurrence.name},
    }


def _sarif_result(ref: Reference) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": ref.line, "startColumn": ref.col}
    if ref.snippet:
        region["snippet"] = {"text": ref.snippet}
    properties: dict[str, Any] = {"kind": ref.kind.value, "confidence": ref.confidence.value}
    if ref.via:
        properties["via"] = ref.via
    if ref.schema_field:
        properties["schema_field"] = ref.schema_field
    return {
        "ruleId": ref.code,
        "ruleIndex": _RULE_INDEX[ref.code],
        "level": _level(ref),
        "message": {"text": _message(ref)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": ref.path, "uriBaseId": "PROJECTROOT"},
                    "region": region,
                }
            }
        ],
        "properties": properties,
    }


def refs_sarif(result: ScanResult, root: Path) -> str:
    """A SARIF 2.1.0 log with one run; ``root`` becomes the ``PROJECTROOT`` base URI."""
    return sarif_log(
        _rules(),
        [
            *(_sarif_result(ref) for ref in result.references),
            *(_sarif_unexplained(o) for o in result.unexplained),
        ],
        originalUriBaseIds={"PROJECTROOT": {"uri": root.resolve().as_uri() + "/"}},
        columnKind="unicodeCodePoints",
        properties={"column": str(result.column), "filesScanned": result.files_scanned},
    )


def refs_github(result: ScanResult, root: Path, cwd: Path) -> str:
    """``::warning file=...,line=...,col=...,title=CODE::message`` per reference."""
    levels = {"error": "error", "warning": "warning", "note": "notice"}
    lines = []
    for ref in result.references:
        path = github_property(display_path(ref.path, root, cwd))
        title = github_property(f"{ref.code} {_RULE_NAMES[ref.code]}")
        lines.append(
            f"::{levels[_level(ref)]} file={path},line={ref.line},col={ref.col},title={title}"
            f"::{github_data(_message(ref))}\n"
        )
    for occurrence in result.unexplained:
        path = github_property(display_path(occurrence.path, root, cwd))
        title = github_property(f"{UNEXPLAINED.code} unexplained")
        lines.append(
            f"::warning file={path},line={occurrence.line},col={occurrence.col},title={title}"
            f"::{github_data(_unexplained_message(occurrence))}\n"
        )
    return "".join(lines)
