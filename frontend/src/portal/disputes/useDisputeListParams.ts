import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { isDisputeStatus } from '../../shared/disputes/disputeStatus';
import type { DisputeStatus } from '../../shared/graphql/generated';

export const DISPUTE_PAGE_SIZE = 25;

export interface DisputeListVariables {
  first: number;
  after: string | null;
  status: DisputeStatus[] | null;
}

/**
 * The dispute list's status filter and page, kept in the URL like the invoice
 * list's: `status` may repeat, and `after` is a stack of cursors, one for each
 * page after the first, so Previous drops the last one.
 */
export function useDisputeListParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const statusKey = searchParams.getAll('status').join(',');
  const cursorKey = searchParams.getAll('after').join('\n');
  const statuses = useMemo(() => (statusKey ? statusKey.split(',').filter(isDisputeStatus) : []), [statusKey]);
  const cursors = useMemo(() => (cursorKey ? cursorKey.split('\n') : []), [cursorKey]);

  const variables = useMemo<DisputeListVariables>(
    () => ({ first: DISPUTE_PAGE_SIZE, after: cursors.at(-1) ?? null, status: statuses.length > 0 ? statuses : null }),
    [statuses, cursors],
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

  const setStatuses = useCallback(
    (next: DisputeStatus[]) =>
      update((params) => {
        params.delete('status');
        params.delete('after');
        next.forEach((status) => params.append('status', status));
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

  return { statuses, pageIndex: cursors.length, variables, setStatuses, nextPage, previousPage };
}
