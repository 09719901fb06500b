import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { renderConsole } from '../common/testing';
import { stubOperations, variablesOf } from '../collections/testing';
import { OrderPage } from './OrderPage';

const ORDER = {
  __typename: 'OrderDetail',
  id: 'order-1',
  number: 'SO-1001',
  revision: 1,
  poNumber: 'PO-77',
  accountName: 'Acme Foods',
  orderDate: '2026-10-01',
  requestedDate: null,
  currency: 'USD',
  totalAmount: '1200.00',
  status: 'ON_HOLD',
  statusSince: '2026-10-01T08:00:00+00:00',
  shipTo: 'Acme Foods\nDock 4',
  version: 3,
  creditDecision: 'held',
  holdReasons: ['Exposure with this order would be 5,200.00 USD, over the credit limit of 5,000.00 USD.'],
  decisionNote: '',
  lines: [
    {
      __typename: 'OrderLine',
      lineNumber: 1,
      sku: 'SKU-1',
      description: 'Olive oil 5 l',
      quantity: '10',
      unitPrice: '125.00',
      discountPercent: '4',
      netPrice: '120.00',
      amount: '1200.00',
      shippedQuantity: '10',
      deliveredQuantity: '8',
      invoicedQuantity: '10',
      invoicedAmount: '1200.00',
      paidAmount: '0.00',
      reconciled: false,
    },
  ],
  shipments: [
    {
      __typename: 'Shipment',
      id: 'ship-1',
      number: 'DL-55',
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      shippedOn: '2026-10-03',
      deliveredOn: '2026-10-05',
      receivedBy: 'J. Smith',
      proofOfDelivery: {
        __typename: 'ProofOfDelivery',
        id: 'doc-1',
        filename: 'pod-DL-55.pdf',
        downloadUrl: '/api/documents/doc-1/download?expires=1&sig=x',
      },
      lines: [
        { __typename: 'ShipmentLine', lineNumber: 1, sku: 'SKU-1', quantityShipped: '10', quantityDelivered: '8', deliveredSource: 'pod' },
      ],
    },
  ],
  invoices: [
    {
      __typename: 'OrderInvoice',
      id: 'inv-1',
      number: 'INV-7',
      issueDate: '2026-10-04',
      currency: 'USD',
      totalAmount: '1200.00',
      openBalance: '1200.00',
    },
  ],
  history: [
    {
      __typename: 'AuditEntry',
      sequence: 1,
      occurredAt: '2026-10-01T08:00:00+00:00',
      action: 'order.received',
      actorName: null,
      before: null,
      after: { decision: 'held' },
    },
  ],
  discrepancies: [],
};

const answer = (role: string, order: unknown = ORDER) => ({ viewer: { __typename: 'User', id: 'u-1', role }, orderDetail: order });
const changed = (field: string, message: string) => ({ [field]: { __typename: 'OrderChanged', message, orderId: 'order-1' } });

function renderOrder() {
  return renderConsole(
    <Routes>
      <Route path="/orders/:orderId" element={<OrderPage />} />
    </Routes>,
    '/orders/order-1',
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('OrderPage', () => {
  it('shows the order: lines, the delivery with its POD, the invoices and the history', async () => {
    stubOperations({ ConsoleOrder: answer('AR_CLERK') });
    renderOrder();
    expect(await screen.findByRole('heading', { name: 'Order SO-1001 · Acme Foods' })).toBeInTheDocument();
    const lines = screen.getByRole('table', { name: 'Order lines' });
    expect(within(lines).getAllByRole('row')[1]).toHaveTextContent('Not reconciled');
    expect(screen.getByRole('link', { name: 'pod-DL-55.pdf' })).toHaveAttribute('href', '/api/documents/doc-1/download?expires=1&sig=x');
    expect(within(screen.getByRole('table', { name: 'Lines of delivery DL-55' })).getByText('proof of delivery')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INV-7' })).toHaveAttribute('href', '/invoices/inv-1');
    expect(screen.getByRole('table', { name: 'Order history' })).toHaveTextContent('Order received');
  });

  it('lets a credit manager approve a held order, with a note', async () => {
    const sent = stubOperations({
      ConsoleOrder: answer('CREDIT_MANAGER'),
      ConsoleDecideHeldOrder: changed('decideHeldOrder', 'Order approved.'),
    });
    renderOrder();
    expect(await screen.findByRole('list', { name: 'Hold reasons' })).toHaveTextContent('over the credit limit');
    fireEvent.click(screen.getByRole('button', { name: 'Approve order' }));
    expect(screen.getByRole('textbox', { name: /Decision note/ })).toHaveAccessibleDescription(/Say why/);
    expect(variablesOf(sent, 'ConsoleDecideHeldOrder')).toEqual([]);

    fireEvent.change(screen.getByRole('textbox', { name: /Decision note/ }), { target: { value: ' Prepaid by wire. ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve order' }));
    expect(await screen.findByText('Order approved.')).toBeInTheDocument();
    expect(variablesOf(sent, 'ConsoleDecideHeldOrder')).toEqual([{ orderId: 'order-1', version: 3, approve: true, note: 'Prepaid by wire.' }]);
  });

  it('shows an AR clerk why the order is held but not the decision', async () => {
    stubOperations({ ConsoleOrder: answer('AR_CLERK') });
    renderOrder();
    expect(await screen.findByText(/Only a credit manager or an admin can approve/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reject order' })).toBeNull();
  });

  it('records a delivered quantity, refusing more than was shipped', async () => {
    const sent = stubOperations({
      ConsoleOrder: answer('AR_CLERK'),
      ConsoleRecordDeliveredQuantity: changed('recordDeliveredQuantity', 'Delivered quantity recorded.'),
    });
    renderOrder();
    fireEvent.click(await screen.findByRole('button', { name: 'Record delivered quantity: delivery DL-55, line 1' }));
    const dialog = await screen.findByRole('dialog');
    const quantity = within(dialog).getByRole('textbox', { name: /Delivered quantity/ });
    expect(quantity).toHaveValue('8');
    fireEvent.change(quantity, { target: { value: '11' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Note/ }), { target: { value: 'Signed POD says 9' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record' }));
    expect(quantity).toHaveAccessibleDescription(/At most the 10 shipped/);

    fireEvent.change(quantity, { target: { value: '9' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record' }));
    expect(await screen.findByText('Delivered quantity recorded.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(variablesOf(sent, 'ConsoleRecordDeliveredQuantity')).toEqual([
      { shipmentId: 'ship-1', lineNumber: 1, quantity: '9', note: 'Signed POD says 9' },
    ]);
  });

  it('says so when there is no such order', async () => {
    stubOperations({ ConsoleOrder: answer('ADMIN', null) });
    renderOrder();
    expect(await screen.findByRole('heading', { name: 'Order not found' })).toBeInTheDocument();
  });
});
