import { useQuery } from 'urql';
import { ConsoleInvoicesDocument } from '../shared/graphql/generated';
import { InvoiceListView } from '../shared/invoices/InvoiceListView';
import { useInvoiceListParams } from '../shared/invoices/useInvoiceListParams';

export function ConsoleInvoicesPage() {
  const list = useInvoiceListParams();
  const [result, reexecute] = useQuery({ query: ConsoleInvoicesDocument, variables: list.variables });
  return (
    <InvoiceListView
      title="All invoices"
      list={list}
      page={result.data?.invoices}
      fetching={result.fetching}
      error={result.error}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      showCustomer
    />
  );
}
