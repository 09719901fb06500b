"""inbound mail: every message the mailbox read, senders known as a customer's, and e-mailed remittance advices

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 15:00:00

``inbound_messages`` (one row per e-mail, read once: unique SHA-256), ``inbound_mail_senders`` (an address or a
domain of a customer), ``remittance_advices`` and their lines (what a customer said a payment covers, waiting for
the cash). All staff-only, so no data-version trigger (``backend.domain.versioned_tables``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

STATUSES = "'received', 'processed', 'review', 'dismissed'"
REASONS = "'unknown_sender', 'unreadable_attachment', 'nothing_usable', 'too_large', 'limits', 'malformed', 'failed'"


def _postgresql() -> bool:
    return op.get_bind().dialect.name != "sqlite"


def _money(name: str, *, default: bool = True) -> sa.Column:  # type: ignore[type-arg]
    kind = sa.Numeric(18, 2) if _postgresql() else sa.BigInteger()
    return sa.Column(name, kind, nullable=False, server_default="0" if default else None)


def upgrade() -> None:
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("sent_at", backend.db.types.UTCDateTime(), nullable=True),
        sa.Column("received_at", backend.db.types.UTCDateTime(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("object_key", sa.String(200), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("processed_at", backend.db.types.UTCDateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", backend.db.types.UTCDateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_inbound_messages_status_known")),
        sa.CheckConstraint(f"reason = '' OR reason IN ({REASONS})", name=op.f("ck_inbound_messages_reason_known")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_inbound_messages_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["users.id"], name=op.f("fk_inbound_messages_resolved_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_messages")),
        sa.UniqueConstraint("sha256", name=op.f("uq_inbound_messages_sha256")),
    )
    op.create_index(op.f("ix_inbound_messages_account_id"), "inbound_messages", ["account_id"])
    op.create_index(op.f("ix_inbound_messages_message_id"), "inbound_messages", ["message_id"])
    op.create_index("ix_inbound_messages_received_at", "inbound_messages", ["received_at"])
    op.create_index("ix_inbound_messages_status_received", "inbound_messages", ["status", "received_at"])
    op.create_table(
        "inbound_mail_senders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.String(320), nullable=False),
        sa.Column("added_by_id", sa.Uuid(), nullable=True),
        sa.Column("added_at", backend.db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('address', 'domain')", name=op.f("ck_inbound_mail_senders_kind_known")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_inbound_mail_senders_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"], name=op.f("fk_inbound_mail_senders_added_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_mail_senders")),
        sa.UniqueConstraint("value", name=op.f("uq_inbound_mail_senders_value")),
    )
    op.create_index(op.f("ix_inbound_mail_senders_account_id"), "inbound_mail_senders", ["account_id"])
    op.create_table(
        "remittance_advices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("inbound_message_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("payment_reference", sa.String(64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        _money("total", default=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=True),
        sa.Column("used_at", backend.db.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", backend.db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('waiting', 'used', 'dismissed')", name=op.f("ck_remittance_advices_status_known")
        ),
        sa.CheckConstraint("total > 0", name=op.f("ck_remittance_advices_total_positive")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_remittance_advices_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["inbound_message_id"],
            ["inbound_messages.id"],
            name=op.f("fk_remittance_advices_inbound_message_id_inbound_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"], ["remittance_imports.id"], name=op.f("fk_remittance_advices_import_id_remittance_imports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance_advices")),
    )
    op.create_index(op.f("ix_remittance_advices_account_id"), "remittance_advices", ["account_id"])
    op.create_index(op.f("ix_remittance_advices_inbound_message_id"), "remittance_advices", ["inbound_message_id"])
    op.create_index("ix_remittance_advices_waiting", "remittance_advices", ["account_id", "status", "total"])
    op.create_table(
        "remittance_advice_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("advice_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("invoice_reference", sa.String(140), nullable=False),
        _money("paid_amount"),
        _money("adjustment_amount"),
        sa.Column("adjustment_scheme", sa.String(16), nullable=False),
        sa.Column("adjustment_code", sa.String(32), nullable=False),
        sa.Column("adjustment_text", sa.String(500), nullable=False),
        sa.ForeignKeyConstraint(
            ["advice_id"],
            ["remittance_advices.id"],
            name=op.f("fk_remittance_advice_lines_advice_id_remittance_advices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance_advice_lines")),
    )
    op.create_index("ix_remittance_advice_lines_advice_line", "remittance_advice_lines", ["advice_id", "line"])


def downgrade() -> None:
    op.drop_index("ix_remittance_advice_lines_advice_line", table_name="remittance_advice_lines")
    op.drop_table("remittance_advice_lines")
    for name in ("ix_remittance_advices_waiting",):
        op.drop_index(name, table_name="remittance_advices")
    op.drop_index(op.f("ix_remittance_advices_inbound_message_id"), table_name="remittance_advices")
    op.drop_index(op.f("ix_remittance_advices_account_id"), table_name="remittance_advices")
    op.drop_table("remittance_advices")
    op.drop_index(op.f("ix_inbound_mail_senders_account_id"), table_name="inbound_mail_senders")
    op.drop_table("inbound_mail_senders")
    for name in ("ix_inbound_messages_status_received", "ix_inbound_messages_received_at"):
        op.drop_index(name, table_name="inbound_messages")
    op.drop_index(op.f("ix_inbound_messages_message_id"), table_name="inbound_messages")
    op.drop_index(op.f("ix_inbound_messages_account_id"), table_name="inbound_messages")
    op.drop_table("inbound_messages")
