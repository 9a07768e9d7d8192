"""call-back worklist

Call-back requests (a caller pressed 2 or hung up before speaking) and each
try an agent made to reach them. Open cases already flagged for a call back
get a waiting request, on the number they last called from.

Revision ID: 0131
Revises: 0130
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0131"
down_revision: str | None = "0130"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "callbackrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("urn", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("callbackrequest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_callbackrequest_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_callbackrequest_worklist", ["status", "requested_at"], unique=False)
    op.create_table(
        "callbackattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("called_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("next_try_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["callbackrequest.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("callbackattempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_callbackattempt_request_id"), ["request_id"], unique=False)
    # Cases flagged before the worklist existed: waiting requests on the number the caller last used.
    op.execute(
        """
        INSERT INTO callbackrequest (case_id, citizen_id, urn, language, status, requested_at, tries)
        SELECT c.id, c.citizen_id, i.urn, c.language, 'waiting', c.updated_at, 0
        FROM "case" c JOIN interaction i ON i.id = (
            SELECT MAX(j.id) FROM interaction j
            WHERE j.case_id = c.id AND j.direction = 'in' AND j.urn LIKE 'tel:%'
        )
        WHERE c.callback_requested AND c.status IN ('new', 'assigned', 'in_progress', 'waiting_on_citizen')
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("callbackattempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callbackattempt_request_id"))
    op.drop_table("callbackattempt")
    with op.batch_alter_table("callbackrequest", schema=None) as batch_op:
        batch_op.drop_index("ix_callbackrequest_worklist")
        batch_op.drop_index(batch_op.f("ix_callbackrequest_case_id"))
    op.drop_table("callbackrequest")
