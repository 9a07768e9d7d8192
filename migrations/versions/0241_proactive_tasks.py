"""Proactive tasks (未诉先办): work given to a department before more citizens report it, with its history.

Revision ID: 0241
Revises: 0240
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0241"
down_revision: str | None = "0240"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "proactive_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", text(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status", text(length=16), nullable=False),
        sa.Column("source", text(length=16), nullable=False),
        sa.Column("source_ref", text(length=200), nullable=False),
        sa.Column("place", text(length=200), nullable=False),
        sa.Column("problem", text(length=64), nullable=False),
        sa.Column("due_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", text(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("late_noticed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("citizens_told", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proactive_task", schema=None) as batch_op:
        for column in ("department_id", "owner_id", "status", "due_at"):
            batch_op.create_index(batch_op.f(f"ix_proactive_task_{column}"), [column], unique=False)
    op.create_table(
        "proactive_task_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("kind", text(length=32), nullable=False),
        sa.Column("actor", text(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["proactive_task.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proactive_task_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proactive_task_event_task_id"), ["task_id"], unique=False)
    op.create_table(
        "proactive_task_case",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["proactive_task.id"]),
        sa.PrimaryKeyConstraint("task_id", "case_id"),
    )
    with op.batch_alter_table("proactive_task_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proactive_task_case_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("proactive_task_case")
    op.drop_table("proactive_task_event")
    op.drop_table("proactive_task")
