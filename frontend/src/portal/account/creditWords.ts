import { compareDecimals } from '../../shared/format/decimal';
import { formatMoney, isZeroAmount } from '../../shared/format/money';

/** What the credit section needs of the account's CreditSummary. */
export interface CreditFigures {
  currency: string;
  creditLimit: string;
  availableCredit: string;
}

/** "-12.50" becomes "12.50": the size of an amount, for saying "over by …" in words. */
function magnitude(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : amount;
}

/**
 * Available credit in words. A negative figure is how far the account is over
 * its limit, never shown as a minus sign alone; a limit of zero means none is
 * set yet (the server then holds the account for no exposure), so nothing is
 * "over" it.
 */
export function availableCreditWords(credit: CreditFigures): { text: string; over: boolean } {
  if (isZeroAmount(credit.creditLimit)) return { text: 'No credit limit is set for your account yet.', over: false };
  const sign = compareDecimals(credit.availableCredit, '0');
  if (sign < 0) {
    return {
      text: `Over your credit limit by ${formatMoney(magnitude(credit.availableCredit), credit.currency)}`,
      over: true,
    };
  }
  if (sign === 0) return { text: 'None left: you have reached your credit limit', over: true };
  return { text: `${formatMoney(credit.availableCredit, credit.currency)} left to use`, over: false };
}

/** The credit limit in words: a zero limit is "not set", not a limit of nothing. */
export function creditLimitWords(credit: CreditFigures): string {
  return isZeroAmount(credit.creditLimit) ? 'Not set yet' : formatMoney(credit.creditLimit, credit.currency);
}
