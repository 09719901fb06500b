import type { DisputeStatus } from '../graphql/generated';

interface StatusLook {
  /** In plain words, as the customer reads it. */
  label: string;
  color: string;
}

const STATUS_LOOKS: Record<DisputeStatus, StatusLook> = {
  NEW: { label: 'New', color: 'blue' },
  ASSIGNED: { label: 'Assigned', color: 'cyan' },
  IN_REVIEW: { label: 'In review', color: 'indigo' },
  WAITING_ON_CUSTOMER: { label: 'Waiting for you', color: 'orange' },
  WAITING_ON_INTERNAL: { label: 'Waiting on us', color: 'violet' },
  RESOLVED_VALID: { label: 'Accepted', color: 'green' },
  RESOLVED_INVALID: { label: 'Declined', color: 'red' },
  RESOLVED_PARTIAL: { label: 'Partly accepted', color: 'lime' },
  WRITTEN_OFF: { label: 'Written off', color: 'teal' },
  WITHDRAWN: { label: 'Withdrawn', color: 'gray' },
};

/** Every status, in the order of a dispute's life (and of the status filter). */
export const DISPUTE_STATUSES = Object.keys(STATUS_LOOKS) as DisputeStatus[];

/** While a dispute is in one of these, it is still being worked on and may be withdrawn. */
export const OPEN_DISPUTE_STATUSES: readonly DisputeStatus[] = [
  'NEW',
  'ASSIGNED',
  'IN_REVIEW',
  'WAITING_ON_CUSTOMER',
  'WAITING_ON_INTERNAL',
];

export function isDisputeStatus(value: string): value is DisputeStatus {
  return Object.hasOwn(STATUS_LOOKS, value);
}

export function isOpenDispute(status: DisputeStatus): boolean {
  return OPEN_DISPUTE_STATUSES.includes(status);
}

export function disputeStatusLook(status: DisputeStatus): StatusLook {
  return STATUS_LOOKS[status] ?? { label: status, color: 'gray' };
}
