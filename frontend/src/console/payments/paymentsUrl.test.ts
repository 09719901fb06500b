import { describe, expect, it } from 'vitest';
import { paymentsHref, readPaymentsState, toPaymentFilter } from './paymentsUrl';

describe('the payments received in the URL', () => {
  it('round-trips what a report links: a received period, a currency, one customer, short only', () => {
    const href = paymentsHref({
      receivedFrom: '2026-07-01',
      receivedTo: '2026-09-30',
      currency: 'EUR',
      accountId: '9b5c15fb-36dc-426d-bfd4-eda1ad0b236b',
      shortOnly: true,
    });
    const filter = toPaymentFilter(readPaymentsState(new URLSearchParams(href.split('?')[1])));
    expect(filter).toEqual({
      receivedFrom: '2026-07-01',
      receivedTo: '2026-09-30',
      currency: 'EUR',
      accountId: '9b5c15fb-36dc-426d-bfd4-eda1ad0b236b',
      shortOnly: true,
    });
  });

  it('leaves out what could not be sent', () => {
    const state = readPaymentsState(new URLSearchParams('receivedFrom=2026-02-30&currency=euro&accountId=42&shortOnly=yes'));
    expect(toPaymentFilter(state)).toEqual({
      receivedFrom: null,
      receivedTo: null,
      currency: null,
      accountId: null,
      shortOnly: false,
    });
    expect(paymentsHref({ shortOnly: false, currency: '' })).toBe('/payments');
  });
});
