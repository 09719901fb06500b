import type { CaseFlagCode } from '../../shared/graphql/generated';

// What each validation flag is called on the console. The reason in words
// (amounts, dates, the other case) comes from the server with each flag.
const LABELS: Record<CaseFlagCode, string> = {
  DUPLICATE_CLAIM: 'Duplicate claim',
  EXCEEDS_INVOICE: 'Exceeds the invoice',
  EXCEEDS_LINE: 'Exceeds a line',
  DISCOUNT_AFTER_DUE_DATE: 'Discount not allowed',
  PROMOTION_OUTSIDE_PERIOD: 'Promotion outside its period',
  NO_EVIDENCE: 'No evidence',
};

export const CASE_FLAG_CODES = Object.keys(LABELS) as CaseFlagCode[];
export const caseFlagLabel = (code: CaseFlagCode) => LABELS[code] ?? code;
export const isCaseFlagCode = (value: string): value is CaseFlagCode => Object.hasOwn(LABELS, value);
