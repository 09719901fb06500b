import { disputeStatusLook, isOpenDispute } from '../../shared/disputes/disputeStatus';
import type { DisputeStatus } from '../../shared/graphql/generated';

// The shared labels speak to the customer ("Waiting for you"); staff read the same statuses from their side.
const STAFF_LABELS: Record<DisputeStatus, string> = {
  NEW: 'New',
  ASSIGNED: 'Assigned',
  IN_REVIEW: 'In review',
  WAITING_ON_CUSTOMER: 'Waiting on customer',
  WAITING_ON_INTERNAL: 'Waiting on internal',
  RESOLVED_VALID: 'Approved',
  RESOLVED_INVALID: 'Denied',
  RESOLVED_PARTIAL: 'Partly approved',
  WRITTEN_OFF: 'Written off',
  WITHDRAWN: 'Withdrawn',
};

/** A status in the console's words, with the shared badge colour. */
export function caseStatusLook(status: DisputeStatus): { label: string; color: string } {
  return { label: STAFF_LABELS[status] ?? status, color: disputeStatusLook(status).color };
}

/** While a case is in one of these it can still be decided, assigned or asked about. */
export function isOpenCase(status: DisputeStatus): boolean {
  return isOpenDispute(status);
}
