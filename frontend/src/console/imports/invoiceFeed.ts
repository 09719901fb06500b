import { csrfHeaders } from '../../shared/auth/csrf';

/** One row of the file that was not applied, as the server reports it. */
export interface FeedRowError {
  row: number;
  invoice_number: string;
  message: string;
}

/** The answer of `POST /api/imports/invoices` (docs/IMPORTS.md, "Invoice feed"). */
export interface FeedReport {
  status: 'applied' | 'partial' | 'rejected';
  rows: number;
  invoices: number;
  created: number;
  updated: number;
  unchanged: number;
  customers_created: number;
  customers_updated: number;
  rejected: number;
  errors: FeedRowError[];
  rejected_invoices: string[];
}

/** A refusal that is not a report (not signed in, not allowed, too large, …); `message` is fit to show. */
export class FeedUploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedUploadError';
  }
}

const UNREACHABLE = 'Recoup could not be reached. Check your connection, then try again.';

/** Uploads an invoice feed; resolves with the report (also when nothing was applied). */
export async function uploadInvoiceFeed(file: File, acceptValid: boolean): Promise<FeedReport> {
  const form = new FormData();
  form.append('file', file);
  if (acceptValid) form.append('accept_valid', 'true');
  let response: Response;
  try {
    response = await fetch('/api/imports/invoices', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...csrfHeaders() },
      body: form,
    });
  } catch {
    throw new FeedUploadError(UNREACHABLE);
  }
  const body = (await response.json().catch(() => null)) as (FeedReport & { message?: string }) | null;
  if ((response.ok || response.status === 422) && body && 'status' in body && Array.isArray(body.errors)) {
    return body;
  }
  throw new FeedUploadError(body?.message ?? `The import was refused (HTTP ${response.status}).`);
}
