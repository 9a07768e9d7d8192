"""The seasonal calendar: each kind of problem's forecast reports per coming month.

Revision ID: 0240
Revises: 0220
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0240"
down_revision: str | None = "0220"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "season_forecast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.Column("usual", sa.Float(), nullable=False),
        sa.Column("history_months", sa.Integer(), nullable=False),
        sa.Column("computed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("problem", "place", "month", name="uq_season_forecast_key"),
    )
    with op.batch_alter_table("season_forecast", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_season_forecast_month"), ["month"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("season_forecast", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_season_forecast_month"))
    op.drop_table("season_forecast")
