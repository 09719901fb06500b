/** Router state carried from the list to an invoice, so "Back" keeps filters and page. */
export interface InvoiceListLocationState {
  listSearch: string;
}

export function invoiceHref(id: string): string {
  return `/invoices/${encodeURIComponent(id)}`;
}

/** Where "Back to invoices" goes: the list as the user left it, if known. */
export function invoiceListHref(state: unknown): string {
  const search = (state as Partial<InvoiceListLocationState> | null)?.listSearch;
  return typeof search === 'string' && search.startsWith('?') ? `/${search}` : '/';
}
