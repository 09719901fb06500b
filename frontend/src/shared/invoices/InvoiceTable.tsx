import { Anchor, Table, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { usePhone } from '../app/usePhone';
import { formatDate } from '../format/dates';
import { formatMoney } from '../format/money';
import type { InvoiceSummaryFragment } from '../graphql/generated';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { invoiceHref, type InvoiceListLocationState } from './invoiceLinks';
import { overdueText } from './invoiceStatus';

/** One row: the shared summary, plus the customer when the app shows it. */
export type InvoiceRow = InvoiceSummaryFragment & { account?: { name: string } };

interface InvoiceTableProps {
  invoices: InvoiceRow[];
  showCustomer: boolean;
}

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

export function InvoiceTable({ invoices, showCustomer }: InvoiceTableProps) {
  const location = useLocation();
  const linkState: InvoiceListLocationState = { listSearch: location.search };
  const phone = usePhone();

  if (phone) {
    // A phone gets the columns that matter, no sideways scrolling: the invoice (with its due date), status, balance.
    return (
      <Table striped verticalSpacing="xs" aria-label="Invoices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Invoice</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Open
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td>
                <Anchor component={Link} to={invoiceHref(invoice.id)} state={linkState} fw={500}>
                  {invoice.number}
                </Anchor>
                <Text size="xs" c={invoice.daysOverdue > 0 ? 'red.8' : 'dimmed'}>
                  {invoice.daysOverdue > 0 ? overdueText(invoice.daysOverdue) : `Due ${formatDate(invoice.dueDate)}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <InvoiceStatusBadge status={invoice.status} />
              </Table.Td>
              <Table.Td {...NUMERIC} fw={500}>
                {formatMoney(invoice.openBalance, invoice.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }

  return (
    <Table.ScrollContainer minWidth={showCustomer ? 960 : 820}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Invoices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Invoice</Table.Th>
            {showCustomer && <Table.Th scope="col">Customer</Table.Th>}
            <Table.Th scope="col">PO</Table.Th>
            <Table.Th scope="col">Issued</Table.Th>
            <Table.Th scope="col">Due</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
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
              <Table.Td style={NO_WRAP}>
                <Anchor component={Link} to={invoiceHref(invoice.id)} state={linkState} fw={500}>
                  {invoice.number}
                </Anchor>
              </Table.Td>
              {showCustomer && <Table.Td>{invoice.account?.name}</Table.Td>}
              <Table.Td style={NO_WRAP}>{invoice.poNumber ?? <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td style={NUMERIC.style}>{formatDate(invoice.issueDate)}</Table.Td>
              <Table.Td style={NUMERIC.style}>
                {formatDate(invoice.dueDate)}
                {invoice.daysOverdue > 0 && (
                  <Text size="xs" c="red.8">
                    {overdueText(invoice.daysOverdue)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <InvoiceStatusBadge status={invoice.status} />
              </Table.Td>
              <Table.Td {...NUMERIC}>{formatMoney(invoice.totalAmount, invoice.currency)}</Table.Td>
              <Table.Td {...NUMERIC} fw={500}>
                {formatMoney(invoice.openBalance, invoice.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
