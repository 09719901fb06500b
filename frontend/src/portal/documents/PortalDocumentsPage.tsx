import { DocumentSearchView, type FoundDocument } from '../../shared/documents/search/DocumentSearchView';

function placeOf(document: FoundDocument) {
  if (document.disputeId) return { to: `/disputes/${document.disputeId}`, label: 'Open the dispute' };
  if (document.invoiceId) return { to: `/invoices/${document.invoiceId}`, label: 'Open the invoice' };
  return null;
}

/** `/documents`: search every document of the customer's own account by what it says. */
export function PortalDocumentsPage() {
  return (
    <DocumentSearchView
      title="Documents"
      description="Every proof of delivery, photo and claim your company has sent us, found by what it says."
      placeOf={placeOf}
    />
  );
}
