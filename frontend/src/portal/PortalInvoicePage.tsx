import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { PortalInvoiceDocument } from '../shared/graphql/generated';
import { InvoiceDetailStates } from '../shared/invoices/InvoiceDetailStates';
import { InvoiceDetailView } from '../shared/invoices/InvoiceDetailView';
import { InvoiceDisputes } from './disputes/InvoiceDisputes';

export function PortalInvoicePage() {
  const { invoiceId = '' } = useParams();
  const [result, reexecute] = useQuery({ query: PortalInvoiceDocument, variables: { id: invoiceId } });
  return (
    <InvoiceDetailStates
      invoice={result.data?.invoice}
      fetching={result.fetching}
      error={result.error}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
    >
      {(invoice) => (
        <InvoiceDetailView invoice={invoice}>
          <InvoiceDisputes invoice={invoice} reasons={result.data?.reasonCodes ?? []} />
        </InvoiceDetailView>
      )}
    </InvoiceDetailStates>
  );
}
