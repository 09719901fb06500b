import { isMoneyInput, isQuantityInput } from '../../shared/format/decimal';
import { isZeroAmount } from '../../shared/format/money';
import type { ClaimLineInput, RecordsVerdict } from '../../shared/graphql/generated';
import { chosenLines, type DisputeFormValues } from './disputeForm';

/** The reasons our records can speak to: quantities (shortage, not delivered) and prices. */
export const CHECKED_REASONS: readonly string[] = ['SHORTAGE', 'NOT_DELIVERED', 'PRICING'];

/** The claimCheck query's variables. */
export interface ClaimCheckRequest {
  reasonCode: string;
  lines: ClaimLineInput[];
}

/**
 * What to ask our records about the claim as typed, or null when there is nothing to
 * ask yet: a reason they cannot speak to, the whole invoice rather than lines, no line
 * chosen, or an amount or quantity that is not (yet) a number.
 */
export function claimCheckRequest(values: DisputeFormValues, lineOrder: readonly string[]): ClaimCheckRequest | null {
  if (!CHECKED_REASONS.includes(values.reasonCode) || values.scope !== 'lines') return null;
  const chosen = chosenLines(values, lineOrder);
  if (chosen.length === 0) return null;
  const lines: ClaimLineInput[] = [];
  for (const [invoiceLineId, claim] of chosen) {
    const amount = claim.amount.trim();
    const quantity = claim.quantity.trim();
    if (!isMoneyInput(amount) || isZeroAmount(amount)) return null;
    if (quantity !== '' && (!isQuantityInput(quantity) || isZeroAmount(quantity))) return null;
    lines.push({ invoiceLineId, amount, quantity: quantity || null });
  }
  return { reasonCode: values.reasonCode, lines };
}

/** The document that shows what the customer says: a price agreement for a price, else a receiving report. */
export function evidenceFor(reasonCode: string): string {
  return reasonCode === 'PRICING' ? 'price agreement' : 'receiving report';
}

/**
 * True while filing must wait: our records contradict the claim and the customer has
 * neither attached a document nor ticked "File anyway: I will send evidence".
 * Any other verdict (or none, or one still being worked out) never holds filing up.
 */
export function filingNeedsConfirmation(
  verdict: RecordsVerdict | null | undefined,
  attachedFiles: number,
  confirmed: boolean,
): boolean {
  return verdict === 'CONTRADICTED' && attachedFiles === 0 && !confirmed;
}

interface VerdictLook {
  /** In plain words, as the customer reads it. */
  label: string;
  color: string;
}

const LINE_VERDICTS: Record<RecordsVerdict, VerdictLook> = {
  SUPPORTED: { label: 'Matches our records', color: 'teal' },
  CONTRADICTED: { label: 'Differs from our records', color: 'orange' },
  UNVERIFIED: { label: 'Not verified', color: 'gray' },
};

/** How one line's claim compares with our records, in words. */
export function lineVerdictLook(verdict: RecordsVerdict): VerdictLook {
  return LINE_VERDICTS[verdict] ?? { label: verdict, color: 'gray' };
}
