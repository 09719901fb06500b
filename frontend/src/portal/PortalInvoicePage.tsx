import { Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { DocumentsTable } from '../shared/documents/DocumentsTable';
import { PortalInvoiceDocument } from '../shared/graphql/generated';
import { InvoiceDetailStates } from '../shared/invoices/InvoiceDetailStates';
import { InvoiceDetailView } from '../shared/invoices/InvoiceDetailView';
import { InvoiceDisputes } from './disputes/InvoiceDisputes';
import { CheckedDownloadButton } from '../shared/downloads/CheckedDownloadButton';
import { CreditMemosTable } from '../shared/invoices/CreditMemosTable';
import { invoicePdfUrl } from './invoiceDownloads';

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
        <InvoiceDetailView
          invoice={invoice}
          actions={
            <CheckedDownloadButton href={invoicePdfUrl(invoice.id)} filename={`${invoice.number}.pdf`} variant="default">
              Download PDF
            </CheckedDownloadButton>
          }
        >
          <InvoiceDisputes invoice={invoice} reasons={result.data?.reasonCodes ?? []} />
          <section aria-labelledby="invoice-credit-memos-heading">
            <Title order={2} size="h4" mb="xs" id="invoice-credit-memos-heading">
              Credit memos
            </Title>
            <CreditMemosTable memos={invoice.creditMemos} currency={invoice.currency} emptyText="No credit memos on this invoice." />
          </section>
          <section aria-labelledby="invoice-documents-heading">
            <Title order={2} size="h4" mb="xs" id="invoice-documents-heading">
              Documents
            </Title>
            <DocumentsTable
              documents={invoice.documents}
              emptyText="No documents are attached to this invoice or its disputes."
            />
          </section>
        </InvoiceDetailView>
      )}
    </InvoiceDetailStates>
  );
}
