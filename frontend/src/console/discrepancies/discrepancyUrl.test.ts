import { describe, expect, it } from 'vitest';
import { readDiscrepancyState, toDiscrepancyVariables, withDiscrepancyChange } from './discrepancyUrl';

const read = (query: string) => readDiscrepancyState(new URLSearchParams(query));

describe('discrepancy worklist URL', () => {
  it('shows the open discrepancies of every kind and owner when the URL says nothing', () => {
    expect(toDiscrepancyVariables(read(''))).toEqual({ status: 'OPEN', kind: null, mine: false, first: 25, after: null });
  });

  it('reads the status, kind, mine and the page cursor', () => {
    expect(toDiscrepancyVariables(read('status=RESOLVED&kind=PRICE_ABOVE_ORDER&mine=true&after=MjQ%3D&after=NDk%3D'))).toEqual({
      status: 'RESOLVED',
      kind: 'PRICE_ABOVE_ORDER',
      mine: true,
      first: 25,
      after: 'NDk=',
    });
  });

  it('asks for every status with ALL, and reads anything it does not know as the default', () => {
    expect(read('status=ALL').status).toBeNull();
    expect(read('status=open&kind=BROKEN&mine=yes')).toEqual({ status: 'OPEN', kind: null, mine: false, cursors: [] });
  });

  it('starts again at page one when a filter changes, and leaves the defaults out of the URL', () => {
    const before = new URLSearchParams('kind=OVER_SHIPMENT&after=MjQ%3D');
    expect(withDiscrepancyChange(before, { mine: true }).toString()).toBe('kind=OVER_SHIPMENT&mine=true');
    expect(withDiscrepancyChange(before, { status: null }).toString()).toBe('status=ALL&kind=OVER_SHIPMENT');
    expect(withDiscrepancyChange(new URLSearchParams('status=CLEARED'), { status: 'OPEN' }).toString()).toBe('');
  });
});
