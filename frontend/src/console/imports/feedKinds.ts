import type { FeedReport } from './invoiceFeed';
import type { OrderFeedKind, OrderFeedReport } from './orderFeed';

// The three ERP feeds staff upload on the imports page, chosen by `?feed=` (invoices when absent), and their
// reports brought to one shape for showing.

export type FeedKind = 'invoices' | OrderFeedKind;
export const FEED_KINDS: readonly FeedKind[] = ['invoices', 'orders', 'deliveries'];

export interface FeedText {
  /** The choice's label. */
  choice: string;
  title: string;
  description: string;
  /** What a feed holds, plural, in the sentences ("the valid orders"). */
  noun: string;
  /** The column of a bad row's record number. */
  numberLabel: string;
}

export const FEED_TEXTS: Record<FeedKind, FeedText> = {
  invoices: {
    choice: 'Invoices',
    title: 'Invoice feed',
    description:
      'Import the ERP’s invoices: one CSV row per invoice line. New invoices and customers are created, ' +
      'changed ones updated, identical ones left alone.',
    noun: 'invoices',
    numberLabel: 'Invoice',
  },
  orders: {
    choice: 'Orders',
    title: 'Order feed',
    description:
      'Import the ERP’s sales orders: one CSV row per order line. A new order is checked against its ' +
      'customer’s credit and held when it would break it; a higher revision updates the order.',
    noun: 'orders',
    numberLabel: 'Order',
  },
  deliveries: {
    choice: 'Deliveries',
    title: 'Delivery feed',
    description:
      'Import the ERP’s deliveries: one CSV row per order line shipped. New deliveries are added, known ones ' +
      'take their new dates and quantities; orders are reconciled again.',
    noun: 'deliveries',
    numberLabel: 'Delivery',
  },
};

export function isFeedKind(value: string): value is FeedKind {
  return (FEED_KINDS as readonly string[]).includes(value);
}

/** The feed the URL asks for; the invoice feed when it names none (or one that does not exist). */
export function readFeedKind(params: URLSearchParams): FeedKind {
  const feed = params.get('feed') ?? '';
  return isFeedKind(feed) ? feed : 'invoices';
}

export interface FeedSummary {
  status: FeedReport['status'];
  rows: number;
  /** Invoices, orders or deliveries in the file. */
  records: number;
  counts: { label: string; value: number }[];
  errors: { row: number; number: string; message: string }[];
  rejectedNumbers: string[];
}

export function invoiceFeedSummary(report: FeedReport): FeedSummary {
  return {
    status: report.status,
    rows: report.rows,
    records: report.invoices,
    counts: [
      { label: 'Created', value: report.created },
      { label: 'Updated', value: report.updated },
      { label: 'Unchanged', value: report.unchanged },
      { label: 'Rejected', value: report.rejected },
      { label: 'New customers', value: report.customers_created },
      { label: 'Renamed customers', value: report.customers_updated },
    ],
    errors: report.errors.map((error) => ({ row: error.row, number: error.invoice_number, message: error.message })),
    rejectedNumbers: report.rejected_invoices,
  };
}

export function orderFeedSummary(kind: OrderFeedKind, report: OrderFeedReport): FeedSummary {
  const counts = [
    { label: 'Created', value: report.created },
    { label: 'Updated', value: report.updated },
    { label: 'Unchanged', value: report.unchanged },
    { label: 'Rejected', value: report.rejected },
  ];
  // Only a new order is held (for credit); a delivery never is.
  if (kind === 'orders') counts.push({ label: 'Held for credit', value: report.held });
  return {
    status: report.status,
    rows: report.rows,
    records: report[kind] ?? 0,
    counts,
    errors: report.errors,
    rejectedNumbers: report.rejected_numbers,
  };
}
