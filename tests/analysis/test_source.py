"""Files that cannot even be decoded are findings (CR001), not crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from colretire import analysis
from colretire.model import ColumnRef, ReferenceKind

MODEL = (
    "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
    "class Base(DeclarativeBase):\n    pass\n\n\n"
    "class Task(Base):\n    __tablename__ = 'tasks'\n\n"
    "    id: Mapped[int] = mapped_column(primary_key=True)\n"
    "    eta: Mapped[int | None] = mapped_column()\n"
)


@pytest.mark.parametrize(
    "data",
    [
        b"# -*- coding: no-such-codec -*-\nx = task.eta  # caf\xe9\n",
        b"\xff\xfe task.eta = 1\n",
        b"# coding: latin-1\nx = task.eta  # caf\xe9\n",
    ],
    ids=["unknown codec", "invalid utf-8", "latin-1 cookie"],
)
def test_an_undecodable_file_is_a_finding_and_the_scan_goes_on(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "models.py").write_text(MODEL)
    (tmp_path / "odd.py").write_bytes(data)
    result = analysis.scan(tmp_path, ColumnRef("tasks", "eta"), [tmp_path])
    kinds = {ref.path: ref.kind for ref in result.references}
    assert kinds["models.py"] is ReferenceKind.DECLARATION
    unexplained = [o.path for o in result.unexplained]
    if data.startswith(b"# coding: latin-1"):
        # decoded as its cookie says: task.eta on an object of unknown type, likely the
        # model's (no other class has an eta)
        assert kinds["odd.py"] is ReferenceKind.INSTANCE_ATTRIBUTE
        assert unexplained == []
    else:
        assert kinds["odd.py"] is ReferenceKind.PARSE_ERROR
        assert unexplained == ["odd.py"]  # its occurrence of the name cannot be judged
