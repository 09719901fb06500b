import { useQuery } from 'urql';
import { PortalInvoicesDocument } from '../shared/graphql/generated';
import { InvoiceListView } from '../shared/invoices/InvoiceListView';
import { useInvoiceListParams } from '../shared/invoices/useInvoiceListParams';

export function PortalInvoicesPage() {
  const list = useInvoiceListParams();
  const [result, reexecute] = useQuery({ query: PortalInvoicesDocument, variables: list.variables });
  return (
    <InvoiceListView
      title="Invoices"
      list={list}
      page={result.data?.invoices}
      fetching={result.fetching}
      error={result.error}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      showCustomer={false}
    />
  );
}
