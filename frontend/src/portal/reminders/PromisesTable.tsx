import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { usePhone } from '../../shared/app/usePhone';
import { PhoneTable } from '../../shared/app/PhoneTable';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { PromiseRowFragment } from '../../shared/graphql/generated';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';
import { promiseStatusLook } from './reminderAnswers';

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function PromiseStatusBadge({ promise }: { promise: PromiseRowFragment }) {
  const look = promiseStatusLook(promise.status);
  return (
    <Badge color={look.color} variant="light" radius="sm" data-status={promise.status}>
      {look.label}
    </Badge>
  );
}

function PromisedInvoices({ promise }: { promise: PromiseRowFragment }) {
  return (
    <Stack gap={2}>
      {promise.invoices.map((invoice) => (
        <Text key={invoice.invoiceId} size="sm">
          <Anchor component={Link} to={invoiceHref(invoice.invoiceId)}>
            {invoice.invoiceNumber}
          </Anchor>{' '}
          <Text span c="dimmed" size="sm">
            {formatMoney(invoice.amount, promise.currency)}
          </Text>
        </Text>
      ))}
    </Stack>
  );
}

/** The customer's promises to pay, newest first: status in words, amounts, what arrived, the day, the invoices. */
export function PromisesTable({ promises }: { promises: PromiseRowFragment[] }) {
  const phone = usePhone();
  if (phone) {
    // On a phone: the day, status and invoices in one column, the amounts in the other; nothing is cut off.
    return (
      <PhoneTable label="Promises to pay" columns={['Promise', 'Amount']}>
        {promises.map((promise) => (
          <Table.Tr key={promise.id} data-promise-id={promise.id}>
            <Table.Td>
              <Stack gap={4} align="flex-start">
                <Text size="sm" fw={500}>
                  Pay by {formatDate(promise.promisedOn)}
                </Text>
                <PromiseStatusBadge promise={promise} />
                <PromisedInvoices promise={promise} />
              </Stack>
            </Table.Td>
            <Table.Td {...NUMERIC}>
              {formatMoney(promise.amount, promise.currency)}
              <Text size="xs" c="dimmed">
                {formatMoney(promise.receivedAmount, promise.currency)} received
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </PhoneTable>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs" aria-label="Promises to pay">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Pay by</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Promised
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Received
            </Table.Th>
            <Table.Th scope="col">Invoices</Table.Th>
            <Table.Th scope="col">Note</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {promises.map((promise) => (
            <Table.Tr key={promise.id} data-promise-id={promise.id}>
              <Table.Td style={NO_WRAP}>{formatDate(promise.promisedOn)}</Table.Td>
              <Table.Td>
                <PromiseStatusBadge promise={promise} />
              </Table.Td>
              <Table.Td {...NUMERIC} fw={500}>
                {formatMoney(promise.amount, promise.currency)}
              </Table.Td>
              <Table.Td {...NUMERIC}>{formatMoney(promise.receivedAmount, promise.currency)}</Table.Td>
              <Table.Td>
                <PromisedInvoices promise={promise} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {promise.note || '—'}
                </Text>
                {!promise.madeInPortal && (
                  <Text size="xs" c="dimmed">
                    Recorded by your collector
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
