"""citizen tag events: the audit trail of tags staff add to and remove from citizens

Revision ID: 0256
Revises: 0255
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0256"
down_revision: str | None = "0255"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "citizen_tag_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_citizen_tag_event_citizen_id", "citizen_tag_event", ["citizen_id"])


def downgrade() -> None:
    op.drop_index("ix_citizen_tag_event_citizen_id", table_name="citizen_tag_event")
    op.drop_table("citizen_tag_event")
