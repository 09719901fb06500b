import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from 'urql';
import { UNREACHABLE } from '../../shared/graphql/fieldErrors';
import { DeactivateColleagueDocument, type ColleagueRowFragment } from '../../shared/graphql/generated';

interface DeactivateColleagueButtonProps {
  colleague: ColleagueRowFragment;
  onDeactivated: () => void;
}

/** "Deactivate", confirmed in a dialog: the colleague can no longer sign in and is signed out now. */
export function DeactivateColleagueButton({ colleague, onDeactivated }: DeactivateColleagueButtonProps) {
  const [opened, setOpened] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, deactivate] = useMutation(DeactivateColleagueDocument);

  function close() {
    if (fetching) return;
    setOpened(false);
    setError(null);
  }

  async function confirm() {
    if (fetching) return;
    setError(null);
    const result = await deactivate({ userId: colleague.id });
    const answer = result.data?.deactivateColleague;
    switch (answer?.__typename) {
      case 'ColleagueSaved':
        setOpened(false);
        onDeactivated();
        return;
      case 'InvalidInputResult':
        setError(answer.errors.map((item) => item.message).join(' '));
        return;
      case 'NotFoundResult':
      case 'ConflictResult':
      case 'NotPermittedResult':
      case 'RateLimitedResult':
        setError(answer.message);
        return;
      default:
        setError(UNREACHABLE);
    }
  }

  return (
    <>
      <Button
        size="compact-sm"
        variant="outline"
        color="red"
        onClick={() => setOpened(true)}
        aria-label={`Deactivate ${colleague.fullName}`}
      >
        Deactivate
      </Button>
      <Modal opened={opened} onClose={close} title={`Deactivate ${colleague.fullName}?`} centered>
        <Stack gap="md">
          <Text size="sm">
            {colleague.fullName} ({colleague.email}) will be signed out and can no longer sign in to Recoup for your
            account. Their disputes and messages stay.
          </Text>
          {error && (
            <Alert color="red" variant="light" role="alert" title="The colleague was not deactivated">
              {error}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={fetching} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={() => void confirm()} loading={fetching}>
              Deactivate
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
