"""departments working one case

Assisting tasks (协办), returns with arbitration (退单), supervision notices (督办)
and the first-contact owner of a case (首接负责).

Revision ID: 0210
Revises: 0241
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0210"
down_revision: str | None = "0241"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
_T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "assist_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_at", _T(), nullable=False),
        sa.Column("beyond_limit_reason", _S(length=500), nullable=False),
        sa.Column("status", _S(length=16), nullable=False),
        sa.Column("part", sa.Text(), nullable=False),
        sa.Column("reason", _S(length=500), nullable=False),
        sa.Column("created_by", _S(length=64), nullable=False),
        sa.Column("created_at", _T(), nullable=False),
        sa.Column("finished_by", _S(length=64), nullable=True),
        sa.Column("finished_at", _T(), nullable=True),
        sa.Column("late_at", _T(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assist_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assist_task_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assist_task_status"), ["status"], unique=False)
        batch_op.create_index("ix_assist_task_department_status", ["department_id", "status"], unique=False)
    op.create_table(
        "case_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("reason_code", _S(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", _S(length=16), nullable=False),
        sa.Column("created_by", _S(length=64), nullable=False),
        sa.Column("created_at", _T(), nullable=False),
        sa.Column("to_department_id", sa.Integer(), nullable=True),
        sa.Column("decision_reason", _S(length=500), nullable=False),
        sa.Column("decided_by", _S(length=64), nullable=True),
        sa.Column("decided_at", _T(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["to_department_id"], ["department.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_return", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_return_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_return_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_return_status"), ["status"], unique=False)
    op.create_table(
        "supervision_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reply_by", _T(), nullable=False),
        sa.Column("issued_by", _S(length=64), nullable=False),
        sa.Column("issued_at", _T(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_by", _S(length=64), nullable=True),
        sa.Column("replied_at", _T(), nullable=True),
        sa.Column("escalated_at", _T(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("supervision_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_notice_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_notice_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_notice_reply_by"), ["reply_by"], unique=False)
    op.create_table(
        "case_owner",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("since", _T(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("case_owner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_owner_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    for table in ("case_owner", "supervision_notice", "case_return", "assist_task"):
        op.drop_table(table)
