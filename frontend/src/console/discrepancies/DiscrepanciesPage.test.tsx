import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { renderConsole } from '../common/testing';
import { stubOperations, variablesOf } from '../collections/testing';
import { DiscrepanciesPage } from './DiscrepanciesPage';

const row = (id: string, overrides: Record<string, unknown> = {}) => ({
  __typename: 'Discrepancy',
  id,
  version: 2,
  orderId: `order-${id}`,
  orderNumber: `SO-${id}`,
  accountName: 'Acme Foods',
  kind: 'PRICE_ABOVE_ORDER',
  kindLabel: 'Invoiced above the order price',
  detail: 'Line 1 invoiced at 12.00, ordered at 10.00',
  amount: '125.50',
  currency: 'USD',
  status: 'OPEN',
  foundAt: '2026-11-01T09:00:00+00:00',
  ownerName: 'Alex Clerk',
  lineNumber: 1,
  invoiceNumber: 'INV-7',
  orderAgeDays: 12,
  resolution: null,
  resolutionNote: '',
  resolvedAt: null,
  ...overrides,
});

const list = (role: string, rows: unknown[]) => ({
  viewer: { __typename: 'User', id: 'u-1', role },
  orderDiscrepancies: {
    __typename: 'DiscrepancyConnection',
    totalCount: rows.length,
    totals: [
      { __typename: 'DiscrepancyTotal', currency: 'USD', amount: '125.50', count: 1 },
      { __typename: 'DiscrepancyTotal', currency: 'EUR', amount: '40.00', count: 1 },
    ],
    pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
    edges: rows.map((node, index) => ({ __typename: 'DiscrepancyEdge', cursor: String(index), node })),
  },
});

const EURO_ROW = row('b', {
  currency: 'EUR',
  amount: '40.00',
  invoiceNumber: null,
  lineNumber: null,
  kind: 'DELIVERED_WITHOUT_POD',
  kindLabel: 'Delivered without proof of delivery',
});

function Location() {
  return <output aria-label="location">{useLocation().search}</output>;
}

function renderPage(path = '/discrepancies') {
  return renderConsole(
    <Routes>
      <Route
        path="/discrepancies"
        element={
          <>
            <DiscrepanciesPage />
            <Location />
          </>
        }
      />
    </Routes>,
    path,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('DiscrepanciesPage', () => {
  it('asks for the open ones by default, shows the money at stake per currency and links each order', async () => {
    const sent = stubOperations({ ConsoleDiscrepancies: list('AR_CLERK', [row('a'), EURO_ROW]) });
    renderPage();
    const table = await screen.findByRole('table', { name: 'Discrepancies' });
    expect(screen.getByTestId('discrepancy-totals')).toHaveTextContent('2 discrepancies · at stake: $125.50 in 1 discrepancy · €40.00 in 1 discrepancy');
    expect(within(table).getByRole('link', { name: 'SO-a' })).toHaveAttribute('href', '/orders/order-a');
    expect(variablesOf(sent, 'ConsoleDiscrepancies')[0]).toEqual({ status: 'OPEN', kind: null, mine: false, first: 25, after: null });
  });

  it('keeps the filters in the URL', async () => {
    const sent = stubOperations({ ConsoleDiscrepancies: list('AR_CLERK', [row('a')]) });
    renderPage('/discrepancies?kind=OVER_SHIPMENT');
    await screen.findByRole('table', { name: 'Discrepancies' });
    fireEvent.click(screen.getByRole('checkbox', { name: /Mine/ }));
    await waitFor(() => expect(screen.getByLabelText('location')).toHaveTextContent('?kind=OVER_SHIPMENT&mine=true'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'ALL' } });
    await waitFor(() => expect(screen.getByLabelText('location')).toHaveTextContent('?status=ALL&kind=OVER_SHIPMENT&mine=true'));
    await waitFor(() =>
      expect(variablesOf(sent, 'ConsoleDiscrepancies').at(-1)).toEqual({ status: null, kind: 'OVER_SHIPMENT', mine: true, first: 25, after: null }),
    );
  });

  it('settles with a credit memo prefilled with the money at stake; the row leaves the open list', async () => {
    let settled = false;
    const sent = stubOperations({
      ConsoleDiscrepancies: () => list('AR_CLERK', settled ? [EURO_ROW] : [row('a'), EURO_ROW]),
      ConsoleResolveDiscrepancy: () => {
        settled = true;
        return { resolveDiscrepancy: { __typename: 'OrderChanged', message: 'Settled with credit memo CM-000009.', orderId: 'order-a' } };
      },
    });
    renderPage();
    await screen.findByRole('table', { name: 'Discrepancies' });
    fireEvent.click(screen.getByRole('button', { name: /Settle Invoiced above the order price, order SO-a line 1/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('textbox', { name: /Amount to credit \(USD\)/ })).toHaveValue('125.50');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Amount to credit/ }), { target: { value: '100.00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Settle' }));

    expect(await screen.findByText('Settled with credit memo CM-000009.')).toBeInTheDocument();
    expect(variablesOf(sent, 'ConsoleResolveDiscrepancy')).toEqual([
      { discrepancyId: 'a', version: 2, resolution: 'CREDIT_MEMO', note: '', amount: '100.00' },
    ]);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'SO-a' })).toBeNull());
    expect(screen.getByRole('link', { name: 'SO-b' })).toBeInTheDocument();
  });

  it('asks for a note before a rebill, and shows the server’s field error beside its field', async () => {
    const sent = stubOperations({
      ConsoleDiscrepancies: list('CREDIT_MANAGER', [row('a')]),
      ConsoleResolveDiscrepancy: {
        resolveDiscrepancy: {
          __typename: 'InvalidInputResult',
          errors: [{ __typename: 'FieldError', field: 'note', code: 'too_long', message: 'Keep the note under 2,000 characters.' }],
        },
      },
    });
    renderPage();
    await screen.findByRole('table', { name: 'Discrepancies' });
    fireEvent.click(screen.getByRole('button', { name: /^Settle/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('radio', { name: /Rebill/ }));
    expect(within(dialog).queryByRole('textbox', { name: /Amount to credit/ })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Settle' }));
    const note = within(dialog).getByRole('textbox', { name: /Note/ });
    expect(note).toHaveAccessibleDescription(/Say what is rebilled/);
    expect(variablesOf(sent, 'ConsoleResolveDiscrepancy')).toEqual([]);

    fireEvent.change(note, { target: { value: 'Rebilled as INV-8' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Settle' }));
    await waitFor(() => expect(note).toHaveAccessibleDescription(/Keep the note under 2,000 characters./));
    expect(variablesOf(sent, 'ConsoleResolveDiscrepancy')[0]).toMatchObject({ resolution: 'REBILL', amount: null, note: 'Rebilled as INV-8' });
  });

  it('offers no credit memo when nothing was invoiced', async () => {
    stubOperations({ ConsoleDiscrepancies: list('ADMIN', [EURO_ROW]) });
    renderPage();
    await screen.findByRole('table', { name: 'Discrepancies' });
    fireEvent.click(screen.getByRole('button', { name: /^Settle/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('radio', { name: /Credit memo/ })).toBeDisabled();
    expect(within(dialog).getByRole('radio', { name: /Note/ })).toBeChecked();
  });

  it('offers no Settle to a collector', async () => {
    stubOperations({ ConsoleDiscrepancies: list('COLLECTOR', [row('a')]) });
    renderPage();
    await screen.findByRole('table', { name: 'Discrepancies' });
    expect(screen.queryByRole('button', { name: /^Settle/ })).toBeNull();
  });
});
