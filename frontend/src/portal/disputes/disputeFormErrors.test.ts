import { describe, expect, it } from 'vitest';
import { mapFieldErrors } from './disputeFormErrors';

describe('mapFieldErrors', () => {
  it("puts each known field's message beside that field, in the server's words", () => {
    const mapped = mapFieldErrors([
      { field: 'amount', message: 'You can dispute at most 120.00 USD on this invoice.' },
      { field: 'reasonCode', message: 'Choose one of the listed reasons.' },
      { field: 'description', message: 'Describe the problem: this reason needs a description.' },
      { field: 'lines', message: 'Line 2: the claim is more than the line\'s amount.' },
      { field: 'idempotencyKey', message: "The form's request key is missing; reload the page." },
    ]);
    expect(mapped.fields).toEqual({
      amount: 'You can dispute at most 120.00 USD on this invoice.',
      reasonCode: 'Choose one of the listed reasons.',
      description: 'Describe the problem: this reason needs a description.',
      lines: "Line 2: the claim is more than the line's amount.",
      idempotencyKey: "The form's request key is missing; reload the page.",
    });
    expect(mapped.form).toEqual([]);
  });

  it('sends unknown and empty fields to the form-level alert', () => {
    const mapped = mapFieldErrors([
      { field: 'invoiceId', message: 'Invoice is locked.' },
      { field: '', message: 'Something else went wrong.' },
      { field: 'toString', message: 'Not a real field.' },
    ]);
    expect(mapped.fields).toEqual({});
    expect(mapped.form).toEqual(['Invoice is locked.', 'Something else went wrong.', 'Not a real field.']);
  });

  it('keeps every message when a field has several', () => {
    const mapped = mapFieldErrors([
      { field: 'lines', message: 'Line 1: too much.' },
      { field: 'lines', message: 'Line 3: too many units.' },
    ]);
    expect(mapped.fields.lines).toBe('Line 1: too much. Line 3: too many units.');
  });

  it('maps nothing to nothing', () => {
    expect(mapFieldErrors([])).toEqual({ fields: {}, form: [] });
  });
});
