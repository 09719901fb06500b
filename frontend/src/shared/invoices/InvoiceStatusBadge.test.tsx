import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { INVOICE_STATUSES, invoiceStatusLook, isInvoiceStatus } from './invoiceStatus';

describe('InvoiceStatusBadge', () => {
  it.each([
    ['OPEN', 'Open'],
    ['OVERDUE', 'Overdue'],
    ['DISPUTED', 'Disputed'],
    ['PAID', 'Paid'],
    ['CREDITED', 'Credited'],
  ] as const)('shows %s as "%s"', (status, label) => {
    renderWithTheme(<InvoiceStatusBadge status={status} />);
    expect(screen.getByText(label)).toBeInTheDocument();
  });

  it('gives problem statuses colours that stand out from settled ones', () => {
    expect(invoiceStatusLook('OVERDUE').color).toBe('red');
    expect(invoiceStatusLook('DISPUTED').color).toBe('orange');
    expect(invoiceStatusLook('PAID').color).toBe('green');
    const colors = new Set(INVOICE_STATUSES.map((status) => invoiceStatusLook(status).color));
    expect(colors.size).toBe(INVOICE_STATUSES.length);
  });

  it('knows every status the schema defines and nothing else', () => {
    expect(INVOICE_STATUSES).toEqual(['OPEN', 'OVERDUE', 'DISPUTED', 'PAID', 'CREDITED']);
    expect(isInvoiceStatus('PAID')).toBe(true);
    expect(isInvoiceStatus('toString')).toBe(false);
  });
});
