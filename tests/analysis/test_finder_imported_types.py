"""Types the finder follows across modules: a parameter annotated with a class that a
module the file imports declares, or the result of a function such a module annotates.
Phase one reads only the files that declare or return the models; the classes of the other
modules the scanned files import are read too, so that ``offer.status`` on a plain class
of another module is decided rather than left unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Instance(Base):
        __tablename__ = "instances"
        id: Mapped[int] = mapped_column(primary_key=True)
        status: Mapped[str] = mapped_column(String(20))


    class Health:  # not a model, with a status of its own: the name alone proves nothing
        status = "ok"
"""

OFFERS = """
    from dataclasses import dataclass


    @dataclass
    class Offer:
        region: str
        status: str


    class Catalog:
        def __init__(self, offers: list[Offer]) -> None:
            self.offers = offers
"""


def test_a_parameter_annotated_with_a_plain_class_of_another_module(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS,
            "app/provision.py": """
        from app.offers import Offer

        def describe(offer: Offer) -> str:
            return offer.status
    """,
        },
    )
    line, col = at(files["app/provision.py"], "offer.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "excluded: other-type")]


def test_the_result_of_a_function_of_another_module(tmp_path: Path) -> None:
    """``for offer in await list_offers()``: the function's return annotation, in the
    module that defines it, types the loop variable."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS,
            "app/catalog.py": """
        from app.offers import Offer

        async def list_offers(region: str) -> list[Offer]:
            return []
    """,
            "app/provision.py": """
        from app.catalog import list_offers

        async def cheapest(region: str) -> None:
            for offer in await list_offers(region):
                print(offer.status)
    """,
        },
    )
    line, col = at(files["app/provision.py"], "offer.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "excluded: other-type")]


def test_the_model_through_a_function_of_another_module_is_certain(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/repo.py": """
        from app import models

        def load(instance_id: int) -> "models.Instance | None":
            ...
    """,
            "app/provision.py": """
        from app.repo import load

        def current(instance_id: int) -> str:
            instance = load(instance_id)
            return instance.status
    """,
        },
    )
    line, col = at(files["app/provision.py"], "instance.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "CR103 certain")]


def test_an_unannotated_owner_stays_unexplained(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS,
            "app/provision.py": """
        from app.offers import Offer

        def describe(offer) -> str:
            return offer.status
    """,
        },
    )
    line, col = at(files["app/provision.py"], "offer.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "unexplained")]


def test_a_class_of_a_library_base_stays_unexplained(tmp_path: Path) -> None:
    """A class whose base comes from a library colretire does not know may be a schema
    that carries the column: its attribute is not excluded."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": """
        from duality import DualModel

        class Offer(DualModel):
            status: str
    """,
            "app/provision.py": """
        from app.offers import Offer

        def describe(offer: Offer) -> str:
            return offer.status
    """,
        },
    )
    line, col = at(files["app/provision.py"], "offer.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "unexplained")]


def test_a_module_level_instance_of_a_repository(tmp_path: Path) -> None:
    """``Offers = OffersTable()`` in one module, ``Offers.all()`` in another: the method's
    return annotation types what the loop reads."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS
            + """

    class OffersTable:
        def all(self) -> list[Offer]:
            return []


    Offers = OffersTable()
""",
            "app/provision.py": """
        from app.offers import Offers

        def regions() -> list[str]:
            return [offer.status for offer in Offers.all()]
    """,
        },
    )
    line, col = at(files["app/provision.py"], "offer.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "excluded: other-type")]


def test_a_module_level_instance_of_a_library_class_is_not_followed(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/clients.py": """
        from somewhere import Client

        api = Client()
    """,
            "app/provision.py": """
        from app.clients import api

        def current() -> str:
            return api.status
    """,
        },
    )
    line, col = at(files["app/provision.py"], "api.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "unexplained")]


def test_a_tuple_of_known_shape_is_unpacked_by_position(tmp_path: Path) -> None:
    """``for backend, offer in offers`` over a ``list[tuple[Backend, Offer]]``: the second
    part is an ``Offer``; the first, a class that also has a ``status``, is told apart."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS,
            "app/catalog.py": """
        from typing import List, Tuple

        from app.models import Instance
        from app.offers import Offer

        def offers_by_instance() -> List[Tuple[Instance, Offer]]:
            return []
    """,
            "app/provision.py": """
        from app.catalog import offers_by_instance

        def statuses() -> None:
            for instance, offer in offers_by_instance():
                print(instance.status, offer.status)
            pair = offers_by_instance()[0]
            print(pair[1].status)
    """,
        },
    )
    source = files["app/provision.py"]
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == sorted(
        [
            ("app/provision.py", *at(source, "instance.^status"), "CR103 certain"),
            ("app/provision.py", *at(source, "offer.^status"), "excluded: other-type"),
            ("app/provision.py", *at(source, "pair[1].^status"), "excluded: other-type"),
        ]
    )


