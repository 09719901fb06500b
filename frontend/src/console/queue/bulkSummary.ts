/** What a bulk action did, as the result panel tells it. */
export type BulkAction = 'approve' | 'writeOff';

interface BulkResultLike {
  succeeded: { id: string }[];
  failed: { caseId: string; message: string }[];
}

export interface BulkFailureLine {
  caseId: string;
  /** Which case, e.g. "INV-NW-00012 · Northwind Traders"; the id when the case was not on the page. */
  label: string;
  message: string;
}

export interface BulkSummary {
  tone: 'success' | 'partial' | 'failure';
  title: string;
  succeededCount: number;
  failures: BulkFailureLine[];
}

const DONE: Record<BulkAction, string> = { approve: 'approved in full', writeOff: 'written off' };
const VERB: Record<BulkAction, string> = { approve: 'approved', writeOff: 'written off' };

const cases = (count: number) => (count === 1 ? '1 case' : `${count} cases`);

/** Counts and names the outcome of bulkApproveCases or bulkWriteOffCases. */
export function summariseBulkResult(
  action: BulkAction,
  result: BulkResultLike,
  labels: ReadonlyMap<string, string>,
): BulkSummary {
  const succeededCount = result.succeeded.length;
  const failures = result.failed.map(({ caseId, message }) => ({ caseId, label: labels.get(caseId) ?? caseId, message }));
  const total = succeededCount + failures.length;
  if (failures.length === 0) {
    return { tone: 'success', title: `${cases(succeededCount)} ${DONE[action]}.`, succeededCount, failures };
  }
  if (succeededCount === 0) {
    const none = total === 1 ? 'The case could not be' : `None of the ${total} cases could be`;
    return { tone: 'failure', title: `${none} ${VERB[action]}.`, succeededCount, failures };
  }
  return {
    tone: 'partial',
    title: `${succeededCount} of ${total} cases ${DONE[action]}; ${cases(failures.length)} could not be.`,
    succeededCount,
    failures,
  };
}
