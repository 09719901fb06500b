import { describe, expect, it } from 'vitest';
import { periodOf } from './periods';

const custom = { start: '2026-02-03', end: '2026-02-10' };

describe('periodOf', () => {
  it('names whole calendar months and quarters around the day', () => {
    expect(periodOf('this-month', '2026-12-04', custom)).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(periodOf('last-month', '2026-03-15', custom)).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(periodOf('this-quarter', '2026-05-20', custom)).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(periodOf('last-quarter', '2026-12-04', custom)).toEqual({ start: '2026-07-01', end: '2026-09-30' });
  });

  it('crosses the year back for January and the first quarter', () => {
    expect(periodOf('last-month', '2026-01-09', custom)).toEqual({ start: '2025-12-01', end: '2025-12-31' });
    expect(periodOf('last-quarter', '2026-02-01', custom)).toEqual({ start: '2025-10-01', end: '2025-12-31' });
  });

  it('keeps a custom period as chosen', () => {
    expect(periodOf('custom', '2026-12-04', custom)).toBe(custom);
  });
});
