import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { renderConsole, sentVariables, stubGraphql } from '../common/testing';
import { DeductionSection } from './DeductionSection';
import { EVERY_CASE } from './caseFilters';

const none = { amount: '0.00', count: 0 };
const REPORT = {
  currency: 'EUR',
  start: '2026-07-01',
  end: '2026-09-30',
  accountId: null,
  recovery: { invalid: none, recovered: '0.00', rate: null },
  writtenOff: [
    { reasonCode: 'SHORTAGE', label: 'Shortage', byRule: none, byPerson: { amount: '1234.50', count: 3 } },
  ],
  openByAge: [
    { key: '0-30', openedFrom: '2026-08-31', openedTo: '2026-09-30', open: { amount: '10.00', count: 1 } },
    { key: '90+', openedFrom: null, openedTo: '2026-07-01', open: none },
  ],
  flowUnit: 'week',
  flow: [{ start: '2026-07-01', end: '2026-07-05', opened: { amount: '5.00', count: 1 }, decided: none }],
  accountsOnHold: 2,
  linesAutoMatched: { done: 0, total: 0, share: null },
  shortPaysClassified: { done: 1, total: 4, share: '0.2500' },
  closedByRule: { done: 0, total: 3, share: '0.0000' },
};
// one answer serves the reasons, the staff list and the report
const ANSWER = { reasonCodeSettings: [], staffMembers: [], deductionReport: REPORT };

afterEach(() => vi.unstubAllGlobals());

describe('DeductionSection', () => {
  it('shows each figure as a link to exactly its records, and "No data" where nothing divides', async () => {
    const fetchMock = stubGraphql(ANSWER);
    renderConsole(
      <DeductionSection
        currency="EUR"
        period={{ start: '2026-07-01', end: '2026-09-30' }}
        customer=""
        cases={EVERY_CASE}
      />,
    );

    const person = await screen.findByRole('link', { name: 'Written off by a person, SHORTAGE: 3' });
    const href = new URLSearchParams(person.getAttribute('href')?.split('?')[1]);
    expect(Object.fromEntries(href)).toMatchObject({
      status: 'WRITTEN_OFF',
      reasonCodes: 'SHORTAGE',
      decidedBy: 'PERSON',
      decidedAfter: '2026-07-01',
      decidedBefore: '2026-09-30',
      currency: 'EUR',
    });
    expect(person.textContent).toContain('1,234.50');
    const young = screen.getByRole('link', { name: 'Open 0-30 days: 1' }).getAttribute('href') ?? '';
    expect(young).toContain('openAt=2026-09-30');
    expect(young).toContain('openedAfter=2026-08-31');
    expect(screen.getByRole('listitem', { name: 'Recovery rate' }).textContent).toContain('No data');
    expect(screen.getByRole('listitem', { name: 'Short pays classified' }).textContent).toContain('25.00 %');
    expect(screen.queryByRole('link', { name: /Written off by a rule/ })).toBeNull(); // none: a dash
    const asked = fetchMock.mock.calls.map((_, n) => sentVariables(fetchMock, n)).find((v) => v && 'start' in v);
    expect(asked).toMatchObject({
      currency: 'EUR',
      start: '2026-07-01',
      end: '2026-09-30',
      reason: null,
      rootCause: null,
      assignee: null,
    });
  });

  it('narrows the figures and their links by the page\'s reason, root cause and staff member', async () => {
    const fetchMock = stubGraphql(ANSWER);
    const clerk = '0b9f1a52-4f35-4c4e-9a51-1f3a7d6a2c11';
    renderConsole(
      <DeductionSection
        currency="EUR"
        period={{ start: '2026-07-01', end: '2026-09-30' }}
        customer=""
        cases={{ reason: 'DAMAGED', rootCause: 'CARRIER', assignee: clerk }}
      />,
    );

    const young = await screen.findByRole('link', { name: 'Open 0-30 days: 1' });
    const href = Object.fromEntries(new URLSearchParams(young.getAttribute('href')?.split('?')[1]));
    expect(href).toMatchObject({ reasonCodes: 'DAMAGED', rootCause: 'CARRIER', assigneeId: clerk, openAt: '2026-09-30' });
    const asked = fetchMock.mock.calls.map((_, n) => sentVariables(fetchMock, n)).find((v) => v && 'start' in v);
    expect(asked).toMatchObject({ reason: 'DAMAGED', rootCause: 'CARRIER', assignee: clerk });
  });
});
