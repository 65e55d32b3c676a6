"""The native prefilter (GNU grep, git grep) finds exactly the files the Python search finds.

Each test runs a search or a whole scan once per tool and once in Python (``TOOLS`` empty)
and compares: the candidate files of every word, and the scan's answer."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

from colretire.analysis import scan, scanner
from colretire.analysis import search as native
from colretire.analysis.discovery import discover
from colretire.model import ColumnRef
from tests.analysis.corpus_labels import columns, projects
from tests.analysis.helpers import write

MODELS = """
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    class Base(DeclarativeBase):
        pass

    class Task(Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
        eta: Mapped[int | None] = mapped_column()
"""
USE = """
    from app.models import Task

    def eta(task: Task):
        return task.eta
"""
WORDS = ("eta", "tasks", "Task", "Tasks", "x1")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _usable(tool: str) -> bool:
    if tool == "grep":
        return native._gnu_grep()
    return shutil.which("git") is not None


@pytest.fixture(params=["grep", "git"])
def tool(request: pytest.FixtureRequest) -> str:
    if not _usable(request.param):
        pytest.skip(f"{request.param} is not available here")
    return str(request.param)


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def _repository(root: Path, untracked: Iterable[str] = ()) -> None:
    """Make ``root`` a git work tree tracking every file but ``untracked``."""
    _git(root, "init", "-q")
    left = set(untracked)
    tracked = [
        p.relative_to(root).as_posix()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and p.relative_to(root).as_posix() not in left
    ]
    if tracked:
        _git(root, "add", "-f", "--", *tracked)


def _candidates(
    root: Path, words: Iterable[str], tools: tuple[str, ...], monkeypatch: pytest.MonkeyPatch,
    exclude: tuple[str, ...] = (), together: bool = False,
) -> dict[str, set[str]]:  # fmt: skip
    """The files containing each word: one search per word, or one for all (``together``)."""
    monkeypatch.setattr(native, "TOOLS", tools)
    words = sorted(set(words))
    files = discover(root, (), exclude)
    found = {}
    if together:
        corpus = scanner._Corpus(root, files, jobs=2)
        corpus.search(words)
        return {word: corpus.with_word(word) for word in words}
    for word in words:
        found[word] = scanner._Corpus(root, files, jobs=2).with_word(word)
    return found


def _scan(
    root: Path, column: str, tools: tuple[str, ...], monkeypatch: pytest.MonkeyPatch,
    exclude: tuple[str, ...] = (),
) -> scanner.ScanResult:  # fmt: skip
    monkeypatch.setattr(native, "TOOLS", tools)
    return scan(root, ColumnRef.parse(column), exclude=exclude, jobs=1)


@pytest.mark.parametrize("project", projects(), ids=lambda p: p.name)
def test_native_and_python_prefilters_agree_on_the_corpus(
    project: Path, tool: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / project.name
    shutil.copytree(project, root)
    if tool == "git":  # every third file stays untracked
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py"))
        _repository(root, untracked=files[::3])
    words: set[str] = set()
    for column in columns(project):
        ref = ColumnRef.parse(column)
        words |= {ref.column, ref.table_name, *scanner.class_names(ref.table_name)}
        assert _scan(root, column, (tool,), monkeypatch) == _scan(root, column, (), monkeypatch)
    assert _candidates(root, words, (tool,), monkeypatch) == _candidates(
        root, words, (), monkeypatch
    )
    every = {w for p in root.rglob("*.py") for w in _IDENTIFIER.findall(p.read_text())}
    native_sets = _candidates(root, every, (tool,), monkeypatch, together=True)
    assert native_sets == _candidates(root, every, (), monkeypatch, together=True)


def _tricky_tree(root: Path, git: bool) -> None:
    """Excluded and always-skipped directories, non-Python files, symbolic links, word
    boundaries at the edges of ASCII, and (in git) untracked, ignored, modified,
    assume-unchanged files and a nested repository."""
    write(
        root,
        {
            "app/models.py": MODELS,
            "app/use.py": USE,
            "app/untracked.py": USE,
            "app/ignored.py": USE,
            "app/modified.py": "x = 1\n",
            "app/assumed.py": "x = 1\n",
            "app/notes.txt": "task.eta\n",
            "app/template.py.txt": "task.eta\n",
            "build/use.py": USE,
            "docs/build/use.py": USE,
            ".venv/lib/use.py": USE,
            "node_modules/x/use.py": USE,
            "lib/real.py": "def f(task):\n    return task.eta\n",
            "app/first_fails.py": "etax = 1\ny = etax + eta\n",
            "app/not_words.py": "xeta = eta_ = eta1 = _eta = Tasks_ = 1\n",
            ".hidden/use.py": USE,
            "vendor/.git/HEAD": "ref: refs/heads/main\n",
            "vendor/x.py": "eta = 1\n",
            ".gitignore": "app/ignored.py\n",
        },
    )
    (root / "app/utf8.py").write_bytes("a = 'éeta etaé'\n".encode())
    (root / "app/latin1.py").write_bytes(b"# -*- coding: latin-1 -*-\na = '\xe9eta'\n")
    (root / "app/crlf.py").write_bytes(b"x = 1\r\neta = 2\r\n")
    (root / "app/nul.py").write_bytes(b"\x00eta\x00Task")
    (root / "app/Tasks.py").write_bytes(b"class Tasks: pass\n")
    (root / "app/empty.py").write_bytes(b"")
    for index in range(12):  # enough files for several batches of one grep each
        (root / f"app/filler{index}.py").write_text(f"value_{index} = {index}\n")
    os.symlink("../lib/real.py", root / "app/link.py")
    os.symlink("../lib", root / "app/linked_dir")  # not followed by discovery
    if git:
        untracked = {"app/untracked.py", "app/ignored.py", "vendor/x.py", "vendor/.git/HEAD"}
        _repository(root, untracked=untracked)
        (root / "app/modified.py").write_text("eta = 1\n")
        (root / "app/assumed.py").write_text("eta = 1\n")
        _git(root, "update-index", "--assume-unchanged", "app/assumed.py")


def test_native_and_python_prefilters_agree_on_a_tricky_tree(
    tool: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tricky_tree(tmp_path, git=tool == "git")
    monkeypatch.setattr(native, "STREAM_BATCH", 3)
    exclude = ("build",)
    native_sets = _candidates(tmp_path, WORDS, (tool,), monkeypatch, exclude)
    python_sets = _candidates(tmp_path, WORDS, (), monkeypatch, exclude)
    assert native_sets == python_sets
    assert _candidates(tmp_path, WORDS, (tool,), monkeypatch, exclude, together=True) == python_sets
    changed = {"app/modified.py", "app/assumed.py"} if tool == "git" else set()
    assert python_sets["eta"] == changed | {
        "app/models.py", "app/use.py", "app/untracked.py", "app/ignored.py", "lib/real.py",
        "app/link.py", "app/first_fails.py", "app/utf8.py", "app/latin1.py", "app/crlf.py",
        "app/nul.py", ".hidden/use.py", "vendor/x.py",
    }  # fmt: skip
    assert python_sets["Tasks"] == {"app/Tasks.py"}
    native_scan = _scan(tmp_path, "tasks.eta", (tool,), monkeypatch, exclude)
    assert native_scan == _scan(tmp_path, "tasks.eta", (), monkeypatch, exclude)
    assert {"app/untracked.py", "app/ignored.py", ".hidden/use.py"} <= {
        ref.path for ref in native_scan.references
    }


def test_random_bytes_agree_with_the_python_word_search(
    tool: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words next to every kind of byte: ASCII word characters, UTF-8 and Latin-1 bytes,
    NUL, CR, other words that share a prefix."""
    pieces = [b"Task", b"Tasks", b"tasks", b"eta", b"x1", b"_", b"a", b"s", b"1", b" ", b".",
              b"\n", b"\r", b"\x00", b"\xc3\xa9", b"\xe9", b"\xff", b"-"]  # fmt: skip
    generator = random.Random(3)
    for index in range(400):
        size = generator.randint(0, 10)
        data = b"".join(generator.choice(pieces) for _ in range(size))
        (tmp_path / f"f{index}.py").write_bytes(data)
    if tool == "git":
        _repository(tmp_path, untracked=[f"f{index}.py" for index in range(0, 400, 2)])
    for words in (WORDS, ("Task", "Tasks"), ("tasks",), ("eta", "x1")):
        assert _candidates(tmp_path, words, (tool,), monkeypatch, together=True) == (
            _candidates(tmp_path, words, (), monkeypatch, together=True)
        )


def test_a_cold_scan_reads_only_candidate_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _usable("grep"):
        pytest.skip("GNU grep is not available here")
    files = {"app/models.py": MODELS, "app/use.py": USE}
    files |= {f"app/other{i}.py": f"def f{i}(x):\n    return x.due\n" for i in range(40)}
    write(tmp_path, files)
    read: list[str] = []
    original = scanner._read

    def counting(path: str) -> bytes:
        read.append(Path(path).relative_to(tmp_path).as_posix())
        return original(path)

    monkeypatch.setattr(scanner, "_read", counting)
    monkeypatch.setattr(native, "TOOLS", ("grep",))
    result = scan(tmp_path, ColumnRef("tasks", "eta"), cache_dir=tmp_path / ".cache", jobs=1)
    assert {ref.path for ref in result.references} == {"app/models.py", "app/use.py"}
    assert set(read) == {"app/models.py", "app/use.py"}
    assert result.files_scanned == 42


def test_a_failing_tool_leaves_its_files_to_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _usable("grep"):
        pytest.skip("GNU grep is not available here")
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    expected = _scan(tmp_path, "tasks.eta", (), monkeypatch)
    spawn = native._spawn

    def failing(command: list[str], root: str) -> subprocess.Popen[bytes]:
        return spawn(["sh", "-c", "exit 2"], root)

    monkeypatch.setattr(native, "_spawn", failing)
    assert _scan(tmp_path, "tasks.eta", ("grep",), monkeypatch) == expected
    found = native.find(str(tmp_path), ["app/models.py", "app/use.py"], ["eta"], jobs=2)
    assert found is not None
    assert (found.hits, sorted(found.unsearched)) == (frozenset(), ["app/models.py", "app/use.py"])


@pytest.mark.parametrize(
    ("table", "names"),
    [
        ("tasks", ["Tasks", "Task"]),
        ("task_templates", ["TaskTemplates", "TaskTemplate"]),
        ("categories", ["Categories", "Category"]),
        ("addresses", ["Addresses", "Address"]),
        ("boxes", ["Boxes", "Box"]),
        ("status", ["Status"]),
        ("hero", ["Hero"]),
    ],
)
def test_class_names_guessed_from_the_table(table: str, names: list[str]) -> None:
    assert scanner.class_names(table) == names


def test_a_warm_scan_starts_no_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search starts with the walk only when no answer is kept for the column: on a warm
    run it would compete with the stat calls that validate the answer."""
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    cache = tmp_path / ".cache"
    started: list[tuple[str, ...]] = []
    original = native.start

    def recording(root: str, words: list[str], **options: object) -> native.Search | None:
        started.append(tuple(words))
        return original(root, words, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(native, "start", recording)
    cold = scan(tmp_path, ColumnRef("tasks", "eta"), cache_dir=cache)
    assert started and started[0] == (  # "task": a migration may create it beside "tasks"
        "eta", "tasks", "task", "Tasks", "Task",
        "dump", "model_validate", "from_orm", "DeferredReflection", "automap_base", "autoload_with", "autoload",
    )  # fmt: skip
    started.clear()
    assert scan(tmp_path, ColumnRef("tasks", "eta"), cache_dir=cache) == cold
    assert started == []


def _prefixed_candidates(
    root: Path, words: Iterable[str], tools: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, set[str]], list[tuple[str, ...]]]:
    """The files containing each word after one pass for ``Tasks`` and the words that start
    with ``Task``, and the words of every native pass started, the first included."""
    monkeypatch.setattr(native, "TOOLS", tools)
    started: list[tuple[str, ...]] = []
    original = native.start

    def recording(root: str, words: list[str], **options: object) -> native.Search | None:
        started.append(tuple(words))
        return original(root, words, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(native, "start", recording)
    corpus = scanner._Corpus(root, discover(root), jobs=2)
    corpus.search(["Tasks"], prefixes=["Task"])
    return {word: corpus.with_word(word) for word in sorted(set(words))}, started


def test_words_that_start_with_a_searched_prefix_need_no_second_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One grep pass for ``Task`` and every word that starts with it names a superset of the
    files of ``TaskComment``: those files are confirmed in Python, with the answer a pass of
    their own would give, next to every kind of byte."""
    if not _usable("grep"):
        pytest.skip("GNU grep is not available here")
    pieces = [b"Task", b"Comment", b"TaskComment", b"MyTask", b"_", b"1", b"s", b" ", b".",
              b"\n", b"\r", b"\x00", b"\xc3\xa9", b"\xe9", b"-"]  # fmt: skip
    generator = random.Random(5)
    for index in range(300):
        size = generator.randint(0, 8)
        data = b"".join(generator.choice(pieces) for _ in range(size))
        (tmp_path / f"f{index}.py").write_bytes(data)
    words = ("TaskComment", "Tasks", "Task_1", "Tasks1", "TaskCommentComment", "Task")
    found, started = _prefixed_candidates(tmp_path, words, ("grep",), monkeypatch)
    assert started == [("Tasks",)]
    assert found == _candidates(tmp_path, words, (), monkeypatch)
    assert found["TaskComment"]  # the pieces make some, so the test shows something


def test_a_word_outside_the_prefix_gets_its_own_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``MyTask`` and ``Comment`` do not start with ``Task``: the prefix's files say nothing
    about them, so each is searched over the whole tree (``MyTask`` lives in a file where no
    word starts with ``Task``)."""
    if not _usable("grep"):
        pytest.skip("GNU grep is not available here")
    write(tmp_path, {"a.py": "x = MyTask()\n", "b.py": "y = Comment()\n", "c.py": "Tasks\n"})
    words = ("MyTask", "Comment", "TaskX")
    found, started = _prefixed_candidates(tmp_path, words, ("grep",), monkeypatch)
    assert found == {"MyTask": {"a.py"}, "Comment": {"b.py"}, "TaskX": set()}
    assert sorted(started) == [("Comment",), ("MyTask",), ("Tasks",)]


def test_git_grep_searches_no_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``git grep`` searches fixed strings: it takes no prefix, and a word that starts with
    one is searched in a pass of its own, with the same answer."""
    if not _usable("git"):
        pytest.skip("git is not available here")
    write(tmp_path, {"a.py": "TaskComment = 1\n", "b.py": "Tasks\n", "c.py": "MyTaskComment\n"})
    _repository(tmp_path)
    found, started = _prefixed_candidates(tmp_path, ["TaskComment"], ("git",), monkeypatch)
    assert found == {"TaskComment": {"a.py"}}
    assert started == [("Tasks",), ("TaskComment",)]


RELATED = """
    from sqlalchemy import ForeignKey
    from sqlalchemy.orm import Mapped, mapped_column, relationship

    from app.models import Base, Task

    class TaskComment(Base):
        __tablename__ = "task_comments"
        id: Mapped[int] = mapped_column(primary_key=True)
        task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
        task: Mapped[Task] = relationship()
"""
COMMENTS = """
    from app.related import TaskComment

    def latest(session) -> TaskComment:
        return session.get(TaskComment, 1)

    def eta(comment: TaskComment):
        return comment.task.eta
"""


def test_a_cold_scan_finds_related_class_names_in_its_first_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model related to ``Task`` is named ``TaskComment``: the files that return it are
    found among those of the first pass, which searched the words that start with ``Task``,
    and the answer is the one of a scan without any native tool."""
    if not _usable("grep"):
        pytest.skip("GNU grep is not available here")
    write(
        tmp_path,
        {"app/models.py": MODELS, "app/related.py": RELATED, "app/comments.py": COMMENTS}
        | {f"app/other{i}.py": f"def f{i}(x):\n    return x.due\n" for i in range(20)},
    )
    started: list[tuple[tuple[str, ...], object]] = []
    original = native.start

    def recording(root: str, words: list[str], **options: object) -> native.Search | None:
        started.append((tuple(words), options.get("prefixes")))
        return original(root, words, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(native, "start", recording)
    native_scan = _scan(tmp_path, "tasks.eta", ("grep",), monkeypatch)
    monkeypatch.setattr(native, "start", original)
    assert native_scan == _scan(tmp_path, "tasks.eta", (), monkeypatch)
    assert "app/comments.py" in {ref.path for ref in native_scan.references}
    assert started[0][1] == ("Task",)
    assert not [words for words, _ in started if "TaskComment" in words]


@pytest.mark.parametrize("few", [0, 1000])
def test_both_ways_of_confirming_words_agree(few: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each name looked for in a file's bytes, or the file's words collected once (more
    names than :data:`scanner._FEW_WORDS`): the same files, next to every kind of byte."""
    pieces = [b"Task", b"Tasks", b"tasks", b"eta", b"x1", b"_", b"a", b"s", b"1", b" ", b".",
              b"\n", b"\x00", b"\xc3\xa9", b"\xe9", b"-"]  # fmt: skip
    generator = random.Random(7)
    files = {
        f"f{index}": b"".join(generator.choice(pieces) for _ in range(generator.randint(0, 12)))
        for index in range(500)
    }
    words = ["Task", "Tasks", "tasks", "eta", "x1", "a", "é", "eta.x1", "Tasks_"]
    expected = {
        w: {f for f, data in files.items() if scanner.has_word(data, w.encode())} for w in words
    }
    monkeypatch.setattr(scanner, "_FEW_WORDS", few)
    assert scanner.words_in(files.__getitem__, files, words) == expected
    anywhere = {f for found in expected.values() for f in found}
    assert scanner.files_with_any(files.__getitem__, files, words) == anywhere


@pytest.mark.parametrize(
    ("table", "prefixes"),
    [
        ("tasks", ("Task",)),
        ("task_templates", ("TaskTemplate",)),
        ("categories", ("Categories", "Category")),
        ("hero", ("Hero",)),
        ("tags", ()),  # "Tag" would start too many words
        ("logs", ()),
    ],
)
def test_the_prefixes_of_the_first_pass(table: str, prefixes: tuple[str, ...]) -> None:
    assert scanner._prefixes(scanner.class_names(table)) == prefixes
