import { describe, expect, it } from 'vitest';
import { ageBucketRange, ageQueueHref, customerQueueHref, daysBefore, reasonQueueHref } from './dashboardLinks';

const OPEN = 'status=NEW&status=ASSIGNED&status=IN_REVIEW&status=WAITING_ON_CUSTOMER&status=WAITING_ON_INTERNAL';

describe('dashboard links', () => {
  it('counts calendar days back across months and leap days', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBefore('2026-01-15', 30)).toBe('2025-12-16');
    expect(() => daysBefore('2026-02-30', 1)).toThrow(RangeError);
  });

  it('turns age buckets into opened-date ranges', () => {
    expect(ageBucketRange('0-30', '2026-11-23')).toEqual({ openedAfter: '2026-10-24', openedBefore: '2026-11-23' });
    expect(ageBucketRange('31-60', '2026-11-23')).toEqual({ openedAfter: '2026-09-24', openedBefore: '2026-10-23' });
    expect(ageBucketRange('90+', '2026-11-23')).toEqual({ openedAfter: '', openedBefore: '2026-08-24' });
    expect(ageBucketRange('older', '2026-11-23')).toBeNull();
  });

  it('links bars to the open cases behind them', () => {
    expect(reasonQueueHref('PRICING')).toBe(`/queue?${OPEN}&reasonCodes=PRICING`);
    expect(customerQueueHref('9b5c15fb-36dc-426d-bfd4-eda1ad0b236b')).toBe(
      `/queue?${OPEN}&accountIds=9b5c15fb-36dc-426d-bfd4-eda1ad0b236b`,
    );
    expect(ageQueueHref('61-90', '2026-11-23')).toBe(`/queue?${OPEN}&openedAfter=2026-08-25&openedBefore=2026-09-23`);
  });
});
