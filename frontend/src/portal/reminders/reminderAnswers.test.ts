import { describe, expect, it } from 'vitest';
import {
  asMoneyInput,
  paidProblems,
  promisePrefillAmount,
  promiseProblems,
  promiseStatusLook,
  remittanceReference,
} from './reminderAnswers';

function item(invoiceNumber: string, amount: string, underReview = false) {
  return {
    invoiceId: `id-${invoiceNumber}`,
    invoiceNumber,
    dueDate: '2026-10-01',
    daysOverdue: 30,
    amount,
    underReview,
  };
}

describe('promisePrefillAmount', () => {
  it('adds the due items exactly on their decimal strings, leaving disputed ones out', () => {
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004.
    expect(promisePrefillAmount({ items: [item('INV-1', '0.10'), item('INV-2', '0.20'), item('INV-3', '99.99', true)] })).toBe(
      '0.30',
    );
  });

  it('keeps every cent of amounts too large for a JS number', () => {
    expect(promisePrefillAmount({ items: [item('INV-1', '12345678901234567.89'), item('INV-2', '0.01')] })).toBe(
      '12345678901234567.90',
    );
  });

  it('is empty when nothing is due', () => {
    expect(promisePrefillAmount({ items: [item('INV-1', '50.00', true)] })).toBe('');
  });
});

describe('asMoneyInput', () => {
  it('drops only zeros beyond the cents', () => {
    expect(asMoneyInput('1250.1000')).toBe('1250.10');
    expect(asMoneyInput('7')).toBe('7.00');
    expect(asMoneyInput('0.125')).toBe('0.125');
  });
});

describe('remittanceReference', () => {
  it('is the reminder number and its due invoices, never the disputed ones', () => {
    expect(
      remittanceReference({ number: 'R-00012', items: [item('INV-1', '1.00'), item('INV-2', '2.00', true), item('INV-3', '3.00')] }),
    ).toBe('R-00012 INV-1 INV-3');
  });
});

describe('form checks', () => {
  it('asks for a plain positive amount and a day before a promise is sent', () => {
    expect(promiseProblems({ amount: '', promisedOn: '', note: '' })).toEqual({
      amount: 'Enter the amount.',
      promisedOn: 'Choose the day you will pay by.',
    });
    expect(promiseProblems({ amount: '1,000', promisedOn: '2026-12-01', note: '' }).amount).toMatch(/as a number/);
    expect(promiseProblems({ amount: '0.00', promisedOn: '2026-12-01', note: '' }).amount).toBe(
      'The amount must be more than zero.',
    );
    expect(promiseProblems({ amount: '125.50', promisedOn: '2026-12-01', note: '' })).toEqual({});
  });

  it('asks for the reference, the day and the amount of a payment already made', () => {
    expect(paidProblems({ reference: ' ', paidOn: '2026-02-30', amount: '10', note: '' })).toEqual({
      reference: "Enter the payment's reference as your bank shows it.",
      paidOn: 'Choose the day you paid.',
    });
  });
});

describe('promiseStatusLook', () => {
  it('says each status in words', () => {
    expect(
      (['OPEN', 'KEPT', 'PARTLY_KEPT', 'BROKEN', 'CANCELLED'] as const).map((status) => promiseStatusLook(status).label),
    ).toEqual(['Open', 'Kept', 'Partly kept', 'Broken', 'Cancelled']);
  });
});

describe('promisePrefillAmount with what is still due', () => {
  it('prefers what the invoices still ask for now over what the letter said', () => {
    const items = [item('INV-1', '1200.00'), item('INV-2', '500.00')];
    expect(promisePrefillAmount({ items, stillDue: '1100.00' })).toBe('1100.00');
    expect(promisePrefillAmount({ items, stillDue: '0.00' })).toBe('');
  });
});
