"""A key written into a dict with a value read, under the same name, from a row of another
table's model (``d["options"] = source.options.to_dict()``) follows that row, as the key of a
dict literal does (``{"options": source.options}``): retiring ``destinations.options``, it
is ``sources.options``. The shape is two models that each describe themselves as a dict."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import JSON, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Source(Base):
        __tablename__ = "sources"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String)
        options: Mapped[dict] = mapped_column(JSON)


    class Destination(Base):
        __tablename__ = "destinations"
        id: Mapped[int] = mapped_column(primary_key=True)
        options: Mapped[dict] = mapped_column(JSON)
"""

VIEWS = """
    from app.models import Source


    def describe(source: Source, full):
        d = {"id": source.id, "name": source.name}
        if full:
            d["options"] = source.options.copy()
        return d


    def describe_any(source, full):
        d = {"id": source.id}
        if full:
            d["options"] = source.options.copy()
        return d
"""


def test_a_key_written_with_another_models_value_follows_it(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": VIEWS})
    source = files["app/views.py"]
    rows = [r for r in accounted(tmp_path, "destinations.options", skip="app/models.py")]
    assert [r for r in rows if r[1] == at(source, 'd["^options"]')[0]] == [
        ("app/views.py", *at(source, 'd["^options"]'), "excluded: other-table"),
        ("app/views.py", *at(source, "source.^options"), "excluded: other-table"),
    ]


def test_a_key_written_with_an_unknown_objects_value_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: ``source`` may be anything, a ``Destination`` among them."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": VIEWS})
    source = files["app/views.py"]
    rows = accounted(tmp_path, "destinations.options", skip="app/models.py")
    line = at(source, 'd["^options"]', nth=2)[0]
    assert [r[3] for r in rows if r[1] == line] == ["unexplained", "unexplained"]
