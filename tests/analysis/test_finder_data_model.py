"""A plain data class that every model builds from its own columns, one keyword each
(OpenStack Octavia): the model names the class in ``__data_model__``, and the base's
``to_data_model`` calls ``self.__data_model__(**dm_kwargs)`` after filling ``dm_kwargs``
with ``column.name: getattr(self, column.name)`` for every column of ``self.__table__``.
The data class's constructor parameter named like the column takes the column's value, and
the attribute it keeps it in carries it: both are references. A data class with the same
field that no model builds keeps its own field, and a base that drops keys from the dict
before the call, or builds it from something else, proves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

DATA_MODELS = """
    class BaseDataModel(object):
        def to_dict(self):
            return dict(self.__dict__)


    class Vip(BaseDataModel):
        def __init__(self, load_balancer_id=None, ip_address=None,
                     floating_ip_id=None):
            self.load_balancer_id = load_balancer_id
            self.ip_address = ip_address
            self.floating_ip_id = floating_ip_id


    class Amphora(BaseDataModel):
        def __init__(self, id=None, floating_ip_id=None):
            self.id = id
            self.floating_ip_id = floating_ip_id
"""

BASE_LOOP = """
    from sqlalchemy.orm import declarative_base


    class AppBase(object):

        __data_model__ = None

        def to_data_model(self):
            if not self.__data_model__:
                raise NotImplementedError
            dm_kwargs = {}
            for column in self.__table__.columns:
                dm_kwargs[column.name] = getattr(self, column.name)
            return self.__data_model__(**dm_kwargs)


    BASE = declarative_base(cls=AppBase)
"""

BASE_COMPREHENSION = """
    from sqlalchemy.orm import declarative_base


    class AppBase(object):

        __data_model__ = None

        def to_data_model(self):
            return self.__data_model__(
                **{c.name: getattr(self, c.name) for c in self.__table__.columns}
            )


    BASE = declarative_base(cls=AppBase)
"""

BASE_POPPED = """
    from sqlalchemy.orm import declarative_base


    class AppBase(object):

        __data_model__ = None

        def to_data_model(self):
            dm_kwargs = {}
            for column in self.__table__.columns:
                dm_kwargs[column.name] = getattr(self, column.name)
            dm_kwargs.pop(self.__private__, None)
            return self.__data_model__(**dm_kwargs)


    BASE = declarative_base(cls=AppBase)
"""

BASE_OTHER_VALUES = """
    from sqlalchemy.orm import declarative_base


    class AppBase(object):

        __data_model__ = None

        def to_data_model(self, values):
            dm_kwargs = {}
            for column in self.__table__.columns:
                dm_kwargs[column.name] = values.get(column.name)
            return self.__data_model__(**dm_kwargs)


    BASE = declarative_base(cls=AppBase)
"""

MODELS = """
    import sqlalchemy as sa

    from app import base_models
    from app import data_models


    class Vip(base_models.BASE):

        __data_model__ = data_models.Vip

        __tablename__ = "vip"

        load_balancer_id = sa.Column(sa.String(36), primary_key=True)
        ip_address = sa.Column(sa.String(36), nullable=True)
        floating_ip_id = sa.Column(sa.String(36), nullable=True)
"""


def _rows(
    tmp_path: Path, base: str, data_models: str = DATA_MODELS, models: str = MODELS
) -> tuple[str, dict[tuple[int, int], str]]:
    """The data classes' source, and what each occurrence of ``vip.floating_ip_id`` in it is."""
    source = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/data_models.py": data_models,
            "app/base_models.py": base,
            "app/models.py": models,
        },
    )["app/data_models.py"]
    rows = {
        (line, col): kind
        for path, line, col, kind in accounted(tmp_path, "vip.floating_ip_id")
        if path == "app/data_models.py"
    }
    return source, rows


def test_the_data_model_built_from_the_columns_in_a_loop_mirrors_the_model(
    tmp_path: Path,
) -> None:
    source, rows = _rows(tmp_path, BASE_LOOP)
    assert rows[at(source, "ip_address=None,\n                 ^floating_ip_id=None")] == (
        "CR104 certain"
    )
    assert rows[at(source, "self.^floating_ip_id = floating_ip_id")] == "CR103 certain"
    # the other data class, which no model builds, keeps its own field
    assert rows[at(source, "id=None, ^floating_ip_id=None")].startswith("excluded: other-type")
    assert rows[at(source, "self.^floating_ip_id = floating_ip_id", nth=2)].startswith(
        "excluded: other-type"
    )


def test_a_comprehension_of_the_columns_is_the_same_evidence(tmp_path: Path) -> None:
    source, rows = _rows(tmp_path, BASE_COMPREHENSION)
    assert rows[at(source, "self.^floating_ip_id = floating_ip_id")] == "CR103 certain"


def test_a_dict_a_key_is_taken_out_of_proves_nothing(tmp_path: Path) -> None:
    source, rows = _rows(tmp_path, BASE_POPPED)
    # not proven: neither the parameter nor the attribute is a reference
    assert not rows[
        at(source, "ip_address=None,\n                 ^floating_ip_id=None")
    ].startswith("CR")
    assert not rows[at(source, "self.^floating_ip_id = floating_ip_id")].startswith("CR")


