import { useState } from 'react';
import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { isIsoDate, localIsoDate } from '../../shared/format/dates';
import {
  CollectionsAssignCollectorDocument,
  CollectionsSendRemindersDocument,
  CollectionsSetNextActionDocument,
} from '../../shared/graphql/generated';
import { actionOutcome } from './actionOutcome';
import { accountsText, collectsAccounts } from './collectionsLabels';
import { failureOf, OutcomeAlert, type ShownOutcome } from './OutcomeAlert';

export interface StaffOption {
  id: string;
  fullName: string;
  role: string;
}

interface ActionFormProps {
  accountIds: string[];
  onDone: (message: string) => void;
}

/** Give the accounts to a collector (or to nobody). Only collectors, credit managers and admins are offered. */
export function AssignCollectorForm({ accountIds, staff, onDone, currentId = null }: ActionFormProps & { staff: StaffOption[]; currentId?: string | null }) {
  const [{ fetching }, assign] = useMutation(CollectionsAssignCollectorDocument);
  const [collectorId, setCollectorId] = useState(currentId ?? '');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<ShownOutcome | null>(null);
  const collectors = staff.filter((member) => collectsAccounts(member.role));

  async function submit() {
    setError(undefined);
    setFailure(null);
    const result = await assign({ accountIds, collectorId: collectorId || null });
    const answer = actionOutcome(result.data?.assignCollector, ['collectorId'] as const);
    if (answer.ok) onDone(answer.message);
    else {
      setError(answer.fields.collectorId);
      setFailure(failureOf(answer.messages));
    }
  }

  return (
    <Stack
      component="form"
      gap="sm"
      aria-label="Assign a collector"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <NativeSelect
        label="Collector"
        data={[{ value: '', label: 'Nobody (unassign)' }, ...collectors.map((m) => ({ value: m.id, label: m.fullName }))]}
        value={collectorId}
        error={error}
        onChange={(event) => setCollectorId(event.currentTarget.value)}
      />
      <OutcomeAlert outcome={failure} />
      <Group>
        <Button type="submit" loading={fetching}>
          {collectorId ? 'Assign' : 'Unassign'}
        </Button>
      </Group>
    </Stack>
  );
}

/** Set (or clear) the day of the next action. */
export function NextActionForm({ accountIds, onDone, current = null }: ActionFormProps & { current?: string | null }) {
  const [{ fetching }, setNextAction] = useMutation(CollectionsSetNextActionDocument);
  const [on, setOn] = useState(current ?? '');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<ShownOutcome | null>(null);

  async function submit() {
    setFailure(null);
    if (on !== '' && !isIsoDate(on)) {
      setError('Enter a day, or leave it empty to clear the next action.');
      return;
    }
    setError(undefined);
    const result = await setNextAction({ accountIds, on: on || null });
    const answer = actionOutcome(result.data?.setNextAction, ['on'] as const);
    if (answer.ok) onDone(answer.message);
    else {
      setError(answer.fields.on);
      setFailure(failureOf(answer.messages));
    }
  }

  return (
    <Stack
      component="form"
      gap="sm"
      aria-label="Set the next action"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextInput
        type="date"
        label="Next action on"
        description="Leave empty to clear it."
        min={localIsoDate(new Date())}
        value={on}
        error={error}
        onChange={(event) => {
          setOn(event.currentTarget.value);
          setError(undefined);
        }}
        maw={220}
      />
      <OutcomeAlert outcome={failure} />
      <Group>
        <Button type="submit" loading={fetching}>
          {on ? 'Set next action' : 'Clear next action'}
        </Button>
      </Group>
    </Stack>
  );
}

/** Sends the reminders now due to the accounts (what the dunning preview shows for them); says how many went. */
export function SendRemindersForm({ accountIds, onDone, onCancel }: ActionFormProps & { onCancel?: () => void }) {
  const [{ fetching }, send] = useMutation(CollectionsSendRemindersDocument);
  const [failure, setFailure] = useState<ShownOutcome | null>(null);

  async function submit() {
    setFailure(null);
    const result = await send({ accountIds });
    const answer = actionOutcome(result.data?.sendReminders, []);
    if (answer.ok) onDone(answer.message);
    else setFailure(failureOf(answer.messages));
  }

  return (
    <Stack gap="sm">
      <Text size="sm">
        Recoup sends each of {accountsText(accountIds.length)} the reminder now due, as the dunning preview shows it.
        Disputed invoices are listed apart and never asked for. An account with nothing due gets nothing.
      </Text>
      <OutcomeAlert outcome={failure} />
      <Group>
        <Button onClick={() => void submit()} loading={fetching}>
          Send reminders to {accountsText(accountIds.length)}
        </Button>
        {onCancel && (
          <Button variant="default" onClick={onCancel} disabled={fetching}>
            Cancel
          </Button>
        )}
      </Group>
    </Stack>
  );
}
