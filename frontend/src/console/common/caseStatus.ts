import { disputeStatusLook, isOpenDispute } from '../../shared/disputes/disputeStatus';
import type { DisputeStatus } from '../../shared/graphql/generated';

// One word for one state: an outcome reads the same in the console as in the portal (Accepted, Declined, Partly
// accepted). Only the two waiting states are said from the reader's side: the customer's "Waiting for you" is
// the console's "Waiting on customer".
const STAFF_LABELS: Record<DisputeStatus, string> = {
  NEW: 'New',
  ASSIGNED: 'Assigned',
  IN_REVIEW: 'In review',
  WAITING_ON_CUSTOMER: 'Waiting on customer',
  WAITING_ON_INTERNAL: 'Waiting on internal',
  RESOLVED_VALID: 'Accepted',
  RESOLVED_INVALID: 'Declined',
  RESOLVED_PARTIAL: 'Partly accepted',
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
