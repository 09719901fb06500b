import { isIsoDate } from '../../shared/format/dates';

/** Each customer's receivables at the end of a day, as the URL of `/receivables` says it. */
export interface ReceivablesAtState {
  currency: string;
  day: string;
  /** A customer number, or ''. */
  customer: string;
}

export function receivablesAtHref(state: ReceivablesAtState): string {
  const params = new URLSearchParams({ currency: state.currency, day: state.day });
  if (state.customer) params.set('customer', state.customer);
  return `/receivables?${params.toString()}`;
}

/** The state the URL describes; null without a currency and a day. */
export function readReceivablesAtState(params: URLSearchParams): ReceivablesAtState | null {
  const currency = params.get('currency') ?? '';
  const day = params.get('day') ?? '';
  if (!/^[A-Z]{3}$/.test(currency) || !isIsoDate(day)) return null;
  return { currency, day, customer: (params.get('customer') ?? '').slice(0, 64) };
}

/** The ISO day before `day` (a period's receivables at the start are the day before's at its end). */
export function dayBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date - 1)).toISOString().slice(0, 10);
}
