import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { InvoiceStatus } from '../graphql/generated';
import { isInvoiceStatus } from './invoiceStatus';

export const INVOICE_PAGE_SIZE = 25;

/** The variables shared by the portal's and the console's invoice list queries. */
export interface InvoiceListVariables {
  first: number;
  after: string | null;
  filter: { status: InvoiceStatus[] | null; search: string | null } | null;
}

export interface InvoiceListParams {
  statuses: InvoiceStatus[];
  search: string;
  /** Zero-based: how many pages back the first page is. */
  pageIndex: number;
  variables: InvoiceListVariables;
  setStatuses: (statuses: InvoiceStatus[]) => void;
  setSearch: (search: string) => void;
  clearFilters: () => void;
  /** Goes to the page after the one whose last cursor is given. */
  nextPage: (endCursor: string) => void;
  previousPage: () => void;
}

/**
 * Filters and paging for an invoice list, kept in the URL so reloading,
 * sharing a link and the browser's Back button all work. Paging is by
 * cursor: `after` holds a stack with the cursor that starts each page after
 * the first, so Previous simply drops the last one.
 */
export function useInvoiceListParams(): InvoiceListParams {
  const [searchParams, setSearchParams] = useSearchParams();
  const statusKey = searchParams.getAll('status').join(',');
  const search = searchParams.get('q') ?? '';
  const cursorKey = searchParams.getAll('after').join('\n');

  const statuses = useMemo(() => (statusKey ? statusKey.split(',').filter(isInvoiceStatus) : []), [statusKey]);
  const cursors = useMemo(() => (cursorKey ? cursorKey.split('\n') : []), [cursorKey]);

  const variables = useMemo<InvoiceListVariables>(() => {
    const trimmed = search.trim();
    const hasFilter = statuses.length > 0 || trimmed !== '';
    return {
      first: INVOICE_PAGE_SIZE,
      after: cursors.at(-1) ?? null,
      filter: hasFilter ? { status: statuses.length > 0 ? statuses : null, search: trimmed || null } : null,
    };
  }, [statuses, search, cursors]);

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

  // Changing a filter starts again from the first page.
  const setStatuses = useCallback(
    (next: InvoiceStatus[]) =>
      update((params) => {
        params.delete('status');
        params.delete('after');
        next.forEach((status) => params.append('status', status));
      }, true),
    [update],
  );
  const setSearch = useCallback(
    (next: string) =>
      update((params) => {
        params.delete('after');
        if (next) params.set('q', next);
        else params.delete('q');
      }, true),
    [update],
  );
  const clearFilters = useCallback(
    () =>
      update((params) => {
        ['status', 'q', 'after'].forEach((key) => params.delete(key));
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
    statuses,
    search,
    pageIndex: cursors.length,
    variables,
    setStatuses,
    setSearch,
    clearFilters,
    nextPage,
    previousPage,
  };
}
