import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../shared/app/PageStates';
import { ConsoleInvoiceDocument } from '../shared/graphql/generated';
import { FactList, invoiceAmountFacts, invoiceDocumentFacts } from '../shared/invoices/InvoiceFacts';
import { InvoiceLinesTable } from '../shared/invoices/InvoiceLinesTable';
import { InvoiceStatusBadge } from '../shared/invoices/InvoiceStatusBadge';
import { INVOICE_LIST_HREF } from './common/consoleLinks';

// The console's own copy of the shared invoice detail frame: the shared "Back to
// invoices" goes to "/", which in the console is the work queue, not the list.

function BackToInvoices() {
  const state = useLocation().state as { listSearch?: unknown } | null;
  const search = typeof state?.listSearch === 'string' && state.listSearch.startsWith('?') ? state.listSearch : '';
  return (
    <Anchor component={Link} to={`${INVOICE_LIST_HREF}${search}`} size="sm">
      ← Back to invoices
    </Anchor>
  );
}

export function ConsoleInvoicePage() {
  const { invoiceId = '' } = useParams();
  const [result, reexecute] = useQuery({ query: ConsoleInvoiceDocument, variables: { id: invoiceId } });
  const invoice = result.data?.invoice;

  if (result.error && !result.data) {
    return (
      <Stack gap="md">
        <BackToInvoices />
        <ErrorState title="We couldn't load this invoice" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      </Stack>
    );
  }
  if (!result.data) return <LoadingState label="Loading invoice…" />;
  if (!invoice) {
    return (
      <Stack gap="md">
        <title>Invoice not found · Recoup</title>
        <BackToInvoices />
        <Paper withBorder p="xl">
          <Title order={1} size="h2">
            Invoice not found
          </Title>
          <Text mt="xs" c="dimmed">
            This invoice doesn't exist. Check the link, or find it in the invoice list.
          </Text>
        </Paper>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <title>{`Invoice ${invoice.number} · Recoup`}</title>
      <Stack gap="xs">
        <BackToInvoices />
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            Invoice {invoice.number}
          </Title>
          <InvoiceStatusBadge status={invoice.status} />
        </Group>
      </Stack>
      <FactList
        label="Invoice details"
        facts={[
          { label: 'Customer', value: invoice.account.name },
          { label: 'Customer number', value: invoice.account.number },
          ...invoiceDocumentFacts(invoice),
        ]}
      />
      <section aria-labelledby="amounts-heading">
        <Title order={2} size="h4" mb="xs" id="amounts-heading">
          Amounts
        </Title>
        <FactList label="Amounts" facts={invoiceAmountFacts(invoice)} />
      </section>
      <section aria-labelledby="lines-heading">
        <Title order={2} size="h4" mb="xs" id="lines-heading">
          Lines
        </Title>
        <InvoiceLinesTable invoice={invoice} />
      </section>
    </Stack>
  );
}
