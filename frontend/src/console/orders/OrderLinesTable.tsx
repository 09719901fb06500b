import { Table, Text, VisuallyHidden } from '@mantine/core';
import { formatMoney, formatQuantity, formatUnitPrice, isZeroAmount } from '../../shared/format/money';
import type { ConsoleOrderViewFragment } from '../../shared/graphql/generated';

type OrderLine = ConsoleOrderViewFragment['lines'][number];

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function Reconciled({ reconciled }: { reconciled: boolean }) {
  return reconciled ? (
    <Text span c="green.8" fw={700} title="Ordered, delivered and invoiced agree">
      <span aria-hidden>✓</span>
      <VisuallyHidden>Reconciled</VisuallyHidden>
    </Text>
  ) : (
    <Text span c="dimmed" size="sm">
      <span aria-hidden>—</span>
      <VisuallyHidden>Not reconciled</VisuallyHidden>
    </Text>
  );
}

/** Each order line and what became of it: shipped, delivered, invoiced and paid, at the agreed price. */
export function OrderLinesTable({ lines, currency }: { lines: readonly OrderLine[]; currency: string }) {
  if (lines.length === 0) return <Text c="dimmed">The order has no lines.</Text>;
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table verticalSpacing="xs" aria-label="Order lines" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" ta="right">
              Line
            </Table.Th>
            <Table.Th scope="col">Product</Table.Th>
            <Table.Th scope="col" ta="right">
              Ordered
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Shipped
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Delivered
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Invoiced
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Paid
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Order price
            </Table.Th>
            <Table.Th scope="col" ta="center">
              Reconciled
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.lineNumber} style={{ verticalAlign: 'top' }}>
              <Table.Td ta="right" style={NUMERIC}>
                {line.lineNumber}
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {line.description}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {line.sku}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {formatQuantity(line.quantity)}
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {formatQuantity(line.shippedQuantity)}
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {line.deliveredQuantity === null ? (
                  <Text span c="dimmed" size="sm">
                    Not yet
                  </Text>
                ) : (
                  formatQuantity(line.deliveredQuantity)
                )}
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {formatQuantity(line.invoicedQuantity)}
                <Text size="xs" c="dimmed">
                  {formatMoney(line.invoicedAmount, currency)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {formatMoney(line.paidAmount, currency)}
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {formatUnitPrice(line.netPrice, currency)}
                {!isZeroAmount(line.discountPercent) && (
                  <Text size="xs" c="dimmed">
                    {formatUnitPrice(line.unitPrice, currency)} less {formatQuantity(line.discountPercent)}%
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  line {formatMoney(line.amount, currency)}
                </Text>
              </Table.Td>
              <Table.Td ta="center">
                <Reconciled reconciled={line.reconciled} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
