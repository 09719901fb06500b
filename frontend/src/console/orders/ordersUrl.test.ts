import { describe, expect, it } from 'vitest';
import { readOrderListState, toOrderListVariables, withOrderListChange } from './ordersUrl';

describe('order list URL', () => {
  it('reads the status, the search and the page', () => {
    const state = readOrderListState(new URLSearchParams('status=ON_HOLD&search=%20SO-1001%20&after=MjQ%3D'));
    expect(toOrderListVariables(state)).toEqual({ status: 'ON_HOLD', search: 'SO-1001', first: 25, after: 'MjQ=' });
  });

  it('sends any status and no search when the URL names none or an unknown one', () => {
    expect(toOrderListVariables(readOrderListState(new URLSearchParams('status=shipped&search=%20')))).toEqual({
      status: null,
      search: null,
      first: 25,
      after: null,
    });
  });

  it('starts again at page one when a filter changes', () => {
    const before = new URLSearchParams('status=SHIPPED&after=MjQ%3D');
    expect(withOrderListChange(before, { search: 'PO-77' }).toString()).toBe('status=SHIPPED&search=PO-77');
    expect(withOrderListChange(before, { status: null }).toString()).toBe('');
  });
});
