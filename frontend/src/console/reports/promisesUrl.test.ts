import { describe, expect, it } from 'vitest';
import { promisesHref, readPromisesState } from './promisesUrl';

describe('the promises behind a report in the URL', () => {
  it('round-trips a period, currency, customer and the kept ones only', () => {
    const state = { currency: 'EUR', start: '2026-07-01', end: '2026-09-30', customer: 'C-1003', keptOnly: true };
    const href = promisesHref(state);
    expect(readPromisesState(new URLSearchParams(href.split('?')[1]))).toEqual(state);
  });

  it('lists nothing without a currency and a period', () => {
    expect(readPromisesState(new URLSearchParams('currency=eur&start=2026-07-01&end=2026-09-30'))).toBeNull();
    expect(readPromisesState(new URLSearchParams('currency=EUR&start=July'))).toBeNull();
  });
});
