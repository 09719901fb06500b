import { isIsoDate, localIsoDate } from '../../shared/format/dates';
import type { StatementEntryKind } from '../../shared/graphql/generated';

export interface StatementPeriod {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD. */
  to: string;
}

/** How far back the statement starts by default: the first day of the month this many months ago. */
export const DEFAULT_MONTHS_BACK = 3;

/** From the first day of the month three months ago up to today, both as the user's calendar days. */
export function defaultStatementPeriod(today: Date): StatementPeriod {
  const start = new Date(today.getFullYear(), today.getMonth() - DEFAULT_MONTHS_BACK, 1);
  return { from: localIsoDate(start), to: localIsoDate(today) };
}

/**
 * Why the period cannot be asked for, or null when it can: a missing day, or a
 * first day after the last (said at once, beside the dates). Other rules (too
 * long a period) are the server's, and its message is shown as is.
 */
export function periodProblem(period: StatementPeriod): string | null {
  if (!isIsoDate(period.from) || !isIsoDate(period.to)) return 'Choose both the first and the last day.';
  if (period.from > period.to) return 'The first day must be on or before the last day.';
  return null;
}

export type StatementFormat = 'pdf' | 'csv';

/** `GET /api/statement` for the signed-in customer's own account (same origin: the session cookie goes along). */
export function statementDownloadUrl(period: StatementPeriod, format: StatementFormat): string {
  const query = new URLSearchParams({ period_from: period.from, period_to: period.to, format });
  return `/api/statement?${query.toString()}`;
}

const KIND_LABELS: Record<StatementEntryKind, string> = {
  INVOICE: 'Invoice',
  PAYMENT: 'Payment',
  CREDIT: 'Credit',
  WRITE_OFF: 'Write-off',
  DEDUCTION: 'Deduction',
};

export function statementKindLabel(kind: StatementEntryKind): string {
  return KIND_LABELS[kind] ?? kind;
}
