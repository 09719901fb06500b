"""Random sequences of filing, approving, denying, writing off, withdrawing and reopening never break the ledger.

For every invoice: total = paid + credited + written off + open balance, the open balance
is never negative, and the disputed amount is exactly the sum of the open disputes.
(Hypothesis drives the real domain functions against this run's database.)
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, invariant, rule
from sqlalchemy import func, select

from backend.db.engine import make_engine, make_sessionmaker, principal_session, system_session
from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute
from backend.domain.disputes.service import DisputeRequest, file_dispute, withdraw_dispute
from backend.domain.errors import DomainError
from backend.domain.invoices.models import Invoice
from backend.domain.resolution import service as resolution

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("80.00"), places=2)


class LedgerMachine(RuleBasedStateMachine):
    database_url: str = ""
    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        self.runner = asyncio.Runner()
        self.engine = make_engine(self.database_url)
        self.sessions = make_sessionmaker(self.engine)

    def run(self, coro: Any) -> Any:
        return self.runner.run(coro)

    def teardown(self) -> None:
        self.run(self.engine.dispose())
        self.runner.close()

    @initialize()
    def invoice(self) -> None:
        async def setup() -> None:
            async with system_session(self.sessions) as db:
                org = (await db.execute(select(Organisation.id).limit(1))).scalar_one()
                account = CustomerAccount(
                    organisation_id=org,
                    number=f"SM-{uuid.uuid4().hex[:8]}",
                    name="Machine Co",
                    currency="USD",
                    payment_terms_days=30,
                    credit_limit=Decimal("0.00"),
                )
                db.add(account)
                await db.flush()
                customer = User(
                    email=f"sm-{uuid.uuid4().hex[:8]}@test.example",
                    full_name="C",
                    role="customer_user",
                    account_id=account.id,
                )
                admin = User(email=f"sm-admin-{uuid.uuid4().hex[:8]}@test.example", full_name="A", role="admin")
                invoice = Invoice(
                    account_id=account.id,
                    number=f"SM-{uuid.uuid4().hex[:10]}",
                    issue_date=datetime.now(UTC).date(),
                    due_date=datetime.now(UTC).date(),
                    currency="USD",
                    total_amount=Decimal("200.00"),
                    paid_amount=Decimal("20.00"),
                    open_balance=Decimal("180.00"),
                )
                db.add_all([customer, admin, invoice])
                await db.commit()
                self.customer = Principal(user_id=customer.id, role="customer_user", account_id=account.id)
                self.admin = Principal(user_id=admin.id, role="admin", account_id=None)
                self.invoice_id = invoice.id

        self.run(setup())

    async def _version(self, dispute_id: uuid.UUID) -> int:
        async with system_session(self.sessions) as db:
            return (await db.execute(select(Dispute.version).where(Dispute.id == dispute_id))).scalar_one()

    def attempt(self, principal: Principal, action: Any) -> None:
        async def go() -> None:
            async with principal_session(self.sessions, principal) as db:
                try:
                    await action(db)
                except DomainError:
                    await db.rollback()

        self.run(go())

    @rule(target=cases, amount=amounts)
    def file(self, amount: Decimal) -> uuid.UUID | None:
        created: list[uuid.UUID] = []

        async def act(db: Any) -> None:
            request = DisputeRequest(
                invoice_id=self.invoice_id,
                reason_code="PRICING",
                amount=amount,
                description="",
                idempotency_key=uuid.uuid4().hex,
            )
            created.append(
                (await file_dispute(db, principal=self.customer, request=request, now=datetime.now(UTC))).dispute.id
            )

        self.attempt(self.customer, act)
        return created[0] if created else None

    @rule(case=cases, part=st.sampled_from([None, Decimal("0.50"), Decimal("1.00")]))
    def approve(self, case: uuid.UUID | None, part: Decimal | None) -> None:
        if case is None:
            return
        version = self.run(self._version(case))
        self.attempt(
            self.admin,
            lambda db: resolution.approve(
                db,
                principal=self.admin,
                dispute_id=case,
                version=version,
                amount=part,
                note="",
                idempotency_key=uuid.uuid4().hex,
                now=datetime.now(UTC),
                root_cause="warehouse",
            ),
        )

    @rule(case=cases)
    def deny(self, case: uuid.UUID | None) -> None:
        if case is None:
            return
        version = self.run(self._version(case))
        self.attempt(
            self.admin,
            lambda db: resolution.deny(
                db,
                principal=self.admin,
                dispute_id=case,
                version=version,
                reason="no",
                now=datetime.now(UTC),
                root_cause="customer_error",
            ),
        )

    @rule(case=cases)
    def write_off(self, case: uuid.UUID | None) -> None:
        if case is None:
            return
        version = self.run(self._version(case))
        self.attempt(
            self.admin,
            lambda db: resolution.write_off(
                db,
                principal=self.admin,
                dispute_id=case,
                version=version,
                reason="small",
                idempotency_key=uuid.uuid4().hex,
                now=datetime.now(UTC),
                root_cause="warehouse",
            ),
        )

    @rule(case=cases)
    def reopen(self, case: uuid.UUID | None) -> None:
        if case is None:
            return
        version = self.run(self._version(case))
        self.attempt(
            self.admin,
            lambda db: resolution.reopen(
                db, principal=self.admin, dispute_id=case, version=version, reason="", now=datetime.now(UTC)
            ),
        )

    @rule(case=consumes(cases))
    def withdraw(self, case: uuid.UUID | None) -> None:
        if case is None:
            return
        self.attempt(
            self.customer,
            lambda db: withdraw_dispute(db, principal=self.customer, dispute_id=case, reason="", now=datetime.now(UTC)),
        )

    @invariant()
    def ledger_balances(self) -> None:
        async def check() -> tuple[Invoice, Decimal]:
            async with system_session(self.sessions) as db:
                invoice = (await db.execute(select(Invoice).where(Invoice.id == self.invoice_id))).scalar_one()
                held = (
                    await db.execute(
                        select(func.coalesce(func.sum(Dispute.amount), Decimal("0.00"))).where(
                            Dispute.invoice_id == self.invoice_id,
                            Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES]),
                        )
                    )
                ).scalar_one()
                return invoice, Decimal(held)

        if not hasattr(self, "invoice_id"):
            return
        invoice, held = self.run(check())
        assert (
            invoice.total_amount
            == invoice.paid_amount + invoice.credited_amount + invoice.written_off_amount + invoice.open_balance
        )
        assert invoice.open_balance >= 0
        assert invoice.disputed_amount == held
        assert invoice.disputed_amount <= invoice.open_balance


def test_no_action_sequence_breaks_the_ledger(migrated: str, demo: Any) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    LedgerMachine.database_url = migrated
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


async def test_the_machine_really_moved_money(demo: Any) -> None:
    """Guards the test above against silently doing nothing (every action refused)."""
    async with system_session(demo) as db:
        statuses = set(
            (
                await db.execute(
                    select(Dispute.status)
                    .join(CustomerAccount, CustomerAccount.id == Dispute.account_id)
                    .where(CustomerAccount.name == "Machine Co")
                )
            ).scalars()
        )
    assert {"resolved_valid", "resolved_invalid", "written_off"} & statuses
    assert len(statuses) >= 3, statuses
