"""report keys: each report's (place, kind of problem) keys with its time, filled for the last eight weeks

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

KEPT = timedelta(days=57)  # as feedback.incidents.keys: the longest any reader looks back
SEPARATOR = "|"  # how a fingerprint row joins its places and its problems
ANY = "*"


def upgrade() -> None:
    report_key = op.create_table(
        "report_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_report_key_case_id", "report_key", ["case_id"])
    op.create_index("ix_report_key_opened_at", "report_key", ["opened_at"])
    op.create_index("ix_report_key_place", "report_key", ["place", "problem", "opened_at"])
    op.create_index("ix_report_key_problem", "report_key", ["problem", "opened_at"])
    _fill(report_key)


def _fill(report_key: sa.Table) -> None:
    """Key the fingerprints of the weeks a reader can still look back over, as feedback.incidents.keys does."""
    connection = op.get_bind()
    fingerprints = sa.table(
        "case_fingerprint",
        sa.column("case_id"),
        sa.column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("places"),
        sa.column("problems"),
    )
    query = sa.select(fingerprints).where(fingerprints.c.opened_at >= datetime.now(UTC) - KEPT)
    rows: list[dict] = []
    for case_id, opened_at, places, problems in connection.execute(query).all():
        if not places and not problems:
            continue  # erased words
        kinds = sorted(p[:64] for p in problems.split(SEPARATOR) if p) + [ANY]
        named = [name for place in places.split(SEPARATOR) for name in (place, place[:-1]) if len(name) >= 2]
        rows += [
            {"case_id": case_id, "place": place, "problem": kind, "opened_at": opened_at}
            for place in dict.fromkeys(name[:200] for name in named) or ("",)
            for kind in kinds
        ]
        if len(rows) >= 10_000:
            op.bulk_insert(report_key, rows)
            rows = []
    if rows:
        op.bulk_insert(report_key, rows)


def downgrade() -> None:
    op.drop_index("ix_report_key_problem", table_name="report_key")
    op.drop_index("ix_report_key_place", table_name="report_key")
    op.drop_index("ix_report_key_opened_at", table_name="report_key")
    op.drop_index("ix_report_key_case_id", table_name="report_key")
    op.drop_table("report_key")
