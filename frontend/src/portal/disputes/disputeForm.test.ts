import { describe, expect, it } from 'vitest';
import {
  EMPTY_DISPUTE_FORM,
  checkDisputeForm,
  disputedTotal,
  hasProblems,
  toFileDisputeInput,
  type DisputeFormValues,
} from './disputeForm';

const REASONS = [
  { code: 'SHORTAGE', requiresDescription: false },
  { code: 'OTHER', requiresDescription: true },
];
const LINES = ['line-1', 'line-2', 'line-3'];

function form(change: Partial<DisputeFormValues>): DisputeFormValues {
  return { ...EMPTY_DISPUTE_FORM, reasonCode: 'SHORTAGE', ...change };
}

describe('checkDisputeForm', () => {
  it('asks for a reason and an amount', () => {
    const check = checkDisputeForm(EMPTY_DISPUTE_FORM, REASONS, LINES);
    expect(check.fields).toEqual({ reasonCode: 'Choose a reason.', amount: 'Enter the amount you dispute.' });
  });

  it('needs a description only when the reason does', () => {
    expect(checkDisputeForm(form({ amount: '10' }), REASONS, LINES).fields).toEqual({});
    expect(checkDisputeForm(form({ reasonCode: 'OTHER', amount: '10', description: '  ' }), REASONS, LINES).fields)
      .toEqual({ description: 'Describe the problem: this reason needs a description.' });
  });

  it('refuses amounts that are not plain, positive, two-decimal numbers', () => {
    for (const amount of ['1,000', '1.005', '-5', 'abc']) {
      expect(checkDisputeForm(form({ amount }), REASONS, LINES).fields.amount).toMatch(/up to two decimals/);
    }
    expect(checkDisputeForm(form({ amount: '0.00' }), REASONS, LINES).fields.amount).toBe(
      'The amount must be more than zero.',
    );
  });

  it('leaves the disputable maximum to the server', () => {
    expect(hasProblems(checkDisputeForm(form({ amount: '999999999.99' }), REASONS, LINES))).toBe(false);
  });

  it('asks for at least one line and checks each chosen line', () => {
    expect(checkDisputeForm(form({ scope: 'lines' }), REASONS, LINES).fields.lines).toBe('Choose at least one line.');
    const check = checkDisputeForm(
      form({
        scope: 'lines',
        lines: { 'line-1': { amount: '12.5', quantity: '' }, 'line-3': { amount: '12.5', quantity: 'two' } },
      }),
      REASONS,
      LINES,
    );
    expect(check.lines).toEqual({});
    expect(check.quantities).toEqual({ 'line-3': 'Enter the quantity as a number with up to three decimals, e.g. 12.5.' });
    expect(check.fields.lines).toBe('Check the amounts and quantities on the chosen lines.');
  });

  it('puts a quantity over what was invoiced next to that quantity, and an amount problem next to the amount', () => {
    const check = checkDisputeForm(
      form({
        scope: 'lines',
        lines: { 'line-1': { amount: '', quantity: '11' }, 'line-2': { amount: '5.00', quantity: '0.0001' } },
      }),
      REASONS,
      LINES,
      [
        { id: 'line-1', quantity: '10.000' },
        { id: 'line-2', quantity: '5.000' },
      ],
    );
    expect(check.lines).toEqual({ 'line-1': 'Enter the amount you dispute.' });
    expect(check.quantities).toEqual({
      'line-1': 'At most the 10.000 invoiced.',
      'line-2': 'Enter the quantity as a number with up to three decimals, e.g. 12.5.',
    });
  });

  it("puts a claim over the line's amount next to that amount, before anything is sent", () => {
    const check = checkDisputeForm(
      form({ scope: 'lines', lines: { 'line-1': { amount: '300.01', quantity: '' }, 'line-2': { amount: '40.00', quantity: '' } } }),
      REASONS,
      LINES,
      [
        { id: 'line-1', quantity: '75.000', amount: '300.00' },
        { id: 'line-2', quantity: '10.000', amount: '40.00' },
      ],
    );
    expect(check.lines).toEqual({ 'line-1': "At most the line's amount, 300.00." });
    expect(hasProblems(check)).toBe(true);
  });
});

describe('disputedTotal', () => {
  it('is the exact sum of the chosen lines', () => {
    const values = form({
      scope: 'lines',
      lines: { 'line-1': { amount: '0.10', quantity: '' }, 'line-2': { amount: '0.20', quantity: '' } },
    });
    expect(disputedTotal(values, LINES)).toBe('0.30');
  });

  it('is unknown while a chosen amount is not a number', () => {
    const values = form({ scope: 'lines', lines: { 'line-1': { amount: '1.', quantity: '' } } });
    expect(disputedTotal(values, LINES)).toBeNull();
    expect(disputedTotal(form({ scope: 'lines' }), LINES)).toBeNull();
  });

  it('is the typed amount for the whole invoice', () => {
    expect(disputedTotal(form({ amount: ' 125.50 ' }), LINES)).toBe('125.50');
  });
});

describe('toFileDisputeInput', () => {
  it('sends the whole-invoice amount without lines', () => {
    expect(toFileDisputeInput('inv-1', form({ amount: '125.5', description: ' Short ' }), LINES, 'key-12345')).toEqual(
      {
        invoiceId: 'inv-1',
        reasonCode: 'SHORTAGE',
        amount: '125.5',
        description: 'Short',
        lines: [],
        idempotencyKey: 'key-12345',
      },
    );
  });

  it('sends the chosen lines in invoice order with their sum as the amount', () => {
    const values = form({
      scope: 'lines',
      amount: '999',
      lines: { 'line-3': { amount: '5.50', quantity: '' }, 'line-1': { amount: '10.00', quantity: '2' } },
    });
    const input = toFileDisputeInput('inv-1', values, LINES, 'key-12345');
    expect(input.amount).toBe('15.50');
    expect(input.lines).toEqual([
      { lineId: 'line-1', amount: '10.00', quantity: '2' },
      { lineId: 'line-3', amount: '5.50', quantity: null },
    ]);
  });
});
