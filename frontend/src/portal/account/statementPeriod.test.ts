import { describe, expect, it } from 'vitest';
import { defaultStatementPeriod, periodProblem, statementDownloadUrl, statementKindLabel } from './statementPeriod';

describe('defaultStatementPeriod', () => {
  it('starts on the first day of the month three months ago and ends today', () => {
    expect(defaultStatementPeriod(new Date(2026, 10, 23, 15, 0))).toEqual({ from: '2026-08-01', to: '2026-11-23' });
  });

  it('reaches back into the previous year', () => {
    expect(defaultStatementPeriod(new Date(2026, 1, 28))).toEqual({ from: '2025-11-01', to: '2026-02-28' });
    expect(defaultStatementPeriod(new Date(2026, 0, 1, 0, 5))).toEqual({ from: '2025-10-01', to: '2026-01-01' });
  });

  it('is not thrown off by month ends', () => {
    expect(defaultStatementPeriod(new Date(2026, 4, 31))).toEqual({ from: '2026-02-01', to: '2026-05-31' });
  });
});

describe('periodProblem', () => {
  it('asks for both days', () => {
    expect(periodProblem({ from: '', to: '2026-01-31' })).toBe('Choose both the first and the last day.');
    expect(periodProblem({ from: '2026-01-01', to: '2026-02-30' })).toBe('Choose both the first and the last day.');
  });

  it('says at once when the first day is after the last', () => {
    expect(periodProblem({ from: '2026-03-01', to: '2026-01-01' })).toBe('The first day must be on or before the last day.');
    expect(periodProblem({ from: '2026-01-01', to: '2026-01-01' })).toBeNull();
  });
});

describe('statementDownloadUrl', () => {
  it('asks the server for the period in the chosen format', () => {
    expect(statementDownloadUrl({ from: '2026-08-01', to: '2026-11-23' }, 'csv')).toBe(
      '/api/statement?period_from=2026-08-01&period_to=2026-11-23&format=csv',
    );
    expect(statementDownloadUrl({ from: '2026-08-01', to: '2026-11-23' }, 'pdf')).toMatch(/format=pdf$/);
  });
});

describe('statementKindLabel', () => {
  it('says each kind in words', () => {
    expect(statementKindLabel('WRITE_OFF')).toBe('Write-off');
    expect(statementKindLabel('DEDUCTION')).toBe('Deduction');
  });
});
