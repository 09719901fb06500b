import { useRef, useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { SaveExternalReasonCodeDocument, type ExternalReasonCodeRowFragment } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['scheme', 'code', 'reasonCode'] as const;
type Field = (typeof FIELDS)[number];

const SCHEME = /^[a-z][a-z0-9_]{1,15}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$/;

export interface ReasonOption {
  code: string;
  label: string;
  active: boolean;
}

interface ExternalCodeFormProps {
  /** The mapping to re-point, or null to add one. */
  mapping: ExternalReasonCodeRowFragment | null;
  reasons: readonly ReasonOption[];
  onSaved: (mapping: ExternalReasonCodeRowFragment) => void;
  onCancel: () => void;
}

/** Maps a remittance adjustment code (a standard's or a retailer's) onto one of the reason codes. */
export function ExternalCodeForm({ mapping, reasons, onSaved, onCancel }: ExternalCodeFormProps) {
  const [scheme, setScheme] = useState(mapping?.scheme ?? '');
  const [code, setCode] = useState(mapping?.code ?? '');
  const [reasonCode, setReasonCode] = useState(mapping?.reasonCode ?? '');
  const errors = useFormErrors<Field>();
  const [{ fetching }, save] = useMutation(SaveExternalReasonCodeDocument);
  const inFlight = useRef(false);
  const choices = reasons.filter((reason) => reason.active || reason.code === mapping?.reasonCode);

  function problems(): Partial<Record<Field, string>> {
    return {
      scheme: SCHEME.test(scheme.trim())
        ? undefined
        : 'Name the code list in lower case, e.g. x12, edifact or a retailer’s name.',
      code: CODE.test(code.trim()) ? undefined : 'Give the code as it appears on the remittance (up to 16 characters).',
      reasonCode: reasonCode ? undefined : 'Choose the reason this code means.',
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || !errors.check(problems())) return;
    inFlight.current = true;
    try {
      const result = await save({ scheme: scheme.trim(), code: code.trim(), reasonCode });
      const outcome = readAdminAnswer(result.data?.saveExternalReasonCode, FIELDS);
      errors.show(outcome);
      const saved = outcome.saved?.externalReasonCode;
      if (saved) onSaved(saved);
    } finally {
      inFlight.current = false;
    }
  }

  const title = mapping ? `Change ${mapping.scheme} ${mapping.code}` : 'Map a remittance code';
  return (
    <form onSubmit={handleSubmit} noValidate aria-label={title}>
      <Stack gap="sm">
        <FormErrors title="The mapping was not saved" messages={errors.form} />
        <Group grow align="flex-start">
          <TextInput
            label="Code list"
            description="x12, edifact, or a retailer's own list"
            required
            autoComplete="off"
            value={scheme}
            onChange={(event) => {
              setScheme(event.currentTarget.value.toLowerCase());
              errors.clearField('scheme');
            }}
            error={errors.fields.scheme}
            readOnly={mapping !== null}
            disabled={fetching}
          />
          <TextInput
            label="Code"
            description="As it appears on the remittance"
            required
            autoComplete="off"
            value={code}
            onChange={(event) => {
              setCode(event.currentTarget.value.toUpperCase());
              errors.clearField('code');
            }}
            error={errors.fields.code}
            readOnly={mapping !== null}
            disabled={fetching}
          />
        </Group>
        <NativeSelect
          label="Means"
          required
          value={reasonCode}
          onChange={(event) => {
            setReasonCode(event.currentTarget.value);
            errors.clearField('reasonCode');
          }}
          data={[
            { value: '', label: 'Choose a reason…' },
            ...choices.map((reason) => ({ value: reason.code, label: `${reason.label} (${reason.code})` })),
          ]}
          error={errors.fields.reasonCode}
          disabled={fetching}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            {mapping ? 'Save changes' : 'Add mapping'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
