import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate, formatDateTime } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import { ConsoleOrderDocument, type ConsoleOrderViewFragment, type DiscrepancyRowFragment } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { CaseAuditTrail } from '../case/CaseAuditTrail';
import { DiscrepancyTable } from '../discrepancies/DiscrepancyTable';
import { SettleDialog } from '../discrepancies/SettleDialog';
import { HeldOrderPanel } from './HeldOrderPanel';
import { OrderInvoices } from './OrderInvoices';
import { canDecideHeldOrders, canSettleDiscrepancies, isHeldForCredit, orderActionLabel } from './orderLabels';
import { ORDERS_HREF } from './orderLinks';
import { OrderLinesTable } from './OrderLinesTable';
import { OrderShipments } from './OrderShipments';
import { CreditDecisionBadge, OrderStatusBadge } from './OrderStatusBadge';
import { RecordDeliveredDialog, type DeliveredLine } from './RecordDeliveredDialog';

function BackToOrders() {
  return (
    <Anchor component={Link} to={ORDERS_HREF} size="sm">
      ← All orders
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

function orderFacts(order: ConsoleOrderViewFragment) {
  return [
    { label: 'Customer', value: order.accountName },
    { label: 'PO number', value: order.poNumber ?? '—' },
    { label: 'Ordered', value: formatDate(order.orderDate) },
    { label: 'Requested', value: order.requestedDate ? formatDate(order.requestedDate) : '—' },
    { label: 'Total', value: <Text span fw={700} size="lg">{formatMoney(order.totalAmount, order.currency)}</Text> },
    { label: 'Status', value: <OrderStatusBadge status={order.status} /> },
    { label: 'Status since', value: formatDateTime(order.statusSince) },
    { label: 'Credit decision', value: <CreditDecisionBadge decision={order.creditDecision} /> },
    { label: 'Ship to', value: <span style={{ whiteSpace: 'pre-line' }}>{order.shipTo || '—'}</span> },
    { label: 'Revision', value: String(order.revision) },
  ];
}

/** `/orders/:orderId`: one order with its lines, deliveries, invoices, discrepancies and history, and what staff do. */
export function OrderPage() {
  const { orderId = '' } = useParams();
  const [result, reexecute] = useQuery({ query: ConsoleOrderDocument, variables: { id: orderId } });
  const [notice, setNotice] = useState<{ orderId: string; message: string } | null>(null);
  const [settling, setSettling] = useState<DiscrepancyRowFragment | null>(null);
  const [recording, setRecording] = useState<DeliveredLine | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const order = result.data?.orderDetail;
  const role = result.data?.viewer?.role;

  if (result.error && !result.data) {
    const refused = result.error.graphQLErrors[0]?.message;
    return (
      <Stack gap="md">
        <BackToOrders />
        {refused ? (
          <Alert color="red" variant="light" role="alert" title="The order could not be shown">
            {refused}
          </Alert>
        ) : (
          <ErrorState title="We couldn't load this order" onRetry={refresh} />
        )}
      </Stack>
    );
  }
  if (!result.data) return <LoadingState label="Loading the order…" />;
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
            There is no order at this address. Check the link, or find the order in the list of orders.
          </Text>
        </Paper>
      </Stack>
    );
  }

  const done = (message: string) => {
    setNotice({ orderId: order.id, message });
    refresh();
  };
  const canSettle = canSettleDiscrepancies(role);
  const open = order.discrepancies.filter((discrepancy) => discrepancy.status === 'OPEN').length;
  return (
    <Stack gap="lg">
      <title>{`Order ${order.number} · ${order.accountName} · Recoup`}</title>
      <BackToOrders />
      <Stack gap="sm">
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1} size="h2">
            Order {order.number} · {order.accountName}
          </Title>
          <OrderStatusBadge status={order.status} />
          <CreditDecisionBadge decision={order.creditDecision} />
        </Group>
        <FactList label="Order details" facts={orderFacts(order)} />
        {order.decisionNote && (
          <Text size="sm">
            <Text span fw={600}>
              Credit decision note:
            </Text>{' '}
            {order.decisionNote}
          </Text>
        )}
      </Stack>
      {notice?.orderId === order.id && (
        <Alert
          color="teal"
          variant="light"
          title="Done"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          role="status"
        >
          {notice.message}
        </Alert>
      )}
      {isHeldForCredit(order.creditDecision) && (
        <HeldOrderPanel
          orderId={order.id}
          version={order.version}
          holdReasons={order.holdReasons}
          canDecide={canDecideHeldOrders(role)}
          onDone={done}
          onReload={refresh}
        />
      )}
      <Section id="lines-heading" title="Lines">
        <OrderLinesTable lines={order.lines} currency={order.currency} />
      </Section>
      <Section id="shipments-heading" title="Deliveries">
        <OrderShipments shipments={order.shipments} onRecordDelivered={canSettle ? setRecording : undefined} />
      </Section>
      <Section id="invoices-heading" title="Invoices">
        <OrderInvoices invoices={order.invoices} />
      </Section>
      <Section id="discrepancies-heading" title={open > 0 ? `Discrepancies (${open} open)` : 'Discrepancies'}>
        {order.discrepancies.length === 0 ? (
          <Text c="dimmed">The order, its deliveries and its invoices agree.</Text>
        ) : (
          <DiscrepancyTable
            rows={order.discrepancies}
            showOrder={false}
            onSettle={canSettle ? setSettling : undefined}
            label="Discrepancies of the order"
          />
        )}
      </Section>
      <Section id="history-heading" title="History">
        <CaseAuditTrail
          entries={order.history}
          label="Order history"
          emptyText="Nothing has happened to this order yet."
          actionLabel={orderActionLabel}
        />
      </Section>
      {settling && (
        <SettleDialog
          discrepancy={settling}
          onClose={() => setSettling(null)}
          onReload={() => {
            setSettling(null);
            refresh();
          }}
          onDone={(message) => {
            setSettling(null);
            done(message);
          }}
        />
      )}
      {recording && (
        <RecordDeliveredDialog
          line={recording}
          onClose={() => setRecording(null)}
          onReload={() => {
            setRecording(null);
            refresh();
          }}
          onDone={(message) => {
            setRecording(null);
            done(message);
          }}
        />
      )}
    </Stack>
  );
}
