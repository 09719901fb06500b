import { useQuery } from 'urql';
import { ConsoleCustomerInvoicesDocument, ConsoleInvoicesDocument } from '../shared/graphql/generated';
import { InvoiceListView } from '../shared/invoices/InvoiceListView';
import { useInvoiceListParams } from '../shared/invoices/useInvoiceListParams';

/** Every customer's invoices, or one customer's (`accountId` in the URL: a report's drill-down), under a filter. */
export function ConsoleInvoicesPage() {
  const list = useInvoiceListParams();
  const one = list.accountId !== '';
  const [every, reexecuteEvery] = useQuery({ query: ConsoleInvoicesDocument, variables: list.variables, pause: one });
  const [customer, reexecuteCustomer] = useQuery({
    query: ConsoleCustomerInvoicesDocument,
    variables: { ...list.variables, accountId: list.accountId },
    pause: !one,
  });
  const result = one ? customer : every;
  return (
    <InvoiceListView
      title="All invoices"
      list={list}
      page={one ? customer.data?.customerInvoices : every.data?.invoices}
      fetching={result.fetching}
      error={result.error}
      onRetry={() => (one ? reexecuteCustomer : reexecuteEvery)({ requestPolicy: 'network-only' })}
      showCustomer
    />
  );
}
