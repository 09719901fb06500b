import type { OrderStatus, UserRole } from '../../shared/graphql/generated';
import { humanizeKey } from '../case/auditValues';

const STATUS_LOOKS: Record<OrderStatus, { label: string; color: string }> = {
  RECEIVED: { label: 'Received', color: 'gray' },
  ON_HOLD: { label: 'On credit hold', color: 'red' },
  REJECTED: { label: 'Rejected', color: 'red' },
  APPROVED: { label: 'Approved', color: 'blue' },
  SHIPPED: { label: 'Shipped', color: 'indigo' },
  DELIVERED: { label: 'Delivered', color: 'cyan' },
  INVOICED: { label: 'Invoiced', color: 'yellow' },
  PAID: { label: 'Paid', color: 'green' },
  CLOSED: { label: 'Closed', color: 'gray' },
};

/** Every status, in the order a customer follows an order. */
export const ORDER_STATUSES = Object.keys(STATUS_LOOKS) as OrderStatus[];
export const isOrderStatus = (value: string): value is OrderStatus => Object.hasOwn(STATUS_LOOKS, value);
export const orderStatusLook = (status: OrderStatus) => STATUS_LOOKS[status] ?? { label: status, color: 'gray' };

// The credit decision arrives as the domain's word (approved, held, rejected); an unknown one is shown as sent.
const DECISION_LOOKS: Record<string, { label: string; color: string }> = {
  approved: { label: 'Credit approved', color: 'green' },
  held: { label: 'Held for credit', color: 'red' },
  rejected: { label: 'Credit rejected', color: 'red' },
};
export const creditDecisionLook = (decision: string) => DECISION_LOOKS[decision] ?? { label: decision, color: 'gray' };
export const isHeldForCredit = (decision: string) => decision === 'held';

const SOURCE_LABELS: Record<string, string> = {
  pod: 'proof of delivery',
  feed: 'delivery feed',
  staff: 'entered by staff',
};
/** Where a delivered count is from, in words ("pod" → "proof of delivery"). */
export const deliveredSourceLabel = (source: string) => SOURCE_LABELS[source] ?? source;

/** Credit managers and admins approve or reject a held order (the server checks it again). */
export function canDecideHeldOrders(role: UserRole | null | undefined): boolean {
  return role === 'CREDIT_MANAGER' || role === 'ADMIN';
}

/** AR clerks, credit managers and admins settle discrepancies and record delivered quantities; collectors look. */
export function canSettleDiscrepancies(role: UserRole | null | undefined): boolean {
  return role === 'AR_CLERK' || role === 'CREDIT_MANAGER' || role === 'ADMIN';
}

// An order's history holds the order's own events and its deliveries'; the entity is part of what happened.
const ACTION_LABELS: Record<string, string> = {
  'order.received': 'Order received',
  'order.revised': 'Order revised',
  'order.approved': 'Approved for credit',
  'order.rejected': 'Rejected for credit',
  'order.status_changed': 'Status changed',
  'delivery.recorded': 'Delivery recorded',
  'delivery.updated': 'Delivery updated',
  'delivery.pod_linked': 'Proof of delivery linked',
  'delivery.quantity_recorded': 'Delivered quantity recorded',
  'discrepancy.resolved': 'Discrepancy settled',
};

/** "delivery.pod_linked" → "Proof of delivery linked"; an action this app does not know reads "Entity: what". */
export function orderActionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const dot = action.indexOf('.');
  if (dot < 0) return humanizeKey(action);
  return `${humanizeKey(action.slice(0, dot))}: ${humanizeKey(action.slice(dot + 1)).toLowerCase()}`;
}
