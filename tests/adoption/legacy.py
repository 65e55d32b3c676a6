"""A project that used Alembic for years before it adopted colretire.

Its ``env.py`` picks one version tree per dialect (``versions/sqlite`` and
``versions/postgresql``, twins with the same revision ids that differ where the databases do).
Its history drops columns colretire never tracked (``op.drop_column``, a batch drop, raw SQL,
names in a loop), drops the table ``worker`` and later creates it again (the models map it
today), and drops ``tasks.legacy_code`` then adds it back: a live column.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

PYPROJECT = '[project]\nname = "legacy"\nversion = "3.2.0"\n'

ALEMBIC_INI = """\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = %(here)s
path_separator = os
sqlalchemy.url = {url}
"""

MODELS = """\
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    legacy_code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    worker_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Worker(Base):
    __tablename__ = "worker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
"""

ENV_PY = '''\
"""One version tree per dialect: the twin revisions differ where the databases do."""
from pathlib import Path

from sqlalchemy import create_engine, pool

{import_line}
from app.models import Base

config = context.config
target_metadata = Base.metadata
url = config.get_main_option("sqlalchemy.url")
dialect = url.split(":")[0].split("+")[0]
context.script.version_locations = [str(Path(__file__).parent / "versions" / dialect)]

engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
'''

GUARD_LINE = "from colretire.alembic.guard import context"
PLAIN_LINE = "from alembic import context"

#: The history: revision -> (sqlite body, postgresql body).
HISTORY = {
    "0001": (
        """
        op.create_table("tasks", sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("title", sa.String(200)), sa.Column("legacy_code", sa.String(20)),
                        sa.Column("notes", sa.Text), sa.Column("rank", sa.Integer),
                        sa.Column("old_a", sa.Integer), sa.Column("old_b", sa.Integer))
        op.create_table("worker", sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("login", sa.String(50)))
        """,
    )
    * 2,
    "0002": (
        """
        with op.batch_alter_table("tasks") as batch_op:
            batch_op.drop_column("legacy_code")
        op.execute("ALTER TABLE tasks DROP COLUMN notes")
        """,
        """
        op.drop_column("tasks", "legacy_code")
        op.execute("ALTER TABLE tasks DROP COLUMN notes")
        """,
    ),
    "0003": (
        """
        for name in ("old_a", "old_b"):
            with op.batch_alter_table("tasks") as batch_op:
                batch_op.drop_column(name)
        op.drop_table("worker")
        """,
        """
        for name in ("old_a", "old_b"):
            op.drop_column("tasks", name)
        op.drop_table("worker")
        """,
    ),
    "0004": (
        """
        op.create_table("worker", sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("name", sa.String(100)))
        with op.batch_alter_table("tasks") as batch_op:
            batch_op.add_column(sa.Column("legacy_code", sa.String(20), nullable=True))
            batch_op.add_column(sa.Column("worker_id", sa.Integer))
            batch_op.drop_column("rank")
        """,
        """
        op.create_table("worker", sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("name", sa.String(100)))
        op.add_column("tasks", sa.Column("legacy_code", sa.String(20), nullable=True))
        op.add_column("tasks", sa.Column("worker_id", sa.Integer))
        op.execute("ALTER TABLE tasks DROP COLUMN IF EXISTS rank")
        """,
    ),
}

DIALECTS = ("sqlite", "postgresql")


def revision_text(revision: str, down: str | None, upgrade: str) -> str:
    body = textwrap.indent(textwrap.dedent(upgrade).strip(), "    ")
    return (
        f'"""revision {revision}"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
        f"revision = {revision!r}\ndown_revision = {down!r}\n\n\n"
        f"def upgrade():\n{body}\n\n\ndef downgrade():\n    pass\n"
    )


def write_revision(root: Path, dialect: str, revision: str, down: str | None, upgrade: str) -> Path:
    path = root / "migrations" / "versions" / dialect / f"{revision}_rev.py"
    path.write_text(revision_text(revision, down, upgrade))
    return path


def make_legacy(root: Path, url: str, *, guarded: bool = False) -> Path:
    """The project at ``root``, its alembic.ini pointing at ``url``."""
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "models.py").write_text(MODELS)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "alembic.ini").write_text(ALEMBIC_INI.format(url=url.replace("%", "%%")))
    migrations = root / "migrations"
    (migrations / "versions").mkdir(parents=True)
    (migrations / "env.py").write_text(
        ENV_PY.format(import_line=GUARD_LINE if guarded else PLAIN_LINE)
    )
    down = None
    for revision, bodies in HISTORY.items():
        for dialect, body in zip(DIALECTS, bodies, strict=True):
            (migrations / "versions" / dialect).mkdir(exist_ok=True)
            write_revision(root, dialect, revision, down, body)
        down = revision
    return root


def guard_env_py(root: Path) -> None:
    """Put the guard's one line in env.py."""
    env_py = root / "migrations" / "env.py"
    env_py.write_text(env_py.read_text().replace(PLAIN_LINE, GUARD_LINE))
