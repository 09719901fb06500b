import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { useDisputeListParams } from './useDisputeListParams';

function renderParams(initialUrl = '/disputes') {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[initialUrl]}>{children}</MemoryRouter>
  );
  return renderHook(() => useDisputeListParams(), { wrapper });
}

describe('useDisputeListParams', () => {
  it('starts on the first page with every status', () => {
    const { result } = renderParams();
    expect(result.current.variables).toEqual({ first: 25, after: null, status: null });
  });

  it('filters by status and starts again from the first page', () => {
    const { result } = renderParams('/disputes?after=c1');
    expect(result.current.pageIndex).toBe(1);
    act(() => result.current.setStatuses(['NEW', 'WAITING_ON_CUSTOMER']));
    expect(result.current.pageIndex).toBe(0);
    expect(result.current.variables.status).toEqual(['NEW', 'WAITING_ON_CUSTOMER']);
  });

  it('pages forward and back with a cursor stack', () => {
    const { result } = renderParams();
    act(() => result.current.nextPage('c25'));
    act(() => result.current.nextPage('c50'));
    expect(result.current.variables.after).toBe('c50');
    act(() => result.current.previousPage());
    expect(result.current.variables.after).toBe('c25');
  });

  it('ignores unknown statuses in the URL', () => {
    const { result } = renderParams('/disputes?status=NEW&status=BOGUS');
    expect(result.current.statuses).toEqual(['NEW']);
  });
});
