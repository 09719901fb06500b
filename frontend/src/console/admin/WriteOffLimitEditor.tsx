import { useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { SetWriteOffLimitDocument } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { amountInputProblem } from './amounts';
import { staffRoleLabel } from './staffRoles';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['maxAmount'] as const;

interface WriteOffLimitEditorProps {
  /** The role as the API spells it, e.g. "ar_clerk". */
  role: string;
  /** The current limit: a decimal string, null for no limit, undefined when none is set. */
  maxAmount: string | null | undefined;
  onSaved: () => void;
  onCancel: () => void;
}

/** Sets one role's write-off limit per case: an amount, or no limit at all (sent as null). */
export function WriteOffLimitEditor({ role, maxAmount, onSaved, onCancel }: WriteOffLimitEditorProps) {
  const [unlimited, setUnlimited] = useState(maxAmount === null);
  const [amount, setAmount] = useState(maxAmount ?? '');
  const errors = useFormErrors<(typeof FIELDS)[number]>();
  const [{ fetching }, setLimit] = useMutation(SetWriteOffLimitDocument);
  const inFlight = useRef(false);
  const label = staffRoleLabel(role);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const typed = amount.trim();
    const problem = unlimited ? null : typed === '' ? 'Enter an amount, or tick "No limit".' : amountInputProblem(typed);
    if (!errors.check({ maxAmount: problem ?? undefined })) return;

    inFlight.current = true;
    try {
      const result = await setLimit({ role, maxAmount: unlimited ? null : typed });
      const outcome = readAdminAnswer(result.data?.setWriteOffLimit, FIELDS);
      errors.show(outcome);
      if (outcome.saved) onSaved();
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={`Write-off limit for ${label}`}>
      <Stack gap="sm">
        <FormErrors title="The limit was not changed" messages={errors.form} />
        <Text size="sm">
          The most someone with the role {label} may write off on one case. Above it, they need someone with a higher
          limit.
        </Text>
        <TextInput
          label="Maximum per case"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => {
            setAmount(event.currentTarget.value);
            errors.clearField('maxAmount');
          }}
          error={errors.fields.maxAmount}
          disabled={unlimited || fetching}
          placeholder={unlimited ? 'No limit' : 'e.g. 250.00'}
          maw={240}
        />
        <Checkbox
          label="No limit"
          checked={unlimited}
          onChange={(event) => {
            setUnlimited(event.currentTarget.checked);
            errors.clearField('maxAmount');
          }}
          disabled={fetching}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            Save limit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
