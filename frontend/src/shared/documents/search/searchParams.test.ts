import { describe, expect, it } from 'vitest';
import { readSearchState, searchFilter, writeSearchState } from './searchParams';

describe('document search state in the address', () => {
  it('reads words, kind and dates, and ignores what is not valid', () => {
    const state = readSearchState(new URLSearchParams('q=pallet&type=PHOTO&from=2026-11-01&to=yesterday'));
    expect(state).toEqual({ query: 'pallet', type: 'PHOTO', from: '2026-11-01', to: null });
    expect(readSearchState(new URLSearchParams('type=EVIL')).type).toBeNull();
  });

  it('writes a new search, keeping other parameters and starting the pages again', () => {
    const next = writeSearchState(
      { query: ' crushed ', type: null, from: null, to: '2026-11-30' },
      new URLSearchParams('customer=c-1&after=abc&q=old'),
    );
    expect(next.toString()).toBe('customer=c-1&q=crushed&to=2026-11-30');
  });

  it('turns the state into the API filter, with the page’s own additions', () => {
    expect(searchFilter({ query: 'x', type: 'CLAIM_FORM', from: null, to: null }, { customerIds: ['c-1'] })).toEqual({
      documentTypes: ['CLAIM_FORM'],
      uploadedFrom: null,
      uploadedTo: null,
      customerIds: ['c-1'],
    });
  });
});
