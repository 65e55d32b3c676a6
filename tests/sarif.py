"""Validation of colretire's SARIF logs against the complete SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())


def sarif_errors(log: Any) -> list[str]:
    """Every way ``log`` breaks the schema, as "path: message" lines (empty when valid)."""
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator = validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(log)
    ]
