import { describe, expect, it } from 'vitest';
import { savedViewSearch, savedViewSummary } from './savedViewLink';

describe('savedViewSearch', () => {
  it("makes the filter's keys query parameters, arrays as repeated keys", () => {
    const search = savedViewSearch({ status: ['NEW', 'ASSIGNED'], mine: true, amountMin: '100.00', search: 'Acme & Co' });
    expect(search).toBe('?status=NEW&status=ASSIGNED&mine=true&amountMin=100.00&search=Acme+%26+Co');
    const params = new URLSearchParams(search);
    expect(params.getAll('status')).toEqual(['NEW', 'ASSIGNED']);
    expect(params.get('search')).toBe('Acme & Co');
  });

  it('leaves out null values and empty arrays, and sends nested objects as JSON', () => {
    expect(savedViewSearch({ assigneeId: null, reasonCodes: [], origin: undefined, extra: { a: 1 } })).toBe(
      `?extra=${encodeURIComponent('{"a":1}')}`,
    );
  });

  it('gives nothing for an empty filter or one that is not an object', () => {
    expect(savedViewSearch({})).toBe('');
    expect(savedViewSearch(null)).toBe('');
    expect(savedViewSearch(['NEW'])).toBe('');
    expect(savedViewSearch('status=NEW')).toBe('');
  });
});

describe('savedViewSummary', () => {
  it('reads the filter in one line', () => {
    expect(savedViewSummary({ status: ['NEW', 'ASSIGNED'], overdue: true })).toBe('status: NEW, ASSIGNED · overdue: true');
    expect(savedViewSummary({})).toBe('The whole queue');
  });
});
