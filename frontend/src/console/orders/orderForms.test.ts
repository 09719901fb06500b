import { describe, expect, it } from 'vitest';
import { decisionNoteProblem, deliveredQuantityProblems } from './orderForms';

describe('decisionNoteProblem', () => {
  it('asks for a note, and keeps it under the server’s limit', () => {
    expect(decisionNoteProblem('   ')).toMatch(/Say why/);
    expect(decisionNoteProblem('x'.repeat(2001))).toMatch(/under 2,000/);
    expect(decisionNoteProblem('Paid in advance')).toBeNull();
  });
});

describe('deliveredQuantityProblems', () => {
  it('takes a plain quantity up to what was shipped, zero included, with a note', () => {
    expect(deliveredQuantityProblems('0', 'Refused at the door', '10')).toEqual({});
    expect(deliveredQuantityProblems('9.5', 'Signed POD', '10.000')).toEqual({});
    expect(deliveredQuantityProblems('10', 'Signed POD', '10.000')).toEqual({});
  });

  it('refuses more than shipped, a malformed quantity and a missing note', () => {
    expect(deliveredQuantityProblems('10.001', 'POD', '10').quantity).toMatch(/At most the 10 shipped/);
    expect(deliveredQuantityProblems('-1', 'POD', '10').quantity).toMatch(/digits/);
    expect(deliveredQuantityProblems('', '', '10')).toEqual({
      quantity: 'Enter how many arrived (0 when nothing did).',
      note: 'Say how you know, in a note: it goes on the order’s history.',
    });
  });
});
