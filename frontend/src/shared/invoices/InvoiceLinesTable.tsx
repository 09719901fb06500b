import { Table, Text } from '@mantine/core';
import { usePhone } from '../app/usePhone';
import { PhoneTable } from '../app/PhoneTable';
import { formatMoney, formatQuantity, formatUnitPrice } from '../format/money';
import type { InvoiceDetailFragment } from '../graphql/generated';

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

export function InvoiceLinesTable({ invoice }: { invoice: InvoiceDetailFragment }) {
  const phone = usePhone();
  if (invoice.lines.length === 0) return <Text c="dimmed">This invoice has no lines.</Text>;
  if (phone) {
    // On a phone: the line (what, the SKU, quantity × price) and its amount; nothing scrolls sideways.
    return (
      <PhoneTable label="Invoice lines" columns={['Line', 'Amount']}>
        {invoice.lines.map((line) => (
          <Table.Tr key={line.id}>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              <Text size="sm" fw={500}>
                {line.lineNumber}. {line.description}
              </Text>
              <Text size="xs" c="dimmed">
                <Text span ff="monospace" size="xs">
                  {line.sku}
                </Text>{' '}
                · {formatQuantity(line.quantity)} × {formatUnitPrice(line.unitPrice, invoice.currency)}
              </Text>
            </Table.Td>
            <Table.Td {...NUMERIC} style={{ ...NUMERIC.style, verticalAlign: 'top' }}>
              {formatMoney(line.amount, invoice.currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </PhoneTable>
    );
  }
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table striped verticalSpacing="xs" aria-label="Invoice lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Line</Table.Th>
            <Table.Th scope="col">SKU</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col" ta="right">
              Quantity
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Unit price
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoice.lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td {...NUMERIC} ta="left">
                {line.lineNumber}
              </Table.Td>
              <Table.Td ff="monospace">{line.sku}</Table.Td>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td {...NUMERIC}>{formatQuantity(line.quantity)}</Table.Td>
              <Table.Td {...NUMERIC}>{formatUnitPrice(line.unitPrice, invoice.currency)}</Table.Td>
              <Table.Td {...NUMERIC}>{formatMoney(line.amount, invoice.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
