"""marshmallow schemas mirror a model on evidence only: ``schema.dump(obj)`` of an object
proven to be the model's, a ``fields.Nested`` schema under a relationship of a model the
outer schema mirrors, and a decorator factory that dumps the decorated route's result with
the schema it is given (lemur's ``@validate_schema(input_schema, output_schema)``), the
route returning a getter proven to fetch a row of the model (``database.get(Domain, id)``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from colretire.analysis import search
from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy
    from sqlalchemy.orm import relationship

    db = SQLAlchemy()


    class Certificate(db.Model):
        __tablename__ = "certificates"
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String(128))
        sensitive = db.Column(db.Boolean)
        domains = relationship("Domain", back_populates="certificate")


    class Domain(db.Model):
        __tablename__ = "domains"
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String(256))
        sensitive = db.Column(db.Boolean, default=False)
        certificate_id = db.Column(db.Integer, db.ForeignKey("certificates.id"))
        certificate = relationship("Certificate", back_populates="domains")


    class Endpoint(db.Model):
        __tablename__ = "endpoints"
        id = db.Column(db.Integer, primary_key=True)
        sensitive = db.Column(db.Boolean)
"""

SCHEMAS = """
    from marshmallow import Schema, fields


    class DomainOutputSchema(Schema):
        id = fields.Integer()
        name = fields.String()
        sensitive = fields.Boolean()


    class EndpointOutputSchema(Schema):
        id = fields.Integer()
        sensitive = fields.Boolean()


    class DomainSummarySchema(Schema):
        sensitive = fields.Boolean()


    class CertificateOutputSchema(Schema):
        id = fields.Integer()
        domains = fields.List(fields.Nested(DomainOutputSchema))
        summary = fields.Nested("DomainSummarySchema")


    domain_output_schema = DomainOutputSchema()
    domains_output_schema = DomainOutputSchema(many=True)
"""


def test_dump_of_a_model_object_proves_the_schema(tmp_path: Path) -> None:
    """``domains_output_schema.dump(Domain.query.all(), many=True)``: a module-level
    instance of the schema dumps rows of ``Domain``; ``EndpointOutputSchema().dump(x)`` of a
    value nothing types proves nothing, nor does the ``dump`` of a class that is no
    schema."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS.replace("domains = fields.List", "others = fields.List"),
            "app/views.py": """
        from app.models import Domain
        from app.schemas import EndpointOutputSchema, domains_output_schema


        def listing():
            return domains_output_schema.dump(Domain.query.all(), many=True).data


        def other(value):
            return EndpointOutputSchema().dump(value)


        class Exporter:
            sensitive = True

            def dump(self, obj):
                return {"id": obj.id}


        def export(domain_id):
            return Exporter().dump(Domain.query.get(domain_id))
    """,
        },
    )
    schemas, views = files["app/schemas.py"], files["app/views.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    domain = at(schemas, "    ^sensitive = fields.Boolean()", 1)
    endpoint = at(schemas, "    ^sensitive = fields.Boolean()", 2)
    assert ("app/schemas.py", *domain, "CR105 certain") in rows
    assert ("app/schemas.py", *endpoint, "unexplained") in rows
    # a class of the project with a dump() of its own is no marshmallow schema
    assert ("app/views.py", *at(views, "^sensitive = True"), "excluded: other-type") in rows


def test_a_nested_schema_mirrors_the_related_model(tmp_path: Path) -> None:
    """``domains = fields.List(fields.Nested(DomainOutputSchema))`` in a schema that dumps
    a ``Certificate``: ``Certificate.domains`` leads to ``Domain``, so the nested schema
    carries the domain's ``sensitive``. ``summary = fields.Nested("DomainSummarySchema")``
    is named after no relationship of the certificate: it proves nothing."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/views.py": """
        from app.models import Certificate
        from app.schemas import CertificateOutputSchema


        def show(certificate_id):
            certificate = Certificate.query.get(certificate_id)
            return CertificateOutputSchema().dump(certificate).data
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    nested = at(schemas, "    ^sensitive = fields.Boolean()", 1)
    summary = at(schemas, "    ^sensitive = fields.Boolean()", 3)
    assert ("app/schemas.py", *nested, "CR105 certain") in rows
    assert ("app/schemas.py", *summary, "unexplained") in rows


COMMON = """
    from functools import wraps

    from flask import request


    def unwrap_pagination(data, output_schema):
        if not output_schema:
            return data
        if isinstance(data, dict):
            return {"items": output_schema.dump(data["items"], many=True).data}
        return output_schema.dump(data).data


    def validate_schema(input_schema, output_schema):
        def decorator(f):
            @wraps(f)
            def decorated_function(*args, **kwargs):
                if input_schema:
                    data, errors = input_schema.load(request.get_json())
                    kwargs["data"] = data
                resp = f(*args, **kwargs)
                if callable(output_schema):
                    output_schema_to_use = output_schema()
                else:
                    output_schema_to_use = output_schema
                return unwrap_pagination(resp, output_schema_to_use), 200

            return decorated_function

        return decorator


    def audited(input_schema, output_schema):
        def decorator(f):
            @wraps(f)
            def decorated_function(*args, **kwargs):
                output_schema.dump(kwargs)
                return f(*args, **kwargs)

            return decorated_function

        return decorator
