"""The scan's machinery: discovery, the cache, the process pool, and the table of codes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from colretire.analysis import CODES, scan, scanner
from colretire.analysis.source import Source, parse
from colretire.model import ColumnRef, ReferenceKind
from tests.analysis.helpers import found, summary, write

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