def test_a_tuple_of_unknown_shape_stays_unexplained(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS,
            "app/catalog.py": """
        from app.offers import Offer

        def offers_by_region():
            return []
    """,
            "app/provision.py": """
        from app.catalog import offers_by_region

        def statuses() -> None:
            for region, offer in offers_by_region():
                print(offer.status)
    """,
        },
    )
    line, col = at(files["app/provision.py"], "offer.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [("app/provision.py", line, col, "unexplained")]


def test_a_library_named_like_a_subpackage_stays_a_library(tmp_path: Path) -> None:
    """The project has ``app/drivers/psycopg2/connection.py`` with a ``connect`` of its
    own; ``psycopg2.connect(status=...)`` in another package is still the library's."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/drivers/__init__.py": "",
            "app/drivers/psycopg2/__init__.py": "",
            "app/drivers/psycopg2/connection.py": """
        def connect(status: str) -> None:
            ...
    """,
            "app/web/__init__.py": "",
            "app/web/views.py": """
        import psycopg2

        from app.drivers.psycopg2.connection import connect

        def open_connection(dsn: str) -> None:
            psycopg2.connect(dsn, status="x")
    """,
        },
    )
    line, col = at(files["app/web/views.py"], "^status=")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/web/views.py"]
    assert rows == [("app/web/views.py", line, col, "excluded: keyword")]


def test_a_method_that_gives_back_its_argument(tmp_path: Path) -> None:
    """``server = ServerModule.with_shared(server, shared)``: the unannotated static method
    returns the server it was given, so ``server`` stays an ``Instance``."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/views.py": """
        from app.models import Instance


        class ServerModule:
            @staticmethod
            def with_shared(server, shared):
                server.name = shared.name
                return server


        def describe(session, instance_id, shared):
            server = session.get(Instance, instance_id)
            if shared is not None:
                server = ServerModule.with_shared(server, shared)
            return server.status
    """,
        },
    )
    line, col = at(files["app/views.py"], "server.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/views.py"]
    assert rows == [("app/views.py", line, col, "CR103 certain")]


def test_a_function_that_rebinds_its_parameter_gives_nothing_back(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/views.py": """
        from app.models import Instance


        def refreshed(server, client):
            server = client.reload(server)
            return server


        def describe(session, instance_id, client):
            server = refreshed(session.get(Instance, instance_id), client)
            return server.status
    """,
        },
    )
    line, col = at(files["app/views.py"], "server.^status")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/views.py"]
    assert rows == [("app/views.py", line, col, "unexplained")]


def test_a_library_function_named_like_a_project_function_stays_the_library_s(
    tmp_path: Path,
) -> None:
    """The project has a ``connect`` of its own and a sub-package named ``psycopg2``;
    ``psycopg2.connect(status=...)`` is still the library's."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/drivers/__init__.py": "",
            "app/drivers/psycopg2/__init__.py": """
        class Driver:
            pass
    """,
            "app/tools/__init__.py": "",
            "app/tools/diff.py": """
        def connect(status: str) -> None:
            ...
    """,
            "app/web/__init__.py": "",
            "app/web/views.py": """
        import psycopg2

        from app.drivers.psycopg2 import Driver
        from app.tools.diff import connect

        def open_connection(dsn: str) -> None:
            psycopg2.connect(dsn, status="x")
    """,
        },
    )
    line, col = at(files["app/web/views.py"], "^status=")
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/web/views.py"]
    assert rows == [("app/web/views.py", line, col, "excluded: keyword")]