"""

DATABASE = """
    from app.models import db


    def session_query(model):
        return model.query if hasattr(model, "query") else db.session.query(model)


    def get(model, value, field="id"):
        query = session_query(model)
        try:
            return query.filter(getattr(model, field) == value).one()
        except LookupError:
            return


    def get_all(model, value, field="id"):
        query = session_query(model)
        return query.filter(getattr(model, field) == value)
"""


SERVICE = """
        from app import database
        from app.models import Domain


        def get(domain_id):
            return database.get(Domain, domain_id)


        def update(domain_id, name):
            domain = get(domain_id)
            domain.name = name
            return domain
"""

VIEWS = """
        from app import service
        from app.common import audited, validate_schema
        from app.schemas import EndpointOutputSchema, domain_output_schema


        class Domains:
            @validate_schema(None, domain_output_schema)
            def get(self, domain_id):
                return service.get(domain_id)

            @audited(None, EndpointOutputSchema)
            def put(self, domain_id):
                return service.get(domain_id)
"""


def test_a_decorator_factory_dumping_the_result_proves_its_output_schema(
    tmp_path: Path,
) -> None:
    """The route returns ``service.get(domain_id)``, which returns ``database.get(Domain,
    domain_id)``: a ``Domain``, which ``@validate_schema(None, domain_output_schema)``
    dumps with the schema (read from the factory: its wrapper hands the route's result and
    the schema to ``unwrap_pagination``, which dumps the one with the other). ``@audited``
    dumps the route's arguments, not its result: ``EndpointOutputSchema`` stays unproven."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/common.py": COMMON,
            "app/database.py": DATABASE,
            "app/service.py": SERVICE,
            "app/views.py": VIEWS,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    domain = at(schemas, "    ^sensitive = fields.Boolean()", 1)
    endpoint = at(schemas, "    ^sensitive = fields.Boolean()", 2)
    assert ("app/schemas.py", *domain, "CR105 certain") in rows
    assert ("app/schemas.py", *endpoint, "unexplained") in rows


