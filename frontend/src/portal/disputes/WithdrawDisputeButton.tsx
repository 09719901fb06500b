import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { WithdrawDisputeDocument } from '../../shared/graphql/generated';

const UNREACHABLE = "We couldn't reach Recoup. Check your connection and try again.";

/** "Withdraw dispute", confirmed in a dialog with an optional reason. */
export function WithdrawDisputeButton({ disputeId }: { disputeId: string }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [{ fetching }, withdraw] = useMutation(WithdrawDisputeDocument);

  function close() {
    if (fetching) return;
    setOpened(false);
    setError(null);
    setReasonError(null);
  }

  async function confirm() {
    if (fetching) return;
    setError(null);
    setReasonError(null);
    const result = await withdraw({ id: disputeId, reason: reason.trim() });
    const answer = result.data?.withdrawDispute;
    switch (answer?.__typename) {
      case 'DisputeWithdrawn':
        // The dispute in the answer updates the page through the cache.
        setOpened(false);
        return;
      case 'InvalidInputResult': {
        const onReason = answer.errors.filter((item) => item.field === 'reason').map((item) => item.message);
        const other = answer.errors.filter((item) => item.field !== 'reason').map((item) => item.message);
        setReasonError(onReason.join(' ') || null);
        setError(other.join(' ') || null);
        return;
      }
      case 'NotFoundResult':
      case 'ConflictResult':
        setError(answer.message);
        return;
      default:
        setError(UNREACHABLE);
    }
  }

  return (
    <>
      <Button color="red" variant="outline" onClick={() => setOpened(true)}>
        Withdraw dispute
      </Button>
      <Modal opened={opened} onClose={close} title="Withdraw this dispute?" centered>
        <Stack gap="md">
          <Text size="sm">
            Withdrawing closes the dispute: we stop reviewing it and the amount counts as owed again. This can't be
            undone here.
          </Text>
          {error && (
            <Alert color="red" variant="light" role="alert" title="The dispute was not withdrawn">
              {error}
            </Alert>
          )}
          <Textarea
            label="Reason (optional)"
            description="Tell us why, if you like, e.g. the missing goods arrived."
            autosize
            minRows={2}
            maxLength={1000}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reasonError}
            disabled={fetching}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={fetching}>
              Keep the dispute
            </Button>
            <Button color="red" onClick={() => void confirm()} loading={fetching}>
              Withdraw dispute
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
