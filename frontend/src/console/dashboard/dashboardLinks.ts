import { OPEN_DISPUTE_STATUSES } from '../../shared/disputes/disputeStatus';
import { isIsoDate } from '../../shared/format/dates';
import { queueHref } from '../queue/queueUrl';

// Where a dashboard bar leads: the work queue narrowed to the cases behind it.
// The dashboard counts open cases only, so every link keeps the open statuses.

const OPEN = [...OPEN_DISPUTE_STATUSES];

export function reasonQueueHref(reasonCode: string): string {
  return queueHref({ statuses: OPEN, reasonCodes: [reasonCode] });
}

export function customerQueueHref(accountId: string): string {
  return queueHref({ statuses: OPEN, accountIds: [accountId] });
}

/** The calendar day `days` before `isoDate` ("2026-03-01" minus 1 is "2026-02-28"). */
export function daysBefore(isoDate: string, days: number): string {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`);
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
}

/**
 * The opened-date range of an age bucket, counted back from today:
 * "31-60" is opened 60 to 31 days ago; "90+" is opened more than 90 days ago
 * (the bucket after 61-90). Null for a key of another shape.
 */
export function ageBucketRange(key: string, today: string): { openedAfter: string; openedBefore: string } | null {
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(key);
  if (range) {
    const [low, high] = [Number(range[1]), Number(range[2])];
    if (low > high) return null;
    return { openedAfter: daysBefore(today, high), openedBefore: daysBefore(today, low) };
  }
  const open = /^(\d+)\s*\+$/.exec(key);
  if (open) return { openedAfter: '', openedBefore: daysBefore(today, Number(open[1]) + 1) };
  return null;
}

export function ageQueueHref(key: string, today: string): string | null {
  const range = ageBucketRange(key, today);
  return range ? queueHref({ statuses: OPEN, ...range }) : null;
}