SCHEMAS = """
    from typing import Optional

    from pydantic import BaseModel


    class RetryPolicy(BaseModel):
        retry: bool
        duration: Optional[int] = None


    class Profile(BaseModel):
        name: str
        retry_policy: Optional[RetryPolicy] = None
        spot_policy: Optional[str] = None
"""

RETRY_MODELS = """
    from typing import Optional

    from sqlalchemy import Boolean, String, Text
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Instance(Base):
        __tablename__ = "instances"
        id: Mapped[int] = mapped_column(primary_key=True)
        retry_policy: Mapped[bool] = mapped_column(Boolean, default=False)
        spot_policy: Mapped[Optional[str]] = mapped_column(String(20))
        profile: Mapped[str] = mapped_column(Text)
"""


def test_a_schema_field_holding_objects_is_not_a_plain_column(tmp_path: Path) -> None:
    """``Profile.retry_policy`` holds a ``RetryPolicy``; ``instances.retry_policy`` is a
    flag: the schema's field cannot carry it, proven or not that the schema mirrors the
    model. Its declaration and its reads are excluded."""
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS,
            "app/runs.py": """
        from app.schemas import Profile

        def wants_retry(profile: Profile) -> bool:
            return profile.retry_policy is not None and profile.retry_policy.retry
    """,
        },
    )
    runs, schemas = files["app/runs.py"], files["app/schemas.py"]
    rows = [r for r in accounted(tmp_path, "instances.retry_policy") if r[0] != "app/models.py"]
    assert rows == [
        ("app/runs.py", *at(runs, "profile.^retry_policy is"), "excluded: other-type"),
        ("app/runs.py", *at(runs, "profile.^retry_policy.retry"), "excluded: other-type"),
        ("app/schemas.py", *at(schemas, "    ^retry_policy: Optional"), "excluded: other-type"),
    ]


def test_the_keyword_that_sets_a_schema_field_holding_objects(tmp_path: Path) -> None:
    """``Profile(retry_policy=...)`` sets the field that holds a ``RetryPolicy``: the
    keyword is that field, no more the flag's than the field is."""
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS,
            "app/defaults.py": """
        from app.schemas import Profile, RetryPolicy

        def default_profile(name, retry_policy):
            return Profile(name=name, retry_policy=retry_policy)
    """,
        },
    )
    source = files["app/defaults.py"]
    rows = [r for r in accounted(tmp_path, "instances.retry_policy") if r[0] == "app/defaults.py"]
    assert ("app/defaults.py", *at(source, "^retry_policy=retry"), "excluded: other-type") in rows


def test_a_schema_of_a_dual_base_model_holds_objects_too(tmp_path: Path) -> None:
    """``pydantic_duality``'s ``DualBaseModel`` is a Pydantic model: a class derived from it
    is a schema, and its field declared to hold a ``RetryPolicy`` is no flag."""
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS.replace(
                "from pydantic import BaseModel", "from pydantic_duality import DualBaseModel"
            ).replace("(BaseModel)", "(DualBaseModel)"),
            "app/defaults.py": """
        from app.schemas import Profile

        def default_profile(name, retry_policy):
            return Profile(name=name, retry_policy=retry_policy)
    """,
        },
    )
    source = files["app/defaults.py"]
    rows = [r for r in accounted(tmp_path, "instances.retry_policy") if r[0] == "app/defaults.py"]
    assert ("app/defaults.py", *at(source, "^retry_policy=retry"), "excluded: other-type") in rows


CONFIGURATIONS = """
    from typing import Optional, Union

    from pydantic import BaseModel

    from app.schemas import Profile, RetryPolicy


    class TaskConfiguration(BaseModel):
        commands: list[str] = []
        retry_policy: Optional[RetryPolicy] = None
        spot_policy: Optional[str] = None


    class ServiceConfiguration(BaseModel):
        port: int = 80
        retry_policy: Optional[RetryPolicy] = None
        spot_policy: Optional[str] = None


    AnyRunConfiguration = Union[TaskConfiguration, ServiceConfiguration]
"""

APPLY = """
    import argparse
    from typing import Union

    from app.configurations import AnyRunConfiguration
    from app.schemas import Profile, RetryPolicy


    def apply_profile_args(
        args: argparse.Namespace, profile_settings: Union[Profile, AnyRunConfiguration]
    ) -> None:
        if args.retry is not None:
            if not profile_settings.retry_policy:
                profile_settings.retry_policy = RetryPolicy(retry=args.retry)
        if args.spot is not None:
            profile_settings.spot_policy = args.spot
"""


