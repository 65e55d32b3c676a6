"""The scan's machinery: discovery, the cache, the process pool, and the table of codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from colretire.analysis import CODES, scan, scanner
from colretire.analysis import cache as cache_module
from colretire.analysis.source import ParseFailure, Source, parse
from colretire.model import ColumnRef, ReferenceKind
from tests.analysis.helpers import code, found, summary, write

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
COLUMN = ColumnRef("tasks", "eta")


def test_every_kind_has_one_code_with_a_one_line_description() -> None:
    assert {code.kind for code in CODES} == set(ReferenceKind)
    assert len({code.code for code in CODES}) == len(CODES)
    assert all(code.description and "\n" not in code.description for code in CODES)


def test_excluded_and_always_skipped_directories(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/use.py": USE,
            "build/use.py": USE,
            ".venv/lib/use.py": USE,
            "node_modules/x/use.py": USE,
        },
    )
    paths = {r.path for r in scan(tmp_path, COLUMN, exclude=["build"]).references}
    assert paths == {"app/models.py", "app/use.py"}
    assert scan(tmp_path, COLUMN, exclude=["build"]).files_scanned == 2


def test_paths_limit_the_files_read(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE, "lib/use.py": USE})
    result = scan(tmp_path, COLUMN, [Path("app")])
    assert result.files_scanned == 2
    assert {r.path for r in result.references} == {"app/models.py", "app/use.py"}


def test_a_warm_run_does_not_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    cache = tmp_path / ".cache"
    cold = scan(tmp_path, COLUMN, cache_dir=cache)

    def refuse(path: str, data: bytes) -> Source:
        raise AssertionError(f"parsed {path} on a warm run")

    monkeypatch.setattr(scanner, "parse", refuse)
    warm = scan(tmp_path, COLUMN, cache_dir=cache)
    assert warm == cold
    assert len(cold.references) == 2


def test_touched_but_unchanged_files_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the stat snapshot, every step is keyed by content."""
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    cache = tmp_path / ".cache"
    cold = scan(tmp_path, COLUMN, cache_dir=cache)
    for path in (tmp_path / "app").iterdir():
        os.utime(path, ns=(1, 1))

    def refuse(path: str, data: bytes) -> Source:
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(scanner, "parse", refuse)
    assert scan(tmp_path, COLUMN, cache_dir=cache) == cold


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    cache = tmp_path / ".cache"
    assert len(scan(tmp_path, COLUMN, cache_dir=cache).references) == 2
    (tmp_path / "app/use.py").write_text(
        (tmp_path / "app/use.py").read_text() + "\ndef again(task: Task):\n    return task.eta\n"
    )
    assert len(scan(tmp_path, COLUMN, cache_dir=cache).references) == 3


