import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter } from 'react-router';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import type { ReminderCardFragment } from '../../shared/graphql/generated';
import { ReminderCard } from './ReminderCard';

const REMINDER: ReminderCardFragment = {
  id: 'rem-1',
  number: 'R-00012',
  levelName: 'Second reminder',
  level: 2,
  sentOn: '2026-11-20',
  currency: 'USD',
  amountDue: '0.30',
  underReviewAmount: '40.00',
  stillDue: '0.30',
  pdfUrl: '/api/reminders/rem-1/pdf',
  items: [
    { invoiceId: 'inv-1', invoiceNumber: 'INV-1', dueDate: '2026-10-01', daysOverdue: 50, amount: '0.10', underReview: false },
    { invoiceId: 'inv-2', invoiceNumber: 'INV-2', dueDate: '2026-10-15', daysOverdue: 1, amount: '0.20', underReview: false },
    { invoiceId: 'inv-3', invoiceNumber: 'INV-3', dueDate: '2026-09-01', daysOverdue: 80, amount: '40.00', underReview: true },
  ],
};

function json(data: unknown): Response {
  return new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } });
}

function sentVariables(fetchMock: ReturnType<typeof vi.fn>, call = 0) {
  return JSON.parse((fetchMock.mock.calls[call]?.[1] as RequestInit).body as string).variables;
}

function card(reminder: ReminderCardFragment, onPromised: () => void) {
  return (
    <MantineProvider theme={recoupTheme}>
      <MemoryRouter>
        <Provider value={createGraphqlClient()}>
          <ReminderCard reminder={reminder} onPromised={onPromised} />
        </Provider>
      </MemoryRouter>
    </MantineProvider>
  );
}

function renderCard(reminder: ReminderCardFragment = REMINDER, onPromised = vi.fn()) {
  render(card(reminder, onPromised));
  return onPromised;
}

const answer = (name: string) => screen.getByRole('button', { name });

afterEach(() => vi.unstubAllGlobals());