def test_a_union_whose_classes_each_hold_objects_there(tmp_path: Path) -> None:
    """``profile_settings: Union[Profile, AnyRunConfiguration]``, the second a union of
    configurations a module spells out at its top: the value is one of three classes, each
    declaring ``retry_policy`` to hold a ``RetryPolicy``, where ``instances.retry_policy``
    is a flag. Its reads and writes are excluded; ``spot_policy``, which each holds as a
    string as the column does, stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS,
            "app/configurations.py": CONFIGURATIONS,
            "app/cli.py": APPLY,
        },
    )
    cli = files["app/cli.py"]
    rows = [r for r in accounted(tmp_path, "instances.retry_policy") if r[0] == "app/cli.py"]
    assert rows == [
        ("app/cli.py", *at(cli, "not profile_settings.^retry_policy"), "excluded: other-type"),
        ("app/cli.py", *at(cli, "profile_settings.^retry_policy = "), "excluded: other-type"),
    ]
    rows = [r for r in accounted(tmp_path, "instances.spot_policy") if r[0] == "app/cli.py"]
    assert rows == [("app/cli.py", *at(cli, "settings.^spot_policy"), "unexplained")]


def test_a_union_with_a_class_of_plain_values_there_stays_unexplained(tmp_path: Path) -> None:
    """One class of the union keeps ``retry_policy`` as a flag, as the column does: the
    value may be that one, which may mirror the row."""
    configurations = CONFIGURATIONS.replace(
        "port: int = 80\n        retry_policy: Optional[RetryPolicy] = None",
        "port: int = 80\n        retry_policy: bool = False",
    )
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS,
            "app/configurations.py": configurations,
            "app/cli.py": APPLY,
        },
    )
    cli = files["app/cli.py"]
    rows = [r for r in accounted(tmp_path, "instances.retry_policy") if r[0] == "app/cli.py"]
    assert rows == [
        ("app/cli.py", *at(cli, "not profile_settings.^retry_policy"), "unexplained"),
        ("app/cli.py", *at(cli, "profile_settings.^retry_policy = "), "unexplained"),
    ]


def test_a_union_of_the_model_and_a_schema_spelt_at_the_top(tmp_path: Path) -> None:
    """``AnyInstance = Union[Instance, Profile]``: the value may be the model itself, so
    the read is the model's whatever the schema holds."""
    write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS,
            "app/kinds.py": """
        from typing import Union

        from app.models import Instance
        from app.schemas import Profile

        AnyInstance = Union[Instance, Profile]
    """,
            "app/cli.py": """
        from app.kinds import AnyInstance


        def wants_retry(item: AnyInstance) -> bool:
            return bool(item.retry_policy)
    """,
        },
    )
    rows = [r for r in accounted(tmp_path, "instances.retry_policy") if r[0] == "app/cli.py"]
    assert [r[3] for r in rows] == ["CR103 certain"]


def test_a_schema_field_of_plain_values_stays_unexplained(tmp_path: Path) -> None:
    """``Profile.spot_policy`` holds a string like the column does: whether the schema
    mirrors the model is for the evidence to say, and there is none."""
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS,
            "app/runs.py": """
        from app.schemas import Profile

        def spot(profile: Profile) -> str | None:
            return profile.spot_policy
    """,
        },
    )
    line, col = at(files["app/runs.py"], "profile.^spot_policy")
    rows = [r for r in accounted(tmp_path, "instances.spot_policy") if r[0] == "app/runs.py"]
    assert rows == [("app/runs.py", line, col, "unexplained")]


def test_a_text_column_may_hold_a_serialised_object(tmp_path: Path) -> None:
    """``instances.profile`` is text the code fills with ``profile.json()``: a field holding
    a ``Profile`` may well carry it."""
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS
            + """

    class Offer(BaseModel):
        profile: Profile
""",
            "app/runs.py": """
        from app.schemas import Offer

        def profile_of(offer: Offer) -> object:
            return offer.profile
    """,
        },
    )
    line, col = at(files["app/runs.py"], "offer.^profile")
    rows = [r for r in accounted(tmp_path, "instances.profile") if r[0] == "app/runs.py"]
    assert rows == [("app/runs.py", line, col, "unexplained")]


