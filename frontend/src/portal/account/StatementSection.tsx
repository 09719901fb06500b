import { useState } from 'react';
import { Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { CheckedDownloadButton } from '../../shared/downloads/CheckedDownloadButton';
import { formatMoney } from '../../shared/format/money';
import { AccountStatementDocument } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { StatementTable } from './StatementTable';
import { defaultStatementPeriod, periodProblem, statementDownloadUrl, type StatementPeriod } from './statementPeriod';

/**
 * The statement for a period the customer picks (by default the last three
 * months), as a table and as PDF and CSV downloads. The period is asked for
 * a moment after the dates stop changing, so typing a year does not fetch
 * every year on the way.
 */
export function StatementSection({ currency }: { currency: string }) {
  const [period, setPeriod] = useState<StatementPeriod>(() => defaultStatementPeriod(new Date()));
  const [applied] = useDebouncedValue(period, 400);
  const problem = periodProblem(applied);
  const [result, reexecute] = useQuery({
    query: AccountStatementDocument,
    variables: { periodFrom: applied.from, periodTo: applied.to },
    pause: problem !== null,
  });
  // A refused period (e.g. the first day after the last) comes back as a GraphQL error with a message for the user.
  const refusal = result.error?.graphQLErrors[0]?.message ?? null;
  const statement = result.data?.viewer?.account?.statement;
  const shownPeriod = statement && !refusal && !problem ? applied : null;

  let body;
  if (problem || refusal) {
    body = <Text c="dimmed">Correct the period to see the statement.</Text>;
  } else if (result.error && !statement) {
    body = (
      <ErrorState
        title="We couldn't load your statement"
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  } else if (!statement) {
    body = <LoadingState label="Loading statement…" />;
  } else {
    body = (
      <Stack gap="sm">
        <FactList
          label="Statement totals"
          facts={[
            { label: 'Opening balance', value: formatMoney(statement.openingBalance, currency) },
            { label: 'Closing balance', value: formatMoney(statement.closingBalance, currency) },
            { label: 'Entries', value: String(statement.entries.length) },
          ]}
        />
        {statement.entries.length === 0 ? (
          <Paper withBorder p="md">
            <Text c="dimmed">Nothing happened on your account in this period.</Text>
          </Paper>
        ) : (
          <StatementTable statement={statement} currency={currency} />
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group align="flex-start" gap="sm" wrap="wrap" role="group" aria-label="Statement period">
        <TextInput
          type="date"
          label="From"
          required
          value={period.from}
          onChange={(event) => {
            const from = event.currentTarget.value;
            setPeriod((current) => ({ ...current, from }));
          }}
          error={problem ?? refusal}
          w={{ base: '100%', xs: 190 }}
        />
        <TextInput
          type="date"
          label="To"
          required
          value={period.to}
          onChange={(event) => {
            const to = event.currentTarget.value;
            setPeriod((current) => ({ ...current, to }));
          }}
          w={{ base: '100%', xs: 190 }}
        />
        {shownPeriod && (
          <Group gap="xs" mt={{ base: 0, xs: 25 }}>
            <CheckedDownloadButton href={statementDownloadUrl(shownPeriod, 'pdf')} filename="statement.pdf" variant="default">
              Download PDF
            </CheckedDownloadButton>
            <CheckedDownloadButton href={statementDownloadUrl(shownPeriod, 'csv')} filename="statement.csv" variant="default">
              Download CSV
            </CheckedDownloadButton>
          </Group>
        )}
      </Group>
      {body}
    </Stack>
  );
}
