"""dashboard figures by citizen segment

The rollup gains county, township, age group and occupation rows, and
recounts the days of citizens whose profile changed (hence the index). The
refresh state is cleared so that the next refresh builds every day's rows,
the new dimensions included.

Revision ID: 0070
Revises: 0040
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0070"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_updated_at"), ["updated_at"], unique=False)
    op.execute(sa.text("DELETE FROM rollupstate"))


def downgrade() -> None:
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_updated_at"))
    segments = "('county', 'township', 'age_group', 'occupation')"
    op.execute(sa.text(f"DELETE FROM caserollup WHERE dimension IN {segments} OR dimension LIKE '%+county'"))
    op.execute(sa.text("DELETE FROM caserollup WHERE dimension LIKE '%+township' OR dimension LIKE '%+age_group'"))
    op.execute(sa.text("DELETE FROM caserollup WHERE dimension LIKE '%+occupation'"))