def test_what_init_stores_from_an_annotated_parameter(tmp_path: Path) -> None:
    """``self.run_spec = run_spec`` in ``__init__(self, run_spec: RunSpec)``: the attribute
    holds a ``RunSpec`` in every method."""
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS
            + """

    class RunSpec(BaseModel):
        profile: Profile
""",
            "app/configurator.py": """
        from app.schemas import RunSpec


        class Configurator:
            def __init__(self, run_spec: RunSpec, retries) -> None:
                self.run_spec = run_spec
                self.retries = retries

            def retry(self) -> bool:
                return self.run_spec.profile.retry_policy is not None

            def again(self) -> bool:
                return self.retries.retry_policy
    """,
        },
    )
    source = files["app/configurator.py"]
    rows = [
        r for r in accounted(tmp_path, "instances.retry_policy") if r[0] == "app/configurator.py"
    ]
    assert rows == [
        ("app/configurator.py", *at(source, "profile.^retry_policy"), "excluded: other-type"),
        ("app/configurator.py", *at(source, "retries.^retry_policy"), "unexplained"),
    ]


JOBS = """
    from typing import Optional

    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class Instance(Base):
        __tablename__ = "instances"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(50))


    class Job(Base):
        __tablename__ = "jobs"
        id: Mapped[int] = mapped_column(primary_key=True)
        instance_id: Mapped[Optional[int]] = mapped_column(ForeignKey("instances.id"))
        instance: Mapped[Optional[Instance]] = relationship()
"""

OFFER_SCHEMAS = """
    from typing import Optional

    from pydantic import BaseModel, ConfigDict


    class InstanceType(BaseModel):
        name: str


    class InstanceOffer(BaseModel):
        instance: InstanceType
        region: str


    class JobOut(BaseModel):
        model_config = ConfigDict(from_attributes=True)
        instance: InstanceType
"""


def test_a_relationship_name_on_a_class_that_cannot_mirror_it(tmp_path: Path) -> None:
    """``offer.instance`` where ``offer`` is an ``InstanceOffer``, whose ``instance`` holds
    an ``InstanceType``: neither maps a table nor is proven to mirror one, and nothing can
    fill the offer from a job's attributes. ``JobOut`` can (``from_attributes``): its
    ``instance`` stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOBS,
            "app/schemas.py": OFFER_SCHEMAS,
            "app/compute.py": """
        from app.schemas import InstanceOffer, JobOut

        def machine(offer: InstanceOffer) -> str:
            return offer.instance.name

        def shown(job: JobOut) -> str:
            return job.instance.name
    """,
        },
    )
    source = files["app/compute.py"]
    rows = [r for r in accounted(tmp_path, "jobs.instance_id") if r[0] == "app/compute.py"]
    assert rows == [
        ("app/compute.py", *at(source, "offer.^instance"), "excluded: other-type"),
        ("app/compute.py", *at(source, "job.^instance"), "unexplained"),
    ]


def test_a_list_filled_by_append(tmp_path: Path) -> None:
    """``offers = []`` then only ``offers.append(offer)`` of ``Offer`` objects: its items
    are ``Offer`` objects. A list that also takes ``+=`` is not followed."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS,
            "app/provision.py": """
        from app.offers import Offer

        def kept(candidates: list[Offer], extra) -> None:
            offers = []
            for candidate in candidates:
                offers.append(candidate)
            offers.sort(key=len)
            for offer in offers:
                print(offer.status)
            mixed = []
            mixed.append(candidates[0])
            mixed += extra
            for item in mixed:
                print(item.status)
    """,
        },
    )
    source = files["app/provision.py"]
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [
        ("app/provision.py", *at(source, "offer.^status"), "excluded: other-type"),
        ("app/provision.py", *at(source, "item.^status"), "unexplained"),
    ]


