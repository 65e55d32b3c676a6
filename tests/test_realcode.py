"""The real-code corpus: its manifest is well formed, its scorer counts right, and colretire
holds its recorded scores on the projects CI can download.

The corpus (benchmarks/realcode/) labels real column removals in public projects; see
docs/realcode.md. The PyPI projects download from the package index on first use into a cache
directory; without network they skip, and with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("realcode", ROOT / "benchmarks" / "realcode.py")
assert _spec is not None and _spec.loader is not None
realcode = importlib.util.module_from_spec(_spec)
sys.modules["realcode"] = realcode
_spec.loader.exec_module(realcode)

CORPUS = realcode.load_corpus()
PYPI = [p for p in CORPUS if p.source.kind == "pypi"]
RECORDED = realcode.read_scores()
COLRETIRE = str(Path(sys.executable).parent / "colretire")


def _label(text: str) -> object:
    return realcode.Label.parse(text, realcode.REF_KINDS, "test")


def _event(refs: list[str]) -> object:
    return realcode.Event(
        id="e",
        column="tasks.note",
        removed="",
        refs=tuple(map(_label, refs)),
        nonrefs=(),
        disputed=(),
    )


def _finding(path: str, line: int, confidence: str = "certain", kind: str = "string") -> object:
    return realcode.Finding(path, line, kind, confidence, "CR106", "")


PROJECT = realcode.Project(
    id="p",
    name="p",
    styles=(),
    source=realcode.Source(
        kind="git", scan=("app",), migrations=("app/versions",), tests=("app/tests",)
    ),
    events=(),
    file=Path("p.toml"),
)


def test_the_score_counts_lines_found_and_lines_reported():
    event = _event(["app/a.py:1 declaration", "app/a.py:5 keyword", "app/b.py:2 string"])
    findings = [
        _finding("app/a.py", 1),
        _finding("app/a.py", 1, kind="raw-sql"),  # a second finding on a labelled line
        _finding("app/b.py", 2, confidence="likely"),
        _finding("app/c.py", 9),  # wrong
        _finding("app/versions/0001.py", 3, kind="migration"),  # history: not scored
        _finding("app/tests/test_a.py", 4),  # outside the labels' scope: not scored
        _finding("app/d.py", 7, confidence="unexplained"),  # its own tier
    ]
    grep = {("app/a.py", 1), ("app/a.py", 5), ("app/z.py", 3), ("app/y.py", 8)}

    score = realcode.score_event(PROJECT, event, findings, grep)

    assert (score.tool.labelled, score.tool.found, score.tool.reported) == (3, 2, 3)
    assert (round(score.tool.recall, 3), round(score.tool.precision, 3)) == (0.667, 0.667)
    assert [(label.path, label.line) for label in score.missed] == [("app/a.py", 5)]
    assert [(f.path, f.line) for f in score.wrong] == [("app/c.py", 9)]
    assert (score.grep.recall, score.grep.precision) == (2 / 3, 0.5)


def test_a_declaration_over_several_lines_is_one_finding():
    """One project labels the ``ForeignKey(...)`` line of a declaration, another only the
    line of its name: a labelled line inside the declaration is found with it, an
    unlabelled one is no second finding."""
    event = _event(["app/a.py:3 declaration", "app/a.py:4 declaration", "app/b.py:8 declaration"])
    spanning = realcode.Finding("app/a.py", 3, "declaration", "certain", "CR101", "", end_line=5)
    other = realcode.Finding("app/b.py", 8, "declaration", "certain", "CR101", "", end_line=10)

    score = realcode.score_event(PROJECT, event, [spanning, other], set())

    assert (score.tool.found, score.tool.reported, score.tool.precision) == (3, 3, 1.0)
    # without the span the line of the foreign key is missed
    alone = realcode.Finding("app/a.py", 3, "declaration", "certain", "CR101", "")
    assert realcode.score_event(PROJECT, event, [alone, other], set()).tool.found == 2


def test_a_line_listed_as_part_of_a_reference_inside_its_span_is_no_second_finding():
    """colretire also lists the other lines of a reference written over several lines
    (``reference_lines``): inside the reference's span such a line is the same finding,
    found when labelled and no wrong finding when not; outside any span it counts."""
    spanning = realcode.Finding("app/a.py", 3, "declaration", "certain", "CR101", "", end_line=5)
    part = realcode.Finding("app/a.py", 4, "occurrence", "certain", "", "part of a reference")
    stray = realcode.Finding("app/a.py", 9, "occurrence", "certain", "", "part of a reference")

    unlabelled = realcode.score_event(
        PROJECT, _event(["app/a.py:3 declaration"]), [spanning, part], set()
    )
    assert (unlabelled.tool.reported, unlabelled.wrong) == (1, [])

    labelled = _event(["app/a.py:3 declaration", "app/a.py:4 declaration"])
    assert realcode.score_event(PROJECT, labelled, [spanning, part], set()).tool.found == 2

    outside = realcode.score_event(
        PROJECT, _event(["app/a.py:3 declaration"]), [spanning, stray], set()
    )
    assert [(f.path, f.line) for f in outside.wrong] == [("app/a.py", 9)]


def test_a_missed_line_reported_as_unexplained_counts_only_with_that_tier():
    event = _event(["app/a.py:1 declaration", "app/a.py:5 keyword"])
    findings = [_finding("app/a.py", 1), _finding("app/a.py", 5, confidence="unexplained")]

    score = realcode.score_event(PROJECT, event, findings, set())

    assert score.tool.recall == 0.5
    assert score.tool.recall_with_unexplained == 1.0


def test_the_accounting_table_says_where_every_occurrence_ended():
    def run(refs: int, excluded: dict[str, int], unexplained: int) -> object:
        total = refs + sum(excluded.values()) + unexplained
        return realcode.RefsRun([], total, unexplained, refs, excluded)

    first = realcode.score_event(PROJECT, _event([]), run(2, {"comment": 3}, 1), set())
    second = realcode.score_event(PROJECT, _event([]), run(1, {"local": 4, "comment": 1}, 0), set())
    score = realcode.ProjectScore(PROJECT, [first, second])

    table = list(realcode.accounting_table([score]))

    assert table[2].split() == ["project", "total", "refs", "comment", "local", "unexpl."]
    assert table[3].split() == ["p", "12", "3", "4", "4", "1"]
    assert table[4].split() == ["overall", "12", "3", "4", "4", "1"]


@pytest.mark.parametrize(
    "text",
    ["app/a.py declaration", "app/a.py:x keyword", "app/a.py:3 guess", "app/a.py:3"],
)
def test_a_label_not_in_the_format_is_refused(text):
    with pytest.raises(realcode.CorpusError, match="not a label"):
        _label(text)


def test_a_git_source_is_read_from_its_mirror_and_scored(tmp_path):
    work = tmp_path / "work"
    (work / "app").mkdir(parents=True)
    (work / "app" / "models.py").write_text(
        "from sqlalchemy import Column, Integer, String\n"
        "from sqlalchemy.orm import declarative_base\n"
        "Base = declarative_base()\n"
        "class Task(Base):\n"
        "    __tablename__ = 'tasks'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    note = Column(String)\n"
    )
    (work / "app" / "views.py").write_text(
        "from app.models import Task\n"
        "def show(task: Task) -> str:\n"
        "    note = 'a local of the same name'\n"
        "    return task.note\n"
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", str(work)], check=True)
    subprocess.run([*git, "-C", str(work), "add", "."], check=True)
    subprocess.run([*git, "-C", str(work), "commit", "-qm", "models"], check=True)
    commit = subprocess.run(
        ["git", "-C", str(work), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    mirrors = tmp_path / "mirrors"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(work), str(mirrors / "someone+tasks" / "repo.git")],
        check=True,
    )
    corpus = tmp_path / "projects"
    corpus.mkdir()
    (corpus / "tasks.toml").write_text(
        'id = "tasks"\n[source]\nkind = "git"\nrepo = "someone/tasks"\n'
        f'commit = "{commit}"\nscan = ["app"]\n'
        '[[events]]\nid = "tasks-note"\ncolumn = "tasks.note"\n'
        'refs = ["app/models.py:7 declaration", "app/views.py:4 instance-attribute"]\n'
        'nonrefs = ["app/views.py:3 local"]\n'
    )
    project = realcode.load_corpus(corpus)[0]

    score = realcode.score_project(project, [COLRETIRE], tmp_path / "cache", mirrors)

    assert score.skipped is None
    (event,) = score.events
    assert (event.tool.labelled, event.tool.recall, event.tool.precision) == (2, 1.0, 1.0)
    assert (event.grep.recall, event.grep.precision) == (1.0, 2 / 3)


def test_a_git_source_without_its_mirror_is_skipped_with_the_reason(tmp_path):
    project = realcode.Project(
        "x",
        "x",
        (),
        realcode.Source(kind="git", repo="someone/absent", commit="0" * 40),
        (),
        Path("x"),
    )
    score = realcode.score_project(project, [COLRETIRE], tmp_path / "cache", None)
    assert score.skipped is not None and "--mirrors" in score.skipped


def test_the_manifest_is_well_formed():
    assert CORPUS, "benchmarks/realcode/projects holds no project"
    for project in CORPUS:
        assert project.events, f"{project.id} has no event"
        for event in project.events:
            assert event.refs, f"{event.id} labels no reference"
            assert "." in event.column


def _online() -> bool:
    try:
        import urllib.request

        urllib.request.urlopen("https://pypi.org/simple/", timeout=10).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def online() -> bool:
    up = _online()
    if not up and os.environ.get("CI") == "true":
        pytest.fail("CI=true and the package index is unreachable: the real-code corpus cannot run")
    return up


@pytest.mark.parametrize("project", PYPI, ids=[p.id for p in PYPI])
def test_colretire_holds_its_recorded_score(project, online, tmp_path_factory):
    if not online:
        pytest.skip("the package index is unreachable; the real-code corpus needs it")
    cache = Path(os.environ.get("COLRETIRE_REALCODE_CACHE", realcode.DEFAULT_CACHE))
    score = realcode.score_project(project, [COLRETIRE], cache, None)
    assert score.skipped is None, score.skipped
    root = realcode.source_root(project, cache, None)
    assert realcode.validate(project, root) == []
    problems = realcode.regressions([score])
    details = json.dumps(realcode._project_json(score), indent=1)[:4000]
    assert problems == [], f"{problems}\n{details}"
    assert "current" in RECORDED.get(project.id, {}), f"{project.id}: no recorded score"