def test_a_corrupt_cache_entry_is_a_miss(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    cache = tmp_path / ".cache"
    cold = scan(tmp_path, COLUMN, cache_dir=cache)
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert scan(tmp_path, COLUMN, cache_dir=cache) == cold


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths :func:`scanner.parse` is called with from now on."""
    paths: list[str] = []
    original = scanner.parse

    def recording(path: str, data: bytes) -> Source | ParseFailure:
        paths.append(path)
        return original(path, data)

    monkeypatch.setattr(scanner, "parse", recording)
    return paths


def _packs(cache: Path) -> list[Path]:
    return sorted((cache / "packs").glob("*.pack"))


def test_a_scan_writes_its_per_file_entries_as_one_pack(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS} | {f"app/use{i}.py": USE for i in range(5)})
    cache = tmp_path / ".cache"
    scan(tmp_path, COLUMN, cache_dir=cache)
    assert len(_packs(cache)) == 1
    assert not (cache / "facts").exists()
    assert not (cache / "refs").exists()


def test_a_changed_file_is_the_only_one_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"app/models.py": MODELS} | {f"app/use{i}.py": USE for i in range(3)})
    cache = tmp_path / ".cache"
    cold = scan(tmp_path, COLUMN, cache_dir=cache)
    changed = tmp_path / "app/use1.py"
    changed.write_text(changed.read_text() + "\ndef again(task: Task):\n    return task.eta\n")
    parsed = _parsed(monkeypatch)
    again = scan(tmp_path, COLUMN, cache_dir=cache)
    assert parsed == ["app/use1.py"]
    assert len(again.references) == len(cold.references) + 1


def test_packs_are_merged_when_they_pile_up_and_still_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "MAX_PACKS", 3)
    write(tmp_path, {"app/models.py": MODELS} | {f"app/use{i}.py": USE for i in range(3)})
    cache = tmp_path / ".cache"
    for round_ in range(6):
        (tmp_path / "app/use0.py").write_text(code(USE) + f"\nROUND = {round_}\n")
        scan(tmp_path, COLUMN, cache_dir=cache)
        assert 1 <= len(_packs(cache)) <= 3
    (tmp_path / "app/use2.py").write_text(code(USE) + "\nCHANGED = True\n")
    parsed = _parsed(monkeypatch)
    assert len(scan(tmp_path, COLUMN, cache_dir=cache).references) == 4
    assert parsed == ["app/use2.py"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_pack_is_a_miss(tmp_path: Path, damage: str) -> None:
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    cache = tmp_path / ".cache"
    cold = scan(tmp_path, COLUMN, cache_dir=cache)
    for kind in ("scan", "plan", "result"):  # so that the next scan needs per-file entries
        shutil.rmtree(cache / kind)
    for pack in _packs(cache):
        data = pack.read_bytes()
        damaged = {"garbage": b"x" * len(data), "truncated": data[: len(data) // 2], "empty": b""}
        pack.write_bytes(damaged[damage])
    assert scan(tmp_path, COLUMN, cache_dir=cache) == cold


def test_the_process_pool_finds_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"app/models.py": MODELS} | {f"app/use{i}.py": USE for i in range(30)}
    write(tmp_path, files)
    alone = found(tmp_path, "tasks.eta", jobs=1)
    monkeypatch.setattr(scanner, "POOL_MIN_BYTES", 0)
    pooled = found(tmp_path, "tasks.eta", jobs=2)
    assert summary(pooled) == summary(alone)
    assert len(alone) == 31


def test_summary_counts_what_keeps_the_column_in_use(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/use.py": USE,
            "app/bad.py": "def f(task):\n    return task.eta +\n",
            "m/env.py": "",
            "m/versions/1.py": 'from alembic import op\n\ndef upgrade():\n    op.drop_column("tasks", "eta")\n',
        },
    )
    summary_ = scan(tmp_path, COLUMN).summary()
    assert (summary_.references, summary_.files_scanned, summary_.unparsed_files) == (2, 5, 1)


@pytest.mark.parametrize(
    ("source", "line", "col"),
    [("x = (\n", 1, 5), ("def f(:\n    pass\n", 1, 7), ("a = 1\nb = 'é\n", 2, 5)],
)
def test_parse_failures_carry_the_error_position(source: str, line: int, col: int) -> None:
    failure = parse("f.py", source.encode())
    assert not isinstance(failure, Source)
    assert (failure.line, failure.col) == (line, col)


def test_the_public_surface_is_exactly_what_others_call() -> None:
    import colretire.analysis as analysis

    assert analysis.__all__ == sorted(analysis.__all__)
    assert set(analysis.__all__) == {
        "CODES", "Code", "ProjectIndex", "ScanResult", "build_index", "index_project", "scan",
    }  # fmt: skip
    assert all(hasattr(analysis, name) for name in analysis.__all__)


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ('"""Models of the field tasks domain."""\n__tablename__ = "jobs"\n', False),
        ("# all tasks live elsewhere\nx = 1\n", False),
        ("def f():\n    '''Close the tasks.'''\n", False),
        ('__tablename__ = "tasks"\n', True),
        ("__tablename__ = 'tasks'  # tasks\n", True),
        ('t = Table(\n    """tasks""", metadata)\n', True),
        ('"""Docs."""\nid = Column(ForeignKey("tasks.id"))\n', True),
        ('"""Docs."""\nid = Column(ForeignKey("public.tasks.id"))\n', True),
        ('"""Docs."""\nid = Column(ForeignKey(tasks.c.id))  # tasks\n', True),
        ('"""See "tasks"."""\n', True),
        ('x = "# not a comment"; tasks = 1\n', True),
        ('label = "open tasks"\n', True),
        ('x = r"\\"" # tasks\n', False),
        ('"""x""" # """\ntasks = 1\n', True),
        ("'''left open, tasks\n", True),
        ("subtasks = 1  # tasks_x\n", False),
    ],
)
def test_a_table_named_only_in_prose_is_not_named(source: str, named: bool) -> None:
    assert scanner.names_table(source.encode(), b"tasks") is named


def test_phase_one_parses_no_file_that_names_the_table_only_in_prose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model file of another table that mentions ``tasks`` in its docstring cannot declare
    the column; the table's own model, whose column comes from a mixin elsewhere, can."""
    write(
        tmp_path,
        {
            "app/base.py": """
                from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

                class Base(DeclarativeBase):
                    pass

                class EtaMixin:
                    eta: Mapped[int | None] = mapped_column()
            """,
            "app/models.py": """
                from app.base import Base, EtaMixin

                class Task(EtaMixin, Base):
                    __tablename__ = "tasks"
            """,
            "app/other.py": '''
                """Models of the field tasks domain."""
                from sqlalchemy.orm import Mapped, mapped_column
                from app.base import Base

                class FieldJob(Base):
                    __tablename__ = "field_jobs"  # not tasks
                    id: Mapped[int] = mapped_column(primary_key=True)
            ''',
            "app/use.py": USE,
        },
    )
    parsed: list[str] = []
    original = scanner.parse

    def recording(path: str, data: bytes) -> Source | ParseFailure:
        parsed.append(path)
        return original(path, data)

    monkeypatch.setattr(scanner, "parse", recording)
    refs = scan(tmp_path, COLUMN, jobs=1).references
    assert {(r.path, r.code) for r in refs} == {("app/base.py", "CR101"), ("app/use.py", "CR103")}
    assert "app/models.py" in parsed
    assert "app/other.py" not in parsed


