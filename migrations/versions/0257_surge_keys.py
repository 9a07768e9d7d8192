"""surge keys: one indexed row per (place, kind of problem) a report counts under, filled from the last eight weeks

Revision ID: 0257
Revises: 0256
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0257"
down_revision: str | None = "0256"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOOKED_BACK = timedelta(days=57)  # a surge count's window and history, and a day to spare
SEPARATOR = "|"  # how a fingerprint row joins its places and its problems
ANY = "*"


def upgrade() -> None:
    surge_key = op.create_table(
        "surge_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_surge_key_case_id", "surge_key", ["case_id"])
    op.create_index("ix_surge_key_opened_at", "surge_key", ["opened_at"])
    op.create_index("ix_surge_key_count", "surge_key", ["place", "problem", "opened_at"])
    _fill(surge_key)


def _fill(surge_key: sa.Table) -> None:
    """Key the fingerprints of the weeks a count can still look back over (older ones no count reads)."""
    connection = op.get_bind()
    fingerprints = sa.table(
        "case_fingerprint",
        sa.column("case_id"),
        sa.column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("places"),
        sa.column("problems"),
    )
    since = datetime.now(UTC) - LOOKED_BACK
    query = sa.select(fingerprints).where(fingerprints.c.opened_at >= since, fingerprints.c.places != "")
    rows: list[dict] = []
    for case_id, opened_at, places, problems in connection.execute(query).all():
        kinds = sorted(p for p in problems.split(SEPARATOR) if p) + [ANY]
        rows += [
            {"case_id": case_id, "place": place[:200], "problem": kind[:64], "opened_at": opened_at}
            for place in places.split(SEPARATOR)
            if place
            for kind in kinds
        ]
        if len(rows) >= 10_000:
            op.bulk_insert(surge_key, rows)
            rows = []
    if rows:
        op.bulk_insert(surge_key, rows)


def downgrade() -> None:
    op.drop_index("ix_surge_key_count", table_name="surge_key")
    op.drop_index("ix_surge_key_opened_at", table_name="surge_key")
    op.drop_index("ix_surge_key_case_id", table_name="surge_key")
    op.drop_table("surge_key")
