"""colretire fits the user's tools: the pre-commit hook and the documented GitHub Actions job
are run, not only read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from pre_commit.clientlib import load_manifest

from colretire.cli import main
from tests.compat import environments
from tests.sarif import sarif_errors

from .legacy import make_legacy, write_revision

REPOSITORY = Path(__file__).resolve().parents[2]
WORKFLOW = REPOSITORY / "docs" / "github-actions.yml"
FINDING = (
    "migrations/versions/sqlite/0005_rev.py:10:5: CR201 refusing to drop tasks.title: it is "
    "not tracked by colretire"
)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def adopted(tmp_path: Path, sqlite_url: str) -> Path:
    """A project that adopted colretire, then got a migration that drops a column early."""
    root = make_legacy(tmp_path / "legacy", sqlite_url)
    assert CliRunner().invoke(main, ["-C", str(root), "init"]).exit_code == 0
    write_revision(root, "sqlite", "0005", "0004", 'op.drop_column("tasks", "title")')
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-qm", "app")
    return root


def test_the_hook_manifest_is_valid_for_pre_commit() -> None:
    (hook,) = load_manifest(str(REPOSITORY / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "colretire-check",
        "colretire check",
        "python",
        False,
    )


def test_pre_commit_installs_the_hook_and_it_refuses_an_early_drop(adopted: Path) -> None:
    """pre-commit clones colretire at its current commit, installs it in an environment of its
    own (kept between runs in the tests' cache, per commit) and runs the hook."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert pre_commit is not None
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPOSITORY, capture_output=True, text=True, check=True
    ).stdout.strip()
    (adopted / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPOSITORY}\n    rev: {head}\n    hooks:\n      - id: colretire-check\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COLRETIRE_"))}
    env["PRE_COMMIT_HOME"] = str(environments.cache_root() / "pre-commit")
    with environments.locked(environments.cache_root() / "pre-commit.lock"):
        done = subprocess.run(
            [pre_commit, "run", "colretire-check", "--all-files"],
            cwd=adopted, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "colretire check" in output
    assert "Failed" in output
    assert FINDING in output


# -- GitHub Actions ---------------------------------------------------------------------------


def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text())
    return loaded


def test_the_workflow_is_valid_for_github() -> None:
    schema_file = (
        resources.files("check_jsonschema") / "builtin_schemas/vendor/github-workflows.json"
    )
    schema = json.loads(schema_file.read_text())
    # YAML 1.1 reads the key `on` as True; GitHub reads it as the string "on".
    document = {("on" if key is True else key): value for key, value in workflow().items()}
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(document)]
    assert errors == []


def test_the_documented_workflow_is_the_tested_file() -> None:
    assert WORKFLOW.read_text() in (REPOSITORY / "docs" / "ci.md").read_text()


def test_the_workflow_steps_upload_valid_sarif_and_fail_the_job(
    adopted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``run:`` step as the runner would run it (colretire is installed already), with
    ``continue-on-error`` and ``if: steps.check.outcome == 'failure'`` applied."""
    steps = workflow()["jobs"]["colretire"]["steps"]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    outcomes: dict[str, str] = {}
    ran = []
    for step in steps:
        if "run" not in step or "pip install" in step["run"]:
            continue
        condition = step.get("if")
        if condition == "steps.check.outcome == 'failure'" and outcomes.get("check") != "failure":
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=adopted, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        ran.append((step["name"], done))
        if "id" in step:
            outcomes[step["id"]] = "success" if done.returncode == 0 else "failure"

    (_, check), (_, annotate) = ran
    assert outcomes == {"check": "failure"}
    assert check.returncode == 1 and check.stdout == ""
    log = json.loads((adopted / "colretire.sarif").read_text())
    assert sarif_errors(log) == []
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "CR201"
    assert annotate.returncode == 1  # the job fails
    assert annotate.stdout.startswith(
        "::error file=migrations/versions/sqlite/0005_rev.py,line=10,col=5,title=CR201::"
    )