def test_a_scan_answered_from_its_cache_imports_no_parser(tmp_path: Path) -> None:
    """The index, the target and the finder load only when a scan parses: ``colretire refs``
    on an unchanged tree answers without them."""
    write(tmp_path, {"app/models.py": MODELS, "app/use.py": USE})
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from colretire.analysis import scan\n"
        "from colretire.model import ColumnRef\n"
        "root = Path(sys.argv[1])\n"
        "scan(root, ColumnRef('tasks', 'eta'), cache_dir=root / '.cache')\n"
        "print(sorted(m for m in sys.modules if m.startswith('colretire.analysis.')))\n"
    )
    command = [sys.executable, "-c", program, str(tmp_path)]
    runs = [subprocess.run(command, capture_output=True, text=True, check=True).stdout]
    runs.append(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert "colretire.analysis.finder" in runs[0]  # cold: parsed
    for module in ("facts", "finder", "index", "infer", "target"):
        assert f"colretire.analysis.{module}'" not in runs[1]


def test_a_module_that_runs_alembic_is_code_not_a_migration(tmp_path: Path) -> None:
    # Optuna's storage module imports alembic.command to upgrade its schema, beside the models.
    runner = """
        import alembic.command
        import alembic.config
        from app.models import Task

        def eta(task: Task):
            return task.eta
    """
    migration = """
        from alembic import op

        def upgrade():
            op.add_column("tasks", "eta")
    """
    write(tmp_path, {"app/models.py": MODELS, "app/storage.py": runner, "app/m.py": migration})
    kinds = {(r.path, r.kind) for r in scan(tmp_path, COLUMN).references}
    assert ("app/storage.py", ReferenceKind.INSTANCE_ATTRIBUTE) in kinds
    assert ("app/m.py", ReferenceKind.MIGRATION) in kinds


def test_copies_of_a_module_are_parsed_once_for_their_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Facts depend on a file's content alone: two vendored copies of one library that the
    code imports are read once, and both are known (the task each helper returns is typed)."""
    helpers = """
        from app.models import Task

        def load(session, ident) -> Task:
            return session.get(Task, ident)
    """
    use = """
        from vendor_a.helpers import load
        from vendor_b.helpers import load as load_again

        def etas(session):
            return load(session, 1).eta, load_again(session, 2).eta
    """
    files = {"app/models.py": MODELS, "app/use.py": use}
    files |= {"vendor_a/helpers.py": helpers, "vendor_b/helpers.py": helpers}
    write(tmp_path, files)
    for package in ("app", "vendor_a", "vendor_b"):
        (tmp_path / package / "__init__.py").write_text("")
    parsed = _parsed(monkeypatch)
    references = found(tmp_path, "tasks.eta", jobs=1)
    assert len([p for p in parsed if p.endswith("/helpers.py")]) == 1
    uses = [r for r in references if r.path == "app/use.py"]
    assert [(r.line, r.confidence.value) for r in uses] == [(5, "certain"), (5, "certain")]


def test_the_imports_of_files_that_cannot_reach_the_models_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vendored tool that says ``eta`` and imports only its own helpers cannot reach the
    models: it is not analysed, and the modules it imports are not read for the finder's
    world either (a vendored standard library's were most of a big tree's typing phase)."""
    tool = """
        from tools.clock import now

        def eta(job):
            return now() + job.eta
    """
    clock = """
        import time

        def now() -> float:
            return time.time()
    """
    files = {"app/models.py": MODELS, "app/use.py": USE, "tools/run.py": tool}
    write(tmp_path, files | {"tools/clock.py": clock})
    for package in ("app", "tools"):
        (tmp_path / package / "__init__.py").write_text("")
    parsed = _parsed(monkeypatch)
    result = scan(tmp_path, COLUMN, jobs=1)
    assert not [p for p in parsed if p.startswith("tools/")]
    assert [(r.path, r.line) for r in result.references if r.kind.value != "declaration"] == [
        ("app/use.py", 4)
    ]
    excluded = {(o.line, str(o.reason)) for o in result.exclusions if o.path == "tools/run.py"}
    assert excluded == {(3, "unreachable"), (4, "unreachable")}


def test_the_cache_is_keyed_on_every_module_of_the_analysis() -> None:
    # An entry written by other code is never read back: an edit to any judge of the
    # finder (a subpackage of the analysis) must change the key, as one to the SQL reader.
    import pkgutil

    import colretire.analysis
    import colretire.sql
    from colretire.analysis import cache

    package = Path(colretire.analysis.__file__).parents[1]
    keyed = set(cache._code_files(package))
    for root in (colretire.analysis, colretire.sql):
        for module in pkgutil.walk_packages(root.__path__, f"{root.__name__}."):
            spec = module.module_finder.find_spec(module.name.rpartition(".")[2], None)
            assert spec is not None and spec.origin is not None
            assert Path(spec.origin) in keyed, module.name
