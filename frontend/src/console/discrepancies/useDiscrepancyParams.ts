import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useUrlCursorStack } from '../../shared/app/useUrlCursorStack';
import {
  AFTER,
  DEFAULT_DISCREPANCY_FILTER,
  discrepancyFilterOf,
  isDiscrepancyFiltered,
  readDiscrepancyState,
  toDiscrepancyVariables,
  withDiscrepancyChange,
  type DiscrepancyFilterState,
  type DiscrepancyVariables,
} from './discrepancyUrl';

export interface DiscrepancyParams extends DiscrepancyFilterState {
  pageIndex: number;
  /** True when the filter is not the default (open ones, any kind, anyone's). */
  filtered: boolean;
  variables: DiscrepancyVariables;
  setFilter: (change: Partial<DiscrepancyFilterState>) => void;
  clearFilters: () => void;
  nextPage: (endCursor: string) => void;
  previousPage: () => void;
}

/** The discrepancy worklist's filters and page, kept in the URL (see discrepancyUrl.ts). */
export function useDiscrepancyParams(): DiscrepancyParams {
  const [searchParams, setSearchParams] = useSearchParams();
  const urlKey = searchParams.toString();
  const state = useMemo(() => readDiscrepancyState(new URLSearchParams(urlKey)), [urlKey]);
  const variables = useMemo(() => toDiscrepancyVariables(state), [state]);
  const { nextPage, previousPage } = useUrlCursorStack(AFTER);

  const setFilter = useCallback(
    (change: Partial<DiscrepancyFilterState>) =>
      setSearchParams((current) => withDiscrepancyChange(current, change), { replace: true }),
    [setSearchParams],
  );
  const clearFilters = useCallback(
    () => setSearchParams(withDiscrepancyChange(new URLSearchParams(), DEFAULT_DISCREPANCY_FILTER), { replace: true }),
    [setSearchParams],
  );

  return {
    ...discrepancyFilterOf(state),
    pageIndex: state.cursors.length,
    filtered: isDiscrepancyFiltered(state),
    variables,
    setFilter,
    clearFilters,
    nextPage,
    previousPage,
  };
}
