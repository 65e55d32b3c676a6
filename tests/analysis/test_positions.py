"""The position contract, checked against libcst itself: for every reference the corpus
produces, libcst's ``PositionProvider`` has a node of the promised type starting exactly there
(the scan parses with :mod:`ast` and converts; the codemods find nodes through libcst)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from colretire.analysis import scan
from colretire.model import ColumnRef, ReferenceKind
from tests.analysis.corpus_labels import columns, projects

STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
#: The libcst node a reference of each kind points at.
NODE_OF_KIND: dict[ReferenceKind, tuple[type[cst.CSTNode], ...]] = {
    ReferenceKind.DECLARATION: (cst.Name, cst.Call),
    ReferenceKind.CLASS_ATTRIBUTE: (cst.Name,),
    ReferenceKind.INSTANCE_ATTRIBUTE: (cst.Name,),
    ReferenceKind.RELATIONSHIP: (cst.Name, *STRINGS),
    ReferenceKind.WRAPPER: (cst.Name,),
    ReferenceKind.COMPOSITE: (cst.Name,),
    ReferenceKind.KEYWORD: (cst.Name,),
    ReferenceKind.SCHEMA_FIELD: (cst.Name,),
    ReferenceKind.STRING: STRINGS,
    ReferenceKind.RAW_SQL: STRINGS,
    ReferenceKind.MIGRATION: (cst.Call,),
}


def _starts(path: Path) -> dict[tuple[int, int], set[type[cst.CSTNode]]]:
    wrapper = MetadataWrapper(cst.parse_module(path.read_text()))
    found: dict[tuple[int, int], set[type[cst.CSTNode]]] = defaultdict(set)
    for node, where in wrapper.resolve(PositionProvider).items():
        found[(where.start.line, where.start.column + 1)].add(type(node))
    return found


@pytest.mark.parametrize("project", projects(), ids=lambda p: p.name)
def test_every_position_is_a_libcst_node_of_its_kind(project: Path) -> None:
    checked = 0
    for column in columns(project):
        for ref in scan(project, ColumnRef.parse(column), jobs=1).references:
            if ref.kind is ReferenceKind.PARSE_ERROR:
                continue
            starts = _starts(project / ref.path)
            kinds = starts.get((ref.line, ref.col), set())
            assert kinds & set(NODE_OF_KIND[ref.kind]), (
                f"{ref.path}:{ref.line}:{ref.col} {ref.kind}: {kinds}"
            )
            checked += 1
    assert checked > 0


def test_non_ascii_columns_are_counted_in_characters(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "from sqlalchemy.orm import Mapped, mapped_column\n"
        "class Task(Base):\n"
        '    __tablename__ = "tasks"\n'
        "    eta: Mapped[int] = mapped_column()\n"
        "def f(task: Task):\n"
        '    return ("é", task.eta)\n'
    )
    refs = [r for r in scan(tmp_path, ColumnRef.parse("tasks.eta")).references if r.line == 6]
    assert [(r.line, r.col) for r in refs] == [(6, 23)]
    assert _starts(tmp_path / "m.py")[(6, 23)] & {cst.Name}
