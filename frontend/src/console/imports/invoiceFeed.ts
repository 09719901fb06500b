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

/**
 * Uploads a feed file to one of the console's import routes; resolves with the report (also when nothing was
 * applied: HTTP 422), and throws a FeedUploadError with the server's words for any other refusal.
 */
export async function postFeedFile<R extends { status: string; errors: unknown[] }>(
  url: string,
  file: File,
  acceptValid: boolean,
): Promise<R> {
  const form = new FormData();
  form.append('file', file);
  if (acceptValid) form.append('accept_valid', 'true');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...csrfHeaders() },
      body: form,
    });
  } catch {
    throw new FeedUploadError(UNREACHABLE);
  }
  const body = (await response.json().catch(() => null)) as (R & { message?: string }) | null;
  if ((response.ok || response.status === 422) && body && 'status' in body && Array.isArray(body.errors)) {
    return body;
  }
  throw new FeedUploadError(body?.message ?? `The import was refused (HTTP ${response.status}).`);
}

/** Uploads an invoice feed; resolves with the report (also when nothing was applied). */
export function uploadInvoiceFeed(file: File, acceptValid: boolean): Promise<FeedReport> {
  return postFeedFile<FeedReport>('/api/imports/invoices', file, acceptValid);
}
