"""The audit event each mutation writes when it changes something (SECURITY.md F31).

The matrix expects exactly these events from the calls it lets through, and none from the
ones it refuses; ``test_every_mutation_names_its_audit_event`` fails when a mutation is in
neither table. Mutations the matrix only ever refuses have their success audited by the test
beside their code (listed in docs/SECURITY-TESTS.md, item 31).
"""

from __future__ import annotations

AUDITED = {
    "Mutation.fileDispute": "dispute.filed",
    "Mutation.withdrawDispute": "dispute.withdrawn",
    "Mutation.postDisputeMessage": "message.posted",
    "Mutation.inviteColleague": "user.invited",
    "Mutation.deactivateColleague": "user.deactivated",
    "Mutation.approveCase": "case.approved",
    "Mutation.denyCase": "case.denied",
    "Mutation.writeOffCase": "case.written_off",
    "Mutation.requestCaseInformation": "case.information_requested",
    "Mutation.reopenCase": "case.reopened",
    "Mutation.assignCases": "case.assigned",
    "Mutation.postCaseMessage": "message.internal_note",  # the matrix posts internal notes ("message.posted" otherwise)
    "Mutation.bulkApproveCases": "case.approved",
    "Mutation.bulkWriteOffCases": "case.written_off",
    "Mutation.setWriteOffLimit": "admin.write_off_limit_set",
    "Mutation.saveReasonCode": "admin.reason_code_saved",
    "Mutation.saveRoutingRule": "admin.routing_rule_saved",
    "Mutation.createStaffUser": "admin.staff_user_created",
    "Mutation.changeStaffUser": "admin.staff_user_changed",
    "Mutation.saveExternalReasonCode": "admin.external_code_saved",
    "Mutation.deleteExternalReasonCode": "admin.external_code_deleted",
    "Mutation.startDocumentUpload": "document.upload_started",
    "Mutation.startStaffDocumentUpload": "document.upload_started",
    "Mutation.confirmDocumentUpload": "document.stored",
    "Mutation.linkDocumentToInvoice": "document.linked",
    "Mutation.confirmRemittanceMatch": "cash.exception_confirmed",
    "Mutation.moveRemittancePayment": "cash.payment_moved",
    "Mutation.saveCashApplicationSettings": "settings.cash_application_changed",
    "Mutation.removeCashMatchPattern": "cash.pattern_removed",
    "Mutation.saveRemittanceColumnMapping": "cash.column_mapping_saved",
    "Mutation.removeRemittanceColumnMapping": "cash.column_mapping_removed",  # success: tests/cash/test_advice_import.py
    "Mutation.assignInboundSender": "inbound_mail.sender_assigned",  # success: tests/inbound_mail/test_review.py
    "Mutation.dismissInboundMessage": "inbound_mail.dismissed",  # success: tests/inbound_mail/test_review.py
    "Mutation.saveInboundMailDomain": "inbound_mail.sender_saved",
    "Mutation.removeInboundMailSender": "inbound_mail.sender_removed",  # success: tests/inbound_mail/test_review.py
    "Mutation.saveResolutionRule": "admin.resolution_rule_saved",
    "Mutation.deleteResolutionRule": "admin.resolution_rule_deleted",
    "Mutation.savePromotion": "admin.promotion_saved",
    "Mutation.deletePromotion": "admin.promotion_deleted",
    "Mutation.createApiClient": "admin.api_client_created",
    "Mutation.revokeApiClient": "admin.api_client_revoked",
    "Mutation.promiseToPay": "promise.made",
    "Mutation.reportReminderPaid": "dunning.reported_paid",
    "Mutation.setColleagueMail": "user.mail_choices_changed",
    "Mutation.changeCreditProfile": "credit.profile_changed",
    "Mutation.releaseCreditHold": "credit.hold_released",  # success: tests/domain/credit/test_credit.py
    "Mutation.pauseReminders": "dunning.paused",
    "Mutation.assignCollector": "collections.assigned",
    "Mutation.setNextAction": "collections.next_action",
    "Mutation.logContact": "collections.contact_logged",
    "Mutation.recordPromiseToPay": "promise.made",
    "Mutation.cancelPromiseToPay": "promise.cancelled",
    "Mutation.sendReminders": "dunning.letter_sent",
    "Mutation.saveCreditHoldRule": "credit.hold_rule_saved",
    "Mutation.saveDunningLevel": "dunning.level_saved",  # success: tests/domain/credit/test_settings.py  # success: tests/domain/credit/test_dunning.py
    "Mutation.decideHeldOrder": "order.approved",  # success: tests/orders/test_order_actions.py
    "Mutation.resolveDiscrepancy": "discrepancy.resolved",
    "Mutation.recordDeliveredQuantity": "delivery.quantity_recorded",
}

# Changes that are no record of the business: a person's own saved queue filters.
NOT_AUDITED = {
    "Mutation.saveView": "a person's own saved queue filter",
    "Mutation.deleteView": "a person's own saved queue filter",
}
