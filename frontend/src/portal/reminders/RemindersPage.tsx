import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { PortalRemindersDocument } from '../../shared/graphql/generated';
import { PromisesTable } from './PromisesTable';
import { ReminderCard } from './ReminderCard';

/**
 * `/reminders`: the payment reminders the account received, each with the
 * invoices it asks for (disputed ones apart, not due) and the customer's
 * answers; and the customer's promises to pay.
 */
export function RemindersPage() {
  const [result, reexecute] = useQuery({ query: PortalRemindersDocument });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load your reminders" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading reminders…" />;
  } else {
    body = (
      <Stack gap="xl">
        <Stack gap="md">
          {data.reminders.length === 0 ? (
            <Paper withBorder p="md">
              <Text c="dimmed">We have sent you no payment reminders.</Text>
            </Paper>
          ) : (
            data.reminders.map((reminder) => (
              <ReminderCard key={reminder.id} reminder={reminder} onPromised={refresh} />
            ))
          )}
        </Stack>
        <section aria-labelledby="promises-heading">
          <Title order={2} size="h4" id="promises-heading">
            Your promises to pay
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            Newest first. We send no reminders for an invoice while a promise for it is open.
          </Text>
          {data.promisesToPay.length === 0 ? (
            <Paper withBorder p="md">
              <Text c="dimmed">You have made no promises to pay.</Text>
            </Paper>
          ) : (
            <PromisesTable promises={data.promisesToPay} />
          )}
        </section>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <title>Reminders · Recoup</title>
      <div>
        <Title order={1} size="h2">
          Reminders
        </Title>
        <Text c="dimmed">
          Payment reminders we sent you, newest first. Money you dispute is never asked for while we review it.
        </Text>
      </div>
      {body}
    </Stack>
  );
}
