import { isDecimalString } from '../../shared/format/money';
import { userLocale } from '../../shared/format/locale';

/**
 * An amount without a currency (limits and bands apply to a case's amount in
 * whatever currency it has), grouped for the user's locale with at least two
 * decimals. The decimal string is formatted as is, never as a JS number.
 */
export function formatPlainAmount(amount: string, locale: string = userLocale()): string {
  if (!isDecimalString(amount)) return amount;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 20 }).format(
    amount as `${number}`,
  );
}

/**
 * The problem with a typed amount that could not be sent as a Decimal at all
 * ("abc", "1,000"), or null. Everything else (zero, three decimals, too large)
 * the server decides and explains.
 */
export function amountInputProblem(value: string): string | null {
  return isDecimalString(value.trim()) ? null : 'Enter an amount as a number, e.g. 250 or 250.00.';
}
