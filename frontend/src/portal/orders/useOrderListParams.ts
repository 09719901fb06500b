import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { OrderStatus } from '../../shared/graphql/generated';
import { isOrderStatus } from './orderStatus';

export const ORDER_PAGE_SIZE = 25;

/** What the search box may send (the server reads at most this many characters). */
const MAX_SEARCH = 64;

export interface OrderListVariables {
  first: number;
  after: string | null;
  status: OrderStatus | null;
  search: string | null;
}

/**
 * The order list's status filter, search (order or PO number) and page, kept in the
 * URL like the invoice list's (`status`, `q`, and `after` as a stack of cursors, one
 * for each page after the first). A new filter or search starts from the first page.
 */
export function useOrderListParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const rawStatus = searchParams.get('status') ?? '';
  const status = isOrderStatus(rawStatus) ? rawStatus : null;
  const search = (searchParams.get('q') ?? '').trim().slice(0, MAX_SEARCH);
  const cursorKey = searchParams.getAll('after').join('\n');
  const cursors = useMemo(() => (cursorKey ? cursorKey.split('\n') : []), [cursorKey]);

  const variables = useMemo<OrderListVariables>(
    () => ({ first: ORDER_PAGE_SIZE, after: cursors.at(-1) ?? null, status, search: search || null }),
    [cursors, status, search],
  );

  const update = useCallback(
    (change: (params: URLSearchParams) => void, replace: boolean) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          change(next);
          return next;
        },
        { replace },
      ),
    [setSearchParams],
  );

  const setFilter = useCallback(
    (name: 'status' | 'q', value: string) =>
      update((params) => {
        params.delete('after');
        if (value) params.set(name, value);
        else params.delete(name);
      }, true),
    [update],
  );
  const setStatus = useCallback((next: OrderStatus | null) => setFilter('status', next ?? ''), [setFilter]);
  const setSearch = useCallback(
    (next: string) => setFilter('q', next.trim().slice(0, MAX_SEARCH)),
    [setFilter],
  );
  const clearFilters = useCallback(
    () =>
      update((params) => {
        ['status', 'q', 'after'].forEach((name) => params.delete(name));
      }, true),
    [update],
  );
  const nextPage = useCallback(
    (endCursor: string) => update((params) => params.append('after', endCursor), false),
    [update],
  );
  const previousPage = useCallback(
    () =>
      update((params) => {
        const stack = params.getAll('after');
        params.delete('after');
        stack.slice(0, -1).forEach((cursor) => params.append('after', cursor));
      }, false),
    [update],
  );

  return {
    status,
    search,
    filtered: status !== null || search !== '',
    pageIndex: cursors.length,
    variables,
    setStatus,
    setSearch,
    clearFilters,
    nextPage,
    previousPage,
  };
}

export type OrderListParams = ReturnType<typeof useOrderListParams>;
