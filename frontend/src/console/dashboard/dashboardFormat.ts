import { userLocale } from '../../shared/format/locale';

/**
 * A dashboard amount: the dashboard adds claims up without a currency, so the
 * sum is shown as an exact grouped number ("29,869.58"), never as one currency.
 */
export function formatAmount(amount: string, locale: string = userLocale()): string {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) return amount;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 20 }).format(amount as `${number}`);
}

export function formatCount(count: number, locale: string = userLocale()): string {
  return new Intl.NumberFormat(locale).format(count);
}

/** "2026-03" → "Mar 2026". */
export function formatMonth(month: string, locale: string = userLocale()): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)),
  );
}
