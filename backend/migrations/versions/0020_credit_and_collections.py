"""credit and collections: credit profiles and positions kept by triggers, holds, promises, dunning, contact log

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 03:30:00

An account's open and disputed sums (in its currency) live in ``credit_positions`` and move with every write to
``invoices``, whatever path writes (the ORM, cash application's set-based UPDATE, a COPY):

* SQLite: row triggers (one writer at a time, so no lock order to keep).
* PostgreSQL: statement triggers over transition tables note each statement's net change per account in
  ``credit_position_changes``; a deferred constraint trigger folds a transaction's notes into the positions at
  COMMIT, in account order, as the transaction's last locks (migration 0018 learned that locking a per-account
  row in the middle of a transaction deadlocks with the invoice rows other transactions lock in another order).

New tables that customers see get their data-version triggers here (0018's pattern).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

NIL_POSTGRESQL = "00000000-0000-0000-0000-000000000000"
VERSIONED = {
    "credit_positions": "account_id",
    "credit_holds": "account_id",
    "promises_to_pay": "account_id",
    "promise_items": "account_id",
    "dunning_letters": "account_id",
    "dunning_letter_items": "account_id",
    "invoice_deliveries": "account_id",
}
OPERATIONS = ("insert", "update", "delete")
RISK_CHECK = "risk_class IN ('low', 'medium', 'high', 'critical')"
_PG_TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS changed_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows",
    "delete": "REFERENCING OLD TABLE AS changed_rows",
}
_PG_VERSIONS = """
CREATE FUNCTION recoup_versions_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO data_version_changes (txid, scope_id)
      SELECT txid_current(), a FROM (SELECT COALESCE({column}, '{nil}'::uuid) AS a FROM changed_rows
                                     UNION SELECT COALESCE({column}, '{nil}'::uuid) FROM old_rows) AS touched;
  ELSE
    INSERT INTO data_version_changes (txid, scope_id)
      SELECT DISTINCT txid_current(), COALESCE({column}, '{nil}'::uuid) FROM changed_rows;
  END IF;
  RETURN NULL;
END $$;
"""

_PG_NOTE_CHANGES = """
CREATE FUNCTION recoup_note_credit_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO credit_position_changes (txid, account_id, currency, open_delta, disputed_delta)
      SELECT txid_current(), account_id, currency, sum(open_balance), sum(disputed_amount)
      FROM changed_rows GROUP BY account_id, currency;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO credit_position_changes (txid, account_id, currency, open_delta, disputed_delta)
      SELECT txid_current(), account_id, currency, -sum(open_balance), -sum(disputed_amount)
      FROM changed_rows GROUP BY account_id, currency;
  ELSE
    INSERT INTO credit_position_changes (txid, account_id, currency, open_delta, disputed_delta)
      SELECT txid_current(), account_id, currency, sum(o), sum(d) FROM (
        SELECT account_id, currency, open_balance AS o, disputed_amount AS d FROM changed_rows
        UNION ALL
        SELECT account_id, currency, -open_balance, -disputed_amount FROM old_rows
      ) AS moves GROUP BY account_id, currency HAVING sum(o) <> 0 OR sum(d) <> 0;
  END IF;
  RETURN NULL;
END $$;
"""
_PG_APPLY_CHANGES = """
CREATE FUNCTION recoup_apply_credit_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT account_id, currency, sum(open_delta) AS o, sum(disputed_delta) AS d
    FROM credit_position_changes WHERE txid = txid_current()
    GROUP BY account_id, currency ORDER BY account_id
  LOOP
    UPDATE credit_positions SET open_amount = open_amount + r.o, disputed_amount = disputed_amount + r.d
      WHERE account_id = r.account_id AND currency = r.currency;
  END LOOP;
  DELETE FROM credit_position_changes WHERE txid = txid_current();
  RETURN NULL;
END $$;
"""
_PG_NEW_ACCOUNT = """
CREATE FUNCTION recoup_new_credit_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit_positions (account_id, currency)
    SELECT id, currency FROM changed_rows ORDER BY id ON CONFLICT (account_id) DO NOTHING;
  RETURN NULL;
