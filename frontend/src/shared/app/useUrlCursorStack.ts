import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Cursor paging kept in one URL parameter: it holds the cursor that starts
 * each page after the first, so Next pushes one, Previous drops the last one,
 * and reloading or Back keeps the page.
 */
export function useUrlCursorStack(param: string) {
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.getAll(param).join('\n');
  const cursors = useMemo(() => (key ? key.split('\n') : []), [key]);

  const nextPage = useCallback(
    (endCursor: string) =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        next.append(param, endCursor);
        return next;
      }),
    [param, setSearchParams],
  );
  const previousPage = useCallback(
    () =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        const stack = next.getAll(param);
        next.delete(param);
        stack.slice(0, -1).forEach((cursor) => next.append(param, cursor));
        return next;
      }),
    [param, setSearchParams],
  );

  return { after: cursors.at(-1) ?? null, pageIndex: cursors.length, nextPage, previousPage };
}
