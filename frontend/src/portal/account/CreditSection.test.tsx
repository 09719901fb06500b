import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { CreditSection } from './CreditSection';
import { availableCreditWords, creditLimitWords } from './creditWords';

const CREDIT = {
  currency: 'USD',
  creditLimit: '10000.00',
  exposure: '12500.10',
  current: '2000.00',
  pastDueUndisputed: '9000.10',
  inDispute: '1500.00',
  availableCredit: '-2500.10',
  promised: '500.00',
  onHold: false,
  holdReasons: [] as string[],
  holdSince: null,
  asOf: '2026-11-23',
};

function fact(name: string): string {
  const term = within(screen.getByLabelText('Credit')).getByText(name);
  return term.nextElementSibling?.textContent ?? '';
}

describe('availableCreditWords', () => {
  it('says how far over the limit a negative figure is, without a bare minus sign', () => {
    expect(availableCreditWords({ currency: 'USD', creditLimit: '10000.00', availableCredit: '-2500.10' })).toEqual({
      text: 'Over your credit limit by $2,500.10',
      over: true,
    });
  });

  it('says what is left, and that none is left at exactly the limit', () => {
    expect(availableCreditWords({ currency: 'USD', creditLimit: '100.00', availableCredit: '0.10' }).text).toBe(
      '$0.10 left to use',
    );
    expect(availableCreditWords({ currency: 'USD', creditLimit: '100.00', availableCredit: '0.00' })).toEqual({
      text: 'None left: you have reached your credit limit',
      over: true,
    });
  });

  it('treats a zero limit as not set, never as being over it', () => {
    const credit = { currency: 'USD', creditLimit: '0.00', availableCredit: '-500.00' };
    expect(availableCreditWords(credit)).toEqual({ text: 'No credit limit is set for your account yet.', over: false });
    expect(creditLimitWords(credit)).toBe('Not set yet');
  });
});

describe('CreditSection', () => {
  it('splits what is owed and says disputed money is not due while under review', () => {
    renderWithTheme(<CreditSection credit={CREDIT} />);
    expect(fact('Credit limit')).toBe('$10,000.00');
    expect(fact('What you owe')).toBe('$12,500.10');
    expect(fact('Not yet due')).toBe('$2,000.00');
    expect(fact('Past due')).toBe('$9,000.10');
    expect(fact('In dispute')).toContain('$1,500.00');
    expect(fact('In dispute')).toContain('Not due while we review it');
    expect(fact('Available credit')).toBe('Over your credit limit by $2,500.10');
    expect(fact('Promised to pay')).toBe('$500.00');
    expect(screen.queryByText(/credit hold/)).not.toBeInTheDocument();
    expect(screen.queryByText(/risk/i)).not.toBeInTheDocument();
  });

  it('says the account is on credit hold and lists the reasons', () => {
    const reasons = [
      'Exposure 12,500.10 USD is over the credit limit of 10,000.00 USD.',
      'A promise to pay was broken and the money is still past due.',
    ];
    renderWithTheme(
      <CreditSection credit={{ ...CREDIT, onHold: true, holdReasons: reasons, holdSince: '2026-11-20T09:00:00+00:00' }} />,
    );
    const notice = screen.getByRole('alert');
    expect(notice).toHaveTextContent('Your account is on credit hold');
    const items = within(within(notice).getByRole('list')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(reasons);
  });
});
