import type { ReactNode } from 'react';
import { Anchor, Group, Stack, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { InvoiceDetailFragment } from '../graphql/generated';
import { FactList, invoiceAmountFacts, invoiceDocumentFacts, type Fact } from './InvoiceFacts';
import { InvoiceLinesTable } from './InvoiceLinesTable';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { invoiceListHref } from './invoiceLinks';

export function BackToInvoices() {
  const location = useLocation();
  return (
    <Anchor component={Link} to={invoiceListHref(location.state)} size="sm">
      ← Back to invoices
    </Anchor>
  );
}

interface InvoiceDetailViewProps {
  invoice: InvoiceDetailFragment;
  /** Facts only one app shows, e.g. the customer in the console. */
  extraFacts?: Fact[];
  /** Buttons or links beside the title, e.g. the portal's PDF download. */
  actions?: ReactNode;
  /** Sections only one app shows, placed after the amounts, e.g. the portal's disputes. */
  children?: ReactNode;
}

export function InvoiceDetailView({ invoice, extraFacts = [], actions, children }: InvoiceDetailViewProps) {
  return (
    <Stack gap="lg">
      <title>{`Invoice ${invoice.number} · Recoup`}</title>
      <Stack gap="xs">
        <BackToInvoices />
        <Group justify="space-between" align="center" gap="sm">
          <Group gap="sm" align="center">
            <Title order={1} size="h2">
              Invoice {invoice.number}
            </Title>
            <InvoiceStatusBadge status={invoice.status} />
          </Group>
          {actions}
        </Group>
      </Stack>
      <FactList label="Invoice details" facts={[...extraFacts, ...invoiceDocumentFacts(invoice)]} />
      <section aria-labelledby="amounts-heading">
        <Title order={2} size="h4" mb="xs" id="amounts-heading">
          Amounts
        </Title>
        <FactList label="Amounts" facts={invoiceAmountFacts(invoice)} />
      </section>
      {children}
      <section aria-labelledby="lines-heading">
        <Title order={2} size="h4" mb="xs" id="lines-heading">
          Lines
        </Title>
        <InvoiceLinesTable invoice={invoice} />
      </section>
    </Stack>
  );
}
