import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { CaseDetailFragment } from '../../shared/graphql/generated';
import { FactList, invoiceAmountFacts } from '../../shared/invoices/InvoiceFacts';
import { CreditMemosTable } from '../../shared/invoices/CreditMemosTable';
import { InvoiceLinesTable } from '../../shared/invoices/InvoiceLinesTable';
import { consoleInvoiceHref } from '../common/consoleLinks';

type Invoice = CaseDetailFragment['invoice'];

/** The disputed invoice: its amounts, lines and the credit memos issued against it. */
export function CaseInvoice({ invoice }: { invoice: Invoice }) {
  return (
    <Stack gap="sm">
      <Text size="sm">
        Invoice{' '}
        <Anchor component={Link} to={consoleInvoiceHref(invoice.id)} fw={600}>
          {invoice.number}
        </Anchor>
        {invoice.poNumber ? ` · PO ${invoice.poNumber}` : ''}
      </Text>
      <FactList label="Invoice amounts" facts={invoiceAmountFacts(invoice)} />
      <Title order={3} size="h5">
        Credit memos
      </Title>
      <CreditMemosTable memos={invoice.creditMemos} currency={invoice.currency} emptyText="No credit memos on this invoice." />
      <Title order={3} size="h5">
        Lines
      </Title>
      <InvoiceLinesTable invoice={invoice} />
    </Stack>
  );
}
