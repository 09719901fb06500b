import type { RootCause } from '../../shared/graphql/generated';
import type { QueueFilterState } from '../queue/queueUrl';

/**
 * The Reports page's filters that narrow the case figures of every section: one reason (what the customer claimed),
 * one root cause (what the person deciding found), one staff member (the case's assignee). The books — receivables,
 * sales, DSO, CEI, DDO, cash and promises — are never narrowed by them (the server says the same, docs/KPIS.md).
 */
export interface CaseFilters {
  reason: string;
  rootCause: RootCause | '';
  /** A staff member's id, or ''. */
  assignee: string;
}

export const EVERY_CASE: CaseFilters = { reason: '', rootCause: '', assignee: '' };

export const isNarrowed = (filters: CaseFilters) =>
  filters.reason !== '' || filters.rootCause !== '' || filters.assignee !== '';

/** The report queries' variables for the filters. */
export function caseVariables(filters: CaseFilters) {
  return {
    reason: filters.reason || null,
    rootCause: filters.rootCause || null,
    assignee: filters.assignee || null,
  };
}

/** The work queue's filter for the same cases, for a figure's drill-down (a figure's own reason or root cause goes
 * on top of it). */
export function queueNarrowing(filters: CaseFilters): Partial<QueueFilterState> {
  return {
    reasonCodes: filters.reason ? [filters.reason] : [],
    rootCause: filters.rootCause,
    assigneeId: filters.assignee,
  };
}

/** The export's query parameters for the filters (the root cause as the server's lower-case value). */
export function exportParameters(filters: CaseFilters): Record<string, string> {
  const found: Record<string, string> = {};
  if (filters.reason) found.reason = filters.reason;
  if (filters.rootCause) found.root_cause = filters.rootCause.toLowerCase();
  if (filters.assignee) found.assignee = filters.assignee;
  return found;
}
