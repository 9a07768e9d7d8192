"""campaign source: a notice made by answering an incident or finishing a proactive task

`kind` says what made a notice ("notice", "incident", "task") and `source_id`
which incident or task, so their pages link to the notice that told their
reporters.

Revision ID: 0270
Revises: 0261
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0270"
down_revision: str | None = "0261"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="notice")
        )
        batch_op.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_campaign_source", ["kind", "source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_source")
        batch_op.drop_column("source_id")
        batch_op.drop_column("kind")
