import { useState } from 'react';
import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import { ReceivedPaymentsDocument } from '../../shared/graphql/generated';
import { OffsetPager } from '../cash/OffsetPager';
import { paymentsHref, readPaymentsState, toPaymentFilter } from './paymentsUrl';

const PAGE_SIZE = 50;

/** `/payments`: the payments received from every customer, as a report's payment figures count them (a received
 * period, a currency, one customer, only the short ones), newest first. */
export function PaymentsPage() {
  const [params] = useSearchParams();
  const state = readPaymentsState(params);
  const key = params.toString();
  // one cursor per page after the first; a new filter starts again at page one
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key, cursors: [] });
  const cursors = paging.key === key ? paging.cursors : [];
  const [result, reexecute] = useQuery({
    query: ReceivedPaymentsDocument,
    variables: { first: PAGE_SIZE, after: cursors.at(-1) ?? null, filter: toPaymentFilter(state) },
  });
  const found = result.data?.receivedPayments;
  const said = [
    state.receivedFrom || state.receivedTo
      ? `Received ${state.receivedFrom ? formatDate(state.receivedFrom) : '…'} – ${state.receivedTo ? formatDate(state.receivedTo) : '…'}`
      : 'Every payment',
    state.currency && `in ${state.currency}`,
    state.accountId && 'one customer',
    state.shortOnly && 'short payments only (their remittance left a deduction)',
  ].filter(Boolean);

  let body;
  if (result.error && !found) {
    body = (
      <ErrorState
        title={result.error.graphQLErrors[0]?.message ?? "We couldn't load the payments"}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  } else if (!found) body = <LoadingState label="Loading the payments…" />;
  else if (found.totalCount === 0) body = <Text>No payment was received with these filters.</Text>;
  else {
    body = (
      <>
        <Table.ScrollContainer minWidth={680}>
          <Table striped aria-label="Payments received">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Received</Table.Th>
                <Table.Th scope="col">Customer</Table.Th>
                <Table.Th scope="col">Reference</Table.Th>
                <Table.Th scope="col">Amount</Table.Th>
                <Table.Th scope="col">Held back</Table.Th>
                <Table.Th scope="col">Invoices paid</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {found.edges.map(({ node: { payment: p, accountName, accountNumber, heldBack } }) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDate(p.receivedOn)}</Table.Td>
                  <Table.Td>
                    {accountName} ({accountNumber})
                  </Table.Td>
                  <Table.Td>{p.reference}</Table.Td>
                  <Table.Td>{formatMoney(p.amount, p.currency)}</Table.Td>
                  <Table.Td>{isZeroAmount(heldBack) ? '—' : formatMoney(heldBack, p.currency)}</Table.Td>
                  <Table.Td>
                    {p.applications.map((a, n) => (
                      <span key={a.invoiceId}>
                        {n > 0 && ', '}
                        <Anchor component={Link} to={`/invoices/${a.invoiceId}`}>
                          {a.invoiceNumber}
                        </Anchor>
                      </span>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <OffsetPager
          label="Payments"
          page={cursors.length}
          pageSize={PAGE_SIZE}
          rowCount={found.edges.length}
          totalCount={found.totalCount}
          busy={result.fetching}
          onPage={(page) =>
            setPaging({
              key,
              cursors:
                page > cursors.length && found.pageInfo.endCursor
                  ? [...cursors, found.pageInfo.endCursor]
                  : cursors.slice(0, page),
            })
          }
        />
      </>
    );
  }

  return (
    <Stack gap="md">
      <Title order={1}>Payments received</Title>
      <Group gap="sm" wrap="wrap">
        <Text size="sm">
          {said.join(' · ')}
          {found ? ` — ${found.totalCount}` : ''}
        </Text>
        {state.shortOnly && (
          <Button component={Link} to={paymentsHref({ ...state, shortOnly: false })} variant="light" size="xs">
            Short only — show all
          </Button>
        )}
      </Group>
      {body}
    </Stack>
  );
}
