import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderAdmin, stubGraphql } from '../admin/testing';
import { PatternsPage } from './PatternsPage';

const PATTERN = {
  __typename: 'CashMatchPattern',
  id: 'pat-1',
  customerNumber: 'C-1002',
  accountName: 'Contoso Retail',
  description: 'Writes the invoice number without its prefix.',
  exampleReference: '00359',
  exampleInvoice: 'INV-CO-00359',
  confirmed: 4,
  contradicted: 0,
  observedPrecision: '1.00',
  appliesCash: true,
  applied: 12,
  learnedAt: '2026-12-01T10:00:00+00:00',
  learnedBy: 'Ada Admin',
};

const page = (items: unknown[]) => ({
  viewer: { __typename: 'Viewer', id: 'u1', role: 'ADMIN' },
  cashMatchPatterns: { __typename: 'CashMatchPatternPage', totalCount: items.length, offset: 0, items },
});

afterEach(() => vi.unstubAllGlobals());

describe('PatternsPage', () => {
  it('asks once more before removing a learned pattern, and keeps it when the admin says so', async () => {
    const fetchMock = stubGraphql(page([PATTERN]), { removeCashMatchPattern: { __typename: 'SettingSaved' } }, page([]));
    renderAdmin(<PatternsPage />, '/cash/patterns');

    fireEvent.click(await screen.findByRole('button', { name: 'Remove pattern' }));
    expect(screen.getByRole('group', { name: 'Remove this pattern?' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(fetchMock).toHaveBeenCalledTimes(1); // nothing sent

    fireEvent.click(screen.getByRole('button', { name: 'Remove pattern' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
  });
});
