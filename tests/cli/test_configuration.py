"""A configuration that cannot be right is refused, exit 2, one clear line, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from colretire.cli import main
from tests.cli.conftest import PYPROJECT, Run, git

COLUMN = "tasks.expected_completion_time"


def configure(project: Path, *lines: str) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + "".join(f"{line}\n" for line in lines))


def refused(result: object, *words: str) -> None:
    """Exit 2, ``error: ...`` naming ``words``, and no traceback."""
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert output.startswith("error: "), output
    assert "Traceback" not in output
    for word in words:
        assert word in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]


@pytest.mark.parametrize("state", ["../elsewhere/columns.toml", "/elsewhere/columns.toml"])
def test_a_state_file_outside_the_project_is_refused(project: Path, run: Run, state: str) -> None:
    configure(project, f"state = {state!r}")
    refused(run("status"), f"state = {state!r} lies outside the project")
    assert not (project.parent / "elsewhere").exists()


def test_a_state_file_elsewhere_in_the_repository_is_allowed(tmp_path: Path) -> None:
    # A monorepo: pyproject.toml in backend/, the state file at the top of the repository.
    backend = tmp_path / "backend"
    (backend / "app").mkdir(parents=True)
    (backend / "app" / "models.py").write_text("")
    (backend / "pyproject.toml").write_text(PYPROJECT + 'state = "../state/columns.toml"\n')
    git(tmp_path, "init", "-q")
    result = CliRunner().invoke(main, ["-C", str(backend), "status"])
    assert result.exit_code == 0, result.output


def test_a_source_that_does_not_exist_is_refused(project: Path, run: Run) -> None:
    (project / "pyproject.toml").write_text(
        PYPROJECT.replace('source = ["app"]', 'source = ["app", "backend/typo"]')
    )
    for command in (["refs", COLUMN], ["advance"], ["status"]):
        refused(run(*command), "source names 'backend/typo', which does not exist")


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("", "it is empty"),
        ("/abs/path", "it is absolute"),
        ("tests\\\\fixtures", "it has a backslash"),
        ("../sibling", "it has a '..' part"),
        ("gen[erated", "it has a '[' without its ']'"),
    ],
)
def test_an_unusable_exclude_glob_is_refused(
    project: Path, run: Run, pattern: str, why: str
) -> None:
    configure(project, f'exclude = ["{pattern}"]')
    refused(run("status"), "exclude pattern", why)


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "-inf", "soon"])
def test_a_lock_timeout_that_is_not_a_finite_number_is_refused(
    project: Path, run: Run, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLRETIRE_LOCK_TIMEOUT", value)
    refused(
        run("deprecate", COLUMN), f"COLRETIRE_LOCK_TIMEOUT={value!r} is not a number of seconds"
    )
    assert not (project / "state" / "columns.toml").exists()


def test_a_byte_order_mark_is_read_past(project: Path, run: Run) -> None:
    assert run("deprecate", COLUMN, "--reason", "replaced").exit_code == 0
    state = project / "state" / "columns.toml"
    state.write_bytes(b"\xef\xbb\xbf" + state.read_bytes())
    pyproject = project / "pyproject.toml"
    pyproject.write_bytes(b"\xef\xbb\xbf" + pyproject.read_bytes())
    result = run("status", "--no-scan")
    assert result.exit_code == 0, result.output
    assert COLUMN in result.output


def test_a_pyproject_that_is_not_utf8_is_refused(project: Path, run: Run) -> None:
    (project / "pyproject.toml").write_bytes(PYPROJECT.encode("utf-16"))
    refused(run("status"), "pyproject.toml is not UTF-8 text", "re-save it as UTF-8")


def test_an_unreadable_pyproject_is_refused(project: Path, run: Run) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.chmod(0)
    try:
        if os.access(pyproject, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        refused(run("status"), "cannot read", "pyproject.toml: Permission denied")
    finally:
        pyproject.chmod(0o644)


def test_a_huge_state_file_is_refused_unread(project: Path, run: Run) -> None:
    state = project / "state" / "columns.toml"
    state.parent.mkdir()
    with state.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: 200 MB that cost no disk
    refused(run("status", "--no-scan"), "is 200 MB, more than the 16 MB a state file may have")
    assert state.stat().st_size == 200 * 1024 * 1024


def test_a_pyproject_that_cannot_be_read_is_a_configuration_error(tmp_path: Path) -> None:
    # What a read error gives, whoever runs the test: here a directory in the file's place.
    from colretire import config
    from colretire.errors import ConfigError

    (tmp_path / "pyproject.toml").mkdir()
    with pytest.raises(ConfigError, match=r"^cannot read .*pyproject\.toml: Is a directory$"):
        config.load(tmp_path)


def test_init_refuses_a_state_file_outside_the_project_before_writing(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "app" / "models.py").write_text("")
    (project / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    result = CliRunner().invoke(main, ["-C", str(project), "init", "--state", "../columns.toml"])
    refused(result, "state = '../columns.toml' lies outside the project")
    assert (project / "pyproject.toml").read_text() == '[project]\nname = "demo"\n'
    assert not (tmp_path / "columns.toml").exists()