def test_values_from_elsewhere_under_the_columns_names_prove_nothing(tmp_path: Path) -> None:
    source, rows = _rows(tmp_path, BASE_OTHER_VALUES)
    assert not rows[at(source, "self.^floating_ip_id = floating_ip_id")].startswith("CR")
    assert not rows[
        at(source, "ip_address=None,\n                 ^floating_ip_id=None")
    ].startswith("CR")


def _base(body: str) -> str:
    """A base whose ``to_data_model`` has ``body`` (indented four spaces)."""
    method = "\n".join("            " + line if line else "" for line in body.splitlines())
    return (
        "\n    from sqlalchemy.orm import declarative_base\n\n\n"
        "    class AppBase(object):\n\n"
        "        __data_model__ = None\n"
        "        __hidden__ = ()\n\n"
        "        def to_data_model(self):\n"
        f"{method}\n\n\n"
        "    BASE = declarative_base(cls=AppBase)\n"
    )


LEAVES_COLUMNS_OUT = {
    "a filter of the comprehension": (
        "return self.__data_model__(**{c.name: getattr(self, c.name)\n"
        "    for c in self.__table__.columns if c.name not in self.__hidden__})"
    ),
    "a continue in the loop": (
        "dm_kwargs = {}\n"
        "for column in self.__table__.columns:\n"
        "    if column.name.endswith('_id'):\n"
        "        continue\n"
        "    dm_kwargs[column.name] = getattr(self, column.name)\n"
        "return self.__data_model__(**dm_kwargs)"
    ),
    "a key written over after the loop": (
        "dm_kwargs = {}\n"
        "for column in self.__table__.columns:\n"
        "    dm_kwargs[column.name] = getattr(self, column.name)\n"
        "dm_kwargs['floating_ip_id'] = 'redacted'\n"
        "return self.__data_model__(**dm_kwargs)"
    ),
    "an update after the loop": (
        "dm_kwargs = {}\n"
        "for column in self.__table__.columns:\n"
        "    dm_kwargs[column.name] = getattr(self, column.name)\n"
        "dm_kwargs.update(self.overrides())\n"
        "return self.__data_model__(**dm_kwargs)"
    ),
}


@pytest.mark.parametrize("body", LEAVES_COLUMNS_OUT.values(), ids=LEAVES_COLUMNS_OUT.keys())
def test_a_build_that_may_leave_a_column_out_proves_nothing(tmp_path: Path, body: str) -> None:
    source, rows = _rows(tmp_path, _base(body))
    assert not rows[at(source, "self.^floating_ip_id = floating_ip_id")].startswith("CR")


def test_only_an_attribute_the_constructor_keeps_the_parameter_in_is_a_field(
    tmp_path: Path,
) -> None:
    """The constructor takes ``floating_ip_id`` and keeps it as ``self.fip``; its own
    ``floating_ip_id`` attribute is computed from elsewhere: not the column's."""
    data_models = DATA_MODELS.replace(
        "            self.floating_ip_id = floating_ip_id\n\n\n    class Amphora",
        "            self.fip = floating_ip_id\n"
        "            self.floating_ip_id = lookup(ip_address)\n\n\n    class Amphora",
    )
    source, rows = _rows(tmp_path, BASE_LOOP, data_models, MODELS)
    assert not rows[at(source, "self.^floating_ip_id = lookup")].startswith("CR")


def test_the_last_binding_of_the_class_attribute_names_the_data_class(tmp_path: Path) -> None:
    """``__data_model__ = data_models.Amphora`` then ``= data_models.Vip``: Amphora is never
    built from the row."""
    models = MODELS.replace(
        "    __data_model__ = data_models.Vip\n",
        "    __data_model__ = data_models.Amphora\n        __data_model__ = data_models.Vip\n",
    )
    source, rows = _rows(tmp_path, BASE_LOOP, DATA_MODELS, models)
    assert rows[at(source, "self.^floating_ip_id = floating_ip_id")] == "CR103 certain"
    assert not rows[at(source, "self.^floating_ip_id = floating_ip_id", nth=2)].startswith("CR")


def test_a_subclass_of_another_table_lists_its_own_columns_alone(tmp_path: Path) -> None:
    """Joined-table inheritance: ``SpecialVip.__table__.columns`` holds ``vip_id`` alone, so
    its data class is not given ``floating_ip_id`` by the build."""
    models = MODELS + (
        "\n\n    class SpecialVip(Vip):\n"
        "        __data_model__ = data_models.Amphora\n"
        '        __tablename__ = "special_vip"\n'
        "        id = sa.Column(sa.String(36), sa.ForeignKey('vip.load_balancer_id'),\n"
        "                       primary_key=True)\n"
    )
    source, rows = _rows(tmp_path, BASE_LOOP, DATA_MODELS, models)
    assert not rows[at(source, "self.^floating_ip_id = floating_ip_id", nth=2)].startswith("CR")
