import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { useInvoiceListParams } from './useInvoiceListParams';

function renderParams(initialUrl = '/') {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[initialUrl]}>{children}</MemoryRouter>
  );
  return renderHook(() => useInvoiceListParams(), { wrapper });
}

describe('useInvoiceListParams', () => {
  it('starts on the first page with no filter', () => {
    const { result } = renderParams();
    expect(result.current.pageIndex).toBe(0);
    expect(result.current.variables).toEqual({ first: 25, after: null, filter: null, sort: 'ISSUED_NEWEST' });
  });

  it('keeps a stack of cursors for Next and Previous', () => {
    const { result } = renderParams();
    act(() => result.current.nextPage('cursor-25'));
    act(() => result.current.nextPage('cursor-50'));
    expect(result.current.pageIndex).toBe(2);
    expect(result.current.variables.after).toBe('cursor-50');

    act(() => result.current.previousPage());
    expect(result.current.pageIndex).toBe(1);
    expect(result.current.variables.after).toBe('cursor-25');

    act(() => result.current.previousPage());
    expect(result.current.variables.after).toBeNull();
  });

  it('builds the filter and goes back to the first page when it changes', () => {
    const { result } = renderParams('/?after=cursor-25');
    act(() => result.current.setStatuses(['OVERDUE', 'DISPUTED']));
    expect(result.current.pageIndex).toBe(0);
    expect(result.current.variables.filter).toMatchObject({ status: ['OVERDUE', 'DISPUTED'], search: null });

    act(() => result.current.setSearch('PO-77'));
    expect(result.current.variables.filter).toMatchObject({ status: ['OVERDUE', 'DISPUTED'], search: 'PO-77' });

    act(() => result.current.clearFilters());
    expect(result.current.variables.filter).toBeNull();
  });

  it('keeps the amount range and issue dates in the URL and starts again from the first page', () => {
    const { result } = renderParams('/?after=cursor-25');
    act(() => result.current.setRange('amountMin', ' 1500.50 '));
    act(() => result.current.setRange('issuedFrom', '2026-01-01'));
    expect(result.current.pageIndex).toBe(0);
    expect(result.current.amountMin).toBe('1500.50');
    expect(result.current.filtered).toBe(true);
    expect(result.current.variables.filter).toEqual({
      status: null,
      search: null,
      issuedFrom: '2026-01-01',
      issuedTo: null,
      amountMin: '1500.50',
      amountMax: null,
      currency: null,
    });
  });

  it('drops the page stack when the sort changes, and keeps the sort when filters are cleared', () => {
    const { result } = renderParams('/?q=PO&after=cursor-25&after=cursor-50');
    act(() => result.current.setSort('DUE_SOONEST'));
    expect(result.current.pageIndex).toBe(0);
    expect(result.current.variables).toMatchObject({ after: null, sort: 'DUE_SOONEST' });

    act(() => result.current.clearFilters());
    expect(result.current.variables).toEqual({ first: 25, after: null, filter: null, sort: 'DUE_SOONEST' });
    expect(result.current.filtered).toBe(false);
  });

  it('ignores unknown statuses in the URL', () => {
    const { result } = renderParams('/?status=PAID&status=BOGUS');
    expect(result.current.statuses).toEqual(['PAID']);
  });
});
