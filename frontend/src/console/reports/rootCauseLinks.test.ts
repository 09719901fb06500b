import { describe, expect, it } from 'vitest';
import { readQueueState, toQueueVariables } from '../queue/queueUrl';
import { DECIDED_STATUSES, rootCauseQueueHref } from './rootCauseLinks';

const scope = { currency: 'EUR', start: '2026-07-01', end: '2026-09-30', accountId: null };
const filterOf = (href: string) => toQueueVariables(readQueueState(new URLSearchParams(href.split('?')[1]))).filter;

describe('a root-cause figure opens the queue on its cases', () => {
  it('sends the root cause, reason, outcome, decided period and currency as the filter', () => {
    const href = rootCauseQueueHref(scope, 'WAREHOUSE', ['RESOLVED_VALID', 'RESOLVED_PARTIAL'], 'SHORTAGE');
    expect(filterOf(href)).toMatchObject({
      status: ['RESOLVED_VALID', 'RESOLVED_PARTIAL'],
      reasonCodes: ['SHORTAGE'],
      accountIds: null,
      decidedAfter: '2026-07-01',
      decidedBefore: '2026-09-30',
      currency: 'EUR',
      rootCause: 'WAREHOUSE',
      rootCauseUnrecorded: false,
    });
  });

  it('asks for the cases with no root cause for the "not recorded" row, and for one customer when scoped', () => {
    const account = '0190a6c2-2f4e-7b7c-9d51-1c2b3d4e5f60';
    const href = rootCauseQueueHref({ ...scope, accountId: account }, null, DECIDED_STATUSES);
    expect(filterOf(href)).toMatchObject({ rootCause: null, rootCauseUnrecorded: true, accountIds: [account] });
  });

  it('drops an unknown root cause from a typed URL rather than sending it', () => {
    expect(readQueueState(new URLSearchParams('rootCause=BAD_LUCK')).rootCause).toBe('');
  });
});
