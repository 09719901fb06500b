import type { OrderStatus } from '../../shared/graphql/generated';

interface StatusLook {
  /** In plain words, as the customer reads it. */
  label: string;
  color: string;
  /** What the status means for the customer, where the word alone does not say it. */
  hint: string | null;
}

const STATUS_LOOKS: Record<OrderStatus, StatusLook> = {
  RECEIVED: { label: 'Received', color: 'blue', hint: null },
  ON_HOLD: { label: 'On hold', color: 'orange', hint: 'Waiting for credit approval' },
  REJECTED: { label: 'Rejected', color: 'red', hint: null },
  APPROVED: { label: 'Approved', color: 'cyan', hint: null },
  SHIPPED: { label: 'Shipped', color: 'indigo', hint: null },
  DELIVERED: { label: 'Delivered', color: 'violet', hint: null },
  INVOICED: { label: 'Invoiced', color: 'grape', hint: null },
  PAID: { label: 'Paid', color: 'green', hint: null },
  CLOSED: { label: 'Closed', color: 'gray', hint: null },
};

/** Every status, in the order a customer follows an order (and of the status filter). */
export const ORDER_STATUSES = Object.keys(STATUS_LOOKS) as OrderStatus[];

export function isOrderStatus(value: string): value is OrderStatus {
  return Object.hasOwn(STATUS_LOOKS, value);
}

export function orderStatusLook(status: OrderStatus): StatusLook {
  return STATUS_LOOKS[status] ?? { label: status, color: 'gray', hint: null };
}

/** The status with what it means, for a filter's options: "On hold (waiting for credit approval)". */
export function orderStatusOption(status: OrderStatus): string {
  const { label, hint } = orderStatusLook(status);
  return hint ? `${label} (${hint.toLowerCase()})` : label;
}
