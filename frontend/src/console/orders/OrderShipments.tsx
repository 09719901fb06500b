import { Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { CheckedDownloadButton } from '../../shared/downloads/CheckedDownloadButton';
import { formatDate } from '../../shared/format/dates';
import { formatQuantity } from '../../shared/format/money';
import type { ConsoleOrderViewFragment } from '../../shared/graphql/generated';
import { deliveredSourceLabel } from './orderLabels';
import type { DeliveredLine } from './RecordDeliveredDialog';

type Shipment = ConsoleOrderViewFragment['shipments'][number];

interface OrderShipmentsProps {
  shipments: readonly Shipment[];
  /** Offered to those who may record a delivered quantity; left out otherwise. */
  onRecordDelivered?: (line: DeliveredLine) => void;
}

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function ShipmentFacts({ shipment }: { shipment: Shipment }) {
  const pod = shipment.proofOfDelivery;
  return (
    <Group gap="lg" align="flex-start" wrap="wrap">
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Carrier
        </Text>
        <Text size="sm">{shipment.carrier || '—'}</Text>
        {shipment.trackingNumber && (
          <Text size="xs" ff="monospace">
            {shipment.trackingNumber}
          </Text>
        )}
      </Stack>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Shipped
        </Text>
        <Text size="sm">{formatDate(shipment.shippedOn)}</Text>
      </Stack>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Delivered
        </Text>
        <Text size="sm">{shipment.deliveredOn ? formatDate(shipment.deliveredOn) : 'Not yet'}</Text>
      </Stack>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Received by
        </Text>
        <Text size="sm">{shipment.receivedBy || '—'}</Text>
      </Stack>
      <Stack gap={2}>
        <Text size="xs" c="dimmed">
          Proof of delivery
        </Text>
        {pod ? (
          <CheckedDownloadButton href={pod.downloadUrl} filename={pod.filename} size="xs" variant="light">
            {pod.filename || 'Download'}
          </CheckedDownloadButton>
        ) : (
          <Text size="sm" c="orange.9">
            None linked
          </Text>
        )}
      </Stack>
    </Group>
  );
}

/** The order's deliveries: carrier, dates, who signed, the POD, and per line what was shipped and what arrived. */
export function OrderShipments({ shipments, onRecordDelivered }: OrderShipmentsProps) {
  if (shipments.length === 0) return <Text c="dimmed">Nothing has shipped yet.</Text>;
  return (
    <Stack gap="md">
      {shipments.map((shipment) => (
        <Paper key={shipment.id} withBorder p="md" component="article" aria-labelledby={`shipment-${shipment.id}`}>
          <Stack gap="sm">
            <Title order={3} size="h5" id={`shipment-${shipment.id}`}>
              Delivery {shipment.number}
            </Title>
            <ShipmentFacts shipment={shipment} />
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing={4} aria-label={`Lines of delivery ${shipment.number}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" ta="right">
                      Line
                    </Table.Th>
                    <Table.Th scope="col">SKU</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Shipped
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      Delivered
                    </Table.Th>
                    <Table.Th scope="col">Source</Table.Th>
                    {onRecordDelivered && (
                      <Table.Th scope="col">
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shipment.lines.map((line) => (
                    <Table.Tr key={line.lineNumber}>
                      <Table.Td ta="right" style={NUMERIC}>
                        {line.lineNumber}
                      </Table.Td>
                      <Table.Td ff="monospace">{line.sku}</Table.Td>
                      <Table.Td ta="right" style={NUMERIC}>
                        {formatQuantity(line.quantityShipped)}
                      </Table.Td>
                      <Table.Td ta="right" style={NUMERIC}>
                        {line.quantityDelivered === null ? (
                          <Text span c="dimmed" size="sm">
                            Not known
                          </Text>
                        ) : (
                          formatQuantity(line.quantityDelivered)
                        )}
                      </Table.Td>
                      <Table.Td>{line.deliveredSource ? deliveredSourceLabel(line.deliveredSource) : '—'}</Table.Td>
                      {onRecordDelivered && (
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="subtle"
                            aria-label={`Record delivered quantity: delivery ${shipment.number}, line ${line.lineNumber}`}
                            onClick={() =>
                              onRecordDelivered({
                                shipmentId: shipment.id,
                                shipmentNumber: shipment.number,
                                lineNumber: line.lineNumber,
                                sku: line.sku,
                                quantityShipped: line.quantityShipped,
                                quantityDelivered: line.quantityDelivered,
                              })
                            }
                          >
                            Record delivered quantity
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
