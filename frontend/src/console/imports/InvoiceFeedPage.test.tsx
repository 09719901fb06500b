import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderAdmin } from '../admin/testing';
import { InvoiceFeedPage } from './InvoiceFeedPage';

const PARTIAL = {
  status: 'partial',
  rows: 4,
  invoices: 3,
  created: 1,
  updated: 1,
  unchanged: 0,
  customers_created: 1,
  customers_updated: 0,
  rejected: 1,
  errors: [
    { row: 4, invoice_number: 'INV-9', message: 'line_amount 99.99 is not quantity × unit_price (2 × 10.00 = 20.00).' },
    { row: 5, invoice_number: 'INV-9', message: 'issue_date is not a date (YYYY-MM-DD): \'2026-13-01\'.' },
  ],
  rejected_invoices: ['INV-9'],
};

function stubUpload(status: number, body: unknown) {
  const fetchMock = vi.fn(() =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function chooseFile() {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  const file = new File(['invoice_number,...\n'], 'feed.csv', { type: 'text/csv' });
  fireEvent.change(input, { target: { files: [file] } });
  return file;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = 'recoup_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('InvoiceFeedPage', () => {
  it('uploads the chosen file with accept_valid and the CSRF header, then shows the counts and the bad rows', async () => {
    document.cookie = 'recoup_csrf=token-1';
    const fetchMock = stubUpload(200, PARTIAL);
    renderAdmin(<InvoiceFeedPage />, '/imports');

    const file = chooseFile();
    fireEvent.click(screen.getByLabelText(/Apply the valid invoices/));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('The valid invoices were applied; the rows below were not')).toBeInTheDocument();
    expect(screen.getByLabelText('Created: 1')).toBeInTheDocument();
    expect(screen.getByLabelText('Rejected: 1')).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Rows not applied' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('4INV-9line_amount 99.99 is not quantity × unit_price');
    expect(rows[2]).toHaveTextContent('5INV-9issue_date is not a date');

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/imports/invoices');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('token-1');
    const sent = init.body as FormData;
    expect(sent.get('accept_valid')).toBe('true');
    expect((sent.get('file') as File).name).toBe(file.name);
  });

  it('says nothing was applied when the server rejects the file, and sends no accept_valid unless asked', async () => {
    const fetchMock = stubUpload(422, { ...PARTIAL, status: 'rejected', created: 0, updated: 0 });
    renderAdmin(<InvoiceFeedPage />, '/imports');

    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('Nothing was applied')).toBeInTheDocument();
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.body as FormData).get('accept_valid')).toBeNull();
  });

  it("shows the server's refusal, and asks for a file before sending anything", async () => {
    const fetchMock = stubUpload(403, { code: 'forbidden', message: 'Only admins and AR clerks import invoices.' });
    renderAdmin(<InvoiceFeedPage />, '/imports');

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose the invoice feed CSV file first.');
    expect(fetchMock).not.toHaveBeenCalled();

    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Only admins and AR clerks import invoices.')).toBeInTheDocument();
  });

  it('uploads an order feed to its own address and shows the held orders and the bad rows by order number', async () => {
    const fetchMock = stubUpload(200, {
      status: 'partial',
      rows: 6,
      orders: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      held: 1,
      rejected: 1,
      errors: [{ row: 5, number: 'SO-9', message: 'currency is not a three-letter code: US' }],
      rejected_numbers: ['SO-9'],
    });
    renderAdmin(<InvoiceFeedPage />, '/imports?feed=orders');

    chooseFile();
    fireEvent.click(screen.getByLabelText(/Apply the valid orders/));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('The valid orders were applied; the rows below were not')).toBeInTheDocument();
    expect(screen.getByText(/6 rows, 3 orders. Not applied: SO-9./)).toBeInTheDocument();
    expect(screen.getByLabelText('Held for credit: 1')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Rows not applied' });
    expect(within(table).getByRole('columnheader', { name: 'Order' })).toBeInTheDocument();
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('5SO-9currency is not a three-letter code');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/imports/orders');
    expect((init.body as FormData).get('accept_valid')).toBe('true');
  });

  it('switches to the delivery feed', async () => {
    const fetchMock = stubUpload(409, { code: 'conflict', message: 'Someone imported the same deliveries meanwhile; try again.' });
    renderAdmin(<InvoiceFeedPage />, '/imports');

    fireEvent.click(screen.getByRole('radio', { name: 'Deliveries' }));
    expect(await screen.findByRole('heading', { name: 'Delivery feed' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose the delivery feed CSV file first.');

    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Someone imported the same deliveries meanwhile; try again.')).toBeInTheDocument();
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/imports/deliveries');
  });
});
