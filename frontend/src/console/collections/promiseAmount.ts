import { compareDecimals, isMoneyInput, sumDecimals } from '../../shared/format/decimal';
import { isZeroAmount } from '../../shared/format/money';

interface PromisableItem {
  invoiceId: string;
  dueNow: string;
  currency: string;
}

/** The exact due-now total of the chosen invoices ("0.00" when none is chosen): what a promise is prefilled with. */
export function dueNowTotal(items: readonly PromisableItem[], chosen: ReadonlySet<string>): string {
  return sumDecimals(items.filter((item) => chosen.has(item.invoiceId)).map((item) => item.dueNow));
}

/** True when an open item has money a promise can cover (open, undisputed and not promised already). */
export const isPromisable = (item: PromisableItem) => !isZeroAmount(item.dueNow);

export type PromiseField = 'invoiceIds' | 'amount' | 'promisedOn' | 'note';

/** The promise form's own checks before anything is sent; the server checks again (and the date's range). */
export function promiseProblems(
  chosen: ReadonlySet<string>,
  amount: string,
  promisedOn: string,
  available: string,
): Partial<Record<PromiseField, string>> {
  const problems: Partial<Record<PromiseField, string>> = {};
  if (chosen.size === 0) problems.invoiceIds = 'Choose the invoices the payment is for.';
  const typed = amount.trim();
  if (!isMoneyInput(typed)) problems.amount = 'Enter an amount such as 1250.00.';
  else if (isZeroAmount(typed)) problems.amount = 'The promised amount must be more than zero.';
  else if (chosen.size > 0 && compareDecimals(typed, available) > 0) {
    problems.amount = 'The promise is more than the chosen invoices have due now.';
  }
  if (promisedOn === '') problems.promisedOn = 'Enter the day the customer promises to pay.';
  return problems;
}
