"""The documentation says what the code does: generated parts are current, tables complete."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from colretire.analysis import CODES

ROOT = Path(__file__).resolve().parents[1]


def test_the_cli_reference_is_current() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/cli_reference.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_every_reference_code_is_documented() -> None:
    text = (ROOT / "docs" / "references.md").read_text()
    assert [c.code for c in CODES if f"| {c.code} | {c.kind.value} |" not in text] == []


def test_every_document_the_readme_links_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in [
        "lifecycle",
        "state-file",
        "cli",
        "json",
        "guard",
        "references",
        "check",
        "outage",
    ]:
        assert f"docs/{name}.md" in readme
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
