"""The outage report's "migration test" in one line (pytest plugin, entry point ``pytest11``).

Every column the models map must exist in the test database::

    def test_schema_matches_models(colretire_assert_schema_matches, engine):
        colretire_assert_schema_matches(engine)

The fixture takes an Engine, a Connection or a URL; without one it uses the ini option
``colretire_db_url``, else ``$DATABASE_URL``. The models are the ``metadata`` argument (a
MetaData, a declarative Base, or "module:attr"), else the ini option ``colretire_metadata``,
else ``metadata`` from ``[tool.colretire]`` in the pyproject.toml at pytest's rootdir.

A failure lists each missing column with the command that restores it.
:func:`assert_schema_matches` is the same check without pytest's configuration.

``--colretire-forbid-deprecated`` (or ``colretire_forbid_deprecated = true``) also makes any
use of a deprecated column raise during the run (see :mod:`colretire.runtime_guard`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from colretire import config, db, runtime_guard
from colretire.errors import ColretireError
from colretire.model import Diagnostic

Bind = sa.Engine | sa.Connection | str


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "colretire_db_url", "database URL colretire_assert_schema_matches checks by default "
        "(else $DATABASE_URL)", default=None,
    )  # fmt: skip
    parser.addini(
        "colretire_metadata", "module:attr of the MetaData or declarative Base to check "
        "(else [tool.colretire] metadata)", default=None,
    )  # fmt: skip
    runtime_guard.add_pytest_options(parser)


def pytest_sessionstart(session: pytest.Session) -> None:
    runtime_guard.start_for_pytest(session.config)


def pytest_sessionfinish(session: pytest.Session) -> None:
    runtime_guard.stop_for_pytest(session.config)


@pytest.fixture
def colretire_assert_schema_matches(pytestconfig: pytest.Config) -> Callable[..., None]:
    """``colretire_assert_schema_matches(bind=None, metadata=None)``: fail the test when a
    mapped column is missing from the database."""
    root = Path(pytestconfig.rootpath)

    def check(bind: Bind | None = None, metadata: Any = None) -> None:
        bind = (
            bind or pytestconfig.getini("colretire_db_url") or os.environ.get(db.DATABASE_URL_ENV)
        )
        if not bind:
            pytest.fail(
                "colretire_assert_schema_matches needs a database: pass an engine or URL, or "
                "set colretire_db_url in the pytest configuration", pytrace=False,
            )  # fmt: skip
        spec = metadata or pytestconfig.getini("colretire_metadata") or _configured(root)
        try:
            assert_schema_matches(bind, spec, root=root)
        except ColretireError as error:
            pytest.fail(f"colretire: {error.message}", pytrace=False)

    return check


def _configured(root: Path) -> str | None:
    try:
        return config.load(root).metadata
    except ColretireError:
        return None


def assert_schema_matches(bind: Bind, metadata: Any, *, root: Path | None = None) -> None:
    """Fail (``pytest.fail``) listing every mapped column ``bind``'s database lacks."""
    models = _models(metadata, root or Path.cwd())
    if isinstance(bind, str):
        engine = db.create_engine(bind)
        try:
            missing = db.missing_columns(engine, models)
        finally:
            engine.dispose()
    else:
        missing = db.missing_columns(bind, models)
    if missing:
        pytest.fail(failure_message(missing, models, _name(bind)), pytrace=False)


def _models(metadata: Any, root: Path) -> db.Models:
    if metadata is None:
        raise ColretireError(
            "no models to check: pass metadata=Base, set colretire_metadata in the pytest "
            "configuration, or metadata in [tool.colretire]"
        )
    if isinstance(metadata, str):
        source = config.load(root).source if (root / config.PYPROJECT).is_file() else ()
        return db.models_from_metadata(db.import_metadata(metadata, root, source), metadata)
    found = metadata if isinstance(metadata, sa.MetaData) else getattr(metadata, "metadata", None)
    if not isinstance(found, sa.MetaData):
        raise ColretireError(f"{metadata!r} is neither a MetaData nor a declarative Base")
    return db.models_from_metadata(found, getattr(metadata, "__name__", "the metadata"))


def _name(bind: Bind) -> str:
    url = sa.make_url(bind) if isinstance(bind, str) else bind.engine.url
    return db.database_name(url)


def failure_message(missing: list[Diagnostic], models: db.Models, database: str) -> str:
    """``the database test lacks what the models map ...`` and one line per finding."""
    lines = [
        f"the database {database} lacks {len(missing)} column(s) or table(s) that the models ({models.source}) "
        "map; every query that loads them fails:"
    ]
    lines += [f"  {_what(d)}: fix with: {d.fix}" for d in missing]
    return "\n".join(lines)


def _what(diagnostic: Diagnostic) -> str:
    # a missing table has no column; its message starts "table NAME is mapped ..."
    return str(diagnostic.column) if diagnostic.column else " ".join(diagnostic.message.split()[:2])
