/** Where a dispute's page is, relative to the portal's base path. */
export function disputeHref(id: string): string {
  return `/disputes/${encodeURIComponent(id)}`;
}

export const DISPUTE_LIST_HREF = '/disputes';
