import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import { ReceivablesAtDocument } from '../../shared/graphql/generated';
import { readReceivablesAtState } from './receivablesAtUrl';

/** `/receivables`: each customer's receivables at the end of a day, the largest first — what a report's receivables
 * figures (and DSO, CEI and DDO made of them) add up from. Each customer opens their credit and collections page. */
export function ReceivablesAtPage() {
  const [params] = useSearchParams();
  const state = readReceivablesAtState(params);
  const [result, reexecute] = useQuery({
    query: ReceivablesAtDocument,
    variables: { currency: state?.currency ?? '', day: state?.day ?? '', customer: state?.customer || null },
    pause: state === null,
  });
  const found = result.data?.receivablesAt;

  let body;
  if (state === null) body = <Text>Open this list from a report's receivables: it needs a currency and a day.</Text>;
  else if (result.error && !found) {
    body = (
      <ErrorState
        title={result.error.graphQLErrors[0]?.message ?? "We couldn't load the receivables"}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  } else if (!found) body = <LoadingState label="Adding up each customer's books…" />;
  else if (found.totalCount === 0) body = <Text>No customer owed anything in {found.currency} that day.</Text>;
  else {
    const money = (amount: string) => formatMoney(amount, found.currency);
    body = (
      <Stack gap="sm">
        <Text size="sm">
          {found.totalCount} {found.totalCount === 1 ? 'customer' : 'customers'}: receivables {money(found.receivables)},
          not yet due {money(found.current)}, open deductions {money(found.openDeductions)}
          {found.recorded ? ' — as the day was recorded' : ' — rebuilt from the records'}
          {found.totalCount > found.items.length ? `; the ${found.items.length} that owed the most below` : ''}.
        </Text>
        <Table.ScrollContainer minWidth={600}>
          <Table striped aria-label="Receivables by customer">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Customer</Table.Th>
                <Table.Th scope="col">Receivables</Table.Th>
                <Table.Th scope="col">Not yet due</Table.Th>
                <Table.Th scope="col">Open deductions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {found.items.map((c) => (
                <Table.Tr key={c.accountId}>
                  <Table.Th scope="row">
                    <Anchor component={Link} to={`/collections/accounts/${c.accountId}`}>
                      {c.customerName} ({c.customerNumber})
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{money(c.receivables)}</Table.Td>
                  <Table.Td>{money(c.current)}</Table.Td>
                  <Table.Td>{money(c.openDeductions)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Title order={1}>Receivables by customer</Title>
      {state && (
        <Text size="sm">
          At the end of {formatDate(state.day)} · in {state.currency} ·{' '}
          {state.customer ? `customer ${state.customer}` : 'every customer'}
        </Text>
      )}
      {body}
    </Stack>
  );
}
