import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { InvoiceSort, InvoiceStatus } from '../graphql/generated';
import {
  FILTER_PARAMS,
  LIST_PARAM,
  isFiltered,
  readInvoiceListState,
  toInvoiceListVariables,
  withParam,
  withSort,
  type InvoiceListState,
  type InvoiceListVariables,
} from './invoiceListUrl';

export { INVOICE_PAGE_SIZE, type InvoiceListVariables } from './invoiceListUrl';

/** The range filters, each a URL parameter holding a date or an amount as typed. */
export type RangeFilter = 'issuedFrom' | 'issuedTo' | 'amountMin' | 'amountMax' | 'currency' | 'accountId';

export interface InvoiceListParams extends Omit<InvoiceListState, 'cursors'> {
  /** Zero-based: how many pages back the first page is. */
  pageIndex: number;
  /** True when any filter (not the sort) narrows the list. */
  filtered: boolean;
  variables: InvoiceListVariables;
  setStatuses: (statuses: InvoiceStatus[]) => void;
  setSearch: (search: string) => void;
  setRange: (filter: RangeFilter, value: string) => void;
  setSort: (sort: InvoiceSort) => void;
  clearFilters: () => void;
  /** Goes to the page after the one whose last cursor is given. */
  nextPage: (endCursor: string) => void;
  previousPage: () => void;
}

/**
 * Filters, sort and paging for an invoice list, kept in the URL so reloading,
 * sharing a link and the browser's Back button all work. Paging is by
 * cursor: `after` holds a stack with the cursor that starts each page after
 * the first, so Previous simply drops the last one. A cursor belongs to one
 * sort and one filter, so changing either starts again from the first page.
 */
export function useInvoiceListParams(): InvoiceListParams {
  const [searchParams, setSearchParams] = useSearchParams();
  const urlKey = searchParams.toString();
  const state = useMemo(() => readInvoiceListState(new URLSearchParams(urlKey)), [urlKey]);
  const variables = useMemo(() => toInvoiceListVariables(state), [state]);

  const update = useCallback(
    (change: (params: URLSearchParams) => URLSearchParams, replace: boolean) =>
      setSearchParams((current) => change(current), { replace }),
    [setSearchParams],
  );

  const setStatuses = useCallback(
    (next: InvoiceStatus[]) =>
      update((params) => {
        const changed = withParam(params, LIST_PARAM.status, '');
        next.forEach((status) => changed.append(LIST_PARAM.status, status));
        return changed;
      }, true),
    [update],
  );
  const setSearch = useCallback(
    (next: string) => update((params) => withParam(params, LIST_PARAM.search, next), true),
    [update],
  );
  const setRange = useCallback(
    (filter: RangeFilter, value: string) =>
      update((params) => withParam(params, LIST_PARAM[filter], value.trim()), true),
    [update],
  );
  const setSort = useCallback((sort: InvoiceSort) => update((params) => withSort(params, sort), true), [update]);
  const clearFilters = useCallback(
    () =>
      update((params) => {
        const next = new URLSearchParams(params);
        [...FILTER_PARAMS, LIST_PARAM.after].forEach((key) => next.delete(key));
        return next;
      }, true),
    [update],
  );
  const nextPage = useCallback(
    (endCursor: string) =>
      update((params) => {
        const next = new URLSearchParams(params);
        next.append(LIST_PARAM.after, endCursor);
        return next;
      }, false),
    [update],
  );
  const previousPage = useCallback(
    () =>
      update((params) => {
        const next = new URLSearchParams(params);
        const stack = next.getAll(LIST_PARAM.after);
        next.delete(LIST_PARAM.after);
        stack.slice(0, -1).forEach((cursor) => next.append(LIST_PARAM.after, cursor));
        return next;
      }, false),
    [update],
  );

  const { cursors, ...shown } = state;
  return {
    ...shown,
    pageIndex: cursors.length,
    filtered: isFiltered(state),
    variables,
    setStatuses,
    setSearch,
    setRange,
    setSort,
    clearFilters,
    nextPage,
    previousPage,
  };
}
