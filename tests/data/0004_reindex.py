"""tasks.title is indexed once more"""

from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade():
    op.create_index("ix_tasks_title_old", "tasks", ["title"])
    op.drop_index("ix_tasks_title_old", table_name="tasks")
    op.create_index("ix_tasks_title", "tasks", ["title"])


def downgrade():
    op.drop_index("ix_tasks_title", table_name="tasks")
