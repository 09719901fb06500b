import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { RecordsVerdict } from '../../shared/graphql/generated';
import { renderConsole } from '../common/testing';
import { QueueTable } from './QueueTable';

const row = (accountOnHold: boolean, recordsVerdict: RecordsVerdict | null = null) => ({
  id: 'case-1',
  reference: 'D-2026-000001',
  version: 1,
  status: 'NEW' as const,
  origin: 'PORTAL' as const,
  reasonCode: 'PRICING',
  amount: '10.00',
  currency: 'USD',
  openedAt: '2026-11-01T09:00:00+00:00',
  dueOn: '2026-11-15',
  isOverdue: false,
  ageDays: 3,
  accountId: 'acc-1',
  accountName: 'Acme Foods',
  accountOnHold,
  recordsVerdict,
  invoiceId: 'inv-1',
  invoiceNumber: 'INV-1',
  assigneeId: null,
  assigneeName: null,
  flags: [],
});

const table = (held: boolean, verdict: RecordsVerdict | null = null) => (
  <QueueTable rows={[row(held, verdict)]} selected={new Set()} onToggle={() => {}} onToggleAll={() => {}} reasonLabel={(code) => code} />
);

describe('QueueTable', () => {
  it('says when the customer is on credit hold, linking to the account’s collections view', () => {
    renderConsole(table(true));
    const badge = screen.getByRole('link', { name: /Account on hold: Acme Foods/ });
    expect(badge.getAttribute('href')).toBe('/collections/accounts/acc-1');
  });

  it('says nothing when the account is not held', () => {
    renderConsole(table(false));
    expect(screen.queryByText('Account on hold')).toBeNull();
  });

  it('says what our records said of the claim', () => {
    renderConsole(table(false, 'CONTRADICTED'));
    expect(screen.getByText('Contradicts our records')).toBeInTheDocument();
  });

  it('shows no records verdict when there was nothing to compare with', () => {
    renderConsole(table(false, null));
    expect(screen.queryByText(/our records/)).toBeNull();
  });
});
