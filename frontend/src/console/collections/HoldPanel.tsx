import { useState } from 'react';
import { Badge, Button, Group, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { formatDateTime } from '../../shared/format/dates';
import {
  CollectionsReleaseCreditHoldDocument,
  type CollectionsAccountViewFragment,
} from '../../shared/graphql/generated';
import { actionOutcome } from './actionOutcome';
import { failureOf, OutcomeAlert, type ShownOutcome } from './OutcomeAlert';

type Hold = CollectionsAccountViewFragment['holds'][number];

interface HoldPanelProps {
  accountId: string;
  credit: CollectionsAccountViewFragment['credit'];
  holds: Hold[];
  /** Credit managers and admins may release a hold. */
  canRelease: boolean;
  onDone: (message: string) => void;
}

/** The current credit hold with its reasons (and, for credit managers, its release), then earlier holds. */
export function HoldPanel({ accountId, credit, holds, canRelease, onDone }: HoldPanelProps) {
  const past = holds.filter((hold) => hold.releasedAt);
  return (
    <Stack gap="sm" component="section" aria-labelledby="hold-heading">
      <Title order={2} size="h3" id="hold-heading">
        Credit hold
      </Title>
      {credit.onHold ? (
        <Paper withBorder p="md" bg="red.0">
          <Stack gap="xs">
            <Group gap="sm">
              <Badge color="red" variant="filled" radius="sm">
                On hold
              </Badge>
              {credit.holdSince && <Text size="sm">since {formatDateTime(credit.holdSince)}</Text>}
            </Group>
            <Text size="sm" fw={600}>
              Why:
            </Text>
            <List size="sm" aria-label="Hold reasons">
              {credit.holdReasons.map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
            {canRelease ? (
              <ReleaseHoldForm accountId={accountId} onDone={onDone} />
            ) : (
              <Text size="sm" c="dimmed">
                Only a credit manager can release the hold.
              </Text>
            )}
          </Stack>
        </Paper>
      ) : (
        <Text>The account is not on hold.</Text>
      )}
      {past.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            Hold history
          </Title>
          <List size="sm" spacing={4} aria-label="Hold history">
            {past.map((hold) => (
              <List.Item key={hold.id}>
                Held {formatDateTime(hold.placedAt)} ({hold.reasons.join('; ')}) — released{' '}
                {hold.releasedAt && formatDateTime(hold.releasedAt)}
                {hold.releasedByName && ` by ${hold.releasedByName}`}
                {hold.releaseNote && `: “${hold.releaseNote}”`}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

function ReleaseHoldForm({ accountId, onDone }: { accountId: string; onDone: (message: string) => void }) {
  const [{ fetching }, release] = useMutation(CollectionsReleaseCreditHoldDocument);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<ShownOutcome | null>(null);

  async function submit() {
    setFailure(null);
    if (note.trim() === '') {
      setError('Say why the hold is released.');
      return;
    }
    setError(undefined);
    const answer = actionOutcome((await release({ accountId, note: note.trim() })).data?.releaseCreditHold, ['note'] as const);
    if (answer.ok) {
      setNote('');
      onDone(answer.message);
    } else {
      setError(answer.fields.note);
      setFailure(failureOf(answer.messages));
    }
  }

  return (
    <Stack
      component="form"
      gap="xs"
      aria-label="Release the hold"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Textarea
        label="Release note"
        description="Kept in the hold history."
        withAsterisk
        aria-required
        autosize
        minRows={2}
        maxLength={1000}
        value={note}
        error={error}
        onChange={(event) => {
          setNote(event.currentTarget.value);
          setError(undefined);
        }}
      />
      <OutcomeAlert outcome={failure} />
      <Group>
        <Button type="submit" color="red" variant="outline" loading={fetching}>
          Release hold
        </Button>
      </Group>
    </Stack>
  );
}