def test_a_list_filled_by_append_then_filtered(tmp_path: Path) -> None:
    """``offers = []``, ``offers.append(...)`` of ``Offer`` objects, then ``offers = [o for
    o in offers if ...]``: some of the same items, still ``Offer`` objects. One that also
    takes ``extend`` is not followed."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS,
            "app/provision.py": """
        from app.offers import Offer

        def cheap(candidates: list[Offer], extra) -> list[str]:
            offers = []
            for candidate in candidates:
                offers.append(candidate)
            offers = [offer for offer in offers if offer.price < 10]
            return [offer.status for offer in offers]

        def mixed(candidates: list[Offer], extra) -> list[str]:
            items = []
            items.append(candidates[0])
            items.extend(extra)
            items = [item for item in items if item]
            return [item.status for item in items]
    """,
        },
    )
    source = files["app/provision.py"]
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/provision.py"]
    assert rows == [
        ("app/provision.py", *at(source, "offer.^status"), "excluded: other-type"),
        ("app/provision.py", *at(source, "item.^status"), "unexplained"),
    ]


def test_what_init_stores_from_a_call(tmp_path: Path) -> None:
    """``self._catalog = Catalog(...)`` and ``self._best = best_offer(...)`` (annotated to
    return an ``Offer``) in ``__init__`` type the attributes; ``self._client =
    connect()`` of a library stays unknown."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/offers.py": OFFERS
            + """

    def best_offer(region: str) -> Offer:
        ...
""",
            "app/planner.py": """
        from somewhere import connect

        from app.offers import Catalog, best_offer


        class Planner:
            def __init__(self, region: str) -> None:
                self._catalog = Catalog([])
                self._best = best_offer(region)
                self._client = connect()

            def statuses(self) -> None:
                for offer in self._catalog.offers:
                    print(offer.status)
                print(self._best.status, self._client.status)
    """,
        },
    )
    source = files["app/planner.py"]
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/planner.py"]
    assert rows == [
        ("app/planner.py", *at(source, "offer.^status"), "excluded: other-type"),
        ("app/planner.py", *at(source, "self._best.^status"), "excluded: other-type"),
        ("app/planner.py", *at(source, "self._client.^status"), "unexplained"),
    ]


def test_a_parameter_rebound_at_the_top_of_the_function(tmp_path: Path) -> None:
    """``def read(cls, challenge): challenge = Instance.query...first()``: every read after
    the statement sees the ``Instance``. A name rebound later, in a branch, is not followed
    that way."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/views.py": """
        from sqlalchemy import select

        from app.models import Instance


        class Plugin:
            @classmethod
            def read(cls, session, server):
                server = session.scalars(select(Instance).filter_by(id=server.id)).first()
                return {"status": server.status}

            @classmethod
            def update(cls, session, server, other):
                server = session.get(Instance, server.id)
                if other:
                    server = other
                return server.status
    """,
        },
    )
    source = files["app/views.py"]
    rows = [r for r in accounted(tmp_path, "instances.status") if r[0] == "app/views.py"]
    assert rows == [
        ("app/views.py", *at(source, 'return {^"status'), "CR106 certain"),
        ("app/views.py", *at(source, "server.^status}"), "CR103 certain"),
        ("app/views.py", *at(source, "return server.^status"), "unexplained"),
    ]


def test_a_field_built_from_the_related_object_mirrors_the_relationship(
    tmp_path: Path,
) -> None:
    """``JobBody(instance=self.instance.to_model() if self.instance else None)`` in the
    model: ``JobBody.instance`` carries the relationship, though it holds an
    ``InstanceType``. A property of another class that returns it is not excluded."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOBS.replace(
                "from sqlalchemy import ForeignKey, String",
                "from sqlalchemy import ForeignKey, String\n\n    from app.schemas import JobBody",
            )
            + """

        def to_body(self) -> JobBody:
            return JobBody(instance=self.instance.to_model() if self.instance else None)
""",
            "app/schemas.py": OFFER_SCHEMAS
            + """

    class JobBody(BaseModel):
        instance: Optional[InstanceType] = None


    class JobView(BaseModel):
        body: JobBody

        @property
        def instance(self) -> Optional[InstanceType]:
            return self.body.instance
""",
            "app/compute.py": """
        from app.schemas import JobBody

        def machine(body: JobBody) -> str:
            return body.instance.name
    """,
        },
    )
    source = files["app/compute.py"]
    rows = accounted(tmp_path, "jobs.instance_id")
    assert ("app/compute.py", *at(source, "body.^instance"), "CR108 certain") in rows
    schemas = files["app/schemas.py"]
    view = at(schemas, "def ^instance")
    assert ("app/schemas.py", *view, "excluded: other-type") not in rows


