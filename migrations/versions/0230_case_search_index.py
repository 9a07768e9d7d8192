"""case search index

The cases' full-text index (feedback.cases.search_index): an FTS5 table on
SQLite, a tsvector with a GIN index on PostgreSQL, both over jieba-cut words;
filled here for the cases already stored.

Revision ID: 0230
Revises: 0120
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0230"
down_revision: str | None = "0120"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from feedback.cases import search_index

    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute(
            'CREATE TABLE case_search (case_id INTEGER PRIMARY KEY REFERENCES "case" (id) ON DELETE CASCADE,'
            " doc TSVECTOR NOT NULL)"
        )
        op.execute("CREATE INDEX ix_case_search_doc ON case_search USING GIN (doc)")
    else:
        # Words arrive already cut and joined by spaces; unicode61 keeps a Chinese word whole between them.
        op.execute("CREATE VIRTUAL TABLE case_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 0')")
    search_index.backfill(connection)


def downgrade() -> None:
    op.execute("DROP TABLE case_search")
