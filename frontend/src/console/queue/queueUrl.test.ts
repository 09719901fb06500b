import { describe, expect, it } from 'vitest';
import { savedViewSearch } from '../admin/savedViewLink';
import {
  isQueueFiltered,
  queueHref,
  queueSearchParams,
  readQueueState,
  toQueueVariables,
  withQueueChange,
} from './queueUrl';

const ACCOUNT = '9b5c15fb-36dc-426d-bfd4-eda1ad0b236b';
const read = (search: string) => readQueueState(new URLSearchParams(search));

describe('queue URL', () => {
  it('reads every filter, the sort and the page stack', () => {
    const state = read(
      `status=NEW&status=IN_REVIEW&reasonCodes=PRICING&accountIds=${ACCOUNT}&unassigned=true&mine=true` +
        '&amountMin=100.00&amountMax=250&openedAfter=2026-01-01&openedBefore=2026-03-31&origin=PORTAL' +
        '&overdue=true&search=INV-NW&flags=DUPLICATE_CLAIM&flags=NO_EVIDENCE&flags=MADE_UP&noFlags=true' +
        '&sort=DUE_SOONEST&after=YQ&after=Yg',
    );
    expect(state).toEqual({
      statuses: ['NEW', 'IN_REVIEW'],
      reasonCodes: ['PRICING'],
      accountIds: [ACCOUNT],
      assigneeId: '',
      mine: true,
      unassigned: true,
      amountMin: '100.00',
      amountMax: '250',
      openedAfter: '2026-01-01',
      openedBefore: '2026-03-31',
      decidedAfter: '',
      decidedBefore: '',
      currency: '',
      rootCause: '',
      rootCauseUnrecorded: false,
      origin: 'PORTAL',
      overdue: true,
      search: 'INV-NW',
      flags: ['DUPLICATE_CLAIM', 'NO_EVIDENCE'],
      noFlags: true,
      openAt: '',
      decidedBy: '',
      sort: 'DUE_SOONEST',
      cursors: ['YQ', 'Yg'],
    });
  });

  it('drops what could not be sent: unknown statuses, bad ids, dates, origins and sorts', () => {
    const state = read('status=OPEN&status=NEW&accountIds=42&assigneeId=x&openedAfter=2026-02-30&origin=EMAIL&sort=RANDOM&mine=yes');
    expect(state.statuses).toEqual(['NEW']);
    expect(state.accountIds).toEqual([]);
    expect(state.assigneeId).toBe('');
    expect(state.openedAfter).toBe('');
    expect(state.origin).toBe('');
    expect(state.sort).toBe('NEWEST');
    expect(state.mine).toBe(false);
  });

  it('sends no filter for the whole queue, and only sendable amounts', () => {
    expect(toQueueVariables(read(''))).toEqual({ first: 25, after: null, filter: null, sort: 'NEWEST' });
    const variables = toQueueVariables(read('amountMin=12,50&amountMax=99.5&after=YQ'));
    expect(variables.after).toBe('YQ');
    expect(variables.filter).toMatchObject({ amountMin: null, amountMax: '99.5', mine: false, overdue: false });
    expect(toQueueVariables(read('unassigned=true')).filter).toMatchObject({ unassigned: true, assigneeId: null });
  });

  it('starts again at page one when the filter or sort changes, keeping the rest', () => {
    const params = new URLSearchParams('status=NEW&sort=OLDEST&after=YQ');
    expect(withQueueChange(params, { overdue: true }).toString()).toBe('status=NEW&overdue=true&sort=OLDEST');
    expect(withQueueChange(params, { sort: 'NEWEST' }).toString()).toBe('status=NEW');
    expect(withQueueChange(params, { statuses: [] }).toString()).toBe('sort=OLDEST');
  });

  it('round-trips a filter and makes queue links', () => {
    const filter = { statuses: ['NEW' as const], reasonCodes: ['PRICING', 'SHORTAGE'], search: 'Northwind & Co' };
    const params = queueSearchParams(filter, 'AMOUNT_HIGHEST');
    expect(read(params.toString())).toMatchObject({ ...filter, sort: 'AMOUNT_HIGHEST' });
    expect(queueHref({ reasonCodes: ['PRICING'] })).toBe('/queue?reasonCodes=PRICING');
    expect(queueHref({})).toBe('/queue');
    expect(isQueueFiltered(read('sort=OLDEST'))).toBe(false);
    expect(isQueueFiltered(read('overdue=true'))).toBe(true);
  });

  it('opens a saved view link (CaseFilter keys as parameters) as the same filter', () => {
    const saved = { status: ['NEW', 'ASSIGNED'], mine: true, amountMin: '100.00', reasonCodes: ['PRICING'], overdue: false };
    const variables = toQueueVariables(read(savedViewSearch(saved).slice(1)));
    expect(variables.filter).toMatchObject(saved);
  });
});

describe('queue URL flag filters', () => {
  it('sends "has any of these flags" and "no flags" as the CaseFilter fields of the same names', () => {
    const flagged = toQueueVariables(readQueueState(new URLSearchParams('flags=EXCEEDS_LINE&flags=EXCEEDS_LINE')));
    expect(flagged.filter).toMatchObject({ flags: ['EXCEEDS_LINE'], noFlags: false });
    const clean = toQueueVariables(readQueueState(new URLSearchParams('noFlags=true')));
    expect(clean.filter).toMatchObject({ flags: null, noFlags: true });
  });
});

describe('the reports drill-down in the queue URL', () => {
  it('reads the decided span and currency, drops malformed ones, and sends them as the filter', () => {
    const state = readQueueState(
      new URLSearchParams('status=RESOLVED_INVALID&decidedAfter=2026-07-01&decidedBefore=2026-09-30&currency=EUR'),
    );
    expect([state.decidedAfter, state.decidedBefore, state.currency]).toEqual(['2026-07-01', '2026-09-30', 'EUR']);
    expect(toQueueVariables(state).filter).toMatchObject({
      decidedAfter: '2026-07-01',
      decidedBefore: '2026-09-30',
      currency: 'EUR',
    });
    const bad = readQueueState(new URLSearchParams('decidedAfter=2026-13-01&currency=euros'));
    expect([bad.decidedAfter, bad.currency]).toEqual(['', '']);
  });
});
