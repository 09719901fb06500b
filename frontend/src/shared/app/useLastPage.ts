import { useState } from 'react';

export interface ShownPage<P> {
  page: P;
  pageIndex: number;
}

/**
 * The page to show: the current one, or while the next one loads the last one
 * shown (with its page number), so a list does not jump or blank between pages.
 */
export function useLastPage<P>(page: P | undefined, pageIndex: number): ShownPage<P> | undefined {
  const [last, setLast] = useState<ShownPage<P> | undefined>(
    page === undefined ? undefined : { page, pageIndex },
  );
  if (page !== undefined && (page !== last?.page || pageIndex !== last.pageIndex)) setLast({ page, pageIndex });
  return page === undefined ? last : { page, pageIndex };
}
