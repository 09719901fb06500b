import { describe, expect, it } from 'vitest';
import { claimCheckRequest, evidenceFor, filingNeedsConfirmation, lineVerdictLook } from './claimCheck';
import { EMPTY_DISPUTE_FORM, type DisputeFormValues } from './disputeForm';

const LINE_ORDER = ['line-a', 'line-b', 'line-c'];

function form(patch: Partial<DisputeFormValues>): DisputeFormValues {
  return { ...EMPTY_DISPUTE_FORM, reasonCode: 'SHORTAGE', scope: 'lines', ...patch };
}

describe('claimCheckRequest', () => {
  it('asks about the chosen lines in invoice order, with the quantity when one is typed', () => {
    const values = form({
      lines: { 'line-c': { amount: '12.50', quantity: '' }, 'line-a': { amount: '40', quantity: '10' } },
    });
    expect(claimCheckRequest(values, LINE_ORDER)).toEqual({
      reasonCode: 'SHORTAGE',
      lines: [
        { invoiceLineId: 'line-a', amount: '40', quantity: '10' },
        { invoiceLineId: 'line-c', amount: '12.50', quantity: null },
      ],
    });
  });

  it.each(['SHORTAGE', 'NOT_DELIVERED', 'PRICING'])('asks for a %s claim', (reasonCode) => {
    expect(claimCheckRequest(form({ reasonCode, lines: { 'line-a': { amount: '1', quantity: '' } } }), LINE_ORDER)).not.toBeNull();
  });

  it('asks nothing for a reason the records cannot speak to, the whole invoice, or no line', () => {
    const lines = { 'line-a': { amount: '1.00', quantity: '' } };
    expect(claimCheckRequest(form({ reasonCode: 'DAMAGED', lines }), LINE_ORDER)).toBeNull();
    expect(claimCheckRequest(form({ reasonCode: '', lines }), LINE_ORDER)).toBeNull();
    expect(claimCheckRequest(form({ scope: 'invoice', amount: '5.00', lines }), LINE_ORDER)).toBeNull();
    expect(claimCheckRequest(form({ lines: {} }), LINE_ORDER)).toBeNull();
  });

  it.each([
    ['an amount being typed', { amount: '12.', quantity: '' }],
    ['an empty amount', { amount: '', quantity: '' }],
    ['a zero amount', { amount: '0.00', quantity: '' }],
    ['a quantity that is not a number', { amount: '5', quantity: '1e3' }],
    ['a zero quantity', { amount: '5', quantity: '0' }],
  ])('waits while a line has %s', (_what, claim) => {
    const values = form({ lines: { 'line-a': { amount: '1.00', quantity: '' }, 'line-b': claim } });
    expect(claimCheckRequest(values, LINE_ORDER)).toBeNull();
  });
});

describe('filingNeedsConfirmation', () => {
  it('holds filing up only while the records contradict the claim with no evidence and no tick', () => {
    expect(filingNeedsConfirmation('CONTRADICTED', 0, false)).toBe(true);
    expect(filingNeedsConfirmation('CONTRADICTED', 1, false)).toBe(false);
    expect(filingNeedsConfirmation('CONTRADICTED', 0, true)).toBe(false);
  });

  it('never holds filing up for any other verdict, or none', () => {
    for (const verdict of ['SUPPORTED', 'UNVERIFIED', null, undefined] as const) {
      expect(filingNeedsConfirmation(verdict, 0, false)).toBe(false);
    }
  });
});

describe('words', () => {
  it('asks for the document that shows what the customer says', () => {
    expect(evidenceFor('SHORTAGE')).toBe('receiving report');
    expect(evidenceFor('NOT_DELIVERED')).toBe('receiving report');
    expect(evidenceFor('PRICING')).toBe('price agreement');
  });

  it('says each line verdict in plain words', () => {
    expect(lineVerdictLook('SUPPORTED').label).toBe('Matches our records');
    expect(lineVerdictLook('CONTRADICTED').label).toBe('Differs from our records');
    expect(lineVerdictLook('UNVERIFIED').label).toBe('Not verified');
  });
});
