"""The migrations and the models agree, in the direction that keeps the app up."""

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session


def test_database_is_at_head(engine: Engine, alembic_config: Config) -> None:
    from alembic.migration import MigrationContext

    head = ScriptDirectory.from_config(alembic_config).get_current_head()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_every_mapped_column_exists(engine: Engine, db: Session) -> None:
    """What the outage lacked: the ORM selects every mapped column, so each must exist."""
    from app.models.models_db import Base

    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        in_database = {column["name"] for column in inspector.get_columns(table.name)}
        assert set(table.columns.keys()) <= in_database, table.name
