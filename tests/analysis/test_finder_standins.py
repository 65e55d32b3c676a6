"""A dict literal a function returns in place of a proven schema's dump: its keys are the
dump's, where the local that holds the call's result is bound to that dump too."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write
from tests.analysis.test_finder_marshmallow_evidence import MODELS, SCHEMAS

CLI = """
    from app.models import Domain
    from app.schemas import EndpointOutputSchema, domain_output_schema


    def _unsaved_details(name):
        return {"name": name, "sensitive": False}


    def _summary(name):
        return {"name": name, "sensitive": None}


    def _endpoint(name):
        return {"id": None, "sensitive": None}


    def show(names, columns):
        def detail(name):
            domain = Domain.query.get(name)
            if domain:
                data = domain_output_schema.dump(domain).data
            else:
                data = _unsaved_details(name)
            return {c: data[c] for c in columns}

        return [detail(n) for n in names]


    def summary(name):
        data = _summary(name)
        return data


    def endpoint(value):
        if value:
            data = EndpointOutputSchema().dump(value).data
        else:
            data = _endpoint(value)
        return data
"""


def test_a_dict_returned_in_place_of_a_dump_has_its_keys(tmp_path: Path) -> None:
    """``data = _unsaved_details(name)`` beside ``data = domain_output_schema.dump(domain)``
    of a ``Domain``: the literal's ``"sensitive"`` is the schema's field, the column. A
    function whose result no dump shares its local with (``_summary``), or shares it with
    the dump of a schema that mirrors no model (``_endpoint``), proves nothing."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/schemas.py": SCHEMAS, "app/cli.py": CLI})
    cli = files["app/cli.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    assert ("app/cli.py", *at(cli, '^"sensitive": False'), "CR106 certain") in rows
    assert ("app/cli.py", *at(cli, '"^sensitive": None', 1), "unexplained") in rows
    assert ("app/cli.py", *at(cli, '"^sensitive": None', 2), "unexplained") in rows


def test_a_key_the_dump_does_not_have_leaves_the_literal_alone(tmp_path: Path) -> None:
    """The literal stands in for the dump only where each of its keys spelt like the
    column's names is a field of the dumped schema that carries the column."""
    schemas = SCHEMAS.replace("        sensitive = fields.Boolean()\n", "", 1)
    files = write(tmp_path, {"app/models.py": MODELS, "app/schemas.py": schemas, "app/cli.py": CLI})
    cli = files["app/cli.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    assert ("app/cli.py", *at(cli, '"^sensitive": False'), "unexplained") in rows
