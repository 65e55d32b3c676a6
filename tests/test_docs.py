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


def test_every_exclusion_reason_and_the_unexplained_code_are_documented() -> None:
    from colretire.analysis.codes import UNEXPLAINED
    from colretire.model import Exclusion

    text = (ROOT / "docs" / "references.md").read_text()
    assert [r.value for r in Exclusion if f"| `{r.value}` |" not in text] == []
    assert f"(code **{UNEXPLAINED.code}**)" in text


def test_the_gate_is_described_where_the_docs_link_it() -> None:
    lifecycle = (ROOT / "docs" / "lifecycle.md").read_text()
    assert "## The gate: unexplained occurrences" in lifecycle
    assert "--accept-unexplained --reason" in lifecycle
    for name in ["references", "state-file", "check"]:
        text = (ROOT / "docs" / f"{name}.md").read_text()
        assert "lifecycle.md#the-gate-unexplained-occurrences" in text, name


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
        "trust",
    ]:
        assert f"docs/{name}.md" in readme
        assert (ROOT / "docs" / f"{name}.md").is_file(), name


def test_no_document_holds_the_markers_of_an_unfinished_merge() -> None:
    """A merge left half done shows both sides of a table row to the reader."""
    markers = ("<<<<<<< ", ">>>>>>> ")
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert [
        f"{path.name}:{number}"
        for path in documents
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.startswith(markers) or line == "======="
    ] == []
