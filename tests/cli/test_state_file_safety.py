"""Commands at once lose nothing; a broken state file stops every command and survives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from colretire import statefile
from tests.cli.conftest import Run

WIDE_MODEL = 'from sqlalchemy import Column, Integer, MetaData, Table\n\nmetadata = MetaData()\n\nwide = Table(\n    "wide",\n    metadata,\n    Column("id", Integer, primary_key=True),\n{columns})\n'


def test_fifty_concurrent_deprecations_leave_fifty_records(project: Path) -> None:
    columns = "".join(f'    Column("c{n:02}", Integer, nullable=True),\n' for n in range(50))
    (project / "app" / "wide.py").write_text(WIDE_MODEL.format(columns=columns))
    colretire = [sys.executable, "-m", "colretire", "-C", str(project)]
    processes = [
        subprocess.Popen(
            [*colretire, "deprecate", f"wide.c{n:02}", "--reason", f"r{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(50)
    ]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in processes]
    assert [code for code, _ in results] == [0] * 50, [err for code, err in results if code]
    state = statefile.read(project / "state" / "columns.toml")
    assert sorted(state.columns) == [f"wide.c{n:02}" for n in range(50)]
    assert {state.columns[f"wide.c{n:02}"].reason for n in range(50)} == {
        f"r{n}" for n in range(50)
    }


BROKEN = {
    "truncated": lambda text: text[: len(text) // 2],
    "malformed": lambda text: text.replace(
        'stage = "deprecated"\nreason', "stage = deprecated\nreason"
    ),
    "schema-violating": lambda text: text.replace(
        'stage = "deprecated"\nreason', 'stage = "gone"\nreason'
    ),
}


@pytest.mark.parametrize("damage", sorted(BROKEN))
@pytest.mark.parametrize(
    "command",
    [("status", "--no-scan"), ("deprecate", "tasks.status"), ("advance",), ("release", "2.0")],
)
def test_a_broken_state_file_gives_exit_2_with_the_line_and_stays_unchanged(
    project: Path, run: Run, damage: str, command: tuple[str, ...]
) -> None:
    run("deprecate", "tasks.expected_completion_time", "--reason", "replaced")
    path = project / "state" / "columns.toml"
    broken = BROKEN[damage](path.read_text())
    path.write_text(broken)
    result = run(*command)
    assert result.exit_code == 2, result.output
    where, _, _ = result.output.removeprefix(f"error: {path}:").partition(":")
    assert where.isdigit(), result.output  # the line at fault
    assert "the file was left unchanged" in result.output
    assert path.read_text() == broken


def test_the_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "colretire", "--version"], capture_output=True, text=True
    )
    assert done.stdout.startswith("colretire, version ")
