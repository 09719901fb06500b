import { describe, expect, it } from 'vitest';
import { orderFeedSummary, readFeedKind } from './feedKinds';

const REPORT = {
  status: 'partial' as const,
  rows: 5,
  orders: 2,
  deliveries: undefined,
  created: 1,
  updated: 0,
  unchanged: 0,
  held: 1,
  rejected: 1,
  errors: [{ row: 4, number: 'SO-9', message: 'currency is not a currency code' }],
  rejected_numbers: ['SO-9'],
};

describe('feed kinds', () => {
  it('reads the feed from the URL, the invoice feed when it names none or an unknown one', () => {
    expect(readFeedKind(new URLSearchParams('feed=deliveries'))).toBe('deliveries');
    expect(readFeedKind(new URLSearchParams('feed=payments'))).toBe('invoices');
    expect(readFeedKind(new URLSearchParams())).toBe('invoices');
  });

  it('counts an order feed’s orders and held ones; a delivery feed has no held count', () => {
    const orders = orderFeedSummary('orders', REPORT);
    expect(orders.records).toBe(2);
    expect(orders.counts.find((count) => count.label === 'Held for credit')?.value).toBe(1);
    expect(orders.errors).toEqual(REPORT.errors);
    expect(orders.rejectedNumbers).toEqual(['SO-9']);

    const deliveries = orderFeedSummary('deliveries', { ...REPORT, orders: undefined, deliveries: 3 });
    expect(deliveries.records).toBe(3);
    expect(deliveries.counts.map((count) => count.label)).not.toContain('Held for credit');
  });
});
