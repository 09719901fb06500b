import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  AFTER,
  EMPTY_WORKLIST_FILTER,
  isWorklistFiltered,
  readWorklistState,
  toWorklistVariables,
  withWorklistChange,
  worklistFilterOf,
  type WorklistFilterState,
  type WorklistVariables,
} from './worklistUrl';

export interface WorklistParams extends WorklistFilterState {
  pageIndex: number;
  filtered: boolean;
  variables: WorklistVariables;
  /** Changes whenever another page or filter is asked for. */
  viewKey: string;
  setFilter: (change: Partial<WorklistFilterState>) => void;
  clearFilters: () => void;
  nextPage: (endCursor: string) => void;
  previousPage: () => void;
}

/** The worklist's filters and page, kept in the URL (see worklistUrl.ts). */
export function useWorklistParams(): WorklistParams {
  const [searchParams, setSearchParams] = useSearchParams();
  const urlKey = searchParams.toString();
  const state = useMemo(() => readWorklistState(new URLSearchParams(urlKey)), [urlKey]);
  const variables = useMemo(() => toWorklistVariables(state), [state]);

  const setFilter = useCallback(
    (change: Partial<WorklistFilterState>) =>
      setSearchParams((current) => withWorklistChange(current, change), { replace: true }),
    [setSearchParams],
  );
  const clearFilters = useCallback(
    () => setSearchParams(withWorklistChange(new URLSearchParams(), EMPTY_WORKLIST_FILTER), { replace: true }),
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

  return {
    ...worklistFilterOf(state),
    pageIndex: state.cursors.length,
    filtered: isWorklistFiltered(state),
    variables,
    viewKey: JSON.stringify(variables),
    setFilter,
    clearFilters,
    nextPage,
    previousPage,
  };
}
