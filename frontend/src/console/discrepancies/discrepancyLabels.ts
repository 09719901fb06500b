import { formatMoney } from '../../shared/format/money';
import type { DiscrepancyKind, DiscrepancyStatus } from '../../shared/graphql/generated';

// The kinds as the filter offers them, in the server's words (a row shows the server's own kindLabel).
const KIND_LABELS: Record<DiscrepancyKind, string> = {
  SHORT_SHIPPED: 'Short shipped, invoiced in full',
  PRICE_ABOVE_ORDER: 'Invoiced above the order price',
  INVOICED_BEFORE_DELIVERY: 'Invoiced before delivery',
  DELIVERED_WITHOUT_POD: 'Delivered without proof of delivery',
  OVER_SHIPMENT: 'Over-shipment',
};
export const DISCREPANCY_KINDS = Object.keys(KIND_LABELS) as DiscrepancyKind[];
export const isDiscrepancyKind = (value: string): value is DiscrepancyKind => Object.hasOwn(KIND_LABELS, value);
export const discrepancyKindLabel = (kind: DiscrepancyKind) => KIND_LABELS[kind] ?? kind;

const STATUS_LOOKS: Record<DiscrepancyStatus, { label: string; color: string }> = {
  OPEN: { label: 'Open', color: 'orange' },
  RESOLVED: { label: 'Settled', color: 'green' },
  CLEARED: { label: 'Cleared by the records', color: 'gray' },
};
export const DISCREPANCY_STATUSES = Object.keys(STATUS_LOOKS) as DiscrepancyStatus[];
export const isDiscrepancyStatus = (value: string): value is DiscrepancyStatus => Object.hasOwn(STATUS_LOOKS, value);
export const discrepancyStatusLook = (status: DiscrepancyStatus) => STATUS_LOOKS[status] ?? { label: status, color: 'gray' };

export const discrepanciesText = (count: number) => (count === 1 ? '1 discrepancy' : `${count} discrepancies`);
export const orderAgeText = (days: number) => (days === 1 ? '1 day' : `${days} days`);

/** The money at stake per currency, each on its own ("$1,200.00 in 3 · €80.00 in 1"): currencies are never added up. */
export function atStakeText(totals: readonly { currency: string; amount: string; count: number }[]): string {
  return totals
    .map((total) => `${formatMoney(total.amount, total.currency)} in ${total.count} ${total.count === 1 ? 'discrepancy' : 'discrepancies'}`)
    .join(' · ');
}
