import { describe, expect, it } from 'vitest';
import { atStakeText } from './discrepancyLabels';

describe('atStakeText', () => {
  it('names each currency on its own and never adds them up', () => {
    const text = atStakeText([
      { currency: 'USD', amount: '1200.10', count: 3 },
      { currency: 'EUR', amount: '80.00', count: 1 },
    ]);
    expect(text).toBe('$1,200.10 in 3 discrepancies · €80.00 in 1 discrepancy');
  });
});
