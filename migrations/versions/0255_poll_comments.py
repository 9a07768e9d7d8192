"""poll comments: free-text answers to a consultation, recorded on the notice as feedback items

Revision ID: 0255
Revises: 0234
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0255"
down_revision: str | None = "0234"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "poll_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("township", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("age_group", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_poll_comment_campaign_id", "poll_comment", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_poll_comment_campaign_id", table_name="poll_comment")
    op.drop_table("poll_comment")
