"""The project-level rewrite with hand-written references: the diff, the rule that the model
attribute goes last and only when inserts survive it, and writing all files or none."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import libcst as cst
import pytest

from colretire import rewrite as rewriting
from colretire import transaction
from colretire.errors import ColretireError, Refused, WriteError
from colretire.model import ColumnDefinition, ColumnRef, Confidence, Reference, ReferenceKind
from colretire.rewrite import FileRewrite, RewriteResult, plan_rewrite, write_files
from tests.codemods.helpers import at, code

K = ReferenceKind
COLUMN = ColumnRef("tasks", "expected_completion_time")
NULLABLE = ColumnDefinition("Integer", nullable=True)
NOT_NULL = ColumnDefinition("Integer", nullable=False)

FILES = {
    "app/models.py": code(
        """
        from sqlalchemy import Integer
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class Task(Base):
            __tablename__ = "tasks"

            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
        """
    ),
    "app/schemas.py": code(
        """
        from pydantic import BaseModel, Field


        class TaskOut(BaseModel):
            id: int
            expected_completion_time: int | None = Field(default=None, ge=0)
        """
    ),
    "app/routes.py": code(
        """
        from app.models import Task


        def create(session, payload) -> Task:
            task = Task(id=payload.id, expected_completion_time=payload.eta)
            session.add(task)
            return task
        """
    ),
}
REFS = [
    ("app/models.py", "^expected_completion_time: Mapped", K.DECLARATION),
    ("app/schemas.py", "^expected_completion_time: int", K.SCHEMA_FIELD),
    ("app/routes.py", "^expected_completion_time=payload", K.KEYWORD),
]


def make(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def references(
    files: dict[str, str], refs: list[tuple[str, str, ReferenceKind]]
) -> list[Reference]:
    found = []
    for path, snippet, kind in refs:
        line, col = at(files[path], snippet)
        found.append(Reference(path, line, col, kind, Confidence.CERTAIN, "CR100", "use"))
    return found


@pytest.fixture
def root(tmp_path: Path) -> Path:
    make(tmp_path, FILES)
    return tmp_path


def test_the_diff_removes_every_use_and_writes_nothing(root: Path) -> None:
    result = plan_rewrite(root, COLUMN, references(FILES, REFS), definition=NULLABLE)
    assert result.diff == (
        "--- a/app/models.py\n"
        "+++ b/app/models.py\n"
        "@@ -10,4 +10,3 @@\n"
        '     __tablename__ = "tasks"\n'
        " \n"
        "     id: Mapped[int] = mapped_column(Integer, primary_key=True)\n"
        "-    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)\n"
        "--- a/app/routes.py\n"
        "+++ b/app/routes.py\n"
        "@@ -2,6 +2,6 @@\n"
        " \n"
        " \n"
        " def create(session, payload) -> Task:\n"
        "-    task = Task(id=payload.id, expected_completion_time=payload.eta)\n"
        "+    task = Task(id=payload.id)\n"
        "     session.add(task)\n"
        "     return task\n"
        "--- a/app/schemas.py\n"
        "+++ b/app/schemas.py\n"
        "@@ -1,6 +1,5 @@\n"
        "-from pydantic import BaseModel, Field\n"
        "+from pydantic import BaseModel\n"
        " \n"
        " \n"
        " class TaskOut(BaseModel):\n"
        "     id: int\n"
        "-    expected_completion_time: int | None = Field(default=None, ge=0)\n"
    )
    assert len(result.removed) == 3 and result.manual == ()
    assert {p: (root / p).read_text() for p in FILES} == FILES


def test_write_applies_exactly_the_diff(root: Path) -> None:
    result = plan_rewrite(root, COLUMN, references(FILES, REFS), definition=NULLABLE)
    write_files(root, result)
    for rewritten in result.files:
        assert (root / rewritten.path).read_text() == rewritten.after
    assert "expected_completion_time" not in (root / "app/models.py").read_text()


def test_a_not_null_column_without_server_default_is_refused(root: Path) -> None:
    with pytest.raises(Refused) as refused:
        plan_rewrite(root, COLUMN, references(FILES, REFS), definition=NOT_NULL)
    assert refused.value.message == (
        "refusing to remove the model attribute of tasks.expected_completion_time: it is NOT "
        "NULL without a server default, so inserts that leave it out would fail; first make "
        "it nullable with: colretire relax tasks.expected_completion_time (apply that "
        "migration), then run rewrite again"
    )


def test_a_server_default_is_enough_and_uses_alone_need_no_definition(root: Path) -> None:
    with_default = ColumnDefinition("Integer", nullable=False, server_default="'0'")
    assert plan_rewrite(root, COLUMN, references(FILES, REFS), definition=with_default).diff
    uses = references(FILES, REFS[1:])
    assert len(plan_rewrite(root, COLUMN, uses, definition=None).removed) == 2


def test_the_model_attribute_stays_while_a_use_is_left_for_a_person(root: Path) -> None:
    files = {
        **FILES,
        "app/report.py": "def hours(task):\n    return task.expected_completion_time / 60\n",
    }
    make(root, files)
    refs = [*REFS, ("app/report.py", "task.^expected_completion_time", K.INSTANCE_ATTRIBUTE)]
    result = plan_rewrite(root, COLUMN, references(files, refs), definition=NOT_NULL)
    assert [f.path for f in result.changed] == [
        "app/models.py",  # marked
        "app/report.py",
        "app/routes.py",
        "app/schemas.py",
    ]
    assert [(m.reference.path, m.reason) for m in result.manual] == [
        (
            "app/models.py",
            "the model attribute stays until the 1 use(s) left for a person are removed; "
            "then run rewrite again",
        ),
        ("app/report.py", "used in arithmetic"),
    ]


REPORT = code(
    """
    from app.schemas import TaskOut


    def hours(out: TaskOut) -> float:
        return out.expected_completion_time / 60


    def sample() -> TaskOut:
        return TaskOut(id=1, expected_completion_time=90)
    """
)
SCHEMA_USES = [
    ("app/schemas.py", "^expected_completion_time: int", K.SCHEMA_FIELD),
    ("app/report.py", "out.^expected_completion_time", K.INSTANCE_ATTRIBUTE),
    ("app/report.py", "^expected_completion_time=90", K.KEYWORD),
]


def test_a_schema_field_stays_while_a_read_of_it_is_left_by_the_name_the_finder_gives(
    root: Path,
) -> None:
    """``out.expected_completion_time / 60`` reads TaskOut's field and is left for a person
    (arithmetic). Each reference names the schema field it is about (``schema_field``; their
    messages here say nothing): the field stays, and so does the keyword that fills it, both
    marked for a later run."""
    make(root, {**FILES, "app/report.py": REPORT})
    field = "expected_completion_time"
    refs = [
        replace(r, schema_field=field)
        for r in references(FILES | {"app/report.py": REPORT}, SCHEMA_USES)
    ]
    result = plan_rewrite(root, COLUMN, refs, definition=NULLABLE)
    assert result.removed == ()
    held = "schema fields of this name stay while a use of one is left for a person"
    assert [(m.reference.path, m.reference.line, m.reason) for m in result.manual] == [
        ("app/report.py", 5, "used in arithmetic"),
        ("app/report.py", 9, held),
        ("app/schemas.py", 6, held),
    ]
    later = "# colretire: remove tasks.expected_completion_time once the uses marked for a person"
    schemas = next(f.after for f in result.files if f.path == "app/schemas.py")
    assert f"    {later} are gone\n    expected_completion_time: int | None" in schemas


def test_a_left_read_that_names_no_schema_field_holds_none(root: Path) -> None:
    """The same references with no ``schema_field``: nothing ties the read left in place to
    TaskOut's field, so the field and the keyword go (the read stays, marked)."""
    make(root, {**FILES, "app/report.py": REPORT})
    refs = references(FILES | {"app/report.py": REPORT}, SCHEMA_USES)
    result = plan_rewrite(root, COLUMN, refs, definition=NULLABLE)
    assert [(r.path, r.line) for r in result.removed] == [
        ("app/report.py", 9),
        ("app/schemas.py", 6),
    ]
    assert [(m.reference.path, m.reason) for m in result.manual] == [
        ("app/report.py", "used in arithmetic")
    ]


