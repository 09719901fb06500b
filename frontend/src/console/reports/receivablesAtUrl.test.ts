import { describe, expect, it } from 'vitest';
import { dayBefore, readReceivablesAtState, receivablesAtHref } from './receivablesAtUrl';

describe('each customer\'s receivables at a day, in the URL', () => {
  it('round-trips a currency, a day and a customer', () => {
    const state = { currency: 'USD', day: '2026-09-30', customer: 'C-1001' };
    expect(readReceivablesAtState(new URLSearchParams(receivablesAtHref(state).split('?')[1]))).toEqual(state);
    expect(readReceivablesAtState(new URLSearchParams('currency=USD&day=yesterday'))).toBeNull();
  });

  it('finds the day before a period, across a year', () => {
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });
});
