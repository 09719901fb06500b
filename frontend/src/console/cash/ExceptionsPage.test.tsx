import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderAdmin, sentVariables, stubGraphql } from '../admin/testing';
import { ExceptionsPage } from './ExceptionsPage';

const invoice = (id: string, number: string, collectible: string) => ({
  __typename: 'RemittanceInvoice',
  id,
  number,
  collectible,
  dueDate: '2026-11-30',
  amount: null,
  held: null,
});

const LINE = {
  __typename: 'RemittanceLine',
  id: 'line-1',
  importId: 'import-1',
  line: 7,
  status: 'exception',
  message: 'Best match amount and date (0.85) is below 0.90.',
  paymentReference: 'CHK-881',
  receivedOn: '2026-11-20',
  customerNumber: 'C-1001',
  customerName: '',
  accountName: 'Northwind Grocers',
  invoiceReference: '',
  paidAmount: '200.50',
  adjustmentAmount: '0.00',
  adjustmentCode: '',
  adjustmentText: '',
  rule: '',
  confidence: '0.00',
  deductionId: null,
  appliedTo: [],
  suggestions: [
    {
      __typename: 'MatchSuggestion',
      rule: 'combination',
      confidence: '0.80',
      invoices: [invoice('inv-a', 'INV-1001', '120.00'), invoice('inv-b', 'INV-1002', '80.50')],
    },
  ],
};

const queue = (items: unknown[]) => ({
  remittanceExceptions: { __typename: 'RemittanceLinePage', totalCount: items.length, offset: 0, items },
});

afterEach(() => vi.unstubAllGlobals());

describe('ExceptionsPage', () => {
  it('shows why a line waits and applies it to the suggested invoices', async () => {
    const fetchMock = stubGraphql(
      queue([LINE]),
      {
        confirmRemittanceMatch: {
          __typename: 'RemittanceLineConfirmed',
          line: { ...LINE, status: 'confirmed', suggestions: [] },
        },
      },
      queue([]),
    );
    renderAdmin(<ExceptionsPage />, '/cash/exceptions');

    expect(await screen.findByText(/below 0.90/)).toBeTruthy();
    expect(screen.getByText(/Northwind Grocers/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Apply to INV-1001 + INV-1002' }));

    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
    expect(sentVariables(fetchMock, 1)).toEqual({
      lineId: 'line-1',
      invoiceIds: ['inv-a', 'inv-b'],
      invoiceNumbers: [],
      deductRemainder: true,
    });
    expect(await screen.findByText('No remittance line is waiting for a decision.')).toBeTruthy();
  });

  it('leaves the rest open unless the clerk says it is a deduction, when a line pays less than half and says nothing', async () => {
    const partial = {
      ...LINE,
      paidAmount: '22.50',
      message: 'Pays 22.50 of the 4187.20 open on INV-NW-00309 and says nothing of the other 4164.70.',
      suggestions: [{ __typename: 'MatchSuggestion', rule: 'normalised_reference', confidence: '0.93', invoices: [invoice('inv-9', 'INV-NW-00309', '4187.20')] }],
    };
    const fetchMock = stubGraphql(queue([partial]), {
      confirmRemittanceMatch: { __typename: 'RemittanceLineConfirmed', line: { ...partial, status: 'confirmed' } },
    }, queue([]));
    renderAdmin(<ExceptionsPage />, '/cash/exceptions');

    const deduct = await screen.findByRole('checkbox', { name: /Turn what stays unpaid/ });
    expect(deduct).not.toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Apply to INV-NW-00309' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
    expect(sentVariables(fetchMock, 1)).toMatchObject({ invoiceIds: ['inv-9'], deductRemainder: false });
  });

  it("moves a line's payment to the customer whose money it is, and says why when it cannot", async () => {
    const fetchMock = stubGraphql(
      queue([LINE]),
      {
        moveRemittancePayment: {
          __typename: 'InvalidInputResult',
          errors: [{ __typename: 'FieldError', field: 'customerNumber', code: 'customer_unknown', message: "No customer is numbered 'C-9'." }],
        },
      },
      { moveRemittancePayment: { __typename: 'RemittancePaymentMoved', line: { ...LINE, accountName: 'Contoso Retail' } } },
      queue([{ ...LINE, accountName: 'Contoso Retail' }]),
    );
    renderAdmin(<ExceptionsPage />, '/cash/exceptions');
    const field = await screen.findByLabelText("Another customer's money? Move the payment to customer number");

    fireEvent.change(field, { target: { value: 'C-9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move payment' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("No customer is numbered 'C-9'.");

    fireEvent.change(field, { target: { value: ' C-1002 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move payment' }));
    expect(await screen.findByRole('status')).toHaveTextContent("The payment is now Contoso Retail's: apply it to their invoice.");
    expect(sentVariables(fetchMock, 2)).toEqual({ lineId: 'line-1', customerNumber: 'C-1002' });
  });

  it('applies a line to invoice numbers staff type', async () => {
    const fetchMock = stubGraphql(queue([LINE]), {
      confirmRemittanceMatch: { __typename: 'RemittanceLineConfirmed', line: { ...LINE, status: 'confirmed' } },
    }, queue([]));
    renderAdmin(<ExceptionsPage />, '/cash/exceptions');

    fireEvent.change(await screen.findByLabelText('Or apply to invoice number(s)'), {
      target: { value: 'INV-2001, inv-2002' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
    expect(sentVariables(fetchMock, 1)).toMatchObject({ invoiceIds: [], invoiceNumbers: ['INV-2001', 'inv-2002'] });
  });

  it('lists the customers who answered a reminder that they already paid, linked to their account', async () => {
    stubGraphql({
      ...queue([]),
      paymentClaims: [
        {
          __typename: 'PaymentClaim',
          accountId: 'acc-9',
          accountNumber: 'C-1004',
          accountName: 'Litware Grocers',
          said: 'Reminder R-2026-000001: 600.00 USD paid on 2026-12-01, reference BANK-4711',
          at: '2026-12-02T10:00:00+00:00',
        },
      ],
    });
    renderAdmin(<ExceptionsPage />, '/cash/exceptions');
    const claims = await screen.findByRole('list', { name: 'Customers say they paid' });
    expect(claims.textContent).toContain('reference BANK-4711');
    expect(screen.getByRole('link', { name: 'Litware Grocers (C-1004)' }).getAttribute('href')).toBe(
      '/collections/accounts/acc-9',
    );
  });

  it('filters the queue by customer', async () => {
    const fetchMock = stubGraphql(queue([LINE]), queue([]));
    renderAdmin(<ExceptionsPage />, '/cash/exceptions');
    await screen.findByText(/below 0.90/);

    fireEvent.change(screen.getByRole('textbox', { name: 'Customer' }), { target: { value: ' Northwind ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));

    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(sentVariables(fetchMock, 0)).toEqual({ offset: 0, customer: '' });
    expect(sentVariables(fetchMock, 1)).toEqual({ offset: 0, customer: 'Northwind' });
  });

  it("says why staff can't apply a line", async () => {
    stubGraphql(queue([LINE]), {
      confirmRemittanceMatch: {
        __typename: 'InvalidInputResult',
        errors: [{ __typename: 'FieldError', field: 'invoiceIds', code: 'invoice_not_open', message: 'INV-1001 has nothing open.' }],
      },
    });
    renderAdmin(<ExceptionsPage />, '/cash/exceptions');

    fireEvent.click(await screen.findByRole('button', { name: 'Apply to INV-1001 + INV-1002' }));

    expect((await screen.findByRole('alert')).textContent).toContain('INV-1001 has nothing open.');
  });
});