def test_a_file_whose_rewrite_would_not_parse_stops_every_write(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = SimpleNamespace(code="x = 1x\n")  # stands for a codemod that went wrong
    real = rewriting.apply_plan

    def apply(module: cst.Module, *args: object) -> object:
        new, missed = real(module, *args)  # type: ignore[arg-type]
        return (broken, missed) if "TaskOut" in module.code else (new, missed)

    monkeypatch.setattr(rewriting, "apply_plan", apply)
    result = plan_rewrite(root, COLUMN, references(FILES, REFS), definition=NULLABLE)
    assert [(f.path, f.error) for f in result.errors] == [
        ("app/schemas.py", "the rewritten file does not compile (line 1: invalid decimal literal)")
    ]
    with pytest.raises(ColretireError, match=r"nothing was written: app/schemas\.py"):
        write_files(root, result)
    assert {p: (root / p).read_text() for p in FILES} == FILES


def test_a_failed_rename_puts_back_the_files_already_replaced(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = plan_rewrite(root, COLUMN, references(FILES, REFS), definition=NULLABLE)
    real = os.replace
    calls: list[str] = []

    def replace(source: str, target: str) -> None:
        calls.append(str(target))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(transaction.os, "replace", replace)
    with pytest.raises(WriteError, match="no space left on the device; nothing was changed"):
        write_files(root, result)
    monkeypatch.undo()
    assert {p: (root / p).read_text() for p in FILES} == FILES
    assert sorted(p.name for p in (root / "app").iterdir()) == [
        "models.py",
        "routes.py",
        "schemas.py",
    ]
    assert transaction.journals(root) == []


def test_a_file_changed_since_it_was_read_is_not_overwritten(root: Path) -> None:
    result = plan_rewrite(root, COLUMN, references(FILES, REFS), definition=NULLABLE)
    (root / "app/schemas.py").write_text(FILES["app/schemas.py"] + "# edited\n")
    with pytest.raises(ColretireError, match=r"app/schemas\.py changed since colretire read it"):
        write_files(root, result)
    assert (root / "app/models.py").read_text() == FILES["app/models.py"]


def test_crlf_and_a_missing_final_newline_are_kept(tmp_path: Path) -> None:
    text = "class TaskOut(BaseModel):\r\n    id: int\r\n    expected_completion_time: int"
    (tmp_path / "s.py").write_bytes(text.encode())
    line, col = 3, 5
    refs = [Reference("s.py", line, col, K.SCHEMA_FIELD, Confidence.CERTAIN, "CR105", "f")]
    result = plan_rewrite(tmp_path, COLUMN, refs, definition=None)
    write_files(tmp_path, result)
    assert (tmp_path / "s.py").read_bytes() == b"class TaskOut(BaseModel):\r\n    id: int"


def test_no_change_is_an_empty_diff_and_writes_nothing(root: Path) -> None:
    result = RewriteResult(COLUMN, (FileRewrite("app/models.py", "x\n", "x\n"),))
    assert result.diff == "" and result.changed == ()
    write_files(root, result)
    assert (root / "app/models.py").read_text() == FILES["app/models.py"]
