"""search window in the index: document_search carries what picks and orders the ranking window

PostgreSQL's ``document_search`` gets the document's created date, type, status and whether it is the
current version, so a search finds its newest matches, filtered and scoped, from this table alone
(no join to ``documents``), walking ``ix_document_search_newest`` newest first when a word is common.
``backend/domain/search/index.py`` copies the columns from the document row whenever it indexes one;
this migration fills them for the rows indexed before. SQLite's FTS5 index is unchanged.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

COLUMNS = {
    "created_at": "timestamp with time zone",
    "document_type": "varchar(32)",
    "status": "varchar(16)",
    "is_current": "boolean",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("ALTER TABLE document_search " + ", ".join(f"ADD COLUMN {name} {kind}" for name, kind in COLUMNS.items()))
    op.execute(
        "UPDATE document_search AS s SET "
        + ", ".join(f"{name} = d.{name}" for name in COLUMNS)
        + ", account_id = d.account_id, is_internal = d.is_internal FROM documents AS d WHERE d.id = s.document_id"
    )
    op.execute("ALTER TABLE document_search " + ", ".join(f"ALTER COLUMN {name} SET NOT NULL" for name in COLUMNS))
    # Newest matches first, for everyone and within one account; the second replaces the account index.
    op.execute("CREATE INDEX ix_document_search_newest ON document_search (created_at DESC)")
    op.execute("CREATE INDEX ix_document_search_account_newest ON document_search (account_id, created_at DESC)")
    op.execute("DROP INDEX ix_document_search_account")
    op.execute("ANALYZE document_search")  # the planner weighs the newest-first walk by the new column's statistics


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("CREATE INDEX ix_document_search_account ON document_search (account_id)")
    op.execute("DROP INDEX ix_document_search_account_newest")
    op.execute("DROP INDEX ix_document_search_newest")
    op.execute("ALTER TABLE document_search " + ", ".join(f"DROP COLUMN {name}" for name in COLUMNS))
