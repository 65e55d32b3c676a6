"""A model whose table a library's base names by a convention colretire cannot read
(Neutron's ``model_base.BASEV2``, from neutron_lib, gives ``Subnet`` the table ``subnets``):
where one of the project's migrations creates the column's table or adds a column to it,
the class whose name gives that table by a usual convention (lower or snake case, with or
without a plural ``s``) is its model. Without such a migration nothing is guessed."""

from __future__ import annotations

from pathlib import Path

from colretire.model import Reference
from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from neutron_lib.db import model_base
    import sqlalchemy as sa


    class HasInUse(object):
        in_use = sa.Column(sa.Boolean(), nullable=False, default=False)

        @classmethod
        def lock_register(cls, context, **filters):
            context.session.query(cls).filter_by(**filters).update({"in_use": True})


    class Subnet(model_base.BASEV2, model_base.HasId, HasInUse):
        name = sa.Column(sa.String(255))
        cidr = sa.Column(sa.String(64), nullable=False)
"""

MIGRATION = """
    from alembic import op
    import sqlalchemy as sa

    revision = "d8bdf05313f4"
    down_revision = "1ffef8d6f371"

    TABLE = "subnets"


    def upgrade():
        op.add_column(TABLE, sa.Column("in_use", sa.Boolean(), server_default=sa.sql.false()))
"""

VIEWS = """
    from app.db import models_v2


    def cidrs(session):
        return [subnet.cidr for subnet in session.query(models_v2.Subnet)]
"""


def _project(root: Path, migration: bool = True) -> dict[str, str]:
    files = {"app/__init__.py": "", "app/db/models_v2.py": MODELS, "app/views.py": VIEWS}
    if migration:
        files["app/db/migration/versions/d8bdf05313f4_add_in_use.py"] = MIGRATION
    return write(root, files)


def test_the_migrated_table_names_the_class_a_library_base_maps(tmp_path: Path) -> None:
    files = _project(tmp_path)
    models = files["app/db/models_v2.py"]
    refs = [
        r
        for r in summary(found(tmp_path, "subnets.in_use"))
        if r[0] != "app/db/migration/versions/d8bdf05313f4_add_in_use.py"
    ]
    assert refs == [
        ("app/db/models_v2.py", *at(models, "    ^in_use ="), "CR101", "certain"),
        ("app/db/models_v2.py", *at(models, '{^"in_use"'), "CR106", "certain"),
    ]
    views = files["app/views.py"]
    assert summary(found(tmp_path, "subnets.cidr")) == [
        ("app/db/models_v2.py", *at(models, "^cidr ="), "CR101", "certain"),
        ("app/views.py", *at(views, "subnet.^cidr"), "CR103", "certain"),
    ]


def test_without_a_migration_no_table_is_guessed(tmp_path: Path) -> None:
    _project(tmp_path, migration=False)
    assert found(tmp_path, "subnets.in_use") == []


def test_both_spellings_migrated_or_the_table_dropped_guess_nothing(tmp_path: Path) -> None:
    """A legacy ``subnet`` beside ``subnets``: the class could map either. A table a later
    migration drops (or renames) is no evidence either; a downgrade's operations are not
    the upgrade's."""
    _project(tmp_path)
    legacy = """
        from alembic import op
        import sqlalchemy as sa

        revision = "0001"
        down_revision = None


        def upgrade():
            op.create_table("subnet", sa.Column("id", sa.Integer()))


        def downgrade():
            op.drop_table("subnets")
    """
    write(tmp_path, {"app/db/migration/versions/0001_legacy.py": legacy})
    assert _outside_migrations(found(tmp_path, "subnets.in_use")) == []

    dropped = """
        from alembic import op

        revision = "0002"
        down_revision = "d8bdf05313f4"


        def upgrade():
            op.drop_table("subnets")
    """
    (tmp_path / "app/db/migration/versions/0001_legacy.py").unlink()
    write(tmp_path, {"app/db/migration/versions/0002_drop.py": dropped})
    assert _outside_migrations(found(tmp_path, "subnets.in_use")) == []


def _outside_migrations(refs: list[Reference]) -> list[Reference]:
    return [r for r in refs if "/migration/" not in r.path]
