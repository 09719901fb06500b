"""The console's root fields, assembled for backend/schema.py."""

from __future__ import annotations

import strawberry

from backend.console.administration import AdministrationMutation, AdministrationQuery
from backend.console.api_clients import ApiClientsMutation, ApiClientsQuery
from backend.console.automation_admin import AutomationAdminMutation, AutomationAdminQuery
from backend.console.cash import CashMutation, CashQuery
from backend.console.cash_mappings import CashMappingsMutation, CashMappingsQuery
from backend.console.cash_patterns import CashPatternsMutation, CashPatternsQuery
from backend.console.collections import CollectionsQuery
from backend.console.dashboard import DashboardQuery
from backend.console.deduction_report import DeductionReportQuery
from backend.console.external_codes import ExternalCodesMutation, ExternalCodesQuery
from backend.console.inbound_mail import InboundMailMutation, InboundMailQuery
from backend.console.mutations.archive_document import ArchiveDocumentMutation
from backend.console.mutations.assign_cases import AssignCasesMutation
from backend.console.mutations.bulk_resolve import BulkResolveMutation
from backend.console.mutations.collections import CollectionsMutation
from backend.console.mutations.post_case_note import PostCaseMessageMutation
from backend.console.mutations.resolve_case import ResolveCaseMutation
from backend.console.orders import OrdersMutation, OrdersQuery
from backend.console.payments import PaymentsQuery
from backend.console.promises_report import PromisesReportQuery
from backend.console.queries import ConsoleQuery
from backend.console.receivables_at import ReceivablesAtQuery
from backend.console.reports import ReportsQuery
from backend.console.root_causes import RootCausesQuery


@strawberry.type
class ConsoleMutation(
    ResolveCaseMutation,
    AssignCasesMutation,
    PostCaseMessageMutation,
    BulkResolveMutation,
    AdministrationMutation,
    ExternalCodesMutation,
    ArchiveDocumentMutation,
    CashMutation,
    CashPatternsMutation,
    CashMappingsMutation,
    InboundMailMutation,
    ApiClientsMutation,
    AutomationAdminMutation,
    CollectionsMutation,
    OrdersMutation,
):
    pass


@strawberry.type
class ConsoleReadQuery(
    ConsoleQuery,
    DashboardQuery,
    DeductionReportQuery,
    PaymentsQuery,
    AdministrationQuery,
    ExternalCodesQuery,
    CashQuery,
    CashPatternsQuery,
    CashMappingsQuery,
    InboundMailQuery,
    ApiClientsQuery,
    AutomationAdminQuery,
    CollectionsQuery,
    OrdersQuery,
    ReportsQuery,
    RootCausesQuery,
    PromisesReportQuery,
    ReceivablesAtQuery,
):
    pass


__all__ = ["ConsoleMutation", "ConsoleReadQuery"]
