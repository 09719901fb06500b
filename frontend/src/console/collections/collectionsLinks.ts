/** Where the collections pages are, relative to the console's base path. */
export const WORKLIST_HREF = '/collections';
export const DUNNING_PREVIEW_HREF = '/collections/preview';

export function collectionsAccountHref(accountId: string): string {
  return `/collections/accounts/${encodeURIComponent(accountId)}`;
}

/** The dunning preview narrowed to some accounts (all accounts when none are given). */
export function dunningPreviewHref(accountIds: readonly string[] = []): string {
  const params = new URLSearchParams();
  accountIds.forEach((id) => params.append('accountId', id));
  const search = params.toString();
  return search ? `${DUNNING_PREVIEW_HREF}?${search}` : DUNNING_PREVIEW_HREF;
}
