import { isIsoDate } from '../../shared/format/dates';

/** The promises a report's "Promises kept" counted, as the URL of `/promises` says them. */
export interface PromisesState {
  currency: string;
  start: string;
  end: string;
  /** A customer number, or ''. */
  customer: string;
  keptOnly: boolean;
}

export function promisesHref(state: PromisesState): string {
  const params = new URLSearchParams({ currency: state.currency, start: state.start, end: state.end });
  if (state.customer) params.set('customer', state.customer);
  if (state.keptOnly) params.set('kept', 'true');
  return `/promises?${params.toString()}`;
}

/** The state the URL describes; null when it lacks a currency or a period (nothing to list). */
export function readPromisesState(params: URLSearchParams): PromisesState | null {
  const currency = params.get('currency') ?? '';
  const start = params.get('start') ?? '';
  const end = params.get('end') ?? '';
  if (!/^[A-Z]{3}$/.test(currency) || !isIsoDate(start) || !isIsoDate(end)) return null;
  return { currency, start, end, customer: (params.get('customer') ?? '').slice(0, 64), keptOnly: params.get('kept') === 'true' };
}
