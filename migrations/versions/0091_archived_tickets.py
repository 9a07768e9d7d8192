"""archived tickets

Past tickets imported from the hotline's previous system
(`flask --app app history import FILE`), for the router to learn from.

Revision ID: 0091
Revises: 0090
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0091"
down_revision: str | None = "0090"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "archived_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("department_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("archived_ticket", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archived_ticket_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_archived_ticket_department_code"), ["department_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_archived_ticket_fingerprint"), ["fingerprint"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("archived_ticket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archived_ticket_fingerprint"))
        batch_op.drop_index(batch_op.f("ix_archived_ticket_department_code"))
        batch_op.drop_index(batch_op.f("ix_archived_ticket_source"))
    op.drop_table("archived_ticket")
