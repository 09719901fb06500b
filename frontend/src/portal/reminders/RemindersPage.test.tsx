import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter } from 'react-router';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import { RemindersPage } from './RemindersPage';

const REMINDER = {
  __typename: 'Reminder',
  id: 'rem-1',
  number: 'R-00012',
  levelName: 'First reminder',
  level: 1,
  sentOn: '2026-11-20',
  currency: 'USD',
  amountDue: '100.00',
  underReviewAmount: '0.00',
  stillDue: '100.00',
  pdfUrl: '/api/reminders/rem-1/pdf',
  items: [
    { __typename: 'ReminderItem', invoiceId: 'inv-1', invoiceNumber: 'INV-1', dueDate: '2026-10-01', daysOverdue: 50, amount: '100.00', underReview: false },
  ],
};

function promise(id: string, status: string, receivedAmount: string) {
  return {
    __typename: 'PromiseToPay',
    id,
    amount: '100.00',
    currency: 'USD',
    promisedOn: '2026-12-01',
    status,
    receivedAmount,
    madeInPortal: true,
    note: '',
    createdAt: '2026-11-21T10:00:00+00:00',
    invoices: [{ __typename: 'PromisedInvoice', invoiceId: 'inv-1', invoiceNumber: 'INV-1', amount: '100.00' }],
  };
}

function renderPage(data: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn().mockResolvedValue(new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } })),
  );
  render(
    <MantineProvider theme={recoupTheme}>
      <MemoryRouter>
        <Provider value={createGraphqlClient()}>
          <RemindersPage />
        </Provider>
      </MemoryRouter>
    </MantineProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('RemindersPage', () => {
  it('shows each reminder and the promises to pay with their status in words', async () => {
    renderPage({ reminders: [REMINDER], promisesToPay: [promise('p-1', 'PARTLY_KEPT', '40.00'), promise('p-2', 'BROKEN', '0.00')] });
    expect(await screen.findByRole('region', { name: 'Reminder R-00012' })).toHaveTextContent('$100.00');
    const promises = screen.getByRole('table', { name: 'Promises to pay' });
    const rows = within(promises).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Partly kept');
    expect(rows[0]).toHaveTextContent('$40.00');
    expect(rows[1]).toHaveTextContent('Broken');
    expect(within(rows[0]!).getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', '/invoices/inv-1');
  });

  it('says when there are no reminders and no promises', async () => {
    renderPage({ reminders: [], promisesToPay: [] });
    expect(await screen.findByText('We have sent you no payment reminders.')).toBeInTheDocument();
    expect(screen.getByText('You have made no promises to pay.')).toBeInTheDocument();
  });
});
