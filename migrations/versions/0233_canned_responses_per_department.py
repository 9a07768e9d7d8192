"""canned responses per department

A canned response belongs to one department, or is shared by all (NULL).

Revision ID: 0233
Revises: 0232
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0233"
down_revision: str | None = "0232"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cannedresponse", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_cannedresponse_department_id"), ["department_id"], unique=False)
        batch_op.create_foreign_key("fk_cannedresponse_department_id", "department", ["department_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("cannedresponse", schema=None) as batch_op:
        batch_op.drop_constraint("fk_cannedresponse_department_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_cannedresponse_department_id"))
        batch_op.drop_column("department_id")
