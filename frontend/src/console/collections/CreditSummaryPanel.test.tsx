import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { CreditSummaryPanel } from './CreditSummaryPanel';

const CREDIT = {
  currency: 'USD',
  creditLimit: '5000.00',
  exposure: '1400.00',
  current: '800.00',
  pastDueUndisputed: '0.00',
  inDispute: '600.00',
  availableCredit: '3600.00',
  promised: '0.00',
  onHold: false,
  holdReasons: [],
  holdSince: null,
  asOf: '2026-12-04',
};

describe('CreditSummaryPanel', () => {
  it('marks past-due money in bold red, and nothing past due not at all', () => {
    const { unmount } = renderWithTheme(<CreditSummaryPanel credit={{ ...CREDIT, pastDueUndisputed: '1700.00' }} />);
    expect(screen.getByText('$1,700.00')).toHaveStyle({ fontWeight: 700 });
    unmount();

    renderWithTheme(<CreditSummaryPanel credit={CREDIT} />);
    const nothing = screen.getAllByText('$0.00').find((node) => node.closest('dd')?.previousElementSibling?.textContent === 'Past due, undisputed');
    expect(nothing).toBeDefined();
    expect(nothing).not.toHaveStyle({ fontWeight: 700 });
  });
});
