"""The reference scan's result as text, JSON, SARIF 2.1.0 and GitHub workflow annotations.

Pure functions from a :class:`~colretire.analysis.ScanResult` to a string: no I/O, no
clock. Paths in the scan are relative to the project root; the text and GitHub formats
show them relative to the directory the command runs in, as linters do, JSON and SARIF
keep them relative to the root (SARIF through the ``PROJECTROOT`` base URI).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from colretire import __version__
from colretire.analysis import CODES, ScanResult
from colretire.model import Confidence, Reference, ReferenceKind

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/colretire/colretire"
_RULE_NAMES = {code.code: code.kind.value for code in CODES}
_RULE_INDEX = {code.code: index for index, code in enumerate(CODES)}


def _display_path(path: str, root: Path, cwd: Path) -> str:
    """``path`` (relative to ``root``) relative to ``cwd`` when it is inside it."""
    absolute = root / path
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, cwd)).as_posix()


def _message(ref: Reference) -> str:
    return f"{ref.message} [likely]" if ref.confidence is Confidence.LIKELY else ref.message


def refs_text(result: ScanResult, root: Path, cwd: Path) -> str:
    """One ``path:line:col: CODE message`` line per reference."""
    return "".join(
        f"{_display_path(ref.path, root, cwd)}:{ref.line}:{ref.col}: {ref.code} {_message(ref)}\n"
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
    """``{"column", "files_scanned", "references": [...]}``, paths relative to the root."""
    document = {
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
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "colretire",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": _rules(),
                    }
                },
                "originalUriBaseIds": {"PROJECTROOT": {"uri": root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(ref) for ref in result.references],
                "properties": {"column": str(result.column), "filesScanned": result.files_scanned},
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def refs_github(result: ScanResult, root: Path, cwd: Path) -> str:
    """``::warning file=...,line=...,col=...,title=CODE::message`` per reference."""
    levels = {"error": "error", "warning": "warning", "note": "notice"}
    lines = []
    for ref in result.references:
        path = _escape_property(_display_path(ref.path, root, cwd))
        title = _escape_property(f"{ref.code} {_RULE_NAMES[ref.code]}")
        lines.append(
            f"::{levels[_level(ref)]} file={path},line={ref.line},col={ref.col},title={title}"
            f"::{_escape_data(_message(ref))}\n"
        )
    return "".join(lines)
