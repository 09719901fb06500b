"""Every table, imported in one place so metadata is complete for migrations and tests."""

from backend.db.base import Base
from backend.db.data_versions import data_versions
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.administration.models import ExternalReasonCode, RoutingRule, SavedView
from backend.domain.api_clients.models import ApiAccessToken, ApiClient
from backend.domain.audit.models import AuditChainHead, AuditEvent
from backend.domain.auth.models import LoginAttempt, OidcLoginRequest, UserSession, UserToken
from backend.domain.automation.models import CaseFlag, Promotion, ResolutionRule
from backend.domain.cash.models import RemittanceImport
from backend.domain.credit.models import (
    ContactEntry,
    CreditHold,
    CreditPosition,
    DunningLetter,
    DunningLetterItem,
    DunningLevel,
    HoldRule,
    PromiseItem,
    PromiseToPay,
)
from backend.domain.disputes.models import Dispute, DisputeLine, DisputeStatusChange, ReasonCode
from backend.domain.documents.models import Document, DocumentLinkSuggestion, DocumentText
from backend.domain.inbound_mail.models import InboundMailSender, InboundMessage
from backend.domain.invoices.models import Invoice, InvoiceDelivery, InvoiceLine
from backend.domain.mail.models import OutboxEmail
from backend.domain.messages.models import Message
from backend.domain.orders.models import OrderDiscrepancy, OrderLine, SalesOrder, Shipment, ShipmentLine
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.reports.models import (
    DailyActivity,
    DailyBalances,
    DailyTotals,
    ReportDigest,
    SnapshotDay,
    SnapshotVersion,
)
from backend.domain.resolution.models import CreditMemo, IdempotencyKey, NumberSequence, WriteOffLimit

metadata = Base.metadata

__all__ = [
    "ApiAccessToken",
    "ApiClient",
    "AuditChainHead",
    "AuditEvent",
    "CaseFlag",
    "ContactEntry",
    "CreditHold",
    "CreditMemo",
    "CreditPosition",
    "CustomerAccount",
    "DailyActivity",
    "DailyBalances",
    "DailyTotals",
    "Dispute",
    "DisputeLine",
    "DisputeStatusChange",
    "Document",
    "DocumentLinkSuggestion",
    "DocumentText",
    "DunningLetter",
    "DunningLetterItem",
    "DunningLevel",
    "ExternalReasonCode",
    "HoldRule",
    "IdempotencyKey",
    "InboundMailSender",
    "InboundMessage",
    "Invoice",
    "InvoiceDelivery",
    "InvoiceLine",
    "LoginAttempt",
    "Message",
    "NumberSequence",
    "OidcLoginRequest",
    "OrderDiscrepancy",
    "OrderLine",
    "Organisation",
    "OutboxEmail",
    "Payment",
    "PaymentAllocation",
    "PromiseItem",
    "PromiseToPay",
    "Promotion",
    "ReasonCode",
    "RemittanceImport",
    "ReportDigest",
    "ResolutionRule",
    "RoutingRule",
    "SalesOrder",
    "SavedView",
    "Shipment",
    "ShipmentLine",
    "SnapshotDay",
    "SnapshotVersion",
    "User",
    "UserSession",
    "UserToken",
    "WriteOffLimit",
    "data_versions",
    "metadata",
]
