import type { ReactNode } from 'react';
import { Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { usePhone } from '../../shared/app/usePhone';
import { formatMoney, formatQuantity, formatUnitPrice, isZeroAmount } from '../../shared/format/money';
import type { PortalOrderQuery } from '../../shared/graphql/generated';

type Order = NonNullable<PortalOrderQuery['order']>;
type OrderLine = Order['lines'][number];

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

function Delivered({ quantity }: { quantity: string | null | undefined }) {
  if (quantity === null || quantity === undefined) {
    return (
      <Text span size="sm" c="dimmed">
        Not yet
      </Text>
    );
  }
  return <>{formatQuantity(quantity)}</>;
}

function OrderPrice({ line, currency }: { line: OrderLine; currency: string }) {
  return (
    <>
      {formatUnitPrice(line.netPrice, currency)}
      {!isZeroAmount(line.discountPercent) && (
        <Text size="xs" c="dimmed">
          {formatUnitPrice(line.unitPrice, currency)} less {formatQuantity(line.discountPercent)}%
        </Text>
      )}
    </>
  );
}

function Paid({ line, currency }: { line: OrderLine; currency: string }) {
  return (
    <>
      {formatMoney(line.paidAmount, currency)}
      {!isZeroAmount(line.invoicedAmount) && (
        <Text size="xs" c="dimmed">
          of {formatMoney(line.invoicedAmount, currency)} invoiced
        </Text>
      )}
    </>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" fw={500} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {children}
      </Text>
    </Stack>
  );
}

/** Each product ordered and what became of it: shipped, delivered, invoiced and paid. */
export function OrderLinesTable({ order }: { order: Order }) {
  const phone = usePhone();
  const currency = order.currency;
  if (order.lines.length === 0) return <Text c="dimmed">This order has no lines.</Text>;

  if (phone) {
    // On a phone each line is a block with its figures in two columns: nothing scrolls sideways.
    return (
      <Stack gap="xs" role="list" aria-label="Order lines">
        {order.lines.map((line) => (
          <Paper key={line.lineNumber} withBorder p="xs" role="listitem">
            <Text size="sm" fw={600}>
              Line {line.lineNumber}: {line.description}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {line.sku}
            </Text>
            <SimpleGrid component="dl" cols={2} spacing="xs" verticalSpacing={6} mt={6} mb={0}>
              <Figure label="Ordered">{formatQuantity(line.quantity)}</Figure>
              <Figure label="Shipped">{formatQuantity(line.shippedQuantity)}</Figure>
              <Figure label="Delivered">
                <Delivered quantity={line.deliveredQuantity} />
              </Figure>
              <Figure label="Invoiced">{formatQuantity(line.invoicedQuantity)}</Figure>
              <Figure label="Paid">
                <Paid line={line} currency={currency} />
              </Figure>
              <Figure label="Order price">
                <OrderPrice line={line} currency={currency} />
              </Figure>
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" aria-label="Order lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Line</Table.Th>
            <Table.Th scope="col">SKU</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
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
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((line) => (
            <Table.Tr key={line.lineNumber}>
              <Table.Td {...NUMERIC} ta="left">
                {line.lineNumber}
              </Table.Td>
              <Table.Td ff="monospace">{line.sku}</Table.Td>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td {...NUMERIC}>{formatQuantity(line.quantity)}</Table.Td>
              <Table.Td {...NUMERIC}>{formatQuantity(line.shippedQuantity)}</Table.Td>
              <Table.Td {...NUMERIC}>
                <Delivered quantity={line.deliveredQuantity} />
              </Table.Td>
              <Table.Td {...NUMERIC}>{formatQuantity(line.invoicedQuantity)}</Table.Td>
              <Table.Td {...NUMERIC}>
                <Paid line={line} currency={currency} />
              </Table.Td>
              <Table.Td {...NUMERIC}>
                <OrderPrice line={line} currency={currency} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
