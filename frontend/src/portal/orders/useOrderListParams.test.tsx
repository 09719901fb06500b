import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { useOrderListParams } from './useOrderListParams';

function renderParams(initialUrl = '/orders') {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[initialUrl]}>{children}</MemoryRouter>
  );
  return renderHook(() => useOrderListParams(), { wrapper });
}

describe('useOrderListParams', () => {
  it('starts on the first page with every order', () => {
    const { result } = renderParams();
    expect(result.current.variables).toEqual({ first: 25, after: null, status: null, search: null });
    expect(result.current.filtered).toBe(false);
  });

  it('reads the status, search and page from the URL and ignores an unknown status', () => {
    expect(renderParams('/orders?status=ON_HOLD&q=PO-77&after=c1').result.current.variables).toEqual({
      first: 25,
      after: 'c1',
      status: 'ON_HOLD',
      search: 'PO-77',
    });
    expect(renderParams('/orders?status=BOGUS').result.current.status).toBeNull();
  });

  it('starts again from the first page when the status or search changes', () => {
    const { result } = renderParams('/orders?after=c1&after=c2');
    expect(result.current.pageIndex).toBe(2);
    act(() => result.current.setStatus('SHIPPED'));
    expect(result.current.pageIndex).toBe(0);
    expect(result.current.variables.status).toBe('SHIPPED');
    act(() => result.current.nextPage('c25'));
    act(() => result.current.setSearch('  SO-1001 '));
    expect(result.current.variables).toMatchObject({ after: null, status: 'SHIPPED', search: 'SO-1001' });
    expect(result.current.filtered).toBe(true);
  });

  it('pages forward and back with a cursor stack', () => {
    const { result } = renderParams();
    act(() => result.current.nextPage('c25'));
    act(() => result.current.nextPage('c50'));
    expect(result.current.variables.after).toBe('c50');
    act(() => result.current.previousPage());
    expect(result.current.variables.after).toBe('c25');
  });

  it('clears the filters and the page', () => {
    const { result } = renderParams('/orders?status=PAID&q=SO&after=c1');
    act(() => result.current.clearFilters());
    expect(result.current.variables).toEqual({ first: 25, after: null, status: null, search: null });
  });
});
