import { Button } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { DocumentSearchView, type FoundDocument } from '../../shared/documents/search/DocumentSearchView';

function placeOf(document: FoundDocument) {
  if (document.disputeId) return { to: `/cases/${document.disputeId}`, label: 'Open the case' };
  if (document.invoiceId) return { to: `/invoices/${document.invoiceId}`, label: 'Open the invoice' };
  return null;
}

/** `/documents`: staff search the whole archive; `?customer=` (from a case page) keeps to one customer. */
export function ConsoleDocumentsPage() {
  const [params, setParams] = useSearchParams();
  const customer = params.get('customer');
  const customerName = params.get('customerName');
  return (
    <DocumentSearchView
      title="Documents"
      description="Search every document in the archive — text and details — internal ones included."
      placeOf={placeOf}
      extraFilter={customer ? { customerIds: [customer] } : {}}
      extraControls={
        customer && (
          <Button
            variant="light"
            onClick={() =>
              setParams((current) => {
                const next = new URLSearchParams(current);
                next.delete('customer');
                next.delete('customerName');
                next.delete('after');
                return next;
              })
            }
          >
            {`Only ${customerName ?? 'one customer'} — show all`}
          </Button>
        )
      }
    />
  );
}
