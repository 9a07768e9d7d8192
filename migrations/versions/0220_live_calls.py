"""live calls

Agents' telephone lines (availability, phone, queues served), calls waiting for
or taken by an agent, and each offer of a call to an agent.

Revision ID: 0220
Revises: 0120
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0220"
down_revision: str | None = "0120"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "livecall",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_sid", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("urn", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("queue", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("wants", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("arrived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("talk_seconds", sa.Integer(), nullable=True),
        sa.Column("recording_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("wrapup", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("wrapped_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("livecall", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_livecall_call_sid"), ["call_sid"], unique=True)
        batch_op.create_index(batch_op.f("ix_livecall_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_livecall_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_livecall_waiting", ["state", "queue", "arrived_at"], unique=False)
    op.create_table(
        "agentline",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("presence", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("queues", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("misses", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_offer_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["call_id"], ["livecall.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "calloffer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("leg_sid", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("offered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("transferred_to", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["call_id"], ["livecall.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("calloffer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calloffer_call_id"), ["call_id"], unique=False)


def downgrade() -> None:
    op.drop_table("calloffer")
    op.drop_table("agentline")
    with op.batch_alter_table("livecall", schema=None) as batch_op:
        batch_op.drop_index("ix_livecall_waiting")
        batch_op.drop_index(batch_op.f("ix_livecall_case_id"))
        batch_op.drop_index(batch_op.f("ix_livecall_agent_id"))
        batch_op.drop_index(batch_op.f("ix_livecall_call_sid"))
    op.drop_table("livecall")
