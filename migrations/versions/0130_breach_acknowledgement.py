"""breach acknowledgement and escalation

A missed deadline must be acknowledged with a note of the action taken; until
then it climbs a level. A department may name a head who hears of its breaches
by SMS or email.

Revision ID: 0130
Revises: 0110
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0130"
down_revision: str | None = "0110"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("slabreach", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("escalated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("acknowledgement", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_slabreach_acknowledged_at"), ["acknowledged_at"], unique=False)
    # Breaches from before acknowledgement existed were dealt with then: they do not start climbing now.
    op.execute(
        "UPDATE slabreach SET acknowledged_at = breached_at, acknowledged_by = 'system', "
        "acknowledgement = 'recorded before breaches were acknowledged'"
    )
    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.add_column(sa.Column("head_contact", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.drop_column("head_contact")
    with op.batch_alter_table("slabreach", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slabreach_acknowledged_at"))
        batch_op.drop_column("acknowledgement")
        batch_op.drop_column("acknowledged_by")
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("escalated_at")
        batch_op.drop_column("escalation_level")
