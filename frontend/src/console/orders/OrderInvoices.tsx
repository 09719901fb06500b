import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { ConsoleOrderViewFragment } from '../../shared/graphql/generated';
import { consoleInvoiceHref } from '../common/consoleLinks';

type OrderInvoice = ConsoleOrderViewFragment['invoices'][number];

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** The invoices that bill (part of) the order, each linking to its console page. */
export function OrderInvoices({ invoices }: { invoices: readonly OrderInvoice[] }) {
  if (invoices.length === 0) return <Text c="dimmed">Nothing is invoiced yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="xs" aria-label="Invoices of the order">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Invoice</Table.Th>
            <Table.Th scope="col">Issued</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Open balance
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td>
                <Anchor component={Link} to={consoleInvoiceHref(invoice.id)} fw={500}>
                  {invoice.number}
                </Anchor>
              </Table.Td>
              <Table.Td style={NUMERIC}>{formatDate(invoice.issueDate)}</Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {formatMoney(invoice.totalAmount, invoice.currency)}
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC} fw={500}>
                {formatMoney(invoice.openBalance, invoice.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