END $$;
"""
_SQLITE_TRIGGERS = [
    """CREATE TRIGGER credit_position_invoice_insert AFTER INSERT ON invoices BEGIN
         UPDATE credit_positions SET open_amount = open_amount + NEW.open_balance,
                                     disputed_amount = disputed_amount + NEW.disputed_amount
         WHERE account_id = NEW.account_id AND currency = NEW.currency;
       END""",
    """CREATE TRIGGER credit_position_invoice_delete AFTER DELETE ON invoices BEGIN
         UPDATE credit_positions SET open_amount = open_amount - OLD.open_balance,
                                     disputed_amount = disputed_amount - OLD.disputed_amount
         WHERE account_id = OLD.account_id AND currency = OLD.currency;
       END""",
    """CREATE TRIGGER credit_position_invoice_update AFTER UPDATE OF open_balance, disputed_amount, account_id, currency
       ON invoices WHEN OLD.open_balance <> NEW.open_balance OR OLD.disputed_amount <> NEW.disputed_amount
                     OR OLD.account_id <> NEW.account_id OR OLD.currency <> NEW.currency BEGIN
         UPDATE credit_positions SET open_amount = open_amount - OLD.open_balance,
                                     disputed_amount = disputed_amount - OLD.disputed_amount
         WHERE account_id = OLD.account_id AND currency = OLD.currency;
         UPDATE credit_positions SET open_amount = open_amount + NEW.open_balance,
                                     disputed_amount = disputed_amount + NEW.disputed_amount
         WHERE account_id = NEW.account_id AND currency = NEW.currency;
       END""",
    """CREATE TRIGGER credit_position_new_account AFTER INSERT ON customer_accounts BEGIN
         INSERT OR IGNORE INTO credit_positions (account_id, currency) VALUES (NEW.id, NEW.currency);
       END""",
]
LEVELS = [
    (
        1,
        "Friendly reminder",
        -3,
        "Your invoices fall due soon",
        "a friendly reminder that these invoices fall due soon",
    ),
    (2, "First reminder", 7, "Payment reminder", "a reminder that these invoices are now past due"),
    (3, "Second reminder", 21, "Second payment reminder", "our second reminder: these invoices are still unpaid"),
    (4, "Third reminder", 45, "Third payment reminder", "our third reminder: these invoices are seriously overdue"),
    (5, "Final notice", 60, "Final notice before collection", "our final notice before we pass these to collection"),
]
BODY = (
    "Dear {{account}},\n\nThis is {text}.\n\n{{items}}\n\nAmount due now: {{amount_due}}\n\n{{under_review}}"
    "You can pay, promise a payment date, tell us an item is disputed or already paid, all in one step in the "
    "customer portal:\n\n{{portal}}\n"
)


def _money(name: str) -> sa.Column:  # type: ignore[type-arg]
    postgresql = op.get_bind().dialect.name != "sqlite"
    kind = sa.Numeric(18, 2) if postgresql else sa.BigInteger()
    return sa.Column(name, kind, nullable=False, server_default="0")


def _money_type() -> sa.types.TypeEngine:  # type: ignore[type-arg]
    return sa.Numeric(18, 2) if op.get_bind().dialect.name != "sqlite" else sa.BigInteger()


def _tables() -> None:
    op.create_table(
        "credit_positions",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _money("open_amount"),
        _money("disputed_amount"),
        _money("past_due_undisputed"),
        sa.Column("oldest_past_due_on", sa.Date(), nullable=True),
        _money("promised_amount"),
        sa.Column("broken_promises", sa.Integer(), nullable=False, server_default="0"),
        _money("priority"),
        sa.Column("on_hold", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("collector_id", sa.Uuid(), nullable=True),
        sa.Column("next_action_on", sa.Date(), nullable=True),
        sa.Column("waived_hold_kinds", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_credit_positions_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["collector_id"], ["users.id"], name=op.f("fk_credit_positions_collector_id_users")),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_credit_positions")),
    )
    op.create_index("ix_credit_positions_priority", "credit_positions", ["priority"])
    op.create_index("ix_credit_positions_collector_priority", "credit_positions", ["collector_id", "priority"])
    op.create_table(
        "credit_hold_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('over_limit', 'past_due', 'broken_promise')", name=op.f("ck_credit_hold_rules_kind_known")
        ),
        sa.CheckConstraint("days IS NULL OR days >= 0", name=op.f("ck_credit_hold_rules_days_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_hold_rules")),
        sa.UniqueConstraint("kind", name=op.f("uq_credit_hold_rules_kind")),
    )
    op.create_table(
        "credit_holds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("kinds", sa.String(length=100), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_by_id", sa.Uuid(), nullable=True),
        sa.Column("release_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_credit_holds_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["released_by_id"], ["users.id"], name=op.f("fk_credit_holds_released_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_holds")),
    )
    op.create_index(op.f("ix_credit_holds_account_id"), "credit_holds", ["account_id"])
    op.create_index(
        "uq_credit_holds_one_active",
        "credit_holds",
        ["account_id"],
        unique=True,
        postgresql_where=sa.text("released_at IS NULL"),
        sqlite_where=sa.text("released_at IS NULL"),
    )
    op.create_table(
        "promises_to_pay",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("amount", _money_type(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("promised_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_amount", _money_type(), nullable=False),
        sa.Column("made_by_id", sa.Uuid(), nullable=False),
        sa.Column("made_in_portal", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_promises_to_pay_amount_positive")),
        sa.CheckConstraint(
            "status IN ('open', 'kept', 'partly_kept', 'broken', 'cancelled')",
            name=op.f("ck_promises_to_pay_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_promises_to_pay_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["made_by_id"], ["users.id"], name=op.f("fk_promises_to_pay_made_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promises_to_pay")),
    )
    op.create_index(op.f("ix_promises_to_pay_account_id"), "promises_to_pay", ["account_id"])
    op.create_index("ix_promises_to_pay_status_date", "promises_to_pay", ["status", "promised_on"])
    op.create_table(
        "promise_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("promise_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("amount", _money_type(), nullable=False),
        sa.Column("settled_before", _money_type(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_promise_items_amount_positive")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_promise_items_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_promise_items_invoice_id_invoices")),
        sa.ForeignKeyConstraint(
            ["promise_id"], ["promises_to_pay.id"], name=op.f("fk_promise_items_promise_id_promises_to_pay")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise_items")),
        sa.UniqueConstraint("promise_id", "invoice_id", name="uq_promise_items_promise_invoice"),
    )
    for column in ("account_id", "promise_id", "invoice_id"):
        op.create_index(op.f(f"ix_promise_items_{column}"), "promise_items", [column])
    op.create_table(
        "dunning_levels",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("days_after_due", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("position > 0", name=op.f("ck_dunning_levels_position_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dunning_levels")),
        sa.UniqueConstraint("position", name=op.f("uq_dunning_levels_position")),
        sa.UniqueConstraint("days_after_due", name=op.f("uq_dunning_levels_days_after_due")),
    )
    op.create_table(
        "dunning_letters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("level_position", sa.Integer(), nullable=False),
        sa.Column("level_name", sa.String(length=100), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_due", _money_type(), nullable=False),
        sa.Column("under_review_amount", _money_type(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("sent_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_dunning_letters_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"], name=op.f("fk_dunning_letters_sent_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dunning_letters")),
        sa.UniqueConstraint("number", name=op.f("uq_dunning_letters_number")),
    )
    op.create_index(op.f("ix_dunning_letters_account_id"), "dunning_letters", ["account_id"])
    op.create_index("ix_dunning_letters_account_created", "dunning_letters", ["account_id", "created_at"])
    op.create_table(
        "dunning_letter_items",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("under_review", sa.Boolean(), nullable=False),
        sa.Column("level_position", sa.Integer(), nullable=False),
        sa.Column("amount", _money_type(), nullable=False),
        sa.Column("days_overdue", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("letter_id", "invoice_id", "under_review", name=op.f("pk_dunning_letter_items")),
    )
    op.create_index(
        "uq_dunning_letter_items_invoice_level",
        "dunning_letter_items",
        ["invoice_id", "level_position"],
        unique=True,
        postgresql_where=sa.text("NOT under_review"),
        sqlite_where=sa.text("NOT under_review"),
    )
    op.create_table(
        "contact_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_user_id", sa.Uuid(), nullable=True),
        sa.Column("letter_id", sa.Uuid(), nullable=True),
        sa.Column("promise_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('call', 'email', 'note', 'letter', 'promise', 'customer_reply', 'hold')",
            name=op.f("ck_contact_entries_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_contact_entries_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], name=op.f("fk_contact_entries_by_user_id_users")),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["dunning_letters.id"], name=op.f("fk_contact_entries_letter_id_dunning_letters")
        ),
        sa.ForeignKeyConstraint(
            ["promise_id"], ["promises_to_pay.id"], name=op.f("fk_contact_entries_promise_id_promises_to_pay")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_entries")),
    )
    op.create_index(op.f("ix_contact_entries_account_id"), "contact_entries", ["account_id"])
    op.create_index("ix_contact_entries_account_at", "contact_entries", ["account_id", "at"])
    op.create_table(
        "invoice_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_invoice_deliveries_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_deliveries_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_deliveries")),
    )
    op.create_index(op.f("ix_invoice_deliveries_account_id"), "invoice_deliveries", ["account_id"])
    op.create_index(op.f("ix_invoice_deliveries_invoice_id"), "invoice_deliveries", ["invoice_id"])


def _columns() -> None:
    # Added in place (SQLite's ALTER TABLE ADD COLUMN takes a named CHECK): a batch that recreated the table
    # would drop its data-version triggers.
    op.execute(
        "ALTER TABLE customer_accounts ADD COLUMN risk_class VARCHAR(16) DEFAULT 'medium' NOT NULL "
        f"CONSTRAINT ck_customer_accounts_risk_class_known CHECK ({RISK_CHECK})"
    )
    op.add_column("customer_accounts", sa.Column("credit_review_on", sa.Date(), nullable=True))
    op.add_column("customer_accounts", sa.Column("dunning_paused_until", sa.Date(), nullable=True))
    op.add_column("customer_accounts", sa.Column("dunning_pause_reason", sa.Text(), nullable=False, server_default=""))
    op.add_column("customer_accounts", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("users", sa.Column("receives_invoices", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("users", sa.Column("receives_reminders", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Until an administrator chooses, the account's administrators receive invoices and reminders.
    op.execute("UPDATE users SET receives_invoices = true, receives_reminders = true WHERE role = 'customer_admin'")
    op.add_column("outbox_emails", sa.Column("attachment_kind", sa.String(length=32), nullable=True))
    op.add_column("outbox_emails", sa.Column("attachment_id", sa.Uuid(), nullable=True))


def _seed() -> None:
    import uuid

    rules = sa.table(
        "credit_hold_rules", sa.column("id", sa.Uuid()), sa.column("kind"), sa.column("days"), sa.column("active")
    )
    op.bulk_insert(
        rules,
        [
            {"id": uuid.uuid4(), "kind": "over_limit", "days": None, "active": True},
            {"id": uuid.uuid4(), "kind": "past_due", "days": 60, "active": True},
            {"id": uuid.uuid4(), "kind": "broken_promise", "days": None, "active": True},
        ],
    )
    levels = sa.table(
        "dunning_levels",
        sa.column("id", sa.Uuid()),
        sa.column("position"),
        sa.column("name"),
        sa.column("days_after_due"),
        sa.column("subject"),
        sa.column("body"),
        sa.column("active"),
    )
    op.bulk_insert(
        levels,
        [
            {
                "id": uuid.uuid4(),
                "position": position,
                "name": name,
                "days_after_due": days,
                "subject": subject,
                "body": BODY.format(text=words),
                "active": True,
            }
            for position, name, days, subject, words in LEVELS
        ],
    )
    op.execute("INSERT INTO number_sequences (name, next_value) VALUES ('dunning_letter', 1)")


def _positions_from_invoices() -> None:
    op.execute(
        """
        INSERT INTO credit_positions (account_id, currency, open_amount, disputed_amount)
        SELECT a.id, a.currency,
               coalesce((SELECT sum(i.open_balance) FROM invoices i WHERE i.account_id = a.id AND i.currency = a.currency), 0),
               coalesce((SELECT sum(i.disputed_amount) FROM invoices i WHERE i.account_id = a.id AND i.currency = a.currency), 0)
        FROM customer_accounts a
        """
    )


def _postgresql_triggers() -> None:
    op.execute(
        "CREATE UNLOGGED TABLE credit_position_changes (txid bigint NOT NULL, account_id uuid NOT NULL, "
        "currency varchar(3) NOT NULL, open_delta numeric(18, 2) NOT NULL, disputed_delta numeric(18, 2) NOT NULL)"
    )
    op.execute("CREATE INDEX ix_credit_position_changes_txid ON credit_position_changes (txid)")
    op.execute(_PG_NOTE_CHANGES)
    op.execute(_PG_APPLY_CHANGES)
    op.execute(
        "CREATE CONSTRAINT TRIGGER credit_position_changes_apply AFTER INSERT ON credit_position_changes "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION recoup_apply_credit_changes()"
    )
    for operation in OPERATIONS:
        op.execute(
            f"CREATE TRIGGER credit_position_invoice_{operation} AFTER {operation.upper()} ON invoices "
            f"{_PG_TRANSITIONS[operation]} FOR EACH STATEMENT EXECUTE FUNCTION recoup_note_credit_changes()"
        )
    op.execute(_PG_NEW_ACCOUNT)
    op.execute(
        "CREATE TRIGGER credit_position_new_account AFTER INSERT ON customer_accounts "
        "REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_new_credit_position()"
    )
    for table, column in VERSIONED.items():
        op.execute(_PG_VERSIONS.format(table=table, column=column, nil=NIL_POSTGRESQL))
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER data_version_{table}_{operation} AFTER {operation.upper()} ON {table} "
                f"{_PG_TRANSITIONS[operation]} FOR EACH STATEMENT EXECUTE FUNCTION recoup_versions_{table}()"
            )


def _sqlite_triggers() -> None:
    for statement in _SQLITE_TRIGGERS:
        op.execute(statement)
    for table, column in VERSIONED.items():
        for operation in OPERATIONS:
            rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[operation]
            bumps = " ".join(
                f"INSERT INTO data_versions (scope_id, version) VALUES ({row}.{column}, 1) "
                "ON CONFLICT (scope_id) DO UPDATE SET version = version + 1;"
                for row in rows
            )
            op.execute(
                f"CREATE TRIGGER data_version_{table}_{operation} AFTER {operation.upper()} ON {table} BEGIN {bumps} END"
            )


def upgrade() -> None:
    _columns()
    _tables()
    _seed()
    _positions_from_invoices()
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name != "sqlite"
    on = (lambda table: f" ON {table}") if postgresql else (lambda table: "")
    for table in VERSIONED:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{operation}{on(table)}")
        if postgresql:
            op.execute(f"DROP FUNCTION IF EXISTS recoup_versions_{table}()")
    for operation in OPERATIONS:
        op.execute(f"DROP TRIGGER IF EXISTS credit_position_invoice_{operation}{on('invoices')}")
    op.execute(f"DROP TRIGGER IF EXISTS credit_position_new_account{on('customer_accounts')}")
    if postgresql:
        op.execute("DROP TABLE IF EXISTS credit_position_changes")
        op.execute("DROP FUNCTION IF EXISTS recoup_apply_credit_changes()")
        op.execute("DROP FUNCTION IF EXISTS recoup_note_credit_changes()")
        op.execute("DROP FUNCTION IF EXISTS recoup_new_credit_position()")
    op.execute("DELETE FROM number_sequences WHERE name = 'dunning_letter'")
    for table in (
        "invoice_deliveries",
        "contact_entries",
        "dunning_letter_items",
        "dunning_letters",
        "dunning_levels",
        "promise_items",
        "promises_to_pay",
        "credit_holds",
        "credit_hold_rules",
        "credit_positions",
    ):
        op.drop_table(table)
    for table, column in (
        ("outbox_emails", "attachment_id"),
        ("outbox_emails", "attachment_kind"),
        ("users", "receives_reminders"),
        ("users", "receives_invoices"),
    ):
        op.drop_column(table, column)
    if postgresql:
        op.drop_constraint(op.f("ck_customer_accounts_risk_class_known"), "customer_accounts", type_="check")
    for column in ("version", "dunning_pause_reason", "dunning_paused_until", "credit_review_on", "risk_class"):
        op.drop_column("customer_accounts", column)
