"""Surge alerts: more reports of a problem at a place in two hours than its usual level allows.

Revision ID: 0093
Revises: 0092
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0093"
down_revision: str | None = "0092"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "surge_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("surge_alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surge_alert_place"), ["place"], unique=False)
        batch_op.create_index(batch_op.f("ix_surge_alert_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("surge_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surge_alert_created_at"))
        batch_op.drop_index(batch_op.f("ix_surge_alert_place"))
    op.drop_table("surge_alert")
