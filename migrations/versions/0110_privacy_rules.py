"""personal-information rules

When a citizen's record, a case, a message and a file were anonymised, and an
audit table of erasures, exports and retention runs.

Revision ID: 0110
Revises: 0100
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0110"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKED = {"citizen": "erased_at", "case": "anonymised_at", "interaction": "erased_at", "attachment": "erased_at"}


def upgrade() -> None:
    for table, column in MARKED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_table(
        "privacy_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("privacy_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_action_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_privacy_action_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("privacy_action")
    for table, column in MARKED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
