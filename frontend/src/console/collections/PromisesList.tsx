import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { formatDate, formatDateTime } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import { CollectionsCancelPromiseDocument, type CollectionsPromiseFragment } from '../../shared/graphql/generated';
import { actionOutcome } from './actionOutcome';
import { promiseStatusColor, promiseStatusLabel } from './collectionsLabels';
import { failureOf, OutcomeAlert, type ShownOutcome } from './OutcomeAlert';

/** The account's promises to pay, newest first, with how much came in; open ones can be cancelled. */
export function PromisesList({ promises, onDone }: { promises: CollectionsPromiseFragment[]; onDone: (message: string) => void }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="promises-heading">
      <Title order={2} size="h3" id="promises-heading">
        Promises to pay
      </Title>
      {promises.length === 0 ? (
        <Text c="dimmed">No promise to pay yet.</Text>
      ) : (
        <Stack gap="xs" component="ul" aria-label="Promises to pay" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {promises.map((promise) => (
            <PromiseCard key={promise.id} promise={promise} onDone={onDone} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function PromiseCard({ promise, onDone }: { promise: CollectionsPromiseFragment; onDone: (message: string) => void }) {
  const [{ fetching }, cancel] = useMutation(CollectionsCancelPromiseDocument);
  const [failure, setFailure] = useState<ShownOutcome | null>(null);
  const money = (amount: string) => formatMoney(amount, promise.currency);

  async function cancelIt() {
    setFailure(null);
    const answer = actionOutcome((await cancel({ promiseId: promise.id })).data?.cancelPromiseToPay, [], 'Promise cancelled.');
    if (answer.ok) onDone(answer.message);
    else setFailure(failureOf(answer.messages));
  }

  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={4}>
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Text fw={700}>{money(promise.amount)}</Text>
            <Text size="sm">by {formatDate(promise.promisedOn)}</Text>
            <Badge color={promiseStatusColor(promise.status)} variant="light">
              {promiseStatusLabel(promise.status)}
            </Badge>
          </Group>
          {promise.status === 'OPEN' && (
            <Button size="xs" variant="default" color="red" loading={fetching} onClick={() => void cancelIt()}>
              Cancel promise
            </Button>
          )}
        </Group>
        <Text size="sm">
          For {promise.invoices.map((invoice) => `${invoice.invoiceNumber} (${money(invoice.amount)})`).join(', ')}
        </Text>
        {!isZeroAmount(promise.receivedAmount) && <Text size="sm">Received so far: {money(promise.receivedAmount)}</Text>}
        {promise.note && <Text size="sm">“{promise.note}”</Text>}
        <Text size="xs" c="dimmed">
          {promise.madeInPortal ? 'Made by the customer in the portal' : 'Recorded by staff'} on {formatDateTime(promise.createdAt)}
        </Text>
        <OutcomeAlert outcome={failure} />
      </Stack>
    </Paper>
  );
}
