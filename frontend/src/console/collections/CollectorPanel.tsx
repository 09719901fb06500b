import { useState } from 'react';
import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { formatDate, localIsoDate } from '../../shared/format/dates';
import { CollectionsPauseRemindersDocument } from '../../shared/graphql/generated';
import { actionOutcome } from './actionOutcome';
import { AssignCollectorForm, NextActionForm, type StaffOption } from './BulkActionForms';
import { failureOf, OutcomeAlert, type ShownOutcome } from './OutcomeAlert';

interface CollectorPanelProps {
  accountId: string;
  collectorId: string | null | undefined;
  collectorName: string | null | undefined;
  nextActionOn: string | null | undefined;
  pausedUntil: string | null | undefined;
  pauseReason: string;
  staff: StaffOption[];
  onDone: (message: string) => void;
}

/** Who collects the account, when they act next, and whether reminders are paused. */
export function CollectorPanel(props: CollectorPanelProps) {
  const { accountId, collectorId, collectorName, nextActionOn, staff, onDone } = props;
  return (
    <Stack gap="sm" component="section" aria-labelledby="collector-heading">
      <Title order={2} size="h3" id="collector-heading">
        Collector and next action
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder p="md">
          <Text size="sm" mb="xs">
            Collector: <strong>{collectorName ?? 'Unassigned'}</strong>
          </Text>
          <AssignCollectorForm key={collectorId ?? ''} accountIds={[accountId]} staff={staff} currentId={collectorId} onDone={onDone} />
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" mb="xs">
            Next action: <strong>{nextActionOn ? formatDate(nextActionOn) : 'None set'}</strong>
          </Text>
          <NextActionForm key={nextActionOn ?? ''} accountIds={[accountId]} current={nextActionOn} onDone={onDone} />
        </Paper>
        <Paper withBorder p="md">
          <RemindersPause {...props} key={props.pausedUntil ?? ''} />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

const PAUSE_FIELDS = ['until', 'reason'] as const;
type PauseField = (typeof PAUSE_FIELDS)[number];

function RemindersPause({ accountId, pausedUntil, pauseReason, onDone }: CollectorPanelProps) {
  const [{ fetching }, pause] = useMutation(CollectionsPauseRemindersDocument);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<PauseField, string>>>({});
  const [failure, setFailure] = useState<ShownOutcome | null>(null);

  async function send(day: string | null, why: string) {
    setFailure(null);
    const answer = actionOutcome((await pause({ accountId, until: day, reason: why })).data?.pauseReminders, PAUSE_FIELDS);
    if (answer.ok) onDone(answer.message);
    else {
      setErrors(answer.fields);
      setFailure(failureOf(answer.messages));
    }
  }

  function submit() {
    const found: Partial<Record<PauseField, string>> = {};
    if (until === '') found.until = 'Enter the day reminders start again.';
    if (reason.trim() === '') found.reason = 'Say why reminders are paused.';
    setErrors(found);
    if (Object.keys(found).length === 0) void send(until, reason.trim());
  }

  if (pausedUntil) {
    return (
      <Stack gap="xs">
        <Text size="sm">
          Reminders paused until <strong>{formatDate(pausedUntil)}</strong>
          {pauseReason && `: ${pauseReason}`}
        </Text>
        <OutcomeAlert outcome={failure} />
        <Group>
          <Button variant="default" loading={fetching} onClick={() => void send(null, '')}>
            Resume reminders
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack
      component="form"
      gap="xs"
      aria-label="Pause reminders"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Text size="sm">Reminders are sent as due.</Text>
      <TextInput
        type="date"
        label="Pause reminders until"
        min={localIsoDate(new Date())}
        value={until}
        error={errors.until}
        onChange={(event) => {
          setUntil(event.currentTarget.value);
          setErrors((current) => ({ ...current, until: undefined }));
        }}
      />
      <TextInput
        label="Reason for the pause"
        maxLength={500}
        value={reason}
        error={errors.reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setErrors((current) => ({ ...current, reason: undefined }));
        }}
      />
      <OutcomeAlert outcome={failure} />
      <Group>
        <Button type="submit" variant="default" loading={fetching}>
          Pause reminders
        </Button>
      </Group>
    </Stack>
  );
}