def test_a_getter_of_the_class_it_is_given_types_its_calls(tmp_path: Path) -> None:
    """``database.get(Domain, domain_id)`` is a ``Domain``, and so is what a function of
    the module returning it gives, called in that module; ``database.get_all`` returns the
    query, not a row: its result stays unknown."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/database.py": DATABASE,
            "app/service.py": """
        from app import database
        from app.models import Domain


        def get(domain_id):
            return database.get(Domain, domain_id)


        def protect(domain_id):
            domain = get(domain_id)
            domain.sensitive = True


        def matching(name):
            found = database.get_all(Domain, name, field="name")
            return found.sensitive
    """,
        },
    )
    service = files["app/service.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    assert ("app/service.py", *at(service, "domain.^sensitive"), "CR103 certain") in rows
    assert ("app/service.py", *at(service, "found.^sensitive"), "unexplained") in rows


def test_the_keys_of_a_dumped_dict_are_the_columns(tmp_path: Path) -> None:
    """``data = domain_output_schema.dump(domain).data`` of a ``Domain``: ``data["sensitive"]``
    reads the column through the schema; the same key of what a schema of no known model
    dumps stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/notify.py": """
        from app.models import Domain
        from app.schemas import EndpointOutputSchema, domain_output_schema


        def message(domain_id):
            domain = Domain.query.get(domain_id)
            data = domain_output_schema.dump(domain).data
            return "sensitive" if data["sensitive"] else "plain"


        def other(value):
            data, errors = EndpointOutputSchema().dump(value)
            return data["sensitive"]
    """,
        },
    )
    notify = files["app/notify.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    assert ("app/notify.py", *at(notify, 'data[^"sensitive"]', 1), "CR106 certain") in rows
    assert ("app/notify.py", *at(notify, 'data["^sensitive"]', 2), "unexplained") in rows


def test_a_schema_whose_load_builds_the_model_mirrors_it(tmp_path: Path) -> None:
    """``data = DomainInputSchema().load(payload).data; Domain(**data)``: the input schema's
    fields fill the model's. ``EndpointInputSchema().load(payload)`` handed to a function of
    the project proves nothing of itself."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": """
        from marshmallow import Schema, fields


        class DomainInputSchema(Schema):
            name = fields.String(required=True)
            sensitive = fields.Boolean(missing=False)


        class EndpointInputSchema(Schema):
            sensitive = fields.Boolean()
    """,
            "app/views.py": """
        from app.models import Domain, db
        from app.schemas import DomainInputSchema, EndpointInputSchema


        def create(payload):
            data = DomainInputSchema().load(payload).data
            domain = Domain(**data)
            db.session.add(domain)


        def audit(payload):
            record(**EndpointInputSchema().load(payload))


        def record(**kwargs):
            print(kwargs)
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "domains.sensitive")
    domain = at(schemas, "    ^sensitive = fields.Boolean(", 1)
    endpoint = at(schemas, "    ^sensitive = fields.Boolean(", 2)
    assert ("app/schemas.py", *domain, "CR105 certain") in rows
    assert ("app/schemas.py", *endpoint, "unexplained") in rows


def test_the_files_that_call_dump_are_found_in_phase_ones_pass_over_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decorator factories are looked for in the files that say ``dump``, whatever the
    column: a cold scan searches the tree for that word in the pass that looks for the
    column's and the table's names, not in a pass of its own, and finds what the search in
    Python finds (no native tool)."""
    files = {
        "app/models.py": MODELS, "app/schemas.py": SCHEMAS, "app/common.py": COMMON,
        "app/database.py": DATABASE, "app/service.py": SERVICE, "app/views.py": VIEWS,
    }  # fmt: skip
    write(tmp_path, files)
    passes: list[tuple[str, ...]] = []
    start = search.start

    def recording(root: str, words: Sequence[str], **options: Any) -> search.Search | None:
        passes.append(tuple(words))
        return start(root, words, **options)

    monkeypatch.setattr(search, "start", recording)
    rows = accounted(tmp_path, "domains.sensitive")
    assert "dump" in passes[0] and "sensitive" in passes[0]
    assert all(words != ("dump",) for words in passes[1:])
    monkeypatch.setattr(search, "TOOLS", ())
    assert accounted(tmp_path, "domains.sensitive") == rows
