import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderAdmin } from '../admin/testing';
import { RemittanceLineDetails } from './RemittanceLineDetails';

const matched = {
  __typename: 'RemittanceInvoice' as const,
  id: 'inv-1',
  number: 'INV-NW-00317',
  collectible: '6861.60',
  dueDate: '2026-11-30',
  amount: '450.00',
  held: '6411.60',
};

const line = (status: string) => ({
  __typename: 'RemittanceLine' as const,
  id: `line-${status}`,
  importId: 'import-9',
  line: 2,
  status,
  message: status === 'error' ? 'Payment RV-BAD-2: the paid amounts (450.00) do not add up to the payment amount (500.00).' : '',
  paymentReference: 'RV-BAD-2',
  receivedOn: '2026-11-20',
  customerNumber: 'C-1001',
  customerName: '',
  accountName: 'Northwind Grocers',
  invoiceReference: 'INV-NW-00317',
  paidAmount: '450.00',
  adjustmentAmount: '0.00',
  adjustmentCode: '',
  adjustmentText: '',
  rule: 'exact_reference',
  confidence: '0.95',
  deductionId: null,
  appliedTo: [matched],
  suggestions: [],
});

describe('RemittanceLineDetails', () => {
  it('says where an applied line went', () => {
    renderAdmin(<RemittanceLineDetails line={line('applied')} />);
    expect(screen.getByText(/Applied to INV-NW-00317 \(450\.00, 6,411\.60 held as deduction\)/)).toBeInTheDocument();
  });

  it('never says a line that moved no money was applied, whatever the record holds', () => {
    for (const status of ['error', 'not_applied', 'exception', 'skipped']) {
      const { unmount } = renderAdmin(<RemittanceLineDetails line={line(status)} />);
      expect(screen.queryByText(/Applied to/)).not.toBeInTheDocument();
      unmount();
    }
  });

  it('links the import the line came in when asked', () => {
    renderAdmin(<RemittanceLineDetails line={line('exception')} linkImport />);
    expect(screen.getByRole('link', { name: 'Open its import' })).toHaveAttribute('href', '/cash/imports/import-9');
  });
});
