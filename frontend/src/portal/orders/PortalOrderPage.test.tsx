import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import { PortalOrderPage } from './PortalOrderPage';

const ORDER = {
  __typename: 'Order',
  id: 'o-1',
  number: 'SO-1001',
  poNumber: 'PO-77',
  orderDate: '2026-03-01',
  requestedDate: null,
  currency: 'USD',
  totalAmount: '3.75',
  status: 'ON_HOLD',
  statusSince: '2026-03-01T09:00:00+00:00',
  shipTo: 'Northwind Depot\n1 Dock Road',
  lines: [
    {
      __typename: 'OrderLine',
      lineNumber: 1,
      sku: 'CF-1001',
      description: 'Coffee',
      quantity: '75.000',
      unitPrice: '0.0500',
      discountPercent: '0.00',
      netPrice: '0.0500',
      amount: '3.75',
      shippedQuantity: '75.000',
      deliveredQuantity: '65.000',
      invoicedQuantity: '75.000',
      invoicedAmount: '3.75',
      paidAmount: '0.10',
      reconciled: false,
    },
  ],
  shipments: [
    {
      __typename: 'Shipment',
      id: 's-1',
      number: 'DL-5001',
      carrier: 'UPS',
      trackingNumber: '1Z999',
      shippedOn: '2026-03-02',
      deliveredOn: '2026-03-04',
      receivedBy: 'J. Ruiz',
      proofOfDelivery: {
        __typename: 'ProofOfDelivery',
        id: 'doc-9',
        filename: 'POD-DL-5001.pdf',
        downloadUrl: '/api/documents/doc-9/download?expires=1&sig=abc',
      },
      lines: [
        {
          __typename: 'ShipmentLine',
          lineNumber: 1,
          sku: 'CF-1001',
          quantityShipped: '75.000',
          quantityDelivered: '65.000',
          deliveredSource: 'pod',
        },
      ],
    },
  ],
  invoices: [
    {
      __typename: 'OrderInvoice',
      id: 'inv-1',
      number: 'INV-NW-00042',
      issueDate: '2026-03-05',
      currency: 'USD',
      totalAmount: '3.75',
      openBalance: '3.65',
    },
  ],
};

function renderPage(order: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ data: { order } }), { headers: { 'Content-Type': 'application/json' } })),
  );
  render(
    <MantineProvider theme={recoupTheme}>
      <MemoryRouter initialEntries={['/orders/o-1']}>
        <Provider value={createGraphqlClient()}>
          <Routes>
            <Route path="/orders/:orderId" element={<PortalOrderPage />} />
          </Routes>
        </Provider>
      </MemoryRouter>
    </MantineProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('PortalOrderPage', () => {
  it('shows the status in words, the lines, the shipment with its proof of delivery, and the invoices', async () => {
    renderPage(ORDER);
    expect(await screen.findByRole('heading', { name: 'Order SO-1001', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('order-status-since')).toHaveTextContent(/^On hold since .*: waiting for credit approval\.$/);

    const lines = screen.getByRole('table', { name: 'Order lines' });
    const row = within(lines).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('CF-1001');
    expect(row).toHaveTextContent('65');
    expect(row).toHaveTextContent('$0.10');

    const shipment = screen.getByRole('region', { name: 'Shipment DL-5001' });
    expect(shipment).toHaveTextContent('UPS · 1Z999');
    expect(shipment).toHaveTextContent('J. Ruiz');
    expect(shipment).toHaveTextContent('From the proof of delivery');
    const pod = within(shipment).getByRole('link', { name: 'POD-DL-5001.pdf' });
    expect(pod).toHaveAttribute('href', '/api/documents/doc-9/download?expires=1&sig=abc');
    expect(pod).toHaveAttribute('download', 'POD-DL-5001.pdf');

    const invoices = screen.getByRole('table', { name: 'Invoices for this order' });
    expect(within(invoices).getByRole('link', { name: 'INV-NW-00042' })).toHaveAttribute('href', '/invoices/inv-1');
  });

  it('says so when the order is not the customer’s or does not exist', async () => {
    renderPage(null);
    expect(await screen.findByRole('heading', { name: 'Order not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← Back to orders' })).toHaveAttribute('href', '/orders');
  });
});
