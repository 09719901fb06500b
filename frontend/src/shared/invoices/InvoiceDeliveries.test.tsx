import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { InvoiceDeliveries, deliveryRecipientsText } from './InvoiceDeliveries';

describe('InvoiceDeliveries', () => {
  it('lists each delivery with its recipients, and says when nobody was set up to receive it', () => {
    renderWithTheme(
      <InvoiceDeliveries
        deliveries={[
          { sentAt: '2026-11-01T09:00:00+00:00', recipients: [] },
          { sentAt: '2026-11-02T09:00:00+00:00', recipients: ['ap@northwind.example', 'cfo@northwind.example'] },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('not e-mailed: nobody is set up to receive invoices');
    expect(items[1]).toHaveTextContent('to ap@northwind.example, cfo@northwind.example');
  });

  it('says when the invoice was never e-mailed', () => {
    renderWithTheme(<InvoiceDeliveries deliveries={[]} />);
    expect(screen.getByText('Not e-mailed')).toBeInTheDocument();
    expect(deliveryRecipientsText({ recipients: ['a@b.example'] })).toBe('to a@b.example');
  });
});
