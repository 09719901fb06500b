import { isIsoDate } from '../../shared/format/dates';
import type { PaymentFilter } from '../../shared/graphql/generated';

// The payments received in the URL, as the reports link them: /payments?receivedFrom=…&receivedTo=…&currency=EUR
// (&accountId=…&shortOnly=true). Anything malformed is left out rather than sent.

export interface PaymentsState {
  receivedFrom: string;
  receivedTo: string;
  currency: string;
  accountId: string;
  shortOnly: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readPaymentsState(params: URLSearchParams): PaymentsState {
  const text = (name: string) => (params.get(name) ?? '').trim();
  return {
    receivedFrom: isIsoDate(text('receivedFrom')) ? text('receivedFrom') : '',
    receivedTo: isIsoDate(text('receivedTo')) ? text('receivedTo') : '',
    currency: /^[A-Z]{3}$/.test(text('currency')) ? text('currency') : '',
    accountId: UUID.test(text('accountId')) ? text('accountId') : '',
    shortOnly: text('shortOnly') === 'true',
  };
}

/** A link to the payments received with this filter, relative to the console's base path. */
export function paymentsHref(state: Partial<PaymentsState>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value === true) params.set(key, 'true');
    else if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const search = params.toString();
  return search ? `/payments?${search}` : '/payments';
}

export function toPaymentFilter(state: PaymentsState): PaymentFilter {
  return {
    receivedFrom: state.receivedFrom || null,
    receivedTo: state.receivedTo || null,
    currency: state.currency || null,
    accountId: state.accountId || null,
    shortOnly: state.shortOnly,
  };
}
