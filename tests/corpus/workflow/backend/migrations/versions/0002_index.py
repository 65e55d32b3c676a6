"""index the estimate

Revision ID: 0002
"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_index("ix_tasks_ect", "tasks", ["expected_completion_time"])  # expect: CR120 certain
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.alter_column("expected_completion_time", nullable=True)  # expect: CR120 certain
    op.execute("UPDATE tasks SET expected_completion_time = 0 WHERE expected_completion_time IS NULL")  # expect: CR120 certain


def downgrade() -> None:
    op.drop_index("ix_tasks_ect", table_name="tasks")
