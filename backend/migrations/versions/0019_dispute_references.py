"""dispute references: every dispute and deduction gets a human reference, D-<year>-<number>

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 23:10:00

The database gives the reference on insert, whichever path inserts the row (a portal filing through the ORM,
a remittance's deductions in bulk, the bench's COPY), with the year the case was opened: on PostgreSQL a
BEFORE INSERT trigger that draws from a sequence (no lock, so filings never wait on each other; a rolled-back
filing leaves a gap, which a human reference may have; RETURNING hands the value to the ORM), on SQLite an
AFTER INSERT trigger that draws from ``number_sequences`` (one writer at a time; the filing reads its reference
back). Existing rows are numbered by when they were opened.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

PG_TRIGGER = """
CREATE FUNCTION set_dispute_reference() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  IF NEW.reference IS NULL THEN
    n := nextval('dispute_reference_seq');
    NEW.reference := 'D-' || to_char(coalesce(NEW.created_at, now()), 'YYYY') || '-'
      || lpad(n::text, greatest(6, length(n::text)), '0');
  END IF;
  RETURN NEW;
END
$$
"""
PG_TRIGGER_ON_TABLE = """
CREATE TRIGGER trg_disputes_reference BEFORE INSERT ON disputes
  FOR EACH ROW EXECUTE FUNCTION set_dispute_reference()
"""
SQLITE_TRIGGER = """
CREATE TRIGGER trg_disputes_reference AFTER INSERT ON disputes WHEN NEW.reference IS NULL
BEGIN
  UPDATE number_sequences SET next_value = next_value + 1 WHERE name = 'dispute_reference';
  UPDATE disputes SET reference = 'D-' || strftime('%Y', coalesce(NEW.created_at, 'now')) || '-'
    || printf('%06d', (SELECT next_value - 1 FROM number_sequences WHERE name = 'dispute_reference'))
  WHERE rowid = NEW.rowid;
END
"""


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("disputes") as batch:
        batch.add_column(sa.Column("reference", sa.String(length=24), nullable=True))
    count = bind.execute(sa.text("SELECT count(*) FROM disputes")).scalar_one()
    if bind.dialect.name == "postgresql":
        op.execute(
            """
            UPDATE disputes AS d SET reference = 'D-' || to_char(r.created_at, 'YYYY') || '-'
              || lpad(r.n::text, greatest(6, length(r.n::text)), '0')
            FROM (SELECT id, created_at, row_number() OVER (ORDER BY created_at, id) AS n FROM disputes) AS r
            WHERE r.id = d.id
            """
        )
        op.execute("CREATE SEQUENCE dispute_reference_seq")
        op.execute(f"SELECT setval('dispute_reference_seq', {count + 1}, false)")
        op.execute(PG_TRIGGER)
        op.execute(PG_TRIGGER_ON_TABLE)
    else:
        op.execute(
            """
            UPDATE disputes SET reference = (
              SELECT 'D-' || strftime('%Y', r.created_at) || '-' || printf('%06d', r.n)
              FROM (SELECT id, created_at, row_number() OVER (ORDER BY created_at, id) AS n FROM disputes) AS r
              WHERE r.id = disputes.id
            )
            """
        )
        op.execute(
            sa.text("INSERT INTO number_sequences (name, next_value) VALUES ('dispute_reference', :next)").bindparams(
                next=count + 1
            )
        )
        op.execute(SQLITE_TRIGGER)
    op.create_index("uq_disputes_reference", "disputes", ["reference"], unique=True)


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index("uq_disputes_reference", table_name="disputes")
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER trg_disputes_reference ON disputes")
        op.execute("DROP FUNCTION set_dispute_reference()")
        op.execute("DROP SEQUENCE dispute_reference_seq")
    else:
        op.execute("DROP TRIGGER trg_disputes_reference")
        op.execute("DELETE FROM number_sequences WHERE name = 'dispute_reference'")
    with op.batch_alter_table("disputes") as batch:
        batch.drop_column("reference")
