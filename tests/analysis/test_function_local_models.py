"""A model declared in a function's body (a factory, ``def make_models(Base): class
Task(Base): ...``) is no class of the module, whatever its name: its columns and the
columns its ``__table_args__`` list are not those of a module-level class of the same
name, which may map another table. The index does not read such a class, so its words are
left unexplained, never excluded as another table's (nor claimed for that table)."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef
from tests.analysis.helpers import at, write

FACTORY = """
    def make_models(Base):
        class Task(Base):
            __tablename__ = "tasks"
            id = Column(Integer, primary_key=True)
            status = Column(String)
            name = Column(String)
            __table_args__ = (
                Index("ix_tasks_status", "status"),
                UniqueConstraint("status", "name"),
                CheckConstraint("status IN ('open', 'done')"),
            )

        return Task
"""

HEADER = """
    from sqlalchemy import CheckConstraint, Column, Index, Integer, String, UniqueConstraint
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()
"""

#: A module-level class of the same name, on another table.
LEGACY = """

    class Task(Base):
        __tablename__ = "legacy_tasks"
        id = Column(Integer, primary_key=True)
        status = Column(String)
        __table_args__ = (Index("ix_legacy_status", "status"),)
"""


def _words(source: str) -> dict[str, tuple[int, int]]:
    """The positions of the factory's words of ``status``."""
    return {
        "declaration": at(source, "        ^status = Column(String)\n        name"),
        "index": at(source, 'Index("ix_tasks_status", "^status")'),
        "unique": at(source, 'UniqueConstraint("^status"'),
        "check": at(source, 'CheckConstraint("^status'),
    }


def _rows(tmp_path: Path, column: str) -> dict[tuple[int, int], str]:
    """Each word of the column's names in app/models.py: ``reference (certain)``,
    ``excluded: reason`` or ``unexplained``."""
    result = scan(tmp_path, ColumnRef.parse(column))
    confidence = {(r.line, r.col): str(r.confidence) for r in result.references}
    rows = {}
    for o in result.occurrences:
        if o.path != "app/models.py":
            continue
        if o.reason is not None:
            rows[(o.line, o.col)] = f"excluded: {o.reason}"
        else:
            rows[(o.line, o.col)] = str(o.tier.value)
    # a string's reference stands at its literal, a word's first character before it
    for (line, col), tier in list(rows.items()):
        if tier == "reference":
            rows[(line, col)] += (
                f" ({confidence.get((line, col), confidence.get((line, col - 1)))})"
            )
    return rows


def _tiers(tmp_path: Path, column: str, source: str) -> dict[str, str]:
    rows = _rows(tmp_path, column)
    return {name: rows[position] for name, position in _words(source).items()}


def test_a_factory_s_model_beside_a_module_class_of_its_name_is_not_that_class(
    tmp_path: Path,
) -> None:
    files = write(tmp_path, {"app/models.py": HEADER + LEGACY + "\n" + FACTORY})
    source = files["app/models.py"]
    for where in _tiers(tmp_path, "tasks.status", source).values():
        assert not where.startswith("excluded"), where
    # nor are they the module-level class's own columns
    for where in _tiers(tmp_path, "legacy_tasks.status", source).values():
        assert "certain" not in where, where


def test_the_module_class_s_own_words_are_still_its_table_s(tmp_path: Path) -> None:
    """The near miss: the module-level ``Task`` maps legacy_tasks, and its words are that
    table's, for the factory's column as before."""
    files = write(tmp_path, {"app/models.py": HEADER + LEGACY + "\n" + FACTORY})
    source = files["app/models.py"]
    rows = _rows(tmp_path, "tasks.status")
    assert rows[at(source, "    ^status = Column(String)\n    __table_args__")] == (
        "excluded: other-table"
    )
    assert rows[at(source, 'Index("ix_legacy_status", "^status")')] == "excluded: other-table"
    rows = _rows(tmp_path, "legacy_tasks.status")
    assert rows[at(source, 'Index("ix_legacy_status", "^status")')] == "reference (certain)"


def test_a_factory_s_model_alone_is_left_unexcluded(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": HEADER + "\n" + FACTORY})
    tiers = _tiers(tmp_path, "tasks.status", files["app/models.py"])
    for where in tiers.values():
        assert not where.startswith("excluded"), where
