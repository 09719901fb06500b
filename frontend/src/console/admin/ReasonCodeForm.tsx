import { useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { SaveReasonCodeDocument, type ReasonCodeSettingRowFragment } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { REASON_CATEGORIES } from './reasonCategories';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['code', 'label', 'category', 'slaDays'] as const;
type Field = (typeof FIELDS)[number];

interface ReasonCodeFormProps {
  /** The reason code to change, or null to add one. */
  reason: ReasonCodeSettingRowFragment | null;
  /** Codes that exist already: adding one of them would silently replace it. */
  existingCodes: readonly string[];
  onSaved: (code: string) => void;
  onCancel: () => void;
}

/** Adds a reason code (its code is fixed from then on) or changes one's label, category, SLA and flags. */
export function ReasonCodeForm({ reason, existingCodes, onSaved, onCancel }: ReasonCodeFormProps) {
  const [code, setCode] = useState(reason?.code ?? '');
  const [label, setLabel] = useState(reason?.label ?? '');
  const [category, setCategory] = useState(reason?.category ?? 'non_trade');
  const [slaDays, setSlaDays] = useState(String(reason?.slaDays ?? 10));
  const [requiresDescription, setRequiresDescription] = useState(reason?.requiresDescription ?? false);
  const [active, setActive] = useState(reason?.active ?? true);
  const errors = useFormErrors<Field>();
  const [{ fetching }, save] = useMutation(SaveReasonCodeDocument);
  const inFlight = useRef(false);

  function problems(): Partial<Record<Field, string>> {
    const typedCode = code.trim();
    return {
      code: !typedCode
        ? 'Enter a code, e.g. OTIF_FINE.'
        : reason === null && existingCodes.includes(typedCode)
          ? `${typedCode} exists already; change it from the list instead.`
          : undefined,
      label: label.trim() ? undefined : 'Give the reason a short label.',
      slaDays: /^\d{1,6}$/.test(slaDays.trim()) ? undefined : 'Enter a whole number of days.',
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || !errors.check(problems())) return;
    inFlight.current = true;
    try {
      const input = {
        code: code.trim(),
        label: label.trim(),
        category,
        slaDays: Number(slaDays.trim()),
        requiresDescription,
        active,
      };
      const result = await save({ input });
      const outcome = readAdminAnswer(result.data?.saveReasonCode, FIELDS);
      errors.show(outcome);
      if (outcome.saved) onSaved(outcome.saved.reasonCode?.code ?? input.code);
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={reason ? `Change ${reason.code}` : 'Add a reason code'}>
      <Stack gap="sm">
        <FormErrors title="The reason code was not saved" messages={errors.form} />
        <TextInput
          label="Code"
          description="Capitals, digits and underscores, e.g. OTIF_FINE. It cannot be changed later."
          required
          autoComplete="off"
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value.toUpperCase());
            errors.clearField('code');
          }}
          error={errors.fields.code}
          readOnly={reason !== null}
          disabled={fetching}
        />
        <TextInput
          label="Label"
          required
          autoComplete="off"
          value={label}
          onChange={(event) => {
            setLabel(event.currentTarget.value);
            errors.clearField('label');
          }}
          error={errors.fields.label}
          disabled={fetching}
        />
        <Group grow align="flex-start">
          <NativeSelect
            label="Category"
            value={category}
            onChange={(event) => {
              setCategory(event.currentTarget.value);
              errors.clearField('category');
            }}
            data={REASON_CATEGORIES.map((option) => ({ ...option }))}
            error={errors.fields.category}
            disabled={fetching}
          />
          <TextInput
            label="SLA (days)"
            required
            inputMode="numeric"
            autoComplete="off"
            value={slaDays}
            onChange={(event) => {
              setSlaDays(event.currentTarget.value);
              errors.clearField('slaDays');
            }}
            error={errors.fields.slaDays}
            disabled={fetching}
          />
        </Group>
        <Checkbox
          label="Requires a description from the customer"
          checked={requiresDescription}
          onChange={(event) => setRequiresDescription(event.currentTarget.checked)}
          disabled={fetching}
        />
        <Checkbox
          label="Active"
          description="Customers can only choose active reasons for new disputes."
          checked={active}
          onChange={(event) => setActive(event.currentTarget.checked)}
          disabled={fetching}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            {reason ? 'Save changes' : 'Add reason code'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
