"""case inbox index

One index the inbox's folders, counts and change marker read without the
table rows: department, status, assignee, priority, last activity.

Revision ID: 0234
Revises: 0233
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0234"
down_revision: str | None = "0233"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_inbox", ["department_id", "status", "assignee_id", "priority", "updated_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_inbox")
