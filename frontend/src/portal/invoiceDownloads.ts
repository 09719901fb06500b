/** The invoice as a PDF, rendered by the server (same origin: the session cookie goes along). */
export function invoicePdfUrl(invoiceId: string): string {
  return `/api/invoices/${encodeURIComponent(invoiceId)}/pdf`;
}
