import type { DisputeStatus, RootCause } from '../../shared/graphql/generated';
import { queueHref } from '../queue/queueUrl';

/** The outcomes a root cause's cases are counted under, with the statuses each stands for in the work queue. */
export const ROOT_CAUSE_OUTCOMES: { key: 'valid' | 'invalid' | 'writtenOff'; label: string; statuses: DisputeStatus[] }[] = [
  { key: 'valid', label: 'Valid', statuses: ['RESOLVED_VALID', 'RESOLVED_PARTIAL'] },
  { key: 'invalid', label: 'Invalid', statuses: ['RESOLVED_INVALID'] },
  { key: 'writtenOff', label: 'Written off', statuses: ['WRITTEN_OFF'] },
];

export const DECIDED_STATUSES: DisputeStatus[] = ROOT_CAUSE_OUTCOMES.flatMap((o) => o.statuses);

export interface RootCauseScope {
  currency: string;
  start: string;
  end: string;
  /** The one customer reported on, or null for every customer. */
  accountId: string | null;
  /** The page's reason filter (a figure's own reason goes on top), or '' / absent for every reason. */
  reason?: string;
  /** The page's staff filter, a staff member's id, or '' / absent for everyone. */
  assigneeId?: string;
}

/**
 * The work queue on exactly the cases a root-cause figure counted: decided in the period, in the currency (of the
 * customer), with this root cause (null: none recorded), and, when given, this reason (else the page's) and staff member.
 */
export function rootCauseQueueHref(
  scope: RootCauseScope,
  rootCause: RootCause | null,
  statuses: DisputeStatus[],
  reasonCode?: string,
): string {
  return queueHref({
    statuses,
    reasonCodes: reasonCode ? [reasonCode] : scope.reason ? [scope.reason] : [],
    assigneeId: scope.assigneeId ?? '',
    accountIds: scope.accountId ? [scope.accountId] : [],
    decidedAfter: scope.start,
    decidedBefore: scope.end,
    currency: scope.currency,
    rootCause: rootCause ?? '',
    rootCauseUnrecorded: rootCause === null,
  });
}
