import { isDecimalString } from '../../shared/format/money';

/**
 * The problem with a typed amount that could not be sent as a Decimal at all
 * ("abc", "1,000"), or null. Everything else (zero, three decimals, too large)
 * the server decides and explains.
 */
export function amountInputProblem(value: string): string | null {
  return isDecimalString(value.trim()) ? null : 'Enter an amount as a number, e.g. 250 or 250.00.';
}
