"""cash application: invoice match keys and cash-discount terms

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_PREFIX = re.compile(r"^(INVOICE|INV|PO)")


def _key(text: str) -> str:
    # The normaliser as of this revision (backend/domain/invoices/references.py), frozen here.
    compact = _PREFIX.sub("", re.sub(r"[^A-Z0-9]", "", text.upper()))
    return re.sub(r"\d+", lambda m: str(int(m.group(0))), compact)


def upgrade() -> None:
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number_key', sa.String(length=32), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('po_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('cash_discount_percent', backend.db.types.ExactDecimal(3), nullable=True))
        batch_op.add_column(sa.Column('cash_discount_due_on', sa.Date(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, number, po_number FROM invoices")).all()
    for row in rows:
        bind.execute(
            sa.text("UPDATE invoices SET number_key = :n, po_key = :p WHERE id = :id"),
            {"n": _key(row.number)[:32], "p": _key(row.po_number)[:64] if row.po_number else None, "id": row.id},
        )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.alter_column('number_key', server_default=None)
        batch_op.create_index(batch_op.f('ix_invoices_number_key'), ['number_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoices_po_key'), ['po_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoices_po_key'))
        batch_op.drop_index(batch_op.f('ix_invoices_number_key'))
        batch_op.drop_column('cash_discount_due_on')
        batch_op.drop_column('cash_discount_percent')
        batch_op.drop_column('po_key')
        batch_op.drop_column('number_key')
