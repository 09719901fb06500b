import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { usePhone } from '../../shared/app/usePhone';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { PortalOrderQuery } from '../../shared/graphql/generated';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';

type OrderInvoice = NonNullable<PortalOrderQuery['order']>['invoices'][number];

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

/** The invoices that bill the order, each linked to its page. */
export function OrderInvoicesTable({ invoices }: { invoices: OrderInvoice[] }) {
  const phone = usePhone();
  if (invoices.length === 0) return <Text c="dimmed">Nothing has been invoiced on this order yet.</Text>;
  const link = (invoice: OrderInvoice) => (
    <Anchor component={Link} to={invoiceHref(invoice.id)} fw={500}>
      {invoice.number}
    </Anchor>
  );

  return (
    <Table.ScrollContainer minWidth={phone ? 300 : 560}>
      <Table striped verticalSpacing="xs" aria-label="Invoices for this order">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Invoice</Table.Th>
            {!phone && <Table.Th scope="col">Issued</Table.Th>}
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
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {link(invoice)}
                {phone && (
                  <Text size="xs" c="dimmed">
                    {formatDate(invoice.issueDate)}
                  </Text>
                )}
              </Table.Td>
              {!phone && <Table.Td style={NUMERIC.style}>{formatDate(invoice.issueDate)}</Table.Td>}
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
