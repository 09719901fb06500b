import type { RootCause } from '../../shared/graphql/generated';

// What really went wrong, as staff read it. A reason is what the customer claimed; the root cause is chosen by
// whoever decides the case (docs/KPIS.md, "Root causes").
const LABELS: Record<RootCause, string> = {
  WAREHOUSE: 'Warehouse',
  CARRIER: 'Carrier',
  PRICING_MASTER_DATA: 'Pricing master data',
  PROMOTION_SETUP: 'Promotion set-up',
  CUSTOMER_ERROR: 'Customer error',
  OTHER: 'Other',
};

/** Every root cause, in the order a person deciding reads them. */
export const ROOT_CAUSES = Object.keys(LABELS) as RootCause[];

export const isRootCause = (value: string): value is RootCause => Object.hasOwn(LABELS, value);

/** A root cause in words; null is a case decided without one (by a rule, or before root causes were recorded). */
export function rootCauseLabel(cause: RootCause | null | undefined): string {
  return cause ? (LABELS[cause] ?? cause) : 'Not recorded';
}
