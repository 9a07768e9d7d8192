"""Incidents: reports of one problem at one place, and each case's fingerprint for matching the next.

Revision ID: 0092
Revises: 0091
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0092"
down_revision: str | None = "0091"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("first_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("places", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("problems", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("shingles", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_last_at"), ["last_at"], unique=False)
    op.create_table(
        "case_fingerprint",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("places", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("problems", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("shingles", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("case_fingerprint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_fingerprint_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index("ix_case_fingerprint_opened", ["opened_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_fingerprint", schema=None) as batch_op:
        batch_op.drop_index("ix_case_fingerprint_opened")
        batch_op.drop_index(batch_op.f("ix_case_fingerprint_incident_id"))
    op.drop_table("case_fingerprint")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_last_at"))
        batch_op.drop_index(batch_op.f("ix_incident_status"))
    op.drop_table("incident")
