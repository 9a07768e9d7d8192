"""duty phones: a department's duty phone, a live call's conference room, and each duty phone brought into a call

Revision ID: 0260
Revises: 0257
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0260"
down_revision: str | None = "0257"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("department") as batch_op:
        batch_op.add_column(sa.Column("duty_phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    with op.batch_alter_table("livecall") as batch_op:
        batch_op.add_column(sa.Column("conference", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.create_table(
        "dutycall",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("asked_by", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("leg_sid", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("asked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("joined_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("talk_seconds", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(["call_id"], ["livecall.id"]),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["asked_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dutycall_call_id", "dutycall", ["call_id"])


def downgrade() -> None:
    op.drop_index("ix_dutycall_call_id", table_name="dutycall")
    op.drop_table("dutycall")
    with op.batch_alter_table("livecall") as batch_op:
        batch_op.drop_column("conference")
    with op.batch_alter_table("department") as batch_op:
        batch_op.drop_column("duty_phone")
