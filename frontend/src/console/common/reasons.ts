import { reasonLabeller, type ReasonOption } from '../../shared/disputes/reasonLabels';

/** The seed reason codes (DOMAIN.md), offered when the configured list cannot be read. */
export const SEED_REASONS: readonly ReasonOption[] = [
  { code: 'SHORTAGE', label: 'Shortage' },
  { code: 'DAMAGED', label: 'Damaged or defective' },
  { code: 'RETURN', label: 'Returned goods' },
  { code: 'PRICING', label: 'Pricing error' },
  { code: 'PROMOTION', label: 'Trade promotion' },
  { code: 'REBATE', label: 'Rebate' },
  { code: 'COMPLIANCE', label: 'Compliance fine' },
  { code: 'FREIGHT', label: 'Freight or handling' },
  { code: 'DUPLICATE_BILLING', label: 'Duplicate billing' },
  { code: 'NOT_DELIVERED', label: 'Not delivered' },
  { code: 'TAX', label: 'Tax' },
  { code: 'EARLY_PAY_DISCOUNT', label: 'Early-payment discount' },
  { code: 'OTHER', label: 'Other' },
];

/** The configured reasons if known, else the seed set; codes only the filter knows are kept as options too. */
export function reasonOptions(configured: readonly ReasonOption[] | undefined, extraCodes: readonly string[] = []) {
  const base = configured && configured.length > 0 ? configured : SEED_REASONS;
  const label = reasonLabeller(base);
  const codes = [...base.map((reason) => reason.code), ...extraCodes.filter((code) => !base.some((r) => r.code === code))];
  return codes.map((code) => ({ value: code, label: label(code) }));
}

export function consoleReasonLabeller(configured: readonly ReasonOption[] | undefined) {
  return reasonLabeller(configured && configured.length > 0 ? configured : SEED_REASONS);
}
