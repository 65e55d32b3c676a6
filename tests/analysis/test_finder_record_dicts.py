"""Dict literals whose keys are a record of one model (a validation schema of the model's
fields): a key of the column's name in them is likely the column's field."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis.records import record_fit
from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, DateTime, ForeignKey, Integer, MetaData, Table, UnicodeText
    from sqlalchemy.orm import registry

    metadata = MetaData()
    mapper_registry = registry()

    attachment_table = Table(
        "attachment", metadata,
        Column("id", Integer, primary_key=True),
        Column("folder_id", Integer, ForeignKey("folder.id")),
        Column("href", UnicodeText),
        Column("label", UnicodeText),
        Column("media_type", UnicodeText),
        Column("byte_size", Integer),
        Column("mirror_href", UnicodeText),
        Column("mirror_checked", DateTime),
    )

    folder_table = Table(
        "folder", metadata,
        Column("id", Integer, primary_key=True),
        Column("label", UnicodeText),
        Column("owner_name", UnicodeText),
    )


    class Attachment:
        pass


    class Folder:
        pass


    mapper_registry.map_imperatively(Attachment, attachment_table)
    mapper_registry.map_imperatively(Folder, folder_table)
"""


def test_a_schema_of_the_models_fields_names_the_column(tmp_path: Path) -> None:
    """A validation schema whose keys are the attachment's fields (and a few of the
    framework's own) is a record of an ``Attachment``: its ``mirror_href`` is likely the
    column's field, though the validate-and-save path through the framework is not read."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schema.py": """
        def attachment_schema():
            return {
                "id": [ignore_missing],
                "folder_id": [ignore],
                "href": [not_empty, strip],
                "label": [ignore_missing],
                "media_type": [ignore_missing],
                "byte_size": [ignore_missing, int_validator],
                "mirror_href": [ignore_missing],
                "__extras": [keep_extras],
            }
    """,
        },
    )
    schema = files["app/schema.py"]
    rows = accounted(tmp_path, "attachment.mirror_href")
    assert ("app/schema.py", *at(schema, '^"mirror_href"'), "CR106 likely") in rows


def test_a_dict_sharing_only_common_names_is_no_record(tmp_path: Path) -> None:
    """A dict with the column's name and a few names any record has (``id``, ``label``) is
    no evidence of whose fields they are: the key stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/notify.py": """
        def message(link):
            return {
                "id": link.key,
                "label": "New mirror",
                "mirror_href": link.url,
                "channel": "mail",
                "priority": 3,
                "retry": True,
            }
    """,
        },
    )
    notify = files["app/notify.py"]
    rows = accounted(tmp_path, "attachment.mirror_href")
    assert ("app/notify.py", *at(notify, '"^mirror_href"'), "unexplained") in rows


def test_a_dict_with_a_spread_is_no_record(tmp_path: Path) -> None:
    """``**defaults`` brings keys nobody can list: whose record the dict is stays open."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schema.py": """
        def attachment_schema(defaults):
            return {
                **defaults,
                "id": [ignore_missing],
                "folder_id": [ignore],
                "href": [not_empty],
                "label": [ignore_missing],
                "media_type": [ignore_missing],
                "mirror_href": [ignore_missing],
            }
    """,
        },
    )
    schema = files["app/schema.py"]
    rows = accounted(tmp_path, "attachment.mirror_href")
    assert ("app/schema.py", *at(schema, '"^mirror_href"'), "unexplained") in rows


def test_keys_that_fit_another_model_as_well_are_no_record_of_ours() -> None:
    """Where another mapped class has as many of the keys among its fields, the dict may
    be a record of it: no verdict."""
    keys = ["id", "label", "href", "media_type", "byte_size", "mirror_href"]
    ours = frozenset({"id", "label", "href", "media_type", "byte_size", "mirror_href"})
    other = frozenset({"id", "label", "href", "media_type", "byte_size", "mirror_href"})
    names = frozenset({"mirror_href"})
    assert record_fit(keys, ours, names, [other]) is None
    fit = record_fit(keys, ours, names, [frozenset({"id", "label"})])
    assert fit is not None and (fit.fitting, fit.keys, fit.runner_up) == (6, 6, 2)


def test_a_record_needs_most_of_its_keys_to_be_the_models_fields() -> None:
    """Fewer than two thirds of the keys the model's, or fewer than four besides the
    column's name, or too few keys at all: no verdict."""
    names = frozenset({"mirror_href"})
    ours = frozenset({"id", "label", "href", "media_type", "mirror_href"})
    mostly_others = ["id", "label", "href", "mirror_href", "a", "b", "c"]
    assert record_fit(mostly_others, ours, names, []) is None
    short = ["id", "label", "mirror_href", "x"]
    assert record_fit(short, ours, names, []) is None
    assert record_fit(["id", "label", "href", "media_type", "mirror_href"], ours, names, [])
    assert record_fit(["id", "label", "href", "media_type", None], ours, names, []) is None


SCHEMAS = """
    def attachment_schema():
        schema = {
            "id": [ignore_missing],
            "folder_id": [ignore],
            "href": [not_empty],
            "label": [ignore_missing],
            "media_type": [ignore_missing],
            "mirror_href": [],
        }
        return schema


    def notice_schema():
        return {"mirror_href": [], "channel": [], "priority": [], "retry": [], "to": []}
"""


