"""``colretire refs``: exit codes and exact output in each format, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from colretire.cli import main
from tests.sarif import sarif_errors

MODELS = """\
from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    eta: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Estimate:
    eta: int | None = None
"""

USES = """\
from app.models import Task


def eta(task: Task) -> int | None:
    return task.eta


def anything(row):
    return row.eta
"""

PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"

[tool.colretire]
source = ["app"]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS)
    (tmp_path / "app" / "uses.py").write_text(USES)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refs(*args: str) -> Result:
    return CliRunner().invoke(main, ["refs", *args])


def test_text_lists_references_like_a_linter(project: Path) -> None:
    result = refs("tasks.eta")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "app/models.py:13:5: CR101 declares tasks.eta as Task.eta\n"
        "app/uses.py:5:17: CR103 reads Task.eta (tasks.eta) on a Task instance\n"
        "app/uses.py:9:16: CR900 could not judge 'eta': reads Task.eta (tasks.eta) on an object "
        "of unknown type (a Task?)\n"
    )
    assert result.stderr == (
        "tasks.eta: 2 reference(s) (2 certain, 0 likely) in 2 of 3 file(s); "
        "1 unexplained, 2 excluded\n"
    )


def test_text_paths_are_relative_to_the_current_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "app")
    result = refs("tasks.eta")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "models.py:13:5: CR101 declares tasks.eta as Task.eta"


def test_paths_narrow_the_scan(project: Path) -> None:
    result = refs("tasks.eta", "app/uses.py")
    assert result.exit_code == 0, result.output
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        "app/uses.py:5:17",
        "app/uses.py:9:16",
    ]


def test_no_reference_still_exits_0(project: Path) -> None:
    result = refs("tasks.title")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "tasks.title: 0 reference(s) (0 certain, 0 likely) in 0 of 3 file(s); "
        "0 unexplained, 0 excluded\n"
        "note: the tables were named from the source; set metadata = 'module:Base' in "
        "[tool.colretire] to take them from SQLAlchemy's registry of the models\n"
        "note: no model declares tasks.title: already removed from the models, or a typo? "
        "(colretire deprecate suggests the closest declared names)\n"
    )


def test_paths_narrow_the_listing_but_the_models_are_still_known(project: Path) -> None:
    result = refs("tasks.eta", "app/uses.py")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "app/uses.py:5:17: CR103 reads Task.eta (tasks.eta) on a Task instance"
    assert {line.split(":")[0] for line in lines} == {"app/uses.py"}


def test_json_keeps_paths_relative_to_the_root(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "app")
    result = refs("tasks.eta", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["version"], document["column"]) == (1, "tasks.eta")
    assert document["files_scanned"] == 3
    assert document["references"][1] == {
        "path": "app/uses.py",
        "line": 5,
        "col": 17,
        "kind": "instance-attribute",
        "confidence": "certain",
        "code": "CR103",
        "snippet": "return task.eta",
        "message": "reads Task.eta (tasks.eta) on a Task instance",
        "via": None,
        "schema_field": None,
        "end_line": None,
    }
    assert [(r["code"], r["confidence"]) for r in document["references"]] == [
        ("CR101", "certain"), ("CR103", "certain"),
    ]  # fmt: skip
    assert [(u["path"], u["line"], u["name"]) for u in document["unexplained"]] == [
        ("app/uses.py", 9, "eta")
    ]
    # the function named eta is a local of the module; Estimate.eta, another class's member
    # (which leaves row.eta unexplained: an object with an eta may be an Estimate)
    assert document["accounting"] == {
        "occurrences": 5, "in_references": 2, "unexplained": 1,
        "excluded": {"local": 1, "other-type": 1},
    }  # fmt: skip


def test_github_annotations(project: Path) -> None:
    result = refs("tasks.eta", "--format", "github")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "::warning file=app/models.py,line=13,col=5,title=CR101 declaration"
        "::declares tasks.eta as Task.eta\n"
        "::warning file=app/uses.py,line=5,col=17,title=CR103 instance-attribute"
        "::reads Task.eta (tasks.eta) on a Task instance\n"
        "::warning file=app/uses.py,line=9,col=16,title=CR900 unexplained"
        "::could not judge 'eta': reads Task.eta (tasks.eta) on an object of unknown type "
        "(a Task?)\n"
    )


def test_sarif_validates_against_the_sarif_2_1_0_schema(project: Path) -> None:
    result = refs("tasks.eta", "--format", "sarif")
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    assert sarif_errors(log) == []
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == project.resolve().as_uri() + "/"
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("CR101", "warning"), ("CR103", "warning"), ("CR900", "warning"),
    ]  # fmt: skip
    location = run["results"][1]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "app/uses.py", "uriBaseId": "PROJECTROOT"},
        "region": {"startLine": 5, "startColumn": 17, "snippet": {"text": "return task.eta"}},
    }
    rules = run["tool"]["driver"]["rules"]
    assert [rules[r["ruleIndex"]]["id"] for r in run["results"]] == [
        r["ruleId"] for r in run["results"]
    ]


def test_the_schema_rejects_what_sarif_forbids() -> None:
    """The schema is not a rubber stamp: a wrong level and a relative tool URI fail it."""
    bad = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x", "informationUri": "colretire"}},
                "results": [{"level": "warn", "message": {"text": "m"}}],
            }
        ],
    }
    assert sarif_errors(bad) == [
        "runs/0/tool/driver/informationUri: 'colretire' is not a 'uri'",
        "runs/0/results/0/level: 'warn' is not one of ['none', 'note', 'warning', 'error']",
    ]


def test_a_file_that_does_not_parse_is_reported_and_the_scan_goes_on(project: Path) -> None:
    (project / "app" / "broken.py").write_text("def f(task):\n    return task.eta +\n")
    result = refs("tasks.eta")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("app/broken.py:2:")
    assert " CR001 does not parse (invalid syntax); its references are unknown" in result.stdout
    # its occurrence of the name is unexplained, beside the CR001 of the file
    assert (
        "app/broken.py:2:17: CR900 could not judge 'eta': the file does not parse" in result.stdout
    )
    assert len(result.stdout.splitlines()) == 5
    assert "1 file(s) did not parse" in result.stderr


def test_a_bad_column_name_is_a_usage_error(project: Path) -> None:
    result = refs("tasks")
    assert result.exit_code == 2
    assert "is not a column name" in result.stderr


def test_a_broken_configuration_exits_2(project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + "colour = 1\n")
    result = refs("tasks.eta")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "unknown key(s) in [tool.colretire]: colour" in result.stderr
