"""flask-rest-jsonapi's resources, as open-event-server writes its whole API: a
``ResourceDetail`` names its schema and its data layer's model side by side
(``schema = SettingSchemaAdmin``, ``data_layer = {"session": db.session, "model":
Setting}``), and the library loads and dumps the model's rows with that schema, field by
field of the same name. That is evidence the schema mirrors the model, the schemas a method
of the resource sets instead (``self.schema = SettingSchemaPublic``) too; a marshmallow-jsonapi
``Schema`` is a marshmallow schema."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Setting(Base):
        __tablename__ = "settings"
        id = Column(Integer, primary_key=True)
        secret = Column(String)
"""

SCHEMAS = """
    from marshmallow_jsonapi import fields
    from marshmallow_jsonapi.flask import Schema


    class SettingSchemaPublic(Schema):
        secret = fields.Str(load_only=True)


    class SettingSchemaAdmin(Schema):
        secret = fields.Str(allow_none=True)


    class VaultSchema(Schema):
        secret = fields.Str()
"""

RESOURCE = """
    from flask_rest_jsonapi import ResourceDetail

    from app.models import Setting
    from app.schemas import SettingSchemaAdmin, SettingSchemaPublic


    class SettingDetail(ResourceDetail):
        def before_get(self, args, kwargs):
            if not kwargs.get("admin"):
                self.schema = SettingSchemaPublic

        schema = {schema}
        data_layer = {{"session": None, "model": {model}}}
"""


def _where(tmp_path: Path, schema: str = "SettingSchemaAdmin", model: str = "Setting") -> dict:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/resources.py": RESOURCE.format(schema=schema, model=model),
        },
    )
    rows = {(p, line, col): kind for p, line, col, kind in accounted(tmp_path, "settings.secret")}
    schemas = files["app/schemas.py"]
    return {
        "admin": rows.get(("app/schemas.py", *at(schemas, "    ^secret = fields.Str(allow"))),
        "public": rows.get(("app/schemas.py", *at(schemas, "    ^secret = fields.Str(load"))),
        "vault": rows.get(("app/schemas.py", *at(schemas, "    ^secret = fields.Str()"))),
    }


def test_the_resources_schema_mirrors_its_data_layers_model(tmp_path: Path) -> None:
    where = _where(tmp_path)
    assert where["admin"] == "CR105 certain"
    assert where["public"] == "CR105 certain"
    assert where["vault"] != "CR105 certain"


def test_a_schema_set_by_a_method_of_the_resource_mirrors_it_too(tmp_path: Path) -> None:
    where = _where(tmp_path, schema="None")
    assert where["public"] == "CR105 certain"
    # SettingSchemaAdmin is named nowhere in the resource now: its field is the class's own
    assert where["admin"] != "CR105 certain"


def test_a_data_layer_without_a_model_proves_nothing(tmp_path: Path) -> None:
    where = _where(tmp_path, model="None")
    assert where["admin"] != "CR105 certain"
    assert where["public"] != "CR105 certain"
