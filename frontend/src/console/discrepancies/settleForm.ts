import { compareDecimals, isMoneyInput } from '../../shared/format/decimal';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import type { DiscrepancyResolution, DiscrepancyRowFragment } from '../../shared/graphql/generated';
import { MAX_ORDER_NOTE, requiredNoteProblem } from '../orders/orderForms';

export const SETTLE_FIELDS = ['resolution', 'amount', 'note'] as const;
export type SettleField = (typeof SETTLE_FIELDS)[number];

export interface SettleValues {
  resolution: DiscrepancyResolution;
  /** The credit, as typed: only sent with a credit memo. */
  amount: string;
  note: string;
}

type Settleable = Pick<DiscrepancyRowFragment, 'id' | 'version' | 'amount' | 'currency' | 'invoiceNumber'>;

export const RESOLUTION_LABELS: Record<DiscrepancyResolution, string> = {
  CREDIT_MEMO: 'Credit memo',
  REBILL: 'Rebill',
  NOTE: 'Note',
};
export const isResolution = (value: string): value is DiscrepancyResolution => Object.hasOwn(RESOLUTION_LABELS, value);
export const resolutionLabel = (resolution: DiscrepancyResolution) => RESOLUTION_LABELS[resolution] ?? resolution;

/** A credit memo corrects an invoice: without one there is nothing to credit. */
export const canCreditMemo = (discrepancy: Settleable) => discrepancy.invoiceNumber !== null;

/** The form as it opens: a credit memo for the whole money at stake, or a note when nothing was invoiced. */
export function initialSettleValues(discrepancy: Settleable): SettleValues {
  return {
    resolution: canCreditMemo(discrepancy) ? 'CREDIT_MEMO' : 'NOTE',
    amount: discrepancy.amount,
    note: '',
  };
}

/** The form's own checks before anything is sent; the server checks again (and the invoice's open balance). */
export function settleProblems(values: SettleValues, discrepancy: Settleable): Partial<Record<SettleField, string>> {
  const problems: Partial<Record<SettleField, string>> = {};
  const note = values.note.trim();
  if (values.resolution === 'CREDIT_MEMO') {
    const amount = values.amount.trim();
    if (!canCreditMemo(discrepancy)) problems.resolution = 'Nothing was invoiced for this discrepancy: settle it with a note.';
    if (amount === '') problems.amount = 'Enter the amount to credit.';
    else if (!isMoneyInput(amount)) problems.amount = 'Enter an amount in digits with at most two decimals, e.g. 6 or 6.50.';
    else if (isZeroAmount(amount)) problems.amount = 'Credit more than zero, or settle with a note instead.';
    else if (compareDecimals(amount, discrepancy.amount) > 0) {
      problems.amount = `Credit at most the ${formatMoney(discrepancy.amount, discrepancy.currency)} at stake.`;
    }
    if (note.length > MAX_ORDER_NOTE) problems.note = `Keep the note under ${MAX_ORDER_NOTE.toLocaleString('en')} characters.`;
  } else {
    const empty =
      values.resolution === 'REBILL'
        ? 'Say what is rebilled, in a note: it goes on the order’s history.'
        : 'Say what was done, in a note: it goes on the order’s history.';
    const problem = requiredNoteProblem(note, empty);
    if (problem) problems.note = problem;
  }
  return problems;
}

/** The mutation's variables: the amount goes only with a credit memo. */
export function settleVariables(discrepancy: Settleable, values: SettleValues) {
  return {
    discrepancyId: discrepancy.id,
    version: discrepancy.version,
    resolution: values.resolution,
    note: values.note.trim(),
    amount: values.resolution === 'CREDIT_MEMO' ? values.amount.trim() : null,
  };
}
