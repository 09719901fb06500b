import type { ReactNode } from 'react';
import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate, formatDateTime } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import { PortalOrderDocument, type PortalOrderQuery } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { OrderInvoicesTable } from './OrderInvoicesTable';
import { OrderLinesTable } from './OrderLinesTable';
import { OrderShipments } from './OrderShipments';
import { OrderStatusBadge } from './OrderStatusBadge';
import { orderListHref } from './orderLinks';
import { orderStatusLook } from './orderStatus';

type Order = NonNullable<PortalOrderQuery['order']>;

function BackToOrders() {
  const location = useLocation();
  return (
    <Anchor component={Link} to={orderListHref(location.state)} size="sm">
      ← Back to orders
    </Anchor>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" mb="xs" id={id}>
        {title}
      </Title>
      {children}
    </section>
  );
}

/** "On hold since Mar 1, 2026, 9:00 AM: waiting for credit approval." */
function statusSentence(order: Order): string {
  const { label, hint } = orderStatusLook(order.status);
  return `${label} since ${formatDateTime(order.statusSince)}${hint ? `: ${hint.toLowerCase()}` : ''}.`;
}

/** `/orders/:orderId`: one order with its lines, shipments (and proofs of delivery) and the invoices that bill it. */
export function PortalOrderPage() {
  const { orderId = '' } = useParams();
  const [result, reexecute] = useQuery({ query: PortalOrderDocument, variables: { id: orderId } });
  const order = result.data?.order;
  const retry = () => reexecute({ requestPolicy: 'network-only' });

  if (result.error && !result.data) {
    return (
      <Stack gap="md">
        <BackToOrders />
        <ErrorState title="We couldn't load this order" onRetry={retry} />
      </Stack>
    );
  }
  if (!result.data) return <LoadingState label="Loading order…" />;
  if (!order) {
    return (
      <Stack gap="md">
        <title>Order not found · Recoup</title>
        <BackToOrders />
        <Paper withBorder p="xl">
          <Title order={1} size="h2">
            Order not found
          </Title>
          <Text mt="xs" c="dimmed">
            This order doesn't exist, or you don't have access to it. Check the link, or find it in your orders.
          </Text>
        </Paper>
      </Stack>
    );
  }

  const facts = [
    { label: 'Order number', value: order.number },
    { label: 'PO number', value: order.poNumber ?? '—' },
    { label: 'Order date', value: formatDate(order.orderDate) },
    { label: 'Requested for', value: order.requestedDate ? formatDate(order.requestedDate) : '—' },
    { label: 'Status', value: <OrderStatusBadge status={order.status} /> },
    { label: 'Total', value: formatMoney(order.totalAmount, order.currency) },
    {
      label: 'Ship to',
      value: order.shipTo ? <Text span inherit style={{ whiteSpace: 'pre-line' }}>{order.shipTo}</Text> : '—',
    },
  ];

  return (
    <Stack gap="lg">
      <title>{`Order ${order.number} · Recoup`}</title>
      <Stack gap="xs">
        <BackToOrders />
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            Order {order.number}
          </Title>
          <OrderStatusBadge status={order.status} />
        </Group>
        <Text c="dimmed" data-testid="order-status-since">
          {statusSentence(order)}
        </Text>
      </Stack>
      <FactList label="Order details" facts={facts} />
      <Section id="order-lines-heading" title="Lines">
        <OrderLinesTable order={order} />
      </Section>
      <Section id="order-shipments-heading" title="Shipments">
        <OrderShipments shipments={order.shipments} />
      </Section>
      <Section id="order-invoices-heading" title="Invoices">
        <OrderInvoicesTable invoices={order.invoices} />
      </Section>
    </Stack>
  );
}
