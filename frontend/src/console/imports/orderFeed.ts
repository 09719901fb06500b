import { postFeedFile } from './invoiceFeed';

export type OrderFeedKind = 'orders' | 'deliveries';

/** The answer of `POST /api/imports/orders` and `/api/imports/deliveries`; the record count is named after the feed. */
export interface OrderFeedReport {
  status: 'applied' | 'partial' | 'rejected';
  rows: number;
  orders?: number;
  deliveries?: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Orders held for credit on arrival. */
  held: number;
  rejected: number;
  errors: { row: number; number: string; message: string }[];
  rejected_numbers: string[];
}

/** Uploads an order or delivery feed; resolves with the report (also when nothing was applied). */
export function uploadOrderFeed(kind: OrderFeedKind, file: File, acceptValid: boolean): Promise<OrderFeedReport> {
  return postFeedFile<OrderFeedReport>(`/api/imports/${kind}`, file, acceptValid);
}
