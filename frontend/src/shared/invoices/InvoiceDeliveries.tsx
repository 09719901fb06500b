import { List, Text } from '@mantine/core';
import { formatDateTime } from '../format/dates';
import type { InvoiceDetailFragment } from '../graphql/generated';

type Delivery = InvoiceDetailFragment['deliveries'][number];

/** Who a delivery went to, in words; nobody set up to receive invoices means it was not e-mailed. */
export function deliveryRecipientsText(delivery: Pick<Delivery, 'recipients'>): string {
  return delivery.recipients.length === 0
    ? 'not e-mailed: nobody is set up to receive invoices'
    : `to ${delivery.recipients.join(', ')}`;
}

/** When the invoice was e-mailed and to whom, oldest first; "Not e-mailed" when it never was. */
export function InvoiceDeliveries({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return <>Not e-mailed</>;
  return (
    <List size="sm" listStyleType="none" spacing={2} aria-label="E-mail deliveries">
      {deliveries.map((delivery) => (
        <List.Item key={delivery.sentAt} style={{ overflowWrap: 'anywhere' }}>
          <Text span size="sm" fw={500}>
            {formatDateTime(delivery.sentAt)}
          </Text>{' '}
          <Text span size="sm" c={delivery.recipients.length === 0 ? 'orange.9' : undefined} fw={400}>
            {deliveryRecipientsText(delivery)}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
