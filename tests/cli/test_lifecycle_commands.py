"""The lifecycle through the command line, as a team would use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from colretire import statefile
from tests.cli.conftest import Run, git

COLUMN = "tasks.expected_completion_time"


def remove_uses(project: Path) -> None:
    """What `colretire rewrite --write` does, by hand: the reader and the mapping go."""
    (project / "app" / "uses.py").unlink()
    models = project / "app" / "models.py"
    lines = models.read_text().splitlines(keepends=True)
    models.write_text("".join(line for line in lines if "expected_completion_time" not in line))
    git(project, "commit", "-qam", "stop reading expected_completion_time")


def test_deprecate_writes_a_valid_state_file_with_the_definition(project: Path, run: Run) -> None:
    result = run("deprecate", COLUMN, "--reason", "replaced by eta_minutes")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"deprecated {COLUMN}: stage 'deprecated' at ")
    record = statefile.read(project / "state" / "columns.toml").columns[COLUMN]
    assert record.reason == "replaced by eta_minutes"
    assert record.definition is not None
    assert (record.definition.type, record.definition.nullable) == ("Integer", True)
    assert record.history[0].stamp.by == "Ada Lovelace <ada@example.com>"
    assert record.history[0].stamp.commit == git(project, "rev-parse", "HEAD")


def test_status_json_shows_the_stage_and_references(run: Run) -> None:
    run("deprecate", COLUMN, "--reason", "replaced")
    result = run("status", "--format", "json")
    assert result.exit_code == 0
    (column,) = json.loads(result.output)["columns"]
    assert (column["column"], column["stage"], column["references"]) == (COLUMN, "deprecated", 2)


def test_deprecating_twice_is_refused(run: Run) -> None:
    run("deprecate", COLUMN, "--reason", "replaced")
    result = run("deprecate", COLUMN, "--reason", "again")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"error: {COLUMN} is already deprecated: its stage is 'deprecated' since "
    )


def test_an_undeclared_column_is_refused_with_suggestions(run: Run) -> None:
    result = run("deprecate", "tasks.expected_completion")
    assert result.exit_code == 2
    assert (
        "the models do not declare a column tasks.expected_completion; did you mean tasks.expected_completion_time?"
        in result.output
    )


def test_an_undeclared_column_can_be_forced(run: Run) -> None:
    assert run("deprecate", "tasks.legacy_flag", "--force").exit_code == 0


def test_a_bad_column_name_is_a_usage_error(run: Run) -> None:
    result = run("deprecate", "expected_completion_time")
    assert result.exit_code == 2
    assert (
        "'expected_completion_time' is not a column name colretire supports: it has no table; "
        in result.output
    )


def test_advance_is_refused_while_code_still_reads_the_column(run: Run) -> None:
    run("deprecate", COLUMN)
    result = run("advance", COLUMN)
    assert result.exit_code == 1
    assert (
        f"{COLUMN}: {COLUMN} cannot become unreferenced: the scan found 2 reference(s)"
        in result.output
    )


def test_the_whole_line_with_a_recorded_release(project: Path, run: Run) -> None:
    run("deprecate", COLUMN)
    remove_uses(project)
    assert "moved to 'unreferenced'" in run("advance").output
    result = run("advance", COLUMN)
    assert result.exit_code == 1
    assert "no release yet proves that it waited" in result.output
    git(project, "commit", "-q", "--allow-empty", "-m", "release 1.4.0")
    released = run("release", "1.4.0")
    assert released.exit_code == 0
    assert (
        f"{COLUMN}: moved to 'waited-one-release' (release 1.4.0 contains commit" in released.output
    )
    assert (
        json.loads(run("status", "--format", "json").output)["columns"][0]["stage"]
        == "waited-one-release"
    )


def test_a_release_recorded_twice_is_refused(run: Run) -> None:
    assert run("release", "1.0").exit_code == 0
    result = run("release", "1.0")
    assert (result.exit_code, result.output) == (
        1,
        "error: release 1.0 is already recorded; see: colretire status\n",
    )


def test_release_tags_prove_the_wait_only_when_they_contain_the_commit(
    project: Path, run: Run
) -> None:
    with (project / "pyproject.toml").open("a") as handle:
        handle.write('release_tags = "v*"\n')
    git(project, "commit", "-qam", "configure release tags")
    git(project, "tag", "v1.0.0")  # before the column became unreferenced
    run("deprecate", COLUMN)
    remove_uses(project)
    run("advance", COLUMN)
    git(project, "tag", "v1.0.1", "HEAD~1")  # still does not contain the unreferenced commit
    assert run("advance", COLUMN).exit_code == 1
    git(project, "commit", "-q", "--allow-empty", "-m", "ship")
    git(project, "tag", "v1.1.0")
    result = run("advance", COLUMN)
    assert result.exit_code == 0, result.output
    assert "moved to 'waited-one-release' (release v1.1.0 contains commit" in result.output


def test_references_coming_back_regress_the_column(project: Path, run: Run) -> None:
    run("deprecate", COLUMN)
    remove_uses(project)
    run("advance")
    (project / "app" / "late.py").write_text(
        "from app.models import Task\n\ndef f(t: Task):\n    return t.expected_completion_time\n"
    )
    result = run("advance")
    assert "regressed to 'deprecated'" in result.output
    status = run("status").output
    assert "deprecated (regressed)" in status


def test_force_needs_a_reason_and_is_recorded(project: Path, run: Run) -> None:
    run("deprecate", COLUMN)
    assert run("advance", COLUMN, "--force").exit_code == 2
    result = run("advance", COLUMN, "--force", "--reason", "the last reader is behind a dead flag")
    assert result.exit_code == 0
    assert "OVERRIDE: moved to 'unreferenced'" in result.output
    entry = statefile.read(project / "state" / "columns.toml").columns[COLUMN].history[-1]
    assert (entry.override, entry.note) == (True, "the last reader is behind a dead flag")


def test_cancel_keeps_the_history(project: Path, run: Run) -> None:
    run("deprecate", COLUMN)
    assert run("cancel", COLUMN, "--reason", "still needed").exit_code == 0
    record = statefile.read(project / "state" / "columns.toml").columns[COLUMN]
    assert [e.stage.value for e in record.history] == ["deprecated", "cancelled"]


def test_checklist_markdown_groups_what_blocks_and_what_is_ready(run: Run) -> None:
    run("deprecate", COLUMN)
    run("deprecate", "tasks.legacy_flag", "--force")
    markdown = run("checklist").output
    assert "### Blocked: code still uses these columns" in markdown
    assert f"- [ ] `{COLUMN}` (deprecated, 2 reference(s)): remove its references" in markdown
    assert "### Code is clean: advance to unreferenced" in markdown
    assert (
        "- [ ] `tasks.legacy_flag` (deprecated, 0 reference(s)): no references left: colretire advance"
        in markdown
    )


def test_init_keeps_the_rest_of_pyproject(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from colretire.cli import main

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"  # keep me\n')
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "init", "--release-tags", "v*"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "x"  # keep me\n')
    assert 'release_tags = "v*"' in text
    assert (tmp_path / "state" / "columns.toml").read_text().rstrip().endswith("version = 1")
    assert (tmp_path / ".gitignore").read_text() == ".colretire-cache\nstate/columns.toml.lock\n"
    again = CliRunner().invoke(main, ["-C", str(tmp_path), "init"])
    assert again.exit_code == 2
    assert "already has a [tool.colretire] table" in again.output


def test_cancel_requires_a_reason(run: Run) -> None:
    run("deprecate", COLUMN)
    assert run("cancel", COLUMN).exit_code == 2
    assert run("cancel", COLUMN, "--reason", "  ").exit_code == 2


def test_a_blank_release_version_is_refused_and_nothing_is_written(project: Path, run: Run) -> None:
    run("deprecate", COLUMN)
    before = (project / "state" / "columns.toml").read_text()
    for version in ["", "1.4\n0", " 1.4"]:
        result = run("release", version)
        assert result.exit_code == 2, version
        assert "is not a release version" in result.output
    assert (project / "state" / "columns.toml").read_text() == before


def test_release_json_names_the_release(run: Run) -> None:
    document = json.loads(run("release", "1.4.0", "--format", "json").output)
    assert document["release"]["version"] == "1.4.0"
    assert document["outcomes"] == []


def test_uncommitted_changes_are_no_evidence(project: Path, run: Run) -> None:
    run("deprecate", COLUMN)
    (project / "app" / "uses.py").unlink()  # removed, but not committed
    models = project / "app" / "models.py"
    models.write_text(
        "".join(
            line
            for line in models.read_text().splitlines(True)
            if "expected_completion_time" not in line
        )
    )
    result = run("advance", COLUMN)
    assert result.exit_code == 1
    assert (
        "2 scanned file(s) have uncommitted changes; commit them and advance again" in result.output
    )
    git(project, "commit", "-qam", "remove")
    assert run("advance", COLUMN).exit_code == 0


def test_a_scan_that_reads_nothing_is_no_evidence(project: Path, run: Run) -> None:
    with (project / "pyproject.toml").open("a") as handle:
        handle.write('exclude = ["app/*"]\n')
    git(project, "commit", "-qam", "exclude everything")
    run("deprecate", "tasks.gone", "--force")
    result = run("advance", "tasks.gone")
    assert result.exit_code == 1
    assert "the scan read no file; check 'source' in [tool.colretire]" in result.output


def test_references_that_came_back_block_the_checklist(project: Path, run: Run) -> None:
    run("deprecate", COLUMN)
    remove_uses(project)
    run("advance")
    (project / "app" / "late.py").write_text(
        "from app.models import Task\n\ndef f(t: Task):\n    return t.expected_completion_time\n"
    )
    markdown = run("checklist").output
    assert (
        f"### Blocked: code still uses these columns\n\n- [ ] `{COLUMN}` (unreferenced, 1 reference(s)): its references came back"
        in markdown
    )


def test_a_bad_lock_timeout_is_a_clear_error(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLRETIRE_LOCK_TIMEOUT", "soon")
    result = run("deprecate", COLUMN)
    assert result.exit_code == 2
    assert "COLRETIRE_LOCK_TIMEOUT='soon' is not a number of seconds" in result.output
