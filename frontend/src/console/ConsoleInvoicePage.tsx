import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { ConsoleInvoiceDocument } from '../shared/graphql/generated';
import { InvoiceDetailStates } from '../shared/invoices/InvoiceDetailStates';
import { InvoiceDetailView } from '../shared/invoices/InvoiceDetailView';

export function ConsoleInvoicePage() {
  const { invoiceId = '' } = useParams();
  const [result, reexecute] = useQuery({ query: ConsoleInvoiceDocument, variables: { id: invoiceId } });
  return (
    <InvoiceDetailStates
      invoice={result.data?.invoice}
      fetching={result.fetching}
      error={result.error}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
    >
      {(invoice) => (
        <InvoiceDetailView
          invoice={invoice}
          extraFacts={[
            { label: 'Customer', value: invoice.account.name },
            { label: 'Customer number', value: invoice.account.number },
          ]}
        />
      )}
    </InvoiceDetailStates>
  );
}
