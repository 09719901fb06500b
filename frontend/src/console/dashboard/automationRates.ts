import type { AutomationRateItemFragment, ConsoleDashboardQuery } from '../../shared/graphql/generated';
import { formatCount } from './dashboardFormat';

export type Automation = ConsoleDashboardQuery['dashboard']['automation'];
export type AutomationWeek = Automation['weeks'][number];
export type AutomationCustomer = Automation['customers'][number];
export type Rate = AutomationRateItemFragment;
export type MeasureKey = 'linesAutoMatched' | 'shortPaysClassified' | 'closedByRule';

export interface Measure {
  key: MeasureKey;
  label: string;
  /** What is counted, in one sentence (the same definitions as the API's). */
  hint: string;
  color: string;
}

/** The three rates, in the order the work happens: cash in, short pays taken, cases closed. */
export const MEASURES: readonly Measure[] = [
  {
    key: 'linesAutoMatched',
    label: 'Cash lines auto-matched',
    hint: 'Payment lines applied on import, of all payment lines imported that week.',
    color: 'var(--mantine-color-blue-6)',
  },
  {
    key: 'shortPaysClassified',
    label: 'Short pays classified with evidence',
    hint: 'Deductions taken from remittances with a reason and a document on the case or invoice, of all of them.',
    color: 'var(--mantine-color-orange-6)',
  },
  {
    key: 'closedByRule',
    label: 'Cases closed by rule',
    hint: 'Cases a resolution rule closed, of all cases closed that week (withdrawn ones left out).',
    color: 'var(--mantine-color-teal-7)',
  },
];

/**
 * `done` of `total` in percent to one decimal, half up, from the integer counts alone (no rounding error):
 * percentOfCounts(5, 7) is "71.4"; null when there was nothing to do.
 */
export function percentOfCounts(done: number, total: number): string | null {
  if (total <= 0) return null;
  const tenths = Math.floor((done * 2000 + total) / (2 * total));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** The rates of several weeks added up: their counts, and the percent of the sums. */
export function totalRate(rates: readonly Rate[]): Rate {
  const done = rates.reduce((sum, rate) => sum + rate.done, 0);
  const total = rates.reduce((sum, rate) => sum + rate.total, 0);
  return { done, total, percent: percentOfCounts(done, total) };
}

/** "71.4 %", or "—" when there was nothing to do. */
export function formatRate(rate: Rate): string {
  return rate.percent === null ? '—' : `${rate.percent} %`;
}

/** "5 of 7". */
export function formatCounts(rate: Rate): string {
  return `${formatCount(rate.done)} of ${formatCount(rate.total)}`;
}

/** True when no week had any work to measure (and so no customer either). */
export function nothingToMeasure(automation: Automation): boolean {
  return automation.customers.length === 0 && automation.weeks.every((week) => MEASURES.every((m) => week[m.key].total === 0));
}

/** "2026-W07" → "W07". */
export function shortWeek(week: string): string {
  return week.slice(week.indexOf('W'));
}
