import { describe, expect, it } from 'vitest';
import { initialSettleValues, settleProblems, settleVariables } from './settleForm';

const invoiced = { id: 'd-1', version: 3, amount: '125.50', currency: 'USD', invoiceNumber: 'INV-7' };
const notInvoiced = { ...invoiced, invoiceNumber: null };

describe('settle form', () => {
  it('opens on a credit memo for the whole money at stake, exactly as the server sent it', () => {
    expect(initialSettleValues(invoiced)).toEqual({ resolution: 'CREDIT_MEMO', amount: '125.50', note: '' });
  });

  it('opens on a note when nothing was invoiced, and refuses a credit memo then', () => {
    expect(initialSettleValues(notInvoiced).resolution).toBe('NOTE');
    expect(settleProblems({ resolution: 'CREDIT_MEMO', amount: '1.00', note: '' }, notInvoiced).resolution).toMatch(/settle it with a note/);
  });

  it('needs no note for a credit memo, but a plain amount above zero and at most the money at stake', () => {
    expect(settleProblems({ resolution: 'CREDIT_MEMO', amount: '125.50', note: '' }, invoiced)).toEqual({});
    expect(settleProblems({ resolution: 'CREDIT_MEMO', amount: ' 0.1 ', note: '' }, invoiced)).toEqual({});
    expect(settleProblems({ resolution: 'CREDIT_MEMO', amount: '', note: '' }, invoiced).amount).toBe('Enter the amount to credit.');
    expect(settleProblems({ resolution: 'CREDIT_MEMO', amount: '1e2', note: '' }, invoiced).amount).toMatch(/digits/);
    expect(settleProblems({ resolution: 'CREDIT_MEMO', amount: '0.00', note: '' }, invoiced).amount).toMatch(/more than zero/);
    expect(settleProblems({ resolution: 'CREDIT_MEMO', amount: '125.51', note: '' }, invoiced).amount).toBe('Credit at most the $125.50 at stake.');
  });

  it('needs a note for a rebill and for a note, whatever the amount says', () => {
    expect(settleProblems({ resolution: 'REBILL', amount: 'junk', note: '  ' }, invoiced)).toEqual({
      note: 'Say what is rebilled, in a note: it goes on the order’s history.',
    });
    expect(settleProblems({ resolution: 'NOTE', amount: '', note: '' }, notInvoiced).note).toMatch(/Say what was done/);
    expect(settleProblems({ resolution: 'NOTE', amount: '', note: 'Customer agreed' }, notInvoiced)).toEqual({});
    expect(settleProblems({ resolution: 'NOTE', amount: '', note: 'x'.repeat(2001) }, notInvoiced).note).toMatch(/under 2,000/);
  });

  it('sends the amount only with a credit memo, and the note trimmed', () => {
    expect(settleVariables(invoiced, { resolution: 'CREDIT_MEMO', amount: ' 100.00 ', note: ' short ' })).toEqual({
      discrepancyId: 'd-1',
      version: 3,
      resolution: 'CREDIT_MEMO',
      note: 'short',
      amount: '100.00',
    });
    expect(settleVariables(invoiced, { resolution: 'REBILL', amount: '100.00', note: 'Rebilled as INV-8' }).amount).toBeNull();
  });
});
