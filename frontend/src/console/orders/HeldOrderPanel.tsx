import { useState } from 'react';
import { Alert, Button, Group, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { ConsoleDecideHeldOrderDocument } from '../../shared/graphql/generated';
import type { Refusal } from '../common/refusal';
import { CreditDecisionBadge } from './OrderStatusBadge';
import { orderActionOutcome } from './orderAnswer';
import { decisionNoteProblem, MAX_ORDER_NOTE } from './orderForms';

interface HeldOrderPanelProps {
  orderId: string;
  version: number;
  holdReasons: readonly string[];
  /** Credit managers and admins approve or reject. */
  canDecide: boolean;
  onDone: (message: string) => void;
  onReload: () => void;
}

/** An order held for credit: why, and (for credit managers) Approve or Reject with a note. */
export function HeldOrderPanel({ orderId, version, holdReasons, canDecide, onDone, onReload }: HeldOrderPanelProps) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="held-heading">
      <Title order={2} size="h4" id="held-heading">
        Held for credit
      </Title>
      <Paper withBorder p="md" bg="red.0">
        <Stack gap="xs">
          <Group gap="sm">
            <CreditDecisionBadge decision="held" />
            <Text size="sm">The order does not ship until a credit manager approves it.</Text>
          </Group>
          <Text size="sm" fw={600}>
            Why:
          </Text>
          {holdReasons.length > 0 ? (
            <List size="sm" aria-label="Hold reasons">
              {holdReasons.map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              No reason was recorded.
            </Text>
          )}
          {canDecide ? (
            <DecisionForm orderId={orderId} version={version} onDone={onDone} onReload={onReload} />
          ) : (
            <Text size="sm" c="dimmed">
              Only a credit manager or an admin can approve or reject a held order.
            </Text>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

interface DecisionFormProps {
  orderId: string;
  version: number;
  onDone: (message: string) => void;
  onReload: () => void;
}

function DecisionForm({ orderId, version, onDone, onReload }: DecisionFormProps) {
  const [{ fetching }, decide] = useMutation(ConsoleDecideHeldOrderDocument);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [deciding, setDeciding] = useState<boolean | null>(null);

  async function submit(approve: boolean) {
    setRefusal(null);
    const problem = decisionNoteProblem(note);
    if (problem) {
      setError(problem);
      return;
    }
    setError(undefined);
    setDeciding(approve);
    const result = await decide({ orderId, version, approve, note: note.trim() });
    setDeciding(null);
    const outcome = orderActionOutcome(result.data?.decideHeldOrder, ['note'] as const);
    if (outcome.ok) {
      setNote('');
      onDone(outcome.message);
      return;
    }
    setError(outcome.refusal.fields.note);
    setRefusal(outcome.refusal);
  }

  return (
    <Stack
      component="form"
      gap="xs"
      aria-label="Approve or reject the order"
      onSubmit={(event) => event.preventDefault()}
    >
      <Textarea
        label="Decision note"
        description="Kept on the order’s history."
        withAsterisk
        aria-required
        autosize
        minRows={2}
        maxLength={MAX_ORDER_NOTE}
        value={note}
        error={error}
        disabled={fetching}
        onChange={(event) => {
          setNote(event.currentTarget.value);
          setError(undefined);
        }}
      />
      {refusal && refusal.messages.length > 0 && (
        <Alert color={refusal.kind === 'conflict' ? 'yellow' : 'red'} variant="light" role="alert">
          <Stack gap="xs" align="flex-start">
            <span>{refusal.messages.join(' ')}</span>
            {refusal.kind === 'conflict' && (
              <Button size="xs" variant="white" onClick={onReload}>
                Reload order
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      <Group>
        <Button onClick={() => void submit(true)} loading={deciding === true} disabled={fetching && deciding !== true}>
          Approve order
        </Button>
        <Button
          color="red"
          variant="outline"
          onClick={() => void submit(false)}
          loading={deciding === false}
          disabled={fetching && deciding !== false}
        >
          Reject order
        </Button>
      </Group>
    </Stack>
  );
}
