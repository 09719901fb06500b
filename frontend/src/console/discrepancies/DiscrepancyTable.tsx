import { Anchor, Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { formatMoney } from '../../shared/format/money';
import type { DiscrepancyRowFragment } from '../../shared/graphql/generated';
import { orderHref } from '../orders/orderLinks';
import { discrepancyStatusLook, orderAgeText } from './discrepancyLabels';
import { resolutionLabel } from './settleForm';

interface DiscrepancyTableProps {
  rows: DiscrepancyRowFragment[];
  /** The worklist names each row's order and customer; the order page leaves them out. */
  showOrder: boolean;
  /** Offered on open rows to those who may settle; left out otherwise. */
  onSettle?: (row: DiscrepancyRowFragment) => void;
  label?: string;
}

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const DASH = (
  <Text span c="dimmed">
    —
  </Text>
);

function StatusCell({ row }: { row: DiscrepancyRowFragment }) {
  const look = discrepancyStatusLook(row.status);
  return (
    <>
      <Badge color={look.color} variant="light" size="sm" radius="sm">
        {look.label}
      </Badge>
      {row.resolution && (
        <Text size="xs" mt={2}>
          {resolutionLabel(row.resolution)}
          {row.resolutionNote && `: ${row.resolutionNote}`}
        </Text>
      )}
    </>
  );
}

/** The Settle button's name: which discrepancy it settles, for screen readers. */
function settleLabel(row: DiscrepancyRowFragment): string {
  const line = row.lineNumber !== null ? ` line ${row.lineNumber}` : '';
  return `Settle ${row.kindLabel}, order ${row.orderNumber}${line}`;
}

/** Discrepancies, one a row: what the records disagree on, the money at stake and, when allowed, Settle. */
export function DiscrepancyTable({ rows, showOrder, onSettle, label = 'Discrepancies' }: DiscrepancyTableProps) {
  const settles = onSettle !== undefined;
  return (
    <Table.ScrollContainer minWidth={showOrder ? 1180 : 940}>
      <Table highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col">Detail</Table.Th>
            {showOrder && <Table.Th scope="col">Order</Table.Th>}
            {showOrder && <Table.Th scope="col">Customer</Table.Th>}
            <Table.Th scope="col" ta="right">
              Line
            </Table.Th>
            <Table.Th scope="col">Invoice</Table.Th>
            <Table.Th scope="col" ta="right">
              At stake
            </Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col" ta="right">
              Order age
            </Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            {settles && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id} data-status={row.status}>
              <Table.Td fw={500} style={{ minWidth: 160 }}>
                {row.kindLabel}
              </Table.Td>
              <Table.Td style={{ minWidth: 240 }}>{row.detail}</Table.Td>
              {showOrder && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={orderHref(row.orderId)} fw={500}>
                    {row.orderNumber}
                  </Anchor>
                </Table.Td>
              )}
              {showOrder && <Table.Td>{row.accountName}</Table.Td>}
              <Table.Td ta="right" style={NUMERIC}>
                {row.lineNumber ?? DASH}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.invoiceNumber ?? DASH}</Table.Td>
              <Table.Td ta="right" style={NUMERIC} fw={600}>
                {formatMoney(row.amount, row.currency)}
              </Table.Td>
              <Table.Td>{row.ownerName ?? <Text span c="dimmed" size="sm">Nobody</Text>}</Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {orderAgeText(row.orderAgeDays)}
              </Table.Td>
              <Table.Td>
                <StatusCell row={row} />
              </Table.Td>
              {settles && (
                <Table.Td>
                  {row.status === 'OPEN' && (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => onSettle(row)}
                      aria-label={settleLabel(row)}
                    >
                      Settle
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
