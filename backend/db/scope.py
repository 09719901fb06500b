"""Tenant scope: who is acting, and the one place that filters rows by account.

A session carries its principal in ``session.info``. Every ORM statement run in
a session with a customer principal is limited to that customer's account for
all :class:`AccountScoped` tables and the :class:`AccountRoot` table, and
hides internal rows (:class:`StaffOnlyWhenInternal`) from customers (SELECT, UPDATE and DELETE alike). A session
without a principal refuses ORM statements unless it was opened for system work
(migrations, seeding, login look-ups) — the scope fails closed.

A lean read that names no ORM entity (Core columns of an index table, say) gets the same
two conditions from :func:`scope_conditions`, which takes the principal and checks it is the
one the session acts for.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from backend.db.base import AccountRoot, AccountScoped, StaffOnlyWhenInternal

STAFF_ROLES = frozenset({"ar_clerk", "collector", "credit_manager", "admin"})
CUSTOMER_ROLES = frozenset({"customer_admin", "customer_user"})

PRINCIPAL_KEY = "recoup_principal"
SYSTEM_KEY = "recoup_system"
SCOPE_OPTIONS_KEY = "recoup_scope_options"


class MissingPrincipal(RuntimeError):
    """A scoped query ran without saying who is acting."""


@dataclass(frozen=True)
class Principal:
    """The acting user, as far as data access cares."""

    user_id: uuid.UUID
    role: str
    account_id: uuid.UUID | None

    def __post_init__(self) -> None:
        if self.role in CUSTOMER_ROLES and self.account_id is None:
            raise ValueError("a customer principal needs an account")
        if self.role in STAFF_ROLES and self.account_id is not None:
            raise ValueError("a staff principal belongs to no account")
        if self.role not in CUSTOMER_ROLES | STAFF_ROLES:
            raise ValueError(f"unknown role {self.role!r}")

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def bind_principal(session: Any, principal: Principal) -> None:
    """Make every later statement of ``session`` (sync or async) act as ``principal``."""
    session.info[PRINCIPAL_KEY] = principal


def mark_system(session: Any) -> None:
    """Open ``session`` for system work that is not on behalf of a user."""
    session.info[SYSTEM_KEY] = True


@contextmanager
def deciding_who_acts(session: Any) -> Iterator[None]:
    """System work inside a request's own session, for the statements that find out who is acting.

    The request's session has no principal until its identity is known; for this block its statements
    are unscoped, and afterwards the session fails closed again (or acts as the principal bound next).
    """
    was_system = session.info.get(SYSTEM_KEY, False)
    session.info[SYSTEM_KEY] = True
    try:
        yield
    finally:
        if not was_system:
            session.info.pop(SYSTEM_KEY, None)


def principal_of(session: Any) -> Principal | None:
    value = session.info.get(PRINCIPAL_KEY)
    return value if isinstance(value, Principal) else None


def scope_conditions(
    session: Any, principal: Principal, *, account_id: SQLColumnExpression[Any], is_internal: SQLColumnExpression[Any]
) -> list[ColumnElement[bool]]:
    """The tenant scope for a lean read: the conditions the listener below adds to scoped models, on given columns.

    A customer sees their own account's rows and never internal ones; staff see every row. ``session``
    must act for ``principal`` (or be opened for system work): a statement scoped to one principal never
    runs in another's session.
    """
    account = confined_to(session, principal)
    if account is None:
        return []
    return [account_id == account, is_internal.is_(False)]


def confined_to(session: Any, principal: Principal) -> uuid.UUID | None:
    """The account a lean read for ``principal`` is confined to (its public rows only), or None for staff.

    For statements built once and run with parameters: a customer's read binds this account and
    excludes internal rows, exactly as :func:`scope_conditions` does; the same session check applies.
    """
    bound = principal_of(session)
    if bound != principal and not (bound is None and session.info.get(SYSTEM_KEY)):
        raise MissingPrincipal("a lean read must run in the session of the principal it is scoped to")
    if principal.is_staff:
        return None
    return principal.account_id  # a customer principal always has one (Principal.__post_init__)


@event.listens_for(Session, "do_orm_execute")
def _apply_tenant_scope(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        # Lazy and refresh loads repeat the criteria of the statement that loaded the parent.
        return
    session = state.session
    principal = session.info.get(PRINCIPAL_KEY)
    if principal is None:
        if session.info.get(SYSTEM_KEY):
            return
        raise MissingPrincipal("this session has no principal; bind one or mark it as system work")
    if principal.is_staff:
        return
    options = session.info.get(SCOPE_OPTIONS_KEY)
    if options is None or options[0] != principal:
        options = (principal, _customer_criteria(principal.account_id))
        session.info[SCOPE_OPTIONS_KEY] = options
    state.statement = state.statement.options(*options[1])


def _customer_criteria(account_id: uuid.UUID | None) -> tuple[Any, ...]:
    """The three filters of a customer's statements; made once per session and principal (they hold no state of
    a statement, and building them for every statement of a page cost more than running some of them)."""
    return (
        with_loader_criteria(
            AccountScoped,
            lambda cls: cls.account_id == account_id,
            include_aliases=True,
        ),
        with_loader_criteria(AccountRoot, lambda cls: cls.id == account_id, include_aliases=True),
        with_loader_criteria(StaffOnlyWhenInternal, lambda cls: cls.is_internal.is_(False), include_aliases=True),
    )
