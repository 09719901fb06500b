import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { CaseSort } from '../../shared/graphql/generated';
import {
  AFTER,
  isQueueFiltered,
  readQueueState,
  toQueueVariables,
  withQueueChange,
  type QueueFilterState,
  type QueueState,
  type QueueVariables,
} from './queueUrl';

export interface QueueParams extends Omit<QueueState, 'cursors'> {
  pageIndex: number;
  filtered: boolean;
  variables: QueueVariables;
  /** A key that changes whenever another page or filter is asked for. */
  viewKey: string;
  setFilter: (change: Partial<QueueFilterState>) => void;
  setSort: (sort: CaseSort) => void;
  clearFilters: () => void;
  nextPage: (endCursor: string) => void;
  previousPage: () => void;
}

/** The work queue's filters, sort and page, kept in the URL (see queueUrl.ts). */
export function useQueueParams(): QueueParams {
  const [searchParams, setSearchParams] = useSearchParams();
  const urlKey = searchParams.toString();
  const state = useMemo(() => readQueueState(new URLSearchParams(urlKey)), [urlKey]);
  const variables = useMemo(() => toQueueVariables(state), [state]);

  const setFilter = useCallback(
    (change: Partial<QueueFilterState>) =>
      setSearchParams((current) => withQueueChange(current, change), { replace: true }),
    [setSearchParams],
  );
  const setSort = useCallback(
    (sort: CaseSort) => setSearchParams((current) => withQueueChange(current, { sort }), { replace: true }),
    [setSearchParams],
  );
  const clearFilters = useCallback(
    () =>
      setSearchParams((current) => {
        const { sort } = readQueueState(current);
        return withQueueChange(new URLSearchParams(), { sort });
      }, { replace: true }),
    [setSearchParams],
  );
  const nextPage = useCallback(
    (endCursor: string) =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        next.append(AFTER, endCursor);
        return next;
      }),
    [setSearchParams],
  );
  const previousPage = useCallback(
    () =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        const stack = next.getAll(AFTER);
        next.delete(AFTER);
        stack.slice(0, -1).forEach((cursor) => next.append(AFTER, cursor));
        return next;
      }),
    [setSearchParams],
  );

  const { cursors, ...shown } = state;
  return {
    ...shown,
    pageIndex: cursors.length,
    filtered: isQueueFiltered(state),
    variables,
    viewKey: JSON.stringify(variables),
    setFilter,
    setSort,
    clearFilters,
    nextPage,
    previousPage,
  };
}
