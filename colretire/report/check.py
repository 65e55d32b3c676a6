"""Printing ``colretire check``'s diagnostics: text, JSON, SARIF and GitHub annotations.

Pure functions from values to strings. A diagnostic's ``path`` is relative to the project
root; printed paths are relative to the current directory (passed in as ``cwd``), as every
linter prints them. A database finding has no file: the database's name stands in its place,
and no position is printed (``workflow_tracker: CR301 ...``).

The JSON shape is stable (fields are only ever added) and documented in docs/check.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from colretire.model import Diagnostic, Severity
from colretire.report.formats import display_path, github_data, github_property, sarif_log

JSON_VERSION = 1
INFORMATION_URI = "https://github.com/colretire/colretire/blob/main/docs/check.md"


@dataclass(frozen=True)
class Where:
    """What the renderers need to place a diagnostic: the project root, the directory paths
    are printed relative to, and the name printed for database findings."""

    root: Path
    cwd: Path
    database: str = "database"


def _location(diagnostic: Diagnostic, root: Path, cwd: Path) -> str | None:
    """The printed path: relative to ``cwd`` for files, ``None`` for database findings."""
    if diagnostic.path is None:
        return None
    return display_path(diagnostic.path, root, cwd)


def _where(diagnostic: Diagnostic, where: Where) -> str:
    path = _location(diagnostic, where.root, where.cwd)
    if path is None:
        return where.database
    if diagnostic.line:
        return f"{path}:{diagnostic.line}:{diagnostic.col or 1}"
    return path


def _sorted(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.path or "", d.line, d.col, d.code, d.message))


def summary(diagnostics: Sequence[Diagnostic], database: str | None = None) -> str:
    """The one line for stderr."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    checked = (
        f" (database {database} checked)"
        if database
        else " (static checks only; add --db for the database)"
    )
    if not diagnostics:
        return f"colretire check: no findings{checked}"
    return f"colretire check: {_count(errors, 'error')}, {_count(warnings, 'warning')}{checked}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# -- text -----------------------------------------------------------------------------------


def text(diagnostics: Sequence[Diagnostic], where: Where) -> str:
    """``path:line:col: CODE message``, then ``  fix: ...`` when there is one."""
    lines = []
    for diagnostic in _sorted(diagnostics):
        tag = " [warning]" if diagnostic.severity is Severity.WARNING else ""
        lines.append(f"{_where(diagnostic, where)}: {diagnostic.code}{tag} {diagnostic.message}")
        if diagnostic.fix:
            lines.append(f"  fix: {diagnostic.fix}")
    return "".join(line + "\n" for line in lines)


# -- JSON -----------------------------------------------------------------------------------


def to_json(diagnostics: Sequence[Diagnostic], where: Where, database: str | None = None) -> str:
    ordered = _sorted(diagnostics)
    errors = sum(d.severity is Severity.ERROR for d in ordered)
    document = {
        "version": JSON_VERSION,
        "database": database,
        "summary": {"errors": errors, "warnings": len(ordered) - errors},
        "diagnostics": [_json_diagnostic(d, where) for d in ordered],
    }
    return json.dumps(document, indent=2) + "\n"


def _json_diagnostic(diagnostic: Diagnostic, where: Where) -> dict[str, Any]:
    path = _location(diagnostic, where.root, where.cwd)
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "path": path,
        "database": where.database if path is None else None,
        "line": diagnostic.line,
        "col": diagnostic.col,
        "column": str(diagnostic.column) if diagnostic.column else None,
        "fix": diagnostic.fix or None,
    }


# -- SARIF 2.1.0 ----------------------------------------------------------------------------


def sarif(diagnostics: Sequence[Diagnostic], where: Where, descriptions: Mapping[str, str]) -> str:
    """A SARIF 2.1.0 log with one run; ``descriptions`` names the rules by code."""
    ordered = _sorted(diagnostics)
    codes = sorted({d.code for d in ordered} | set(descriptions))
    return sarif_log(
        [_sarif_rule(code, descriptions.get(code, code)) for code in codes],
        [_sarif_result(d, where, codes.index(d.code)) for d in ordered],
        INFORMATION_URI,
    )


def _sarif_rule(code: str, description: str) -> dict[str, Any]:
    return {"id": code, "shortDescription": {"text": description}, "helpUri": INFORMATION_URI}


def _sarif_result(diagnostic: Diagnostic, where: Where, rule_index: int) -> dict[str, Any]:
    message = diagnostic.message + (f" (fix: {diagnostic.fix})" if diagnostic.fix else "")
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": "error" if diagnostic.severity is Severity.ERROR else "warning",
        "message": {"text": message},
    }
    path = _location(diagnostic, where.root, where.cwd)
    if path is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": path}}
        if diagnostic.line:
            physical["region"] = {"startLine": diagnostic.line, "startColumn": diagnostic.col or 1}
        result["locations"] = [{"physicalLocation": physical}]
    else:
        name = str(diagnostic.column) if diagnostic.column else where.database
        qualified = f"{where.database}/{name}" if diagnostic.column else name
        logical = {"name": name, "fullyQualifiedName": qualified, "kind": "member"}
        result["locations"] = [{"logicalLocations": [logical]}]
    return result


# -- GitHub Actions workflow commands -------------------------------------------------------


def github(diagnostics: Sequence[Diagnostic], where: Where) -> str:
    """``::error file=...,line=...,col=...,title=CODE::message``, one per diagnostic."""
    lines = []
    for diagnostic in _sorted(diagnostics):
        level = "error" if diagnostic.severity is Severity.ERROR else "warning"
        path = _location(diagnostic, where.root, where.cwd)
        properties = []
        if path is not None:
            properties.append(f"file={github_property(path)}")
            if diagnostic.line:
                properties += [f"line={diagnostic.line}", f"col={diagnostic.col or 1}"]
        properties.append(f"title={github_property(diagnostic.code)}")
        prefix = "" if path is not None else f"{where.database}: "
        message = (
            prefix + diagnostic.message + (f" (fix: {diagnostic.fix})" if diagnostic.fix else "")
        )
        lines.append(f"::{level} {','.join(properties)}::{github_data(message)}")
    return "".join(line + "\n" for line in lines)
