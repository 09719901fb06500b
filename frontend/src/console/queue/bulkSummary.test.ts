import { describe, expect, it } from 'vitest';
import { summariseBulkResult } from './bulkSummary';

const labels = new Map([
  ['a', 'INV-1 · Northwind Traders'],
  ['b', 'INV-2 · Contoso Retail'],
  ['c', 'INV-3 · Fabrikam Foods'],
]);

describe('summariseBulkResult', () => {
  it('says all went through', () => {
    const summary = summariseBulkResult('approve', { succeeded: [{ id: 'a' }, { id: 'b' }], failed: [] }, labels);
    expect(summary).toEqual({ tone: 'success', title: '2 cases approved in full.', succeededCount: 2, failures: [] });
    expect(summariseBulkResult('writeOff', { succeeded: [{ id: 'a' }], failed: [] }, labels).title).toBe('1 case written off.');
  });

  it('names each case that failed, with the server message', () => {
    const summary = summariseBulkResult(
      'writeOff',
      {
        succeeded: [{ id: 'a' }],
        failed: [
          { caseId: 'b', message: 'Your role may write off at most 250.00 USD per case. Ask a credit manager.' },
          { caseId: 'zz', message: 'Case not found.' },
        ],
      },
      labels,
    );
    expect(summary.tone).toBe('partial');
    expect(summary.title).toBe('1 of 3 cases written off; 2 cases could not be.');
    expect(summary.failures).toEqual([
      { caseId: 'b', label: 'INV-2 · Contoso Retail', message: 'Your role may write off at most 250.00 USD per case. Ask a credit manager.' },
      { caseId: 'zz', label: 'zz', message: 'Case not found.' },
    ]);
  });

  it('says when nothing could be done', () => {
    const one = summariseBulkResult('approve', { succeeded: [], failed: [{ caseId: 'c', message: 'This case is already resolved.' }] }, labels);
    expect(one.tone).toBe('failure');
    expect(one.title).toBe('The case could not be approved.');
    const many = summariseBulkResult(
      'approve',
      { succeeded: [], failed: ['a', 'b'].map((caseId) => ({ caseId, message: 'Someone else changed this case.' })) },
      labels,
    );
    expect(many.title).toBe('None of the 2 cases could be approved.');
  });
});
