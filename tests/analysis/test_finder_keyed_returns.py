"""An object looked up by a helper that returns the value of a key (CKAN's authorisation
helpers: ``_get_object(context, data_dict, name, class_name)`` returns ``context[name]``,
or the row it has just stored there, and ``get_resource_object(context, data_dict)``
returns ``_get_object(context, data_dict, 'resource', 'Resource')``) is the value of that
key: ``resource = get_resource_object(context, data_dict)`` then
``resource.group_ref`` reads the column on the value of a key spelt like the model, a
likely reference, as ``context['resource'].group_ref`` is. Not where the helper may return
anything else, the key is spelt like no model, or the local is bound more than once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, MetaData, String, Table
    from sqlalchemy.orm import mapper

    metadata = MetaData()
    resource_table = Table(
        "resource",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("group_ref", String),
    )


    class Resource(object):
        pass


    mapper(Resource, resource_table)
"""

HELPERS = """
    def _get_object(context, data_dict, name, class_name):
        try:
            return context[name]
        except KeyError:
            model = context["model"]
            obj = getattr(model, class_name).get(data_dict["id"])
            if not obj:
                raise LookupError(class_name)
            context[name] = obj
            return obj


    def get_resource_object(context, data_dict=None):
        return _get_object(context, data_dict, "resource", "Resource")


    def get_package_object(context, data_dict=None):
        return _get_object(context, data_dict, "package", "Package")
"""

CHECK = """
    from app import auth


    def resource_delete(context, data_dict):
        res = auth.get_resource_object(context, data_dict)
        return res.group_ref
"""


def _rows(tmp_path: Path, helpers: str, check: str) -> list[tuple[str, int, int, str]]:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/auth/__init__.py": helpers,
            "app/check.py": check,
        },
    )
    return [r for r in accounted(tmp_path, "resource.group_ref") if r[0] == "app/check.py"]


@pytest.mark.parametrize(
    "check",
    [
        CHECK,
        # the helper called directly, with the key
        CHECK.replace(
            "auth.get_resource_object(context, data_dict)",
            'auth._get_object(context, data_dict, "resource", "Resource")',
        ),
        # a local bound once to the key's value
        CHECK.replace("auth.get_resource_object(context, data_dict)", 'context["resource"]'),
    ],
)
def test_the_value_of_a_key_spelt_like_the_model(tmp_path: Path, check: str) -> None:
    rows = _rows(tmp_path, HELPERS, check)
    assert ("app/check.py", *at(code(check), "res.^group_ref"), "CR103 likely") in rows


@pytest.mark.parametrize(
    ("where", "old", "new"),
    [
        # a key spelt like no model
        ("check", "get_resource_object", "get_package_object"),
        # the helper may return what it did not store at the key
        ("helpers", "        context[name] = obj\n", ""),
        ("helpers", "        return obj", "        return data_dict"),
        # the key's name is bound anew in the helper
        ("helpers", '        model = context["model"]', '        name = "x"'),
        # the local is bound twice
        (
            "check",
            "    return res.group_ref",
            "    if not res:\n        res = data_dict\n    return res.group_ref",
        ),
    ],
)
def test_a_value_not_shown_to_be_the_keys(tmp_path: Path, where: str, old: str, new: str) -> None:
    helpers, check = code(HELPERS), code(CHECK)
    if where == "check":
        check = check.replace(old, new)
        assert check != code(CHECK)
    else:
        helpers = helpers.replace(old, new)
        assert helpers != code(HELPERS)
    rows = _rows(tmp_path, helpers, check)
    position = at(check, "res.^group_ref")
    assert ("app/check.py", *position, "CR103 likely") not in rows
    assert ("app/check.py", *position, "unexplained") in rows
