from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, registry

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

jobs_table = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("run_at", DateTime, nullable=True),  # expect: CR101 certain
)


class Job:
    pass


mapper_registry.map_imperatively(Job, jobs_table)


class Base(DeclarativeBase):
    pass


class Worker(Base):
    __table__ = Table(
        "workers",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("run_at", DateTime),  # expect-not
    )
