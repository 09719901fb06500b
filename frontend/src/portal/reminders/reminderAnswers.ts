import { isIsoDate } from '../../shared/format/dates';
import { compareDecimals, isMoneyInput, sumDecimals } from '../../shared/format/decimal';
import type { PromiseStatus, ReminderCardFragment, ReminderItemRowFragment } from '../../shared/graphql/generated';

/** The invoices a reminder asks to be paid now, due ones in the letter's order. */
export function dueItems(reminder: Pick<ReminderCardFragment, 'items'>): ReminderItemRowFragment[] {
  return reminder.items.filter((item) => !item.underReview);
}

/** The invoices a reminder lists apart: disputed, under review, not due now. */
export function underReviewItems(reminder: Pick<ReminderCardFragment, 'items'>): ReminderItemRowFragment[] {
  return reminder.items.filter((item) => item.underReview);
}

/**
 * A decimal string as someone would type a money amount: "1250.1000" becomes
 * "1250.10" (only zeros are dropped, never a digit that counts).
 */
export function asMoneyInput(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const kept = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${whole}.${kept}`;
}

/**
 * What a promise or an "already paid" answer is prefilled with: what the reminder's
 * invoices still ask for now (the server's `stillDue`: open, undisputed, not promised —
 * less than the letter said once the customer disputed or promised part of it); without
 * it, the sum of the due items, added exactly on their decimal strings (never JS
 * numbers). Nothing due gives an empty amount.
 */
export function promisePrefillAmount(reminder: Pick<ReminderCardFragment, 'items'> & { stillDue?: string }): string {
  const total = reminder.stillDue ?? sumDecimals(dueItems(reminder).map((item) => item.amount));
  return compareDecimals(total, '0') > 0 ? asMoneyInput(total) : '';
}

/** What the customer quotes on their payment so it is matched: the reminder's number and its due invoices. */
export function remittanceReference(reminder: Pick<ReminderCardFragment, 'number' | 'items'>): string {
  const invoices = dueItems(reminder).map((item) => item.invoiceNumber);
  return [reminder.number, ...invoices].join(' ');
}

export interface PromiseValues {
  amount: string;
  promisedOn: string;
  note: string;
}

export const PROMISE_FIELDS = ['amount', 'promisedOn', 'note'] as const;
export type PromiseField = (typeof PROMISE_FIELDS)[number];

export interface PaidValues {
  reference: string;
  paidOn: string;
  amount: string;
  note: string;
}

export const PAID_FIELDS = ['reference', 'paidOn', 'amount', 'note'] as const;
export type PaidField = (typeof PAID_FIELDS)[number];

function amountProblem(amount: string): string | undefined {
  const typed = amount.trim();
  if (!typed) return 'Enter the amount.';
  if (!isMoneyInput(typed)) return 'Enter an amount as a number with at most two decimals, e.g. 125.50.';
  if (compareDecimals(typed, '0') <= 0) return 'The amount must be more than zero.';
  return undefined;
}

/**
 * What must be fixed before a promise is sent: a missing or malformed amount
 * or day. Whether the day is too early or too late, or the amount more than
 * is open, is the server's rule; its message is shown beside the field.
 */
export function promiseProblems(values: PromiseValues): Partial<Record<PromiseField, string>> {
  const problems: Partial<Record<PromiseField, string>> = {};
  const amount = amountProblem(values.amount);
  if (amount) problems.amount = amount;
  if (!isIsoDate(values.promisedOn)) problems.promisedOn = 'Choose the day you will pay by.';
  return problems;
}

/** What must be fixed before "already paid" is sent: the reference, the day and the amount. */
export function paidProblems(values: PaidValues): Partial<Record<PaidField, string>> {
  const problems: Partial<Record<PaidField, string>> = {};
  if (!values.reference.trim()) problems.reference = "Enter the payment's reference as your bank shows it.";
  if (!isIsoDate(values.paidOn)) problems.paidOn = 'Choose the day you paid.';
  const amount = amountProblem(values.amount);
  if (amount) problems.amount = amount;
  return problems;
}

const PROMISE_LOOKS: Record<PromiseStatus, { label: string; color: string }> = {
  OPEN: { label: 'Open', color: 'blue' },
  KEPT: { label: 'Kept', color: 'green' },
  PARTLY_KEPT: { label: 'Partly kept', color: 'yellow' },
  BROKEN: { label: 'Broken', color: 'red' },
  CANCELLED: { label: 'Cancelled', color: 'gray' },
};

/** A promise's status in words, with a colour for its badge. */
export function promiseStatusLook(status: PromiseStatus): { label: string; color: string } {
  return PROMISE_LOOKS[status] ?? { label: status, color: 'gray' };
}
