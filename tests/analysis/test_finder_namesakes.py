"""An object named as the model's instances are, where another class of the project bears
the model's name: in the shapes of two real removals (a block storage service's
``volumes.attached_host`` and a container orchestrator's ``cluster.trust_id``), that class
is a versioned object whose fields come from a ``fields`` dict and from the row, and does
not declare the attribute: ``volume["attached_host"]`` and ``cluster.trust_id`` are the
model's, likely, though a class of another name (a connector) has attributes of those
names too. Near miss: a namesake schema that declares the attribute keeps the read
unjudged, since the object may be the schema's."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from oslo_db.sqlalchemy import models
    from sqlalchemy import Column, String
    from sqlalchemy.orm import declarative_base

    BASE = declarative_base()


    class CinderBase(models.ModelBase):
        metadata = None


    class Volume(BASE, CinderBase):
        __tablename__ = "volumes"
        id = Column(String(36), primary_key=True)
        attached_host = Column(String(255))
        trust_id = Column(String(255))
"""

OBJECT_BASE = """
    from oslo_versionedobjects import base


    class CinderObject(base.VersionedObject):
        OBJ_PROJECT_NAMESPACE = "cinder"


    class CinderPersistentObject:
        pass
"""

DB = """
    from app import models


    def volume_get(context, volume_id):
        return context.session.get(models.Volume, volume_id)
"""

OBJECTS = """
    from oslo_versionedobjects import fields

    from app import db
    from app.objects import base


    class Volume(base.CinderPersistentObject, base.CinderObject):
        VERSION = "1.0"

        fields = {
            "id": fields.UUIDField(),
            "attached_host": fields.StringField(nullable=True),
            "trust_id": fields.StringField(nullable=True),
        }

        @staticmethod
        def _from_db_object(volume, db_volume):
            for field in volume.fields:
                volume[field] = db_volume[field]
            return volume

        @classmethod
        def get_by_id(cls, context, volume_id):
            return cls._from_db_object(cls(context), db.volume_get(context, volume_id))
"""

CONNECTOR = """
    class Connector:
        def __init__(self, attached_host, trust_id):
            self.attached_host = attached_host
            self.trust_id = trust_id
"""

MANAGER = """
    from app.objects.volume import Volume


    def attach(context, volume_id):
        return Volume.get_by_id(context, volume_id)


    def detach(volume, host_name):
        if volume["attached_host"] and volume["attached_host"] != host_name:
            raise ValueError(host_name)
        return volume.trust_id
"""

OBJECTS_INIT = """
    from app.objects.volume import Volume  # noqa: F401
"""

SCHEMA = """
    from pydantic import BaseModel


    class Volume(BaseModel):
        id: str
        trust_id: str | None = None
"""


def _rows(tmp_path: Path, files: dict[str, str], column: str) -> dict[tuple[int, int], str]:
    return {
        (row[1], row[2]): row[3]
        for row in accounted(tmp_path, column)
        if row[0] == "app/manager.py"
    }


def test_a_namesake_that_lacks_the_attribute_leaves_the_object_the_models(
    tmp_path: Path,
) -> None:
    sources = {
        "app/models.py": MODELS,
        "app/objects/base.py": OBJECT_BASE,
        "app/objects/volume.py": OBJECTS,
        "app/objects/__init__.py": OBJECTS_INIT,
        "app/connector.py": CONNECTOR,
        "app/db.py": DB,
        "app/manager.py": MANAGER,
    }
    files = write(tmp_path, sources)
    manager = files["app/manager.py"]
    keys = _rows(tmp_path, files, "volumes.attached_host")
    assert keys[at(manager, 'if volume[^"attached_host"]')] == "CR106 likely"
    assert keys[at(manager, 'and volume[^"attached_host"]')] == "CR106 likely"
    reads = _rows(tmp_path, files, "volumes.trust_id")
    assert reads[at(manager, "volume.^trust_id")] == "CR103 likely"


def test_a_namesake_that_declares_the_attribute_keeps_the_read_unjudged(
    tmp_path: Path,
) -> None:
    sources = {
        "app/models.py": MODELS,
        "app/objects/volume.py": SCHEMA,
        "app/connector.py": CONNECTOR,
        "app/manager.py": MANAGER,
    }
    files = write(tmp_path, sources)
    reads = _rows(tmp_path, files, "volumes.trust_id")
    assert reads[at(files["app/manager.py"], "volume.^trust_id")] == "unexplained"


SUBSCRIPTED = """
    from app import db


    class Volume:
        def __init__(self, info):
            self._info = info

        def __getitem__(self, key):
            return self._info[key]

        @classmethod
        def get_by_id(cls, context, volume_id):
            return cls(dict(db.volume_get(context, volume_id)))
"""

SET_OUTSIDE = """
    from app import db


    class Volume:
        @classmethod
        def get_by_id(cls, context, volume_id):
            volume = cls()
            volume.trust_id = context.trust
            return volume
"""

OWN_PROPERTY = OBJECTS.replace(
    "        @classmethod",
    "        @property\n        def trust_id(self):\n            return self.context.trust\n\n"
    "        @classmethod",
)


def _near_miss(tmp_path: Path, objects: str, column: str, snippet: str) -> str:
    sources = {
        "app/models.py": MODELS,
        "app/objects/base.py": OBJECT_BASE,
        "app/objects/volume.py": objects,
        "app/connector.py": CONNECTOR,
        "app/db.py": DB,
        "app/manager.py": MANAGER,
    }
    files = write(tmp_path, sources)
    return _rows(tmp_path, files, column)[at(files["app/manager.py"], snippet)]


def test_a_namesake_that_answers_subscripts_keeps_the_key_unjudged(tmp_path: Path) -> None:
    """Near miss: this ``Volume`` answers ``volume["attached_host"]`` from a dict of its
    own, so the key may be its."""
    assert OWN_PROPERTY != OBJECTS
    found = _near_miss(
        tmp_path, SUBSCRIPTED, "volumes.attached_host", 'if volume["^attached_host"]'
    )
    assert found == "unexplained"


def test_a_namesake_given_the_attribute_from_outside_keeps_the_read_unjudged(
    tmp_path: Path,
) -> None:
    """Near miss: no statement of the class's body binds ``trust_id``, but a class method
    sets it on a new object (as any code could): the read may be the namesake's."""
    found = _near_miss(tmp_path, SET_OUTSIDE, "volumes.trust_id", "volume.^trust_id")
    assert found == "unexplained"


def test_a_versioned_object_with_a_property_of_the_name_keeps_the_read_unjudged(
    tmp_path: Path,
) -> None:
    """Near miss: the versioned object is filled from the row, but ``trust_id`` is its own
    property, not one of the row's fields."""
    found = _near_miss(tmp_path, OWN_PROPERTY, "volumes.trust_id", "volume.^trust_id")
    assert found == "unexplained"
