/** Router state carried from the list to an order, so "Back to orders" keeps the filters and page. */
export interface OrderListLocationState {
  orderListSearch: string;
}

export const ORDER_LIST_HREF = '/orders';

/** Where an order's page is, relative to the portal's base path. */
export function orderHref(id: string): string {
  return `${ORDER_LIST_HREF}/${encodeURIComponent(id)}`;
}

/** Where "Back to orders" goes: the list as the user left it, if known. */
export function orderListHref(state: unknown): string {
  const search = (state as Partial<OrderListLocationState> | null)?.orderListSearch;
  return typeof search === 'string' && search.startsWith('?') ? `${ORDER_LIST_HREF}${search}` : ORDER_LIST_HREF;
}
