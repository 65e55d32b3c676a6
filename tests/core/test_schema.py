"""state/columns.schema.json describes exactly what colretire writes and accepts."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomlkit

from colretire import statefile
from tests.core.test_statefile import ACCEPTED, BROKEN_ACCEPTANCES, GOOD

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "state" / "columns.schema.json").read_text())


def as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def validate(text: str) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    validator.validate(as_json(tomlkit.parse(text).unwrap()))


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_what_colretire_writes_validates() -> None:
    validate(GOOD)
    validate(ACCEPTED)


def test_the_demo_state_file_validates_and_loads() -> None:
    text = (ROOT / "state" / "demo-columns.toml").read_text()
    validate(text)
    assert statefile.loads(text).columns


@pytest.mark.parametrize(
    "broken",
    [
        GOOD.replace('stage = "deprecated"\nreason', 'stage = "retired"\nreason'),
        GOOD.replace("version = 1", "version = 2"),
        GOOD.replace('note = "replaced', 'notes = "replaced'),
        *(text for _, text, _ in BROKEN_ACCEPTANCES),
    ],
)
def test_the_schema_rejects_what_colretire_refuses(broken: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    with pytest.raises(statefile.MalformedStateFile):
        statefile.loads(broken)
