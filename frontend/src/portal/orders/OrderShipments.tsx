import { Stack, Table, Text, Title } from '@mantine/core';
import { ProofOfDeliveryLink } from '../../shared/documents/ProofOfDeliveryLink';
import { formatDate } from '../../shared/format/dates';
import { formatQuantity } from '../../shared/format/money';
import type { PortalOrderQuery } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { carrierAndTracking, deliveredSourceWords } from './orderWords';

type Shipment = NonNullable<PortalOrderQuery['order']>['shipments'][number];

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

function notYet(text: string) {
  return (
    <Text span c="dimmed" fw={500}>
      {text}
    </Text>
  );
}

function ShipmentLines({ shipment }: { shipment: Shipment }) {
  if (shipment.lines.length === 0) return <Text c="dimmed">No lines are recorded for this shipment.</Text>;
  return (
    <Table.ScrollContainer minWidth={320} maw={720}>
      <Table verticalSpacing="xs" aria-label={`Lines of shipment ${shipment.number}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Line</Table.Th>
            <Table.Th scope="col">SKU</Table.Th>
            <Table.Th scope="col" ta="right">
              Shipped
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Delivered
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shipment.lines.map((line) => {
            const delivered = line.quantityDelivered ?? null;
            const source = delivered === null ? null : deliveredSourceWords(line.deliveredSource);
            return (
              <Table.Tr key={`${line.lineNumber}-${line.sku}`}>
                <Table.Td {...NUMERIC} ta="left">
                  {line.lineNumber}
                </Table.Td>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {line.sku}
                </Table.Td>
                <Table.Td {...NUMERIC}>{formatQuantity(line.quantityShipped)}</Table.Td>
                <Table.Td {...NUMERIC}>
                  {delivered === null ? notYet('Not yet') : formatQuantity(delivered)}
                  {source && (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'normal' }}>
                      {source}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The order's shipments: carrier and tracking, dates, who signed, the proof of delivery, and per line what arrived. */
export function OrderShipments({ shipments }: { shipments: Shipment[] }) {
  if (shipments.length === 0) return <Text c="dimmed">Nothing has been shipped on this order yet.</Text>;
  return (
    <Stack gap="lg">
      {shipments.map((shipment) => {
        const headingId = `shipment-${shipment.id}-heading`;
        return (
          <Stack key={shipment.id} gap="xs" component="section" aria-labelledby={headingId} data-shipment-id={shipment.id}>
            <Title order={3} size="h5" id={headingId}>
              Shipment {shipment.number}
            </Title>
            <FactList
              label={`Shipment ${shipment.number}`}
              facts={[
                { label: 'Carrier and tracking', value: carrierAndTracking(shipment.carrier, shipment.trackingNumber) },
                { label: 'Shipped', value: formatDate(shipment.shippedOn) },
                {
                  label: 'Delivered',
                  value: shipment.deliveredOn ? formatDate(shipment.deliveredOn) : notYet('Not yet'),
                },
                { label: 'Received by', value: shipment.receivedBy || notYet('—') },
                {
                  label: 'Proof of delivery',
                  value: shipment.proofOfDelivery ? (
                    <ProofOfDeliveryLink document={shipment.proofOfDelivery} />
                  ) : (
                    notYet('None yet')
                  ),
                },
              ]}
            />
            <ShipmentLines shipment={shipment} />
          </Stack>
        );
      })}
    </Stack>
  );
}
