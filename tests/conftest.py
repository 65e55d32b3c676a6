"""Shared fixtures: real database servers, each test in a database of its own.

The servers are found through ``COLRETIRE_TEST_POSTGRES_URL`` and ``COLRETIRE_TEST_MYSQL_URL``
(defaults: the local servers). With ``CI=true`` a missing server fails the test; on a
developer's machine it skips it and says why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get(
    "COLRETIRE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
MYSQL_URL = os.environ.get("COLRETIRE_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")
DRIVERS = {"postgresql": "postgresql+psycopg", "mysql": "mysql+pymysql", "mariadb": "mysql+pymysql"}


def driver_url(url: str) -> sa.URL:
    parsed = make_url(url)
    return parsed.set(drivername=DRIVERS.get(parsed.drivername, parsed.drivername))


def _unavailable(name: str, url: str, error: Exception) -> None:
    reason = f"{name} server not reachable at {url} ({type(error).__name__}: {error})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires it")
    pytest.skip(f"{reason}; start it or set the URL's environment variable to run this test")


def _fresh_database(name: str, url: str) -> Iterator[str]:
    server = driver_url(url)
    database = f"cr_{uuid.uuid4().hex[:12]}"
    try:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {database}"))
    except Exception as error:  # any driver error means: no usable server
        _unavailable(name, url, error)
    try:
        yield server.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            drop = f"DROP DATABASE IF EXISTS {database}"
            if server.get_backend_name() == "postgresql":
                drop += " WITH (FORCE)"
            conn.execute(sa.text(drop))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a new, empty PostgreSQL database, dropped after the test."""
    yield from _fresh_database("PostgreSQL", POSTGRES_URL)


@pytest.fixture
def mariadb_url() -> Iterator[str]:
    """URL of a new, empty MariaDB/MySQL database, dropped after the test."""
    yield from _fresh_database("MariaDB", MYSQL_URL)


@pytest.fixture
def sqlite_url(tmp_path: os.PathLike[str]) -> str:
    return f"sqlite:///{os.path.join(tmp_path, 'test.db')}"


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each of the three databases in turn."""
    fixture = {"sqlite": "sqlite_url", "postgresql": "postgres_url", "mariadb": "mariadb_url"}
    return str(request.getfixturevalue(fixture[request.param]))
