"""warm transfers: a caller on hold while their agent consults another, and the consulting offer

Revision ID: 0261
Revises: 0260
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0261"
down_revision: str | None = "0260"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("livecall") as batch_op:
        batch_op.add_column(sa.Column("holding", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("calloffer") as batch_op:
        batch_op.add_column(sa.Column("consult", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("calloffer") as batch_op:
        batch_op.drop_column("consult")
    with op.batch_alter_table("livecall") as batch_op:
        batch_op.drop_column("holding")