def test_a_key_written_into_a_dict_validated_against_a_record_of_the_model(
    tmp_path: Path,
) -> None:
    """``data_dict["mirror_href"] = ...`` in a function that then validates the dict
    against ``schema``, bound to the caller's schema or else ``attachment_schema()``, a
    record of an ``Attachment``: the key is likely the column's field."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schema.py": SCHEMAS,
            "app/actions.py": """
        from app import schema as schemas
        from app.validation import validate


        def attachment_create(context, data_dict):
            if context.get("mirror"):
                data_dict["mirror_href"] = context["mirror"]
            schema = context.get("schema") or schemas.attachment_schema()
            data, errors = validate(data_dict, schema, context)
            return data
    """,
            "app/validation.py": """
        def validate(data, schema, context):
            return {key: data.get(key) for key in schema}, {}
    """,
        },
    )
    actions = files["app/actions.py"]
    rows = accounted(tmp_path, "attachment.mirror_href")
    assert ("app/actions.py", *at(actions, '["^mirror_href"]'), "CR106 likely") in rows


def test_a_key_validated_against_a_schema_of_something_else_stays_unexplained(
    tmp_path: Path,
) -> None:
    """The same write, validated against a schema that is no record of the model (a
    notice's fields), or handed to two calls (either may be what validates it): the key
    stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schema.py": SCHEMAS,
            "app/actions.py": """
        from app import schema as schemas
        from app.validation import validate


        def notice_create(context, data_dict):
            data_dict["mirror_href"] = context["mirror"]
            schema = schemas.notice_schema()
            data, errors = validate(data_dict, schema, context)
            return data


        def attachment_forward(context, data_dict):
            data_dict["mirror_href"] = context["mirror"]
            schema = schemas.attachment_schema()
            log(data_dict)
            data, errors = validate(data_dict, schema, context)
            return data
    """,
            "app/validation.py": """
        def validate(data, schema, context):
            return {key: data.get(key) for key in schema}, {}


        def log(data):
            print(data)
    """,
        },
    )
    actions = files["app/actions.py"]
    rows = accounted(tmp_path, "attachment.mirror_href")
    assert ("app/actions.py", *at(actions, '["^mirror_href"]'), "unexplained") in rows
    assert ("app/actions.py", *at(actions, '["^mirror_href"]', 2), "unexplained") in rows


def test_a_dict_carrying_the_values_is_no_schema(tmp_path: Path) -> None:
    """Near miss: the same keys holding data, not validators (a table of values for a chart,
    placeholders a request fills and hands to a function with parameters of those names),
    say nothing of where the values go: the key stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/chart.py": """
        def columns(attachments):
            return {
                "id": [a.id for a in attachments],
                "href": [a.href for a in attachments],
                "label": [a.label for a in attachments],
                "media_type": [a.media_type for a in attachments],
                "byte_size": [a.byte_size for a in attachments],
                "mirror_href": [a.mirror_href for a in attachments],
            }
    """,
            "app/request.py": """
        def add(parameters, api):
            kwargs = {
                "href": None,
                "label": None,
                "media_type": None,
                "byte_size": None,
                "mirror_href": None,
            }
            for keyword in kwargs:
                kwargs[keyword] = parameters.get(keyword, kwargs[keyword])
            api.add_attachment(**kwargs)
    """,
        },
    )
    rows = accounted(tmp_path, "attachment.mirror_href")
    chart, request = files["app/chart.py"], files["app/request.py"]
    assert ("app/chart.py", *at(chart, '"^mirror_href"'), "unexplained") in rows
    assert ("app/request.py", *at(request, '"^mirror_href"'), "unexplained") in rows


VERSIONED = """
    from app import utils


    class Attachment:
        VERSION = "1.0"

        fields = {
            "id": int,
            "folder_id": utils.int_or_none,
            "href": utils.str_or_none,
            "label": utils.str_or_none,
            "media_type": utils.str_or_none,
            "mirror_href": utils.str_or_none,
        }

        @staticmethod
        def _from_db_object(attachment, db_attachment):
            for field in attachment.fields:
                attachment[field] = db_attachment[field]
            return attachment
"""


def test_the_fields_of_a_versioned_object_filled_from_the_row_are_a_record(
    tmp_path: Path,
) -> None:
    """An early OpenStack versioned object (Ironic's ``Node``) lists its fields with bare
    coercers (``utils.str_or_none``, ``int``) and copies each from the row in
    ``_from_db_object``: its ``fields`` are a record of the model."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/objects.py": VERSIONED})
    rows = accounted(tmp_path, "attachment.mirror_href")
    where = at(files["app/objects.py"], '^"mirror_href"')
    assert ("app/objects.py", *where, "CR106 likely") in rows


def test_the_same_dict_without_the_row_copy_is_data(tmp_path: Path) -> None:
    """Near miss: without ``_from_db_object`` the same dict of names is a mapping of
    values like any other (``{"label": label, ...}``), no record."""
    plain = VERSIONED.split("    @staticmethod")[0]
    files = write(tmp_path, {"app/models.py": MODELS, "app/objects.py": plain})
    rows = accounted(tmp_path, "attachment.mirror_href")
    where = at(files["app/objects.py"], '^"mirror_href"')
    assert ("app/objects.py", *where, "CR106 likely") not in rows