describe('ReminderCard', () => {
  it('lists the due invoices apart from the disputed ones, which are not due, and links the PDF', () => {
    renderCard();
    const region = screen.getByRole('region', { name: 'Reminder R-00012' });
    expect(region).toHaveTextContent('Second reminder');
    const due = screen.getByRole('table', { name: 'Due on reminder R-00012' });
    expect(within(due).getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', '/invoices/inv-1');
    expect(due).toHaveTextContent('50 days overdue');
    expect(due).not.toHaveTextContent('INV-3');
    expect(screen.getByRole('heading', { name: 'Under review — not due now' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Under review on reminder R-00012' })).toHaveTextContent('INV-3');
    expect(screen.getByRole('link', { name: 'Download PDF of reminder R-00012' })).toHaveAttribute(
      'href',
      '/api/reminders/rem-1/pdf',
    );
  });

  it('"Pay" shows the amount to send and the reference to quote', () => {
    renderCard();
    fireEvent.click(answer('Pay'));
    expect(answer('Pay')).toHaveAttribute('aria-expanded', 'true');
    const payment = screen.getByLabelText('Payment for reminder R-00012');
    expect(payment).toHaveTextContent('$0.30');
    expect(payment).toHaveTextContent('R-00012 INV-1 INV-2');
  });

  it('the promised amount follows the reminder refreshed after the form opened, until the customer types one', () => {
    const onPromised = vi.fn();
    const { rerender } = render(card({ ...REMINDER, stillDue: '1700.00' }, onPromised));
    fireEvent.click(answer('Promise to pay'));
    const amount = () => screen.getByRole('textbox', { name: 'Amount (USD)' });
    expect(amount()).toHaveValue('1700.00');

    rerender(card({ ...REMINDER, stillDue: '1100.00' }, onPromised)); // a dispute filed a moment ago, fetched now
    expect(amount()).toHaveValue('1100.00');

    fireEvent.change(amount(), { target: { value: '500.00' } });
    rerender(card({ ...REMINDER, stillDue: '900.00' }, onPromised));
    expect(amount()).toHaveValue('500.00');
  });

  it('"This is disputed" leads to the dispute form of each due invoice', () => {
    renderCard();
    fireEvent.click(answer('This is disputed'));
    expect(screen.getByRole('link', { name: 'Dispute invoice INV-1' })).toHaveAttribute('href', '/invoices/inv-1/dispute');
    expect(screen.getByRole('link', { name: 'Dispute invoice INV-2' })).toHaveAttribute('href', '/invoices/inv-2/dispute');
    expect(screen.queryByRole('link', { name: 'Dispute invoice INV-3' })).not.toBeInTheDocument();
  });

  it("a promise starts from the due amount, goes out for the due invoices, and shows the server's refusal beside the day", async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      json({
        promiseToPay: {
          __typename: 'InvalidInputResult',
          errors: [{ __typename: 'FieldError', field: 'promisedOn', code: 'date_in_past', message: "The promised date can't be in the past." }],
        },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onPromised = renderCard();
    fireEvent.click(answer('Promise to pay'));

    const amount = screen.getByRole('textbox', { name: /^Amount \(USD\)/ });
    expect(amount).toHaveValue('0.30');
    fireEvent.change(screen.getByLabelText(/^Pay by/), { target: { value: '2020-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send promise' }));

    await waitFor(() =>
      expect(screen.getByLabelText(/^Pay by/)).toHaveAccessibleDescription("The promised date can't be in the past."),
    );
    expect(sentVariables(fetchMock)).toEqual({
      invoiceIds: ['inv-1', 'inv-2'],
      amount: '0.30',
      promisedOn: '2020-01-01',
      note: '',
    });
    expect(onPromised).not.toHaveBeenCalled();
  });

  it('a recorded promise says what was promised', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        json({
          promiseToPay: {
            __typename: 'PromiseMade',
            promise: {
              __typename: 'PromiseToPay',
              id: 'p-1',
              amount: '0.25',
              currency: 'USD',
              promisedOn: '2026-12-15',
              status: 'OPEN',
              receivedAmount: '0.00',
              madeInPortal: true,
              note: '',
              createdAt: '2026-11-23T10:00:00+00:00',
              invoices: [
                { __typename: 'PromisedInvoice', invoiceId: 'inv-1', invoiceNumber: 'INV-1', amount: '0.10' },
                { __typename: 'PromisedInvoice', invoiceId: 'inv-2', invoiceNumber: 'INV-2', amount: '0.15' },
              ],
            },
          },
        }),
      ),
    );
    const onPromised = renderCard();
    fireEvent.click(answer('Promise to pay'));
    fireEvent.change(screen.getByRole('textbox', { name: /^Amount \(USD\)/ }), { target: { value: '0.25' } });
    fireEvent.change(screen.getByLabelText(/^Pay by/), { target: { value: '2026-12-15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send promise' }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Promise recorded');
    expect(status).toHaveTextContent('You promised to pay $0.25 by Dec 15, 2026 for INV-1, INV-2.');
    expect(onPromised).toHaveBeenCalledTimes(1);
  });

  it('"Already paid" sends the payment and shows the answer', async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      json({ reportReminderPaid: { __typename: 'ReminderAnswered', message: 'Thank you. Your collector will find the payment and confirm.' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderCard();
    fireEvent.click(answer('Already paid'));
    fireEvent.click(screen.getByRole('button', { name: 'Tell your collector' }));
    expect(screen.getByRole('textbox', { name: /^Payment reference/ })).toHaveAccessibleDescription(
      expect.stringContaining("Enter the payment's reference"),
    );
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByRole('textbox', { name: /^Payment reference/ }), { target: { value: 'WIRE-881' } });
    fireEvent.change(screen.getByLabelText(/^Paid on/), { target: { value: '2026-11-21' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tell your collector' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Your collector will find the payment and confirm.');
    expect(sentVariables(fetchMock)).toEqual({
      reminderId: 'rem-1',
      reference: 'WIRE-881',
      paidOn: '2026-11-21',
      amount: '0.30',
      note: '',
    });
  });

  it('offers no answers when everything on the reminder is under review', () => {
    renderCard({ ...REMINDER, amountDue: '0.00', items: REMINDER.items.filter((item) => item.underReview) });
    expect(screen.queryByRole('button', { name: 'Pay' })).not.toBeInTheDocument();
    expect(screen.getByText(/Nothing on this reminder is due now/)).toBeInTheDocument();
  });
});
