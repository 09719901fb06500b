"""cash application: invoice match keys, cash-discount terms, import jobs and their lines, settings

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

    if op.get_bind().dialect.name == 'postgresql':
        # Imports and payments rewrite balances in bulk; free room on each page lets PostgreSQL keep the
        # new row version on the same page without touching the eight indexes (HOT updates).
        op.execute("ALTER TABLE invoices SET (fillfactor = 85)")
    with op.batch_alter_table('remittance_imports', schema=None) as batch_op:
        batch_op.drop_constraint('uq_remittance_imports_sha256', type_='unique')
        batch_op.alter_column('status', type_=sa.String(length=20), existing_type=sa.String(length=16))
        batch_op.alter_column('imported_by_id', existing_type=sa.Uuid(), nullable=True)
        batch_op.add_column(sa.Column('file_format', sa.String(length=16), nullable=False, server_default='lockbox_csv'))
        batch_op.add_column(sa.Column('accept_valid', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('object_key', sa.String(length=200), nullable=True))
        for name in ('byte_count', 'bytes_read', 'applied_lines', 'exception_lines', 'error_lines', 'skipped_lines',
                     'payments', 'deductions', 'attempts'):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('applied_amount', backend.db.types.Money(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('message', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('imported_by_client', sa.String(length=64), nullable=True))
        for name in ('started_at', 'finished_at', 'lease_until', 'automation_done_at'):
            batch_op.add_column(sa.Column(name, backend.db.types.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_remittance_imports_sha256'), ['sha256'], unique=False)
        batch_op.create_index('ix_remittance_imports_imported_at', ['imported_at'], unique=False)
    # Imports before this revision ran synchronously: they are finished, their automation too.
    op.execute("UPDATE remittance_imports SET finished_at = imported_at, automation_done_at = imported_at")
    with op.batch_alter_table('remittance_imports', schema=None) as batch_op:
        for name in ('file_format', 'accept_valid', 'byte_count', 'bytes_read', 'applied_lines', 'exception_lines',
                     'error_lines', 'skipped_lines', 'payments', 'deductions', 'attempts', 'applied_amount', 'message'):
            batch_op.alter_column(name, server_default=None)

    op.create_table('remittance_lines',
    sa.Column('import_id', sa.Uuid(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('payment_reference', sa.String(length=64), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('customer_number', sa.String(length=64), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('invoice_reference', sa.String(length=140), nullable=False),
    sa.Column('paid_amount', backend.db.types.Money(), nullable=False),
    sa.Column('adjustment_amount', backend.db.types.Money(), nullable=False),
    sa.Column('adjustment_scheme', sa.String(length=16), nullable=False),
    sa.Column('adjustment_code', sa.String(length=32), nullable=False),
    sa.Column('adjustment_text', sa.String(length=500), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=True),
    sa.Column('payment_id', sa.Uuid(), nullable=True),
    sa.Column('rule', sa.String(length=32), nullable=False),
    sa.Column('confidence', backend.db.types.ExactDecimal(2), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('applied_to', sa.JSON(), nullable=False),
    sa.Column('suggestions', sa.JSON(), nullable=False),
    sa.Column('deduction_id', sa.Uuid(), nullable=True),
    sa.Column('resolved_by_id', sa.Uuid(), nullable=True),
    sa.Column('resolved_at', backend.db.types.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['customer_accounts.id'], name=op.f('fk_remittance_lines_account_id_customer_accounts')),
    sa.ForeignKeyConstraint(['deduction_id'], ['disputes.id'], name=op.f('fk_remittance_lines_deduction_id_disputes')),
    sa.ForeignKeyConstraint(['import_id'], ['remittance_imports.id'], name=op.f('fk_remittance_lines_import_id_remittance_imports')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_remittance_lines_payment_id_payments')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_remittance_lines_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remittance_lines'))
    )
    with op.batch_alter_table('remittance_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remittance_lines_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remittance_lines_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index('ix_remittance_lines_import_line', ['import_id', 'line'], unique=False)
        batch_op.create_index('ix_remittance_lines_status_received', ['status', 'received_on'], unique=False)

    op.create_table('cash_application_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('auto_apply_threshold', backend.db.types.ExactDecimal(2), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', backend.db.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_cash_application_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_application_settings'))
    )
    settings = sa.table('cash_application_settings', sa.column('id', sa.Integer()),
                        sa.column('auto_apply_threshold', backend.db.types.ExactDecimal(2)))
    from decimal import Decimal
    op.bulk_insert(settings, [{'id': 1, 'auto_apply_threshold': Decimal('0.90')}])


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE invoices RESET (fillfactor)")
    op.drop_table('cash_application_settings')
    with op.batch_alter_table('remittance_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_remittance_lines_status_received')
        batch_op.drop_index('ix_remittance_lines_import_line')
        batch_op.drop_index(batch_op.f('ix_remittance_lines_payment_id'))
        batch_op.drop_index(batch_op.f('ix_remittance_lines_account_id'))
    op.drop_table('remittance_lines')
    with op.batch_alter_table('remittance_imports', schema=None) as batch_op:
        batch_op.drop_index('ix_remittance_imports_imported_at')
        batch_op.drop_index(batch_op.f('ix_remittance_imports_sha256'))
        for name in ('file_format', 'accept_valid', 'object_key', 'byte_count', 'bytes_read', 'applied_lines',
                     'exception_lines', 'error_lines', 'skipped_lines', 'payments', 'deductions', 'attempts',
                     'applied_amount', 'message', 'imported_by_client', 'started_at', 'finished_at', 'lease_until',
                     'automation_done_at'):
            batch_op.drop_column(name)
        batch_op.create_unique_constraint('uq_remittance_imports_sha256', ['sha256'])
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoices_po_key'))
        batch_op.drop_index(batch_op.f('ix_invoices_number_key'))
        batch_op.drop_column('cash_discount_due_on')
        batch_op.drop_column('cash_discount_percent')
        batch_op.drop_column('po_key')
        batch_op.drop_column('number_key')
