import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { usePhone } from '../../shared/app/usePhone';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { ReminderItemRowFragment } from '../../shared/graphql/generated';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';
import { overdueText } from '../../shared/invoices/invoiceStatus';

interface ReminderItemsTableProps {
  /** Names the table for screen readers, e.g. "Due on reminder R-1". */
  label: string;
  items: ReminderItemRowFragment[];
  currency: string;
  /** The heading of the amount column: "Amount due" or "Amount under review". */
  amountLabel: string;
}

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function InvoiceLink({ item }: { item: ReminderItemRowFragment }) {
  return (
    <Anchor component={Link} to={invoiceHref(item.invoiceId)} fw={500}>
      {item.invoiceNumber}
    </Anchor>
  );
}

function overdue(item: ReminderItemRowFragment): string {
  return item.daysOverdue > 0 ? overdueText(item.daysOverdue) : 'Not overdue';
}

/** The invoices on a reminder: each links to its page, with its due date, how late it is and the amount. */
export function ReminderItemsTable({ label, items, currency, amountLabel }: ReminderItemsTableProps) {
  const phone = usePhone();
  if (phone) {
    // On a phone the due date goes under the invoice number: three columns, no sideways scrolling.
    return (
      <Table striped verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Invoice</Table.Th>
            <Table.Th scope="col">Overdue</Table.Th>
            <Table.Th scope="col" ta="right">
              {amountLabel}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.invoiceId}>
              <Table.Td>
                <InvoiceLink item={item} />
                <Text size="xs" c="dimmed">
                  Due {formatDate(item.dueDate)}
                </Text>
              </Table.Td>
              <Table.Td>{overdue(item)}</Table.Td>
              <Table.Td {...NUMERIC}>{formatMoney(item.amount, currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }
  return (
    <Table striped verticalSpacing="xs" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Invoice</Table.Th>
          <Table.Th scope="col">Due date</Table.Th>
          <Table.Th scope="col">Days overdue</Table.Th>
          <Table.Th scope="col" ta="right">
            {amountLabel}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={item.invoiceId}>
            <Table.Td style={NO_WRAP}>
              <InvoiceLink item={item} />
            </Table.Td>
            <Table.Td style={NO_WRAP}>{formatDate(item.dueDate)}</Table.Td>
            <Table.Td style={NO_WRAP}>{overdue(item)}</Table.Td>
            <Table.Td {...NUMERIC}>{formatMoney(item.amount, currency)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
