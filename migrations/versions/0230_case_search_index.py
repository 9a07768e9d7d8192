"""case search index

The cases' full-text index (feedback.cases.search_index): an FTS5 table on
SQLite, a tsvector with a GIN index on PostgreSQL, both over jieba-cut words;
filled here for the cases already stored.

Revision ID: 0230
Revises: 0201
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0230"
down_revision: str | None = "0201"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from feedback.cases import search_index

    connection = op.get_bind()
    search_index.create_table(connection)
    search_index.backfill(connection)


def downgrade() -> None:
    op.execute("DROP TABLE case_search")
