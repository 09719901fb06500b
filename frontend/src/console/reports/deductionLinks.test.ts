import { describe, expect, it } from 'vitest';
import { reportScopeLabel } from '../queue/QueueFilters';
import { queueHref, readQueueState, toQueueVariables } from '../queue/queueUrl';

// The deductions section's links carry an age (open at a day, opened between two) and who closed the cases; the
// queue reads them back into exactly the filter the report counted with.

describe('the deductions drill-down in the queue URL', () => {
  it('round-trips an age bucket and a written-off-by-rule figure', () => {
    const href = queueHref({
      statuses: ['WRITTEN_OFF'],
      reasonCodes: ['SHORTAGE'],
      decidedBy: 'RULE',
      openAt: '2026-09-30',
      openedAfter: '2026-08-01',
      openedBefore: '2026-08-30',
      currency: 'EUR',
    });
    const state = readQueueState(new URLSearchParams(href.split('?')[1]));
    const filter = toQueueVariables(state).filter;

    expect(filter).toMatchObject({
      status: ['WRITTEN_OFF'],
      reasonCodes: ['SHORTAGE'],
      decidedBy: 'RULE',
      openAt: '2026-09-30',
      openedAfter: '2026-08-01',
      openedBefore: '2026-08-30',
      currency: 'EUR',
    });
  });

  it('leaves out a malformed day or an unknown decider', () => {
    const state = readQueueState(new URLSearchParams('openAt=yesterday&decidedBy=ROBOT'));

    expect([state.openAt, state.decidedBy]).toEqual(['', '']);
    expect(toQueueVariables(state).filter).toBeNull();
  });

  it('says the age and the decider where the queue shows its filters', () => {
    expect(reportScopeLabel('2026-09-30', 'PERSON')).toBe('Open at the end of 2026-09-30 · Closed by a person');
    expect(reportScopeLabel('', 'RULE')).toBe('Closed by a rule');
  });
});
