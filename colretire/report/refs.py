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
from colretire.model import Confidence, Reference, ReferenceKind
from colretire.report.formats import display_path, github_data, github_property, sarif_log

_RULE_NAMES = {code.code: code.kind.value for code in CODES}
_RULE_INDEX = {code.code: index for index, code in enumerate(CODES)}


def _message(ref: Reference) -> str:
    return f"{ref.message} [likely]" if ref.confidence is Confidence.LIKELY else ref.message


def refs_text(result: ScanResult, root: Path, cwd: Path) -> str:
    """One ``path:line:col: CODE message`` line per reference."""
    return "".join(
        f"{display_path(ref.path, root, cwd)}:{ref.line}:{ref.col}: {ref.code} {_message(ref)}\n"
        for ref in result.references
    )


def refs_summary(result: ScanResult) -> str:
    """The line for stderr: what was found, how surely, where."""
    counted = [ref for ref in result.references if ref.counts]
    sure = Counter(ref.confidence for ref in counted)
    files = len({ref.path for ref in counted})
    migrations = sum(1 for ref in result.references if ref.kind is ReferenceKind.MIGRATION)
    unparsed = sum(1 for ref in result.references if ref.kind is ReferenceKind.PARSE_ERROR)
    text = (
        f"{result.column}: {len(counted)} reference(s) ({sure[Confidence.CERTAIN]} certain, "
        f"{sure[Confidence.LIKELY]} likely) in {files} of {result.files_scanned} file(s)"
    )
    if migrations:
        text += f"; {migrations} in migrations"
    if unparsed:
        text += f"; {unparsed} file(s) did not parse, their references are unknown"
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
    }


def refs_json(result: ScanResult) -> str:
    """``{"version", "column", "files_scanned", "references": [...]}``, paths relative to
    the root; ``version`` is the shape's version, as in every colretire JSON output."""
    document = {
        "version": 1,
        "column": str(result.column),
        "files_scanned": result.files_scanned,
        "references": [_reference_json(ref) for ref in result.references],
    }
    return json.dumps(document, indent=2) + "\n"


def _level(ref: Reference) -> str:
    if ref.kind is ReferenceKind.PARSE_ERROR:
        return "error"
    if ref.kind is ReferenceKind.MIGRATION or ref.confidence is Confidence.LIKELY:
        return "note"
    return "warning"


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": code.code,
            "name": code.kind.value,
            "shortDescription": {"text": code.description},
            "defaultConfiguration": {
                "level": "error" if code.kind is ReferenceKind.PARSE_ERROR else "warning"
            },
        }
        for code in CODES
    ]


def _sarif_result(ref: Reference) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": ref.line, "startColumn": ref.col}
    if ref.snippet:
        region["snippet"] = {"text": ref.snippet}
    properties: dict[str, Any] = {"kind": ref.kind.value, "confidence": ref.confidence.value}
    if ref.via:
        properties["via"] = ref.via
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
        [_sarif_result(ref) for ref in result.references],
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
    return "".join(lines)
