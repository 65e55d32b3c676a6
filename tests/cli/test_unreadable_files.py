"""advance certifies no scan that could not read a file: when the last use of a column sits
in a file the scan cannot read, the column is not unreferenced, and the command says which
file."""

from __future__ import annotations

from pathlib import Path

import pytest

from colretire import statefile
from colretire.model import Stage
from tests.cli.conftest import MODELS, Run, git

COLUMN = "tasks.expected_completion_time"


def test_advance_refuses_a_scan_that_could_not_read_a_file(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)  # refs prints paths relative to it
    run("deprecate", COLUMN, "--reason", "replaced")
    # The model no longer maps the column; its last use is in a file nobody can read (a
    # symbolic link whose target moved away).
    models = project / "app" / "models.py"
    models.write_text(MODELS.replace("    expected_completion_time:", "    # was:"))
    (project / "app" / "uses.py").unlink()
    (project / "app" / "uses.py").symlink_to("../vendor/uses.py")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "drop the model attribute")
    result = run("advance", COLUMN)
    assert result.exit_code == 1
    assert result.output == (
        f"{COLUMN}: stays 'deprecated': the scan could not read app/uses.py, so the "
        "references in them are unknown; make them readable, or exclude them in "
        f"[tool.colretire] (colretire refs {COLUMN} says why each could not be read), and "
        "advance again\n"
    )
    state = statefile.read(project / "state" / "columns.toml")
    assert state.columns[COLUMN].stage is Stage.DEPRECATED
    refs = run("refs", COLUMN)
    assert refs.output.startswith(
        "app/uses.py:1:1: CR002 cannot be read (a symbolic link to nothing); its references "
        "are unknown\n"
    )
    assert "1 path(s) could not be read, their references are unknown" in refs.output
    # Readable again, the same scan certifies it.
    (project / "app" / "uses.py").unlink()
    git(project, "commit", "-qam", "remove the last use")
    assert run("advance", COLUMN).exit_code == 0
    state = statefile.read(project / "state" / "columns.toml")
    assert state.columns[COLUMN].stage is Stage.UNREFERENCED
