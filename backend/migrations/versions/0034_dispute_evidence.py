"""dispute evidence: each case says whether a stored document is on it or its invoice, kept by the database

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-04 21:00:00

The reports' "short pays classified with evidence" (docs/KPIS.md) asked, per deduction taken in the period, whether
a stored document sits on the case or on its invoice: two index probes into the documents per case, ~85 ms of a
quarter's deductions report on the bench book (35,000 deductions, 100,000 documents). The case now carries the
answer, ``has_evidence``, as the ``no_evidence`` flag reads it (a document with status ``stored``, linked to the case
or to its invoice). The database keeps it, whichever path writes: a case is given it on insert (documents already on
its invoice), and a document stored, rejected, moved between cases or invoices, or deleted re-checks the cases it
left and joined. A case's row is written only when its answer changes, so a pending upload or a text extraction
does not touch the cases (nor their data versions, migration 0018). Existing cases are filled from their documents.

Two transactions writing the same invoice's documents and cases at once can each miss the other's uncommitted
rows (PostgreSQL; SQLite has one writer): e.g. two stored documents of a case rejected at the same moment. The
triggers take no lock for it — a remittance posting inserts thousands of cases in one transaction, and a lock per
invoice would exhaust the lock table — so the daily collections run re-checks every case
(``backend.domain.disputes.evidence.recheck_evidence``) and puts such a rare miss right by the next morning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

EVIDENCE = """EXISTS (SELECT 1 FROM documents AS e WHERE e.status = 'stored'
                 AND (e.dispute_id = {case}.id OR e.invoice_id = {case}.invoice_id))"""
"""A stored document on the case or its invoice (``backend.domain.automation.flags.no_evidence``)."""

PG_FUNCTIONS = [
    f"""
    CREATE FUNCTION set_dispute_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.has_evidence := {EVIDENCE.format(case="NEW")};
      RETURN NEW;
    END
    $$
    """,
    f"""
    CREATE FUNCTION follow_document_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      cases uuid[] := ARRAY[]::uuid[];
      invoices uuid[] := ARRAY[]::uuid[];
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        cases := cases || OLD.dispute_id;
        invoices := invoices || OLD.invoice_id;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        cases := cases || NEW.dispute_id;
        invoices := invoices || NEW.invoice_id;
      END IF;
      UPDATE disputes AS d SET has_evidence = NOT d.has_evidence
       WHERE (d.id = ANY (cases) OR d.invoice_id = ANY (invoices))
         AND d.has_evidence IS DISTINCT FROM {EVIDENCE.format(case="d")};
      RETURN NULL;
    END
    $$
    """,
]
PG_TRIGGERS = [
    """CREATE TRIGGER trg_disputes_evidence BEFORE INSERT ON disputes
       FOR EACH ROW EXECUTE FUNCTION set_dispute_evidence()""",
    """CREATE TRIGGER trg_documents_evidence_insert AFTER INSERT ON documents
       FOR EACH ROW WHEN (NEW.status = 'stored') EXECUTE FUNCTION follow_document_evidence()""",
    """CREATE TRIGGER trg_documents_evidence_update AFTER UPDATE OF status, dispute_id, invoice_id ON documents
       FOR EACH ROW WHEN ((OLD.status = 'stored' OR NEW.status = 'stored')
                          AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.dispute_id IS DISTINCT FROM NEW.dispute_id
                               OR OLD.invoice_id IS DISTINCT FROM NEW.invoice_id))
       EXECUTE FUNCTION follow_document_evidence()""",
    """CREATE TRIGGER trg_documents_evidence_delete AFTER DELETE ON documents
       FOR EACH ROW WHEN (OLD.status = 'stored') EXECUTE FUNCTION follow_document_evidence()""",
]


def _sqlite_recheck(*links: str) -> str:
    """Re-check the cases on the documents' ``links`` (``OLD``/``NEW``), writing only the answers that change."""
    cases = ", ".join(f"{link}.dispute_id" for link in links)
    invoices = ", ".join(f"{link}.invoice_id" for link in links)
    return f"""UPDATE disputes SET has_evidence = NOT has_evidence
         WHERE (id IN ({cases}) OR invoice_id IN ({invoices}))
           AND has_evidence IS NOT {EVIDENCE.format(case="disputes")};"""


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER trg_disputes_evidence AFTER INSERT ON disputes WHEN {EVIDENCE.format(case="NEW")}
       BEGIN
         UPDATE disputes SET has_evidence = 1 WHERE rowid = NEW.rowid;
       END""",
    f"""CREATE TRIGGER trg_documents_evidence_insert AFTER INSERT ON documents WHEN NEW.status = 'stored'
       BEGIN
         {_sqlite_recheck("NEW")}
       END""",
    f"""CREATE TRIGGER trg_documents_evidence_update AFTER UPDATE OF status, dispute_id, invoice_id ON documents
       WHEN (OLD.status = 'stored' OR NEW.status = 'stored')
            AND (OLD.status IS NOT NEW.status OR OLD.dispute_id IS NOT NEW.dispute_id
                 OR OLD.invoice_id IS NOT NEW.invoice_id)
       BEGIN
         {_sqlite_recheck("OLD", "NEW")}
       END""",
    f"""CREATE TRIGGER trg_documents_evidence_delete AFTER DELETE ON documents WHEN OLD.status = 'stored'
       BEGIN
         {_sqlite_recheck("OLD")}
       END""",
]


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    # a plain ADD COLUMN on SQLite too: a batch table copy would drop the table's triggers
    op.add_column("disputes", sa.Column("has_evidence", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(f"UPDATE disputes SET has_evidence = true WHERE {EVIDENCE.format(case='disputes')}")
    for statement in (*PG_FUNCTIONS, *PG_TRIGGERS) if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for trigger, table in (
        ("trg_documents_evidence_delete", "documents"),
        ("trg_documents_evidence_update", "documents"),
        ("trg_documents_evidence_insert", "documents"),
        ("trg_disputes_evidence", "disputes"),
    ):
        op.execute(f"DROP TRIGGER {trigger} ON {table}" if postgresql else f"DROP TRIGGER {trigger}")
    if postgresql:
        op.execute("DROP FUNCTION follow_document_evidence()")
        op.execute("DROP FUNCTION set_dispute_evidence()")
    op.drop_column("disputes", "has_evidence")
