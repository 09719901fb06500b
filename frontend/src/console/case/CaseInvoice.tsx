import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatInstantDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { CaseDetailFragment } from '../../shared/graphql/generated';
import { FactList, invoiceAmountFacts } from '../../shared/invoices/InvoiceFacts';
import { InvoiceLinesTable } from '../../shared/invoices/InvoiceLinesTable';
import { consoleInvoiceHref } from '../common/consoleLinks';

type Invoice = CaseDetailFragment['invoice'];

/** The disputed invoice: its amounts, lines and the credit memos issued against it. */
export function CaseInvoice({ invoice }: { invoice: Invoice }) {
  const money = (amount: string) => formatMoney(amount, invoice.currency);
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
      {invoice.creditMemos.length === 0 ? (
        <Text c="dimmed" size="sm">
          No credit memos on this invoice.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Credit memos" maw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Number</Table.Th>
              <Table.Th scope="col">Issued</Table.Th>
              <Table.Th scope="col" ta="right">
                Amount
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoice.creditMemos.map((memo) => (
              <Table.Tr key={memo.id}>
                <Table.Td fw={500}>
                  {memo.number}
                  {memo.reversedAt ? ` (reversed ${formatInstantDate(memo.reversedAt)})` : ''}
                </Table.Td>
                <Table.Td>{formatInstantDate(memo.issuedAt)}</Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {money(memo.amount)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3} size="h5">
        Lines
      </Title>
      <InvoiceLinesTable invoice={invoice} />
    </Stack>
  );
}