DAG_RUNS = """
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class DagRun(Base):
        __tablename__ = "dag_run"
        id: Mapped[int] = mapped_column(primary_key=True)
        external_trigger: Mapped[bool] = mapped_column()


    class TriggerRequest:  # not a model: the name alone proves nothing
        external_trigger = False
"""

TRIGGER = """
    from __future__ import annotations

    from app.models import DagRun

    def trigger_dag(dag_id: str) -> DagRun | None:
        return None
"""

CLIENT = """
    from app.api.common import trigger_dag

    def go(dag_id):
        run = trigger_dag.trigger_dag(dag_id=dag_id)
        return run.external_trigger
"""


def test_a_module_imported_from_its_package_beside_a_function_of_its_name(
    tmp_path: Path,
) -> None:
    """``from app.api.common import trigger_dag`` binds the module (the package's
    ``__init__`` binds no such name), so ``trigger_dag.trigger_dag(...)`` is its function,
    annotated to return a ``DagRun``; not the function itself, found by its name alone."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": DAG_RUNS,
            "app/api/__init__.py": "",
            "app/api/common/__init__.py": "",
            "app/api/common/trigger_dag.py": TRIGGER,
            "app/client.py": CLIENT,
        },
    )
    line, col = at(files["app/client.py"], "run.^external_trigger")
    rows = [r for r in accounted(tmp_path, "dag_run.external_trigger") if r[0] == "app/client.py"]
    assert rows == [("app/client.py", line, col, "CR103 certain")]


def test_a_package_that_imports_the_function_under_the_module_s_name(tmp_path: Path) -> None:
    """Where the package's ``__init__`` imports ``trigger_dag`` from its module, the name
    is the function: ``trigger_dag.trigger_dag`` is an attribute of a function, unknown."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": DAG_RUNS,
            "app/api/__init__.py": "",
            "app/api/common/__init__.py": "from .trigger_dag import trigger_dag\n",
            "app/api/common/trigger_dag.py": TRIGGER,
            "app/client.py": CLIENT,
        },
    )
    line, col = at(files["app/client.py"], "run.^external_trigger")
    rows = [r for r in accounted(tmp_path, "dag_run.external_trigger") if r[0] == "app/client.py"]
    assert rows == [("app/client.py", line, col, "unexplained")]


def test_a_package_that_imports_the_module_itself(tmp_path: Path) -> None:
    """``from . import trigger_dag`` in the package binds the module: still the module."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": DAG_RUNS,
            "app/api/__init__.py": "",
            "app/api/common/__init__.py": "from . import trigger_dag\n",
            "app/api/common/trigger_dag.py": TRIGGER,
            "app/client.py": CLIENT,
        },
    )
    line, col = at(files["app/client.py"], "run.^external_trigger")
    rows = [r for r in accounted(tmp_path, "dag_run.external_trigger") if r[0] == "app/client.py"]
    assert rows == [("app/client.py", line, col, "CR103 certain")]


def test_a_union_name_bound_twice_stands_for_no_union(tmp_path: Path) -> None:
    """``AnyRunConfiguration`` bound again below, to a union that takes in the model: the
    name stands for the last binding where the module is imported, not the first; the
    reads on it may be the model's, and stay unexplained."""
    configurations = CONFIGURATIONS.replace(
        "from app.schemas import Profile, RetryPolicy",
        "from app.models import Instance\n    from app.schemas import Profile, RetryPolicy",
    ) + ("    AnyRunConfiguration = Union[TaskConfiguration, ServiceConfiguration, Instance]\n")
    files = write(
        tmp_path,
        {
            "app/models.py": RETRY_MODELS,
            "app/schemas.py": SCHEMAS,
            "app/configurations.py": configurations,
            "app/cli.py": APPLY.replace(
                "profile_settings: Union[Profile, AnyRunConfiguration]",
                "profile_settings: AnyRunConfiguration",
            ),
        },
    )
    cli = files["app/cli.py"]
    rows = [r for r in accounted(tmp_path, "instances.retry_policy") if r[0] == "app/cli.py"]
    assert rows == [
        ("app/cli.py", *at(cli, "not profile_settings.^retry_policy"), "unexplained"),
        ("app/cli.py", *at(cli, "profile_settings.^retry_policy = "), "unexplained"),
    ]
