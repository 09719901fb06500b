import { Table, Text } from '@mantine/core';
import { formatMoney, formatQuantity, formatUnitPrice } from '../format/money';
import type { ClaimedLineItemFragment } from '../graphql/generated';

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

/**
 * The invoice lines a dispute claims against, as filed: the same table on the
 * customer's dispute page and the staff's case page.
 */
export function ClaimedLinesTable({ lines, currency }: { lines: readonly ClaimedLineItemFragment[]; currency: string }) {
  if (lines.length === 0) return <Text c="dimmed">The claim is on the invoice as a whole, not on particular lines.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" aria-label="Claimed lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Line</Table.Th>
            <Table.Th scope="col">SKU</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col" ta="right">
              Quantity claimed
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Unit price
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Amount claimed
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.lineNumber}>
              <Table.Td {...NUMERIC} ta="left">
                {line.lineNumber}
              </Table.Td>
              <Table.Td ff="monospace">{line.sku}</Table.Td>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td {...NUMERIC}>
                {line.quantityClaimed === null || line.quantityClaimed === undefined
                  ? `Price (of ${formatQuantity(line.quantityInvoiced)})`
                  : `${formatQuantity(line.quantityClaimed)} of ${formatQuantity(line.quantityInvoiced)}`}
              </Table.Td>
              <Table.Td {...NUMERIC}>{formatUnitPrice(line.unitPrice, currency)}</Table.Td>
              <Table.Td {...NUMERIC}>
                {formatMoney(line.amountClaimed, currency)}
                <Text span size="xs" c="dimmed">
                  {` of ${formatMoney(line.lineAmount, currency)}`}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
