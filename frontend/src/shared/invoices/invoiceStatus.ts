import type { InvoiceStatus } from '../graphql/generated';

interface StatusLook {
  label: string;
  color: string;
}

const STATUS_LOOKS: Record<InvoiceStatus, StatusLook> = {
  OPEN: { label: 'Open', color: 'blue' },
  OVERDUE: { label: 'Overdue', color: 'red' },
  DISPUTED: { label: 'Disputed', color: 'orange' },
  PAID: { label: 'Paid', color: 'green' },
  CREDITED: { label: 'Credited', color: 'gray' },
};

/** Every status, in the order the filter offers them. */
export const INVOICE_STATUSES = Object.keys(STATUS_LOOKS) as InvoiceStatus[];

export function isInvoiceStatus(value: string): value is InvoiceStatus {
  return Object.hasOwn(STATUS_LOOKS, value);
}

export function invoiceStatusLook(status: InvoiceStatus): StatusLook {
  return STATUS_LOOKS[status] ?? { label: status, color: 'gray' };
}

/** "1 day overdue", "12 days overdue". */
export function overdueText(days: number): string {
  return days === 1 ? '1 day overdue' : `${days} days overdue`;
}
