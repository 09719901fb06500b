import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditPairs, auditValueText, humanizeKey } from './auditValues';

describe('audit values', () => {
  it('lists an object as key: value pairs, money as the exact string', () => {
    expect(auditPairs({ status: 'resolved_partial', credited: '6.00', credit_memo: 'CM-000042', assignee_id: null })).toEqual([
      { key: 'Status', value: 'Partly accepted' },
      { key: 'Credited', value: '6.00' },
      { key: 'Credit memo', value: 'CM-000042' },
      { key: 'Assignee', value: '—' },
    ]);
  });

  it('leaves record ids out: a UUID says nothing to a person', () => {
    expect(auditPairs({ invoice_id: '0b6f2a4e-6c1d-4a7e-9a51-2f3c4d5e6f70', amount: '6.28' })).toEqual([
      { key: 'Amount', value: '6.28' },
    ]);
  });

  it('shows nothing for a missing value and one line for a plain one', () => {
    expect(auditPairs(null)).toEqual([]);
    expect(auditPairs(undefined)).toEqual([]);
    expect(auditPairs('NEW')).toEqual([{ key: 'Value', value: 'NEW' }]);
    expect(auditPairs(['a', 'b'])).toEqual([{ key: 'Value', value: 'a, b' }]);
  });

  it('writes nested values compactly and clips very long ones', () => {
    expect(auditValueText({ a: 1 })).toBe('a: 1');
    // what a proof of delivery recorded as received, per SKU: read as pairs, never as raw JSON
    expect(auditValueText({ 'TT-BLK-100': '65', 'TT-PZL-500': '10' })).toBe('TT-BLK-100: 65, TT-PZL-500: 10');
    expect(auditValueText({})).toBe('(none)');
    expect(auditValueText([])).toBe('(none)');
    expect(auditValueText(true)).toBe('true');
    expect(auditValueText('')).toBe('(empty)');
    const long = auditValueText('x'.repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });

  it('reads a root cause as the decision form named it', () => {
    expect(auditPairs({ status: 'written_off', root_cause: 'pricing_master_data' })).toEqual([
      { key: 'Status', value: 'Written off' },
      { key: 'Root cause', value: 'Pricing master data' },
    ]);
  });

  it('reads keys and actions as words', () => {
    expect(humanizeKey('invoiceOpenBalance')).toBe('Invoice open balance');
    expect(humanizeKey('invoice_open_balance')).toBe('Invoice open balance');
    expect(auditActionLabel('case.information_requested')).toBe('Information requested');
    expect(auditActionLabel('filed')).toBe('Filed');
  });
});
