"""outreach: consent events, citizen tags, segments, campaigns and their recipients

Revision ID: 0200
Revises: 0210
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0200"
down_revision: str | None = "0210"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("choice", _STR(length=8), nullable=False),
        sa.Column("channel", _STR(length=16), nullable=False),
        sa.Column("urn", _STR(length=320), nullable=False),
        sa.Column("source", _STR(length=32), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consent_event_citizen_id", "consent_event", ["citizen_id"])
    op.create_table(
        "citizen_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("tag", _STR(length=64), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("citizen_id", "tag", name="uq_citizen_tag"),
    )
    op.create_index("ix_citizen_tag_citizen_id", "citizen_tag", ["citizen_id"])
    op.create_index("ix_citizen_tag_tag", "citizen_tag", ["tag"])
    op.create_table(
        "segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _STR(length=200), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("created_by", _STR(length=64), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", _STR(length=200), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("channel", _STR(length=16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("long_ok", sa.Boolean(), nullable=False),
        sa.Column("status", _STR(length=16), nullable=False),
        sa.Column("send_at", _TIME(), nullable=True),
        sa.Column("created_by", _STR(length=64), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("approved_by", _STR(length=64), nullable=True),
        sa.Column("approved_at", _TIME(), nullable=True),
        sa.Column("started_at", _TIME(), nullable=True),
        sa.Column("finished_at", _TIME(), nullable=True),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["segment_id"], ["segment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_segment_id", "campaign", ["segment_id"])
    op.create_index("ix_campaign_status", "campaign", ["status"])
    op.create_table(
        "campaign_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("urn", _STR(length=320), nullable=False),
        sa.Column("channel", _STR(length=16), nullable=False),
        sa.Column("status", _STR(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _TIME(), nullable=True),
        sa.Column("claimed_at", _TIME(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sent_at", _TIME(), nullable=True),
        sa.Column("replied_at", _TIME(), nullable=True),
        sa.Column("reply_kind", _STR(length=16), nullable=True),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"]),
        sa.ForeignKeyConstraint(["reply_id"], ["interaction.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "citizen_id", name="uq_campaign_recipient"),
    )
    op.create_index("ix_campaign_recipient_work", "campaign_recipient", ["campaign_id", "status", "next_attempt_at"])
    op.create_index("ix_campaign_recipient_urn_sent", "campaign_recipient", ["urn", "sent_at"])


def downgrade() -> None:
    op.drop_table("campaign_recipient")
    op.drop_table("campaign")
    op.drop_table("segment")
    op.drop_table("citizen_tag")
    op.drop_table("consent_event")
