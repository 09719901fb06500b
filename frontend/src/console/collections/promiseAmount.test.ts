import { describe, expect, it } from 'vitest';
import { dueNowTotal, isPromisable, promiseProblems } from './promiseAmount';

const items = [
  { invoiceId: 'a', dueNow: '0.10', currency: 'USD' },
  { invoiceId: 'b', dueNow: '0.20', currency: 'USD' },
  { invoiceId: 'c', dueNow: '1234567890123.455', currency: 'USD' },
  { invoiceId: 'd', dueNow: '0.00', currency: 'USD' },
];

describe('dueNowTotal', () => {
  it('adds the chosen items exactly, never in binary floating point', () => {
    expect(dueNowTotal(items, new Set(['a', 'b']))).toBe('0.30');
  });

  it('keeps large amounts and sub-cent digits exact', () => {
    expect(dueNowTotal(items, new Set(['a', 'c']))).toBe('1234567890123.555');
  });

  it('is zero when nothing is chosen', () => {
    expect(dueNowTotal(items, new Set())).toBe('0.00');
  });
});

describe('isPromisable', () => {
  it('refuses an item with nothing due now', () => {
    expect(isPromisable(items[3]!)).toBe(false);
    expect(isPromisable(items[0]!)).toBe(true);
  });
});

describe('promiseProblems', () => {
  it('asks for invoices, an amount and a date', () => {
    expect(promiseProblems(new Set(), '', '', '0.00')).toEqual({
      invoiceIds: 'Choose the invoices the payment is for.',
      amount: 'Enter an amount such as 1250.00.',
      promisedOn: 'Enter the day the customer promises to pay.',
    });
  });

  it('refuses more than is due now on the chosen invoices', () => {
    expect(promiseProblems(new Set(['a']), '0.11', '2026-12-31', '0.10').amount).toMatch(/more than/);
    expect(promiseProblems(new Set(['a']), '0.10', '2026-12-31', '0.10')).toEqual({});
  });
});
