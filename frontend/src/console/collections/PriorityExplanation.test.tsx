import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { formatScore, PriorityBreakdown, PriorityScore } from './PriorityExplanation';

const PRIORITY = {
  score: '2700.0000',
  pastDue: '1000.00',
  daysPastDue: 45,
  ageFactor: '1.5',
  riskFactor: '1.2',
  promiseFactor: '1.5',
  explanation: '1,000.00 past due × 1.5 for 45 days × 1.2 for high risk × 1.5 for 1 broken promise(s)',
};

describe('PriorityScore', () => {
  it('shows the score and its explanation as text on screen, not in a tooltip', () => {
    renderWithTheme(<PriorityScore priority={PRIORITY} />);
    expect(screen.getByText(formatScore('2700.0000'))).toBeVisible();
    expect(screen.getByText(PRIORITY.explanation)).toBeVisible();
  });
});

describe('PriorityBreakdown', () => {
  it('lists each factor of the score with the past-due money in its currency', () => {
    renderWithTheme(<PriorityBreakdown priority={PRIORITY} currency="USD" riskClass="HIGH" />);
    const factors = within(screen.getByRole('list', { name: 'Priority factors' })).getAllByRole('listitem');
    expect(factors.map((item) => item.textContent)).toEqual([
      '$1,000.00 past due and undisputed',
      '× 1.5 for age: the oldest item is 45 days past due',
      '× 1.2 for high risk',
      '× 1.5 for broken promises (1 + 0.5 for each broken in the last year)',
    ]);
    expect(screen.queryByText(PRIORITY.explanation)).not.toBeInTheDocument(); // said once, not twice
  });
});

describe('formatScore', () => {
  it('rounds a score for reading without turning it into money', () => {
    expect(formatScore('12345.6789', 'en-US')).toBe('12,345.68');
  });
});
