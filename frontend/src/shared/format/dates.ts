import { userLocale } from './locale';

// A GraphQL Date is a calendar day ("2024-03-01"), not an instant. Parsing it
// with `new Date("2024-03-01")` gives UTC midnight, which shows as the
// previous day west of Greenwich. Instead the day is built and formatted in
// UTC, so the printed day is always the one the server sent.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(value: string): Date {
  const match = ISO_DATE.exec(value);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`No such calendar day: ${value}`);
  }
  return date;
}

/** True when `value` is a real calendar day written YYYY-MM-DD, as a Date scalar carries it. */
export function isIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar day `date` falls on where the user is, as a Date scalar
 * ("2024-03-01"): what "today" means to someone picking a period.
 */
export function localIsoDate(date: Date): string {
  const pad = (part: number, size = 2) => String(part).padStart(size, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Formats a Date scalar for the user's locale, e.g. "Mar 1, 2024" in en-US. */
export function formatDate(value: string, locale: string = userLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(parseIsoDate(value));
}

function parseInstant(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new RangeError(`Not an ISO date and time: ${JSON.stringify(value)}`);
  }
  return date;
}

/**
 * Formats a DateTime scalar (an instant, e.g. "2024-03-01T09:00:00+00:00")
 * as a date and time in the user's time zone, e.g. "Mar 1, 2024, 9:00 AM".
 */
export function formatDateTime(value: string, locale: string = userLocale(), timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    parseInstant(value),
  );
}

/** The calendar day of a DateTime scalar in the user's time zone, e.g. "Mar 1, 2024". */
export function formatInstantDate(value: string, locale: string = userLocale(), timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(parseInstant(value));
}
