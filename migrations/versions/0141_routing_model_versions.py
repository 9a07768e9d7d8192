"""routing model versions

Routing models published to the blob store, one row per version; the newest
active row is the model every process routes with.

Revision ID: 0141
Revises: 0140
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0141"
down_revision: str | None = "0140"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "routing_model_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("departments", sa.Integer(), nullable=False),
        sa.Column("trained_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_by", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("routing_model_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routing_model_version_active"), ["active"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("routing_model_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_model_version_active"))
    op.drop_table("routing_model_version")
