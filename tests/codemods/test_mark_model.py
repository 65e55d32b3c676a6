"""``deprecate --mark``'s model edit: mark_deprecated_in_model on a project's files."""

from __future__ import annotations

from pathlib import Path

from colretire.model import ColumnRef
from colretire.rewrite import mark_deprecated, mark_deprecated_in_model

COLUMN = ColumnRef("tasks", "expected_completion_time")
MODELS = """\
from sqlalchemy import Column, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fee = Column(Integer)
"""


class Index:
    """Stands for analysis.ProjectIndex: where the models declare a column."""

    def __init__(self, locations: dict[ColumnRef, tuple[str, int]]) -> None:
        self.locations = locations

    def model_location(self, column: ColumnRef) -> tuple[str, int] | None:
        return self.locations.get(column)


def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(MODELS)
    return tmp_path


def test_the_model_is_marked_and_the_diff_returned(tmp_path: Path) -> None:
    root = project(tmp_path)
    diff = mark_deprecated_in_model(root, COLUMN, Index({COLUMN: ("app/models.py", 13)}))
    assert diff == (
        "--- a/app/models.py\n"
        "+++ b/app/models.py\n"
        "@@ -10,5 +10,6 @@\n"
        '     __tablename__ = "tasks"\n'
        " \n"
        "     id: Mapped[int] = mapped_column(Integer, primary_key=True)\n"
        "-    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)\n"
        "+    # colretire: deprecated, see state/columns.toml\n"
        "+    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True, deferred=True)\n"
        "     fee = Column(Integer)\n"
    )
    assert "deferred=True" in (root / "app" / "models.py").read_text()


def test_marking_again_returns_none_and_changes_nothing(tmp_path: Path) -> None:
    root = project(tmp_path)
    index = Index({COLUMN: ("app/models.py", 13)})
    mark_deprecated_in_model(root, COLUMN, index)
    once = (root / "app" / "models.py").read_text()
    assert mark_deprecated_in_model(root, COLUMN, index) is None
    assert (root / "app" / "models.py").read_text() == once


def test_a_column_the_models_do_not_declare_is_none(tmp_path: Path) -> None:
    assert mark_deprecated_in_model(project(tmp_path), COLUMN, Index({})) is None


def test_a_classic_column_and_the_configured_state_path(tmp_path: Path) -> None:
    root = project(tmp_path)
    fee = ColumnRef("tasks", "fee")
    marked = mark_deprecated(
        root, fee, Index({fee: ("app/models.py", 14)}), state_path="db/retire.toml", write=False
    )
    assert marked is not None and marked.warnings == ()
    assert "+    # colretire: deprecated, see db/retire.toml\n" in marked.diff
    assert "+    fee = deferred(Column(Integer))\n" in marked.diff
    assert (
        "+from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column\n"
        in marked.diff
    )
    assert (root / "app" / "models.py").read_text() == MODELS  # write=False
