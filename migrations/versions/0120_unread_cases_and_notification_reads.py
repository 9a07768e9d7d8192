"""unread cases and notification reads

The inbox's unread marker and urging count on each case, and which user has
read a note addressed to their whole role.

Revision ID: 0120
Revises: 0141
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0120"
down_revision: str | None = "0141"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_citizen_message_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("assignee_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("urge_count", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "notificationread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["staffnotification.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notificationread", schema=None) as batch_op:
        batch_op.create_index("ix_notificationread_note_user", ["note_id", "user_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_notificationread_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notificationread", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notificationread_user_id"))
        batch_op.drop_index("ix_notificationread_note_user")
    op.drop_table("notificationread")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("urge_count")
        batch_op.drop_column("assignee_seen_at")
        batch_op.drop_column("last_citizen_message_at")
