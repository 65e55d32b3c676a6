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


CORE_COLUMNS = """
    from sqlalchemy import Column, MetaData, Table, UnicodeText
    from sqlalchemy.orm import registry

    metadata = MetaData()
    mapper_registry = registry()

    CORE_RESOURCE_COLUMNS = ["url", "format", "webstore_url", "webstore_last_updated"]
    PACKAGE_COLUMNS = ["name", "webstore_url"]

    resource_table = Table(
        "resource",
        metadata,
        Column("id", UnicodeText, primary_key=True),
        Column("url", UnicodeText),
        Column("format", UnicodeText),
        Column("webstore_url", UnicodeText),
        Column("webstore_last_updated", UnicodeText),
    )
    package_table = Table(
        "package",
        metadata,
        Column("id", UnicodeText, primary_key=True),
        Column("name", UnicodeText),
        Column("webstore_url", UnicodeText),
    )


    class Resource:
        def __init__(self, url="", format="", **kwargs):
            self.url = url
            self.format = format
            base_columns = ["url", "format"]
            for key in set(CORE_RESOURCE_COLUMNS) - set(base_columns):
                setattr(self, key, kwargs.pop(key, None))


    class Package:
        def __init__(self, **kwargs):
            for key in PACKAGE_COLUMNS:
                setattr(self, key, kwargs.pop(key, None))


    mapper_registry.map_imperatively(Resource, resource_table)
    mapper_registry.map_imperatively(Package, package_table)
"""


def test_a_module_s_list_a_method_of_the_model_sets_one_by_one(tmp_path: Path) -> None:
    """``CORE_RESOURCE_COLUMNS`` is bound at the top of the module, and the model's own
    ``__init__`` sets every name of it but the base ones, ``for key in
    set(CORE_RESOURCE_COLUMNS) - set(base_columns): setattr(self, key, ...)``: its
    ``"webstore_url"`` is the column. ``PACKAGE_COLUMNS``, which ``Package`` sets on
    itself, names the package's."""
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": CORE_COLUMNS})
    models = files["app/models.py"]
    rows = accounted(tmp_path, "resource.webstore_url")
    assert ("app/models.py", *at(models, '"format", ^"webstore_url"'), "CR106 certain") in rows
    line, _ = at(models, 'PACKAGE_COLUMNS = ["name", ^"webstore_url"]')
    assert not any(r[:2] == ("app/models.py", line) and "certain" in r[3] for r in rows)


def test_a_difference_that_takes_the_name_out_does_not_set_it(tmp_path: Path) -> None:
    """Near miss: ``set(CORE_RESOURCE_COLUMNS) - {"webstore_url"}`` takes the name out of
    what the loop sets, and a method that binds a list of the same name sets its own."""
    source = CORE_COLUMNS.replace(
        "set(CORE_RESOURCE_COLUMNS) - set(base_columns)",
        'set(CORE_RESOURCE_COLUMNS) - {"webstore_url"}',
    ).replace(
        "            for key in PACKAGE_COLUMNS:",
        '            CORE_RESOURCE_COLUMNS = ["name"]\n            for key in CORE_RESOURCE_COLUMNS:',
    )
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": source})
    models = files["app/models.py"]
    rows = accounted(tmp_path, "resource.webstore_url")
    line, _ = at(models, '"format", ^"webstore_url"')
    assert not any(r[:2] == ("app/models.py", line) and "certain" in r[3] for r in rows)
