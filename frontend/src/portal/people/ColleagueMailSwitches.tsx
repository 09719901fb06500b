import { useState } from 'react';
import { Checkbox, Stack, Text } from '@mantine/core';
import { useMutation } from 'urql';
import { UNREACHABLE } from '../../shared/graphql/fieldErrors';
import { SetColleagueMailDocument, type ColleagueRowFragment } from '../../shared/graphql/generated';

type Choice = 'receivesInvoices' | 'receivesReminders';

const LABELS: Record<Choice, string> = {
  receivesInvoices: 'Receives invoices',
  receivesReminders: 'Receives reminders',
};

interface ColleagueMailSwitchesProps {
  colleague: ColleagueRowFragment;
  /** Only the account's administrator may change who is e-mailed; others see the choices. */
  editable: boolean;
}

/**
 * Whether a colleague is e-mailed new invoices and payment reminders. Each
 * tick is saved at once; a refused change goes back and says why.
 */
export function ColleagueMailSwitches({ colleague, editable }: ColleagueMailSwitchesProps) {
  const [choices, setChoices] = useState<Record<Choice, boolean>>({
    receivesInvoices: colleague.receivesInvoices,
    receivesReminders: colleague.receivesReminders,
  });
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, save] = useMutation(SetColleagueMailDocument);
  const errorId = `mail-${colleague.id}-error`;

  async function toggle(choice: Choice, checked: boolean) {
    if (fetching) return;
    const before = choices;
    const next = { ...choices, [choice]: checked };
    setChoices(next);
    setError(null);
    const result = await save({ userId: colleague.id, ...next });
    const answer = result.data?.setColleagueMail;
    switch (answer?.__typename) {
      case 'ColleagueSaved':
        setChoices({
          receivesInvoices: answer.colleague.receivesInvoices,
          receivesReminders: answer.colleague.receivesReminders,
        });
        return;
      case 'InvalidInputResult':
        setChoices(before);
        setError(answer.errors.map((item) => item.message).join(' '));
        return;
      case 'NotFoundResult':
      case 'ConflictResult':
      case 'NotPermittedResult':
      case 'RateLimitedResult':
        setChoices(before);
        setError(answer.message);
        return;
      default:
        setChoices(before);
        setError(UNREACHABLE);
    }
  }

  return (
    <Stack gap={4}>
      {(Object.keys(LABELS) as Choice[]).map((choice) => (
        <Checkbox
          key={choice}
          size="sm"
          label={LABELS[choice]}
          aria-label={`${colleague.fullName} ${LABELS[choice].toLowerCase()}`}
          checked={choices[choice]}
          disabled={!editable || fetching}
          onChange={(event) => void toggle(choice, event.currentTarget.checked)}
          aria-describedby={error ? errorId : undefined}
        />
      ))}
      {error && (
        <Text size="xs" c="red.8" role="alert" id={errorId}>
          {error}
        </Text>
      )}
    </Stack>
  );
}
