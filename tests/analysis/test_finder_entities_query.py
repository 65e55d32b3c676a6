"""A query helper of the project that queries the entities it is given, Cinder's
``model_query(context, *args, **kwargs)``: ``query = session.query(*args)``, narrowed and
returned. ``model_query(context, models.Volume)`` is a query of ``Volume``; the helpers
built on it give its rows (``_volume_get``), and the rows' keys are the columns
(``volume_ref["attached_host"] = host_name`` on an oslo.db ``ModelBase``)."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from oslo_db.sqlalchemy import models
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.ext.declarative import declarative_base

    BASE = declarative_base()


    class CinderBase(models.TimestampMixin, models.ModelBase):
        pass


    class Volume(BASE, CinderBase):
        __tablename__ = "volumes"
        id = Column(String(36), primary_key=True)
        attached_host = Column(String(255))
        size = Column(Integer)
"""

API = """
    from cinder.db.sqlalchemy import models


    def get_session():
        raise NotImplementedError


    def model_query(context, *args, **kwargs):
        session = kwargs.get("session") or get_session()
        query = session.query(*args)
        if kwargs.get("read_deleted") == "no":
            query = query.filter_by(deleted=False)
        return query


    def _volume_get_query(context, session=None):
        return model_query(context, models.Volume, session=session)


    def _volume_get(context, volume_id, session=None):
        result = _volume_get_query(context, session=session).filter_by(id=volume_id).first()
        if not result:
            raise LookupError(volume_id)
        return result


    def volume_attached(context, volume_id, host_name):
        volume_ref = _volume_get(context, volume_id)
        volume_ref["attached_host"] = host_name
        return volume_ref


    def shifted(context, *args, **kwargs):
        query = get_session().query(*args)
        query = query.with_entities(models.Snapshot)
        return query


    def prefixed(context, *args, **kwargs):
        args = (models.Snapshot,) + args
        return get_session().query(*args)


    def elsewhere(context, volume_id):
        a = shifted(context, models.Volume).first()
        a["attached_host"] = None
        b = prefixed(context, models.Volume).first()
        b["attached_host"] = None


    def sizes(context):
        # more than one entity: rows of values, not of the model
        rows = model_query(context, models.Volume.id, models.Volume.size).all()
        return {row["attached_host"]: 0 for row in rows}
"""


def test_a_helper_querying_the_entities_it_is_given(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "cinder/__init__.py": "",
            "cinder/db/__init__.py": "",
            "cinder/db/sqlalchemy/__init__.py": "",
            "cinder/db/sqlalchemy/models.py": MODELS,
            "cinder/db/sqlalchemy/api.py": API,
        },
    )
    api = files["cinder/db/sqlalchemy/api.py"]
    refs = [
        r
        for r in summary(found(tmp_path, "volumes.attached_host"))
        if r[0] == "cinder/db/sqlalchemy/api.py"
    ]
    assert refs == [
        (
            "cinder/db/sqlalchemy/api.py",
            *at(api, 'volume_ref[^"attached_host"]'),
            "CR103",
            "certain",
        )
    ]
