/** Where a case's page is, relative to the console's base path. */
export function caseHref(id: string): string {
  return `/cases/${encodeURIComponent(id)}`;
}

export function consoleInvoiceHref(id: string): string {
  return `/invoices/${encodeURIComponent(id)}`;
}

export const INVOICE_LIST_HREF = '/invoices';
export const DASHBOARD_HREF = '/dashboard';
