import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import { SettledPromisesDocument } from '../../shared/graphql/generated';
import { promisesHref, readPromisesState } from './promisesUrl';

const STATUS: Record<string, string> = { kept: 'Kept', partly_kept: 'Partly kept', broken: 'Broken' };

/** `/promises`: the promises to pay a report's "Promises kept" counted — settled in a period, in a currency, for one
 * customer or all, the kept ones alone when asked — the latest settled first. */
export function SettledPromisesPage() {
  const [params] = useSearchParams();
  const state = readPromisesState(params);
  const [result, reexecute] = useQuery({
    query: SettledPromisesDocument,
    variables: {
      currency: state?.currency ?? '',
      start: state?.start ?? '',
      end: state?.end ?? '',
      customer: state?.customer || null,
      keptOnly: state?.keptOnly ?? false,
    },
    pause: state === null,
  });
  const found = result.data?.settledPromises;

  let body;
  if (state === null) body = <Text>Open this list from a report's "Promises kept": it needs a period and a currency.</Text>;
  else if (result.error && !found) {
    body = (
      <ErrorState
        title={result.error.graphQLErrors[0]?.message ?? "We couldn't load the promises"}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  } else if (!found) body = <LoadingState label="Loading the promises…" />;
  else if (found.totalCount === 0) body = <Text>No promise to pay was settled with these filters.</Text>;
  else {
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table striped aria-label="Promises settled">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Settled</Table.Th>
              <Table.Th scope="col">Customer</Table.Th>
              <Table.Th scope="col">Promised for</Table.Th>
              <Table.Th scope="col">Promised</Table.Th>
              <Table.Th scope="col">Received</Table.Th>
              <Table.Th scope="col">Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {found.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{formatDate(p.settledAt.slice(0, 10))}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/collections/accounts/${p.accountId}`}>
                    {p.customerName} ({p.customerNumber})
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDate(p.promisedOn)}</Table.Td>
                <Table.Td>{formatMoney(p.amount, p.currency)}</Table.Td>
                <Table.Td>{formatMoney(p.receivedAmount, p.currency)}</Table.Td>
                <Table.Td>{STATUS[p.status] ?? p.status}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Stack gap="md">
      <Title order={1}>Promises to pay settled</Title>
      {state && (
        <Group gap="sm" wrap="wrap">
          <Text size="sm">
            Settled {formatDate(state.start)} – {formatDate(state.end)} · in {state.currency} ·{' '}
            {state.customer ? `customer ${state.customer}` : 'every customer'}
            {state.keptOnly ? ' · kept only' : ''}
            {found ? ` — ${found.totalCount}` : ''}
            {found && found.totalCount > found.items.length ? ` (the latest ${found.items.length} shown)` : ''}
          </Text>
          {state.keptOnly && (
            <Button component={Link} to={promisesHref({ ...state, keptOnly: false })} variant="light" size="xs">
              Kept only — show all
            </Button>
          )}
        </Group>
      )}
      {body}
    </Stack>
  );
}
