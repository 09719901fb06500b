/** Where the order pages are, relative to the console's base path. */
export const ORDERS_HREF = '/orders';
export const DISCREPANCIES_HREF = '/discrepancies';

export function orderHref(id: string): string {
  return `${ORDERS_HREF}/${encodeURIComponent(id)}`;
}
