"""soft delete for articles and comments

Revision ID: 3f9e2c1a7b40
Revises: 0b5d1e6c2f13
Create Date: 2024-09-02 08:30:12.551871
"""
import sqlalchemy as sa
from alembic import op

revision = "3f9e2c1a7b40"
down_revision = "0b5d1e6c2f13"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("is_deleted", sa.Boolean(), nullable=False, server_default=sa.false()))  # expect: CR120 certain
    with op.batch_alter_table("comments") as batch_op:
        batch_op.add_column(sa.Column("is_deleted", sa.Boolean(), nullable=False, server_default=sa.false()))  # expect-not


def downgrade() -> None:
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_column("is_deleted")  # expect-not
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("is_deleted")  # expect: CR120 certain
