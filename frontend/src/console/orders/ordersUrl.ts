import type { OrderStatus } from '../../shared/graphql/generated';
import { isOrderStatus } from './orderLabels';

// The order list in the URL: `status` (one OrderStatus, left out for any), `search` (an order, PO or customer), and
// `after`, the stack of cursors of the pages after the first. Changing a filter starts again at page one.

export const ORDER_PAGE_SIZE = 25;
export const AFTER = 'after';

export interface OrderFilterState {
  status: OrderStatus | null;
  search: string;
}

export interface OrderListState extends OrderFilterState {
  cursors: string[];
}

export function readOrderListState(params: URLSearchParams): OrderListState {
  const status = params.get('status') ?? '';
  return {
    status: isOrderStatus(status) ? status : null,
    search: (params.get('search') ?? '').trim(),
    cursors: params.getAll(AFTER),
  };
}

/** Writes a filter as URL parameters; any status and a blank search are left out. */
export function orderListSearchParams(filter: OrderFilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  const search = filter.search.trim();
  if (search) params.set('search', search);
  return params;
}

/** The URL after changing part of the filter: the page stack is dropped. */
export function withOrderListChange(params: URLSearchParams, change: Partial<OrderFilterState>): URLSearchParams {
  const { status, search } = readOrderListState(params);
  return orderListSearchParams({ status, search, ...change });
}

export function toOrderListVariables(state: OrderListState) {
  return {
    status: state.status,
    search: state.search || null,
    first: ORDER_PAGE_SIZE,
    after: state.cursors.at(-1) ?? null,
  };
}
