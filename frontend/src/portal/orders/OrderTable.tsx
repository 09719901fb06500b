import { Anchor, Table, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { usePhone } from '../../shared/app/usePhone';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { PortalOrdersQuery } from '../../shared/graphql/generated';
import { OrderStatusBadge } from './OrderStatusBadge';
import { orderHref, type OrderListLocationState } from './orderLinks';
import { poWords } from './orderWords';

export type OrderRow = PortalOrdersQuery['orders']['edges'][number]['node'];

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

/** Orders, newest first: the number links to the order's page. */
export function OrderTable({ orders }: { orders: OrderRow[] }) {
  const location = useLocation();
  const linkState: OrderListLocationState = { orderListSearch: location.search };
  const phone = usePhone();

  if (phone) {
    // On a phone: the order (with its PO and date), its status and total, without sideways scrolling.
    return (
      <Table striped verticalSpacing="xs" aria-label="Orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Order</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((order) => (
            <Table.Tr key={order.id} data-order-id={order.id}>
              <Table.Td>
                <Anchor component={Link} to={orderHref(order.id)} state={linkState} fw={500}>
                  {order.number}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {order.poNumber ? `${poWords(order.poNumber)} · ` : ''}
                  {formatDate(order.orderDate)}
                </Text>
              </Table.Td>
              <Table.Td>
                <OrderStatusBadge status={order.status} withHint />
              </Table.Td>
              <Table.Td {...NUMERIC} fw={500}>
                {formatMoney(order.totalAmount, order.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Order</Table.Th>
            <Table.Th scope="col">PO</Table.Th>
            <Table.Th scope="col">Order date</Table.Th>
            <Table.Th scope="col">Requested for</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((order) => (
            <Table.Tr key={order.id} data-order-id={order.id}>
              <Table.Td style={NO_WRAP}>
                <Anchor component={Link} to={orderHref(order.id)} state={linkState} fw={500}>
                  {order.number}
                </Anchor>
              </Table.Td>
              <Table.Td style={NO_WRAP}>{order.poNumber ?? <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td style={NUMERIC.style}>{formatDate(order.orderDate)}</Table.Td>
              <Table.Td style={NUMERIC.style}>
                {order.requestedDate ? formatDate(order.requestedDate) : <Text c="dimmed">—</Text>}
              </Table.Td>
              <Table.Td>
                <OrderStatusBadge status={order.status} withHint />
              </Table.Td>
              <Table.Td {...NUMERIC}>{formatMoney(order.totalAmount, order.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
