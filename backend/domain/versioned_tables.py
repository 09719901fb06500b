"""Which tables hold what a customer can see, and so change an account's data version (``backend.db.data_versions``).

Every table is in exactly one of the three lists (``tests/db/test_data_versions.py`` checks the
metadata against them and the database's triggers against the first two): a new table must say
here whether customers can see it, and a migration must give it its trigger.
"""

from __future__ import annotations

ACCOUNT_TABLES: dict[str, str] = {
    # table: the column naming the account (NULL, for a staff user, means every customer: the global row)
    "customer_accounts": "id",
    "users": "account_id",
    "invoices": "account_id",
    "invoice_lines": "account_id",
    "disputes": "account_id",
    "dispute_lines": "account_id",
    "dispute_status_changes": "account_id",
    "case_flags": "account_id",
    "credit_memos": "account_id",
    "messages": "account_id",
    "payments": "account_id",
    "payment_allocations": "account_id",
    "documents": "account_id",
    "document_texts": "account_id",
    "document_link_suggestions": "account_id",
    "credit_positions": "account_id",
    "credit_holds": "account_id",
    "promises_to_pay": "account_id",
    "promise_items": "account_id",
    "dunning_letters": "account_id",
    "dunning_letter_items": "account_id",
    "invoice_deliveries": "account_id",
    "sales_orders": "account_id",
    "order_lines": "account_id",
    "shipments": "account_id",
    "shipment_lines": "account_id",
}
"""Rows that belong to one account: a change bumps that account's version."""

GLOBAL_TABLES: tuple[str, ...] = (
    "organisations",
    "reason_codes",
    "routing_rules",
    "resolution_rules",
    "credit_hold_rules",
)
"""Rows every customer sees (the seller's name, the reasons a dispute may give), and the small staff-edited rules
every filing reads (routing, resolution, credit holds; kept per process by ``backend.db.global_cache``): a change
bumps the global version."""

UNSEEN_TABLES: dict[str, str] = {
    "data_versions": "the versions themselves",
    "user_sessions": "sign-in state, read for identity on every request, never part of an answer",
    "login_attempts": "sign-in throttling",
    "user_tokens": "invitation and reset links, e-mailed",
    "oidc_login_requests": "staff single sign-on in flight",
    "api_clients": "machine clients, admins only",
    "api_access_tokens": "machine tokens",
    "audit_events": "the audit trail, staff only",
    "audit_chain_head": "the audit chain's head",
    "outbox_emails": "mail waiting to be sent",
    "number_sequences": "the next document numbers (the numbered rows are versioned)",
    "idempotency_keys": "answers of mutations, which are never cached",
    "write_off_limits": "staff limits",
    "external_reason_codes": "the code mapping for imports",
    "saved_views": "staff queue views",
    "promotions": "automation's promotions, staff only",
    "remittance_imports": "cash imports, staff only",
    "remittance_lines": "cash import lines, staff only",
    "cash_match_patterns": "matching patterns learned from staff confirmations, staff only",
    "report_digests": "the weekly report e-mails sent, staff only",
    "report_daily_balances": "the reports' daily snapshot of every customer's books, staff only",
    "report_daily_activity": "the reports' daily snapshot of invoicing and new cases, staff only",
    "report_daily_totals": "the reports' daily snapshot of the books added up per currency, staff only",
    "report_snapshot_days": "which days the reports' snapshot has recorded, staff only",
    "report_snapshot_versions": "customers' data versions when the reports' snapshot was recorded, staff only",
    "remittance_column_mappings": "which column of a customer's own remittance advice is which, staff only",
    "remittance_advices": "e-mailed remittance advices waiting for their cash, staff only",
    "remittance_advice_lines": "the lines of those advices, staff only",
    "inbound_messages": "every e-mail the inbound mailbox read, staff only",
    "inbound_mail_senders": "addresses and domains known as a customer's, staff only",
    "cash_application_settings": "staff settings",
    "dunning_levels": "the reminder ladder, staff only (a letter keeps its level's name)",
    "contact_entries": "the collector's contact log, staff only",
    "order_discrepancies": "order discrepancies, customer service's worklist, staff only",
}
"""Tables no customer answer reads, with why."""
