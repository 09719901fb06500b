import { userLocale } from './locale';

// Money arrives from the API as a decimal string ("1234.50") and is never
// turned into a JS number: Intl.NumberFormat formats a numeric string
// exactly, so large amounts and half-cent rounding are not distorted by
// binary floating point.

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** True when `value` is a plain decimal string such as "-12.50". */
export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value);
}

function requireDecimal(value: string): `${number}` {
  if (!isDecimalString(value)) throw new RangeError(`Not a decimal amount: ${JSON.stringify(value)}`);
  return value as `${number}`;
}

/** Formats a Decimal amount in its currency for the user's locale, e.g. "$1,234.50". */
export function formatMoney(amount: string, currency: string, locale: string = userLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(requireDecimal(amount));
}

/**
 * Formats a unit price: like formatMoney, but keeps sub-cent precision
 * ("$0.0125") instead of rounding it away.
 */
export function formatUnitPrice(amount: string, currency: string, locale: string = userLocale()): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const minimumFractionDigits = format.resolvedOptions().minimumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits,
    maximumFractionDigits: Math.max(minimumFractionDigits, 6),
  }).format(requireDecimal(amount));
}

/** Formats a Decimal quantity without currency, keeping every significant decimal place. */
export function formatQuantity(quantity: string, locale: string = userLocale()): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(requireDecimal(quantity));
}

/** True when a Decimal amount is exactly zero ("0", "0.00", "-0.0"). */
export function isZeroAmount(amount: string): boolean {
  return /^-?0+(\.0+)?$/.test(requireDecimal(amount));
}

/**
 * An amount without a currency (limits and bands apply to a case's amount in
 * whatever currency it has; a remittance line's amount in the payer's), grouped for the user's locale with at least two
 * decimals. The decimal string is formatted as is, never as a JS number.
 */
export function formatPlainAmount(amount: string, locale: string = userLocale()): string {
  if (!isDecimalString(amount)) return amount;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 20 }).format(
    amount as `${number}`,
  );
}
