"""order lines' invoiced, paid and reconciled figures start at zero in the database

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-05 00:20:00

An order feed inserts its lines with COPY, and every line carried four constants (three zero quantities and amounts,
``reconciled`` false): the driver encodes each numeric, ~0.2 s of client time for 100,000 lines in a phase the
client, not the server, holds up. With server defaults the COPY names only what the feed gives.
"""

from __future__ import annotations

import sqlalchemy as sa

from backend.migrations import altered

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

FIGURES = ("invoiced_quantity", "invoiced_amount", "paid_amount")


def upgrade() -> None:
    with altered("order_lines") as batch:
        for name in FIGURES:
            batch.alter_column(name, server_default=sa.text("0"))
        batch.alter_column("reconciled", server_default=sa.false())


def downgrade() -> None:
    with altered("order_lines") as batch:
        for name in (*FIGURES, "reconciled"):
            batch.alter_column(name, server_default=None)
