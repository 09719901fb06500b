import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import { StatementSection } from './StatementSection';

const STATEMENT = {
  __typename: 'Statement',
  periodFrom: '2026-08-01',
  periodTo: '2026-11-23',
  openingBalance: '1000.00',
  closingBalance: '1250.10',
  entries: [
    { __typename: 'StatementEntry', on: '2026-08-02', kind: 'INVOICE', reference: 'INV-1', description: 'Invoice', debit: '500.10', credit: '0.00', balance: '1500.10' },
    { __typename: 'StatementEntry', on: '2026-08-09', kind: 'DEDUCTION', reference: 'INV-1', description: 'Deduction taken (SHORTAGE)', debit: '0.00', credit: '0.00', balance: '1500.10' },
    { __typename: 'StatementEntry', on: '2026-09-01', kind: 'PAYMENT', reference: 'WIRE-1', description: 'Payment applied to INV-1', debit: '0.00', credit: '250.00', balance: '1250.10' },
  ],
};

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
}

function renderSection() {
  render(
    <MantineProvider theme={recoupTheme}>
      <Provider value={createGraphqlClient()}>
        <StatementSection currency="USD" />
      </Provider>
    </MantineProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('StatementSection', () => {
  it('shows the default period with balances, entries and download links', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 23, 12, 0));
    const fetchMock = vi.fn().mockResolvedValue(
      json({ data: { viewer: { __typename: 'Viewer', id: 'u', account: { __typename: 'CustomerAccount', id: 'a', currency: 'USD', statement: STATEMENT } } } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderSection();

    expect(screen.getByLabelText(/^From/)).toHaveValue('2026-08-01');
    expect(screen.getByLabelText(/^To/)).toHaveValue('2026-11-23');
    const table = await screen.findByRole('table', { name: 'Statement' }, { timeout: 2000 });
    expect(table).toHaveTextContent('Closing balance');
    expect(table).toHaveTextContent('$1,250.10');
    expect(table).toHaveTextContent('Deductions you took from payments are listed for information only');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/statement?period_from=2026-08-01&period_to=2026-11-23&format=csv',
    );
    const sent = JSON.parse((fetchMock.mock.calls[0]?.[1] as RequestInit).body as string);
    expect(sent.variables).toEqual({ periodFrom: '2026-08-01', periodTo: '2026-11-23' });
  });

  it("shows the server's message at the period when it refuses it, and no downloads", async () => {
    const message = 'The start date must be on or before the end date.';
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        json({ data: { viewer: { __typename: 'Viewer', id: 'u', account: null } }, errors: [{ message, path: ['viewer', 'account', 'statement'] }] }),
      ),
    );
    renderSection();
    fireEvent.change(screen.getByLabelText(/^From/), { target: { value: '2030-01-01' } });

    await waitFor(() => expect(screen.getByLabelText(/^From/)).toHaveAccessibleDescription(message), { timeout: 2000 });
    expect(screen.queryByRole('link', { name: 'Download CSV' })).not.toBeInTheDocument();
    expect(screen.getByText('Correct the period to see the statement.')).toBeInTheDocument();
  });
});
