"""A list of names read off a model one by one: ``for col in cols: getattr(self, col)``
makes each name of the list an attribute of the model."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, UnicodeText
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Resource(Base):
        __tablename__ = "resource"

        id = Column(UnicodeText, primary_key=True)
        url = Column(UnicodeText)
        resource_group_id = Column(UnicodeText)
        position = Column(Integer)

        def get_columns(self):
            return ["url"]

        def as_dict(self, core_columns_only=False):
            _dict = {}
            cols = self.get_columns()
            if not core_columns_only:
                cols = ["id", "resource_group_id"] + cols + ["position"]
            for col in cols:
                _dict[col] = getattr(self, col)
            return _dict


    class Package(Base):
        __tablename__ = "package"

        id = Column(UnicodeText, primary_key=True)
        resource_group_id = Column(UnicodeText)

        def as_dict(self):
            cols = ["id", "resource_group_id"]
            return {col: getattr(self, col) for col in cols}

        def update(self, values):
            for col in ["id", "resource_group_id"]:
                setattr(self, col, values[col])
"""


def test_names_given_one_by_one_to_getattr_on_the_model(tmp_path: Path) -> None:
    """``Resource.as_dict`` reads each name of ``["id", "resource_group_id"] + cols`` with
    ``getattr(self, col)``: ``"resource_group_id"`` is the column. ``Package``'s lists are
    read off a ``Package`` (another table): not ``resource.resource_group_id``."""
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS})
    models = files["app/models.py"]
    rows = accounted(tmp_path, "resource.resource_group_id")
    ours = at(models, 'cols = ["id", ^"resource_group_id"] + cols')
    assert ("app/models.py", *ours, "CR106 certain") in rows
    for snippet in ('cols = ["id", ^"resource_group_id"]\n', 'in ["id", ^"resource_group_id"]'):
        line, _ = at(models, snippet)
        assert not any(r[:2] == ("app/models.py", line) and "certain" in r[3] for r in rows)


def test_names_given_one_by_one_to_setattr_on_a_typed_parameter(tmp_path: Path) -> None:
    """``for col in ("resource_group_id", "id"): setattr(resource, col, ...)`` with
    ``resource: Resource`` sets the column; the same loop on a ``Package`` does not."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/save.py": """
        from app.models import Package, Resource


        def resource_save(resource: Resource, data: dict) -> None:
            for col in ("resource_group_id", "id"):
                setattr(resource, col, data.get(col))


        def package_save(package: Package, data: dict) -> None:
            for col in ("id", "resource_group_id"):
                setattr(package, col, data.get(col))
    """,
        },
    )
    save = files["app/save.py"]
    rows = accounted(tmp_path, "resource.resource_group_id", skip="app/models.py")
    assert ("app/save.py", *at(save, '(^"resource_group_id", "id")'), "CR106 certain") in rows
    line, _ = at(save, '("id", ^"resource_group_id")')
    assert [r[3] for r in rows if r[:2] == ("app/save.py", line)] in (
        ["unexplained"],
        ["excluded: other-table"],
    )
