import { useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { isIsoDate } from '../../shared/format/dates';
import { SavePromotionDocument, type PromotionInput, type PromotionRowFragment } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import type { Customer } from './routingRuleForm';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['code', 'name', 'startsOn', 'endsOn', 'accountId', 'active'] as const;
type Field = (typeof FIELDS)[number];

interface Values {
  code: string;
  name: string;
  startsOn: string;
  endsOn: string;
  accountId: string;
  active: boolean;
}

function problems(values: Values): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  if (!values.code.trim()) found.code = 'Give the promotion its code, e.g. SPRING-26.';
  if (!values.name.trim()) found.name = 'Name the promotion.';
  if (!isIsoDate(values.startsOn)) found.startsOn = 'Choose the first day.';
  if (!isIsoDate(values.endsOn)) found.endsOn = 'Choose the last day.';
  return found;
}

function input(values: Values): PromotionInput {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    startsOn: values.startsOn,
    endsOn: values.endsOn,
    accountId: values.accountId || null,
    active: values.active,
  };
}

interface PromotionFormProps {
  promotion: PromotionRowFragment | null;
  customers: readonly Customer[];
  onSaved: () => void;
  onCancel: () => void;
}

/** Creates or changes a promotion: PROMOTION claims on invoices issued outside every active one are flagged. */
export function PromotionForm({ promotion, customers, onSaved, onCancel }: PromotionFormProps) {
  const [values, setValues] = useState<Values>(() => ({
    code: promotion?.code ?? '',
    name: promotion?.name ?? '',
    startsOn: promotion?.startsOn ?? '',
    endsOn: promotion?.endsOn ?? '',
    accountId: promotion?.accountId ?? '',
    active: promotion?.active ?? true,
  }));
  const errors = useFormErrors<Field>();
  const [{ fetching }, save] = useMutation(SavePromotionDocument);
  const inFlight = useRef(false);

  function change(patch: Partial<Values>, field: Field) {
    setValues((current) => ({ ...current, ...patch }));
    errors.clearField(field);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || !errors.check(problems(values))) return;
    inFlight.current = true;
    try {
      const result = await save({ input: input(values), id: promotion?.id ?? null });
      const outcome = readAdminAnswer(result.data?.savePromotion, FIELDS);
      errors.show(outcome);
      if (outcome.saved) onSaved();
    } finally {
      inFlight.current = false;
    }
  }

  const listed = values.accountId === '' || customers.some((customer) => customer.id === values.accountId);
  const customerOptions = [
    { value: '', label: 'Every customer' },
    ...customers.map((customer) => ({ value: customer.id, label: customer.name })),
    ...(listed ? [] : [{ value: values.accountId, label: `Account ${values.accountId}` }]),
  ];
  const text = (field: 'code' | 'name', label: string) => (
    <TextInput
      label={label}
      required
      autoComplete="off"
      value={values[field]}
      onChange={(event) => change({ [field]: event.currentTarget.value }, field)}
      error={errors.fields[field]}
      disabled={fetching}
    />
  );
  const day = (field: 'startsOn' | 'endsOn', label: string) => (
    <TextInput
      label={label}
      type="date"
      required
      value={values[field]}
      onChange={(event) => change({ [field]: event.currentTarget.value }, field)}
      error={errors.fields[field]}
      disabled={fetching}
    />
  );

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={promotion ? 'Change promotion' : 'New promotion'}>
      <Stack gap="sm">
        <FormErrors title="The promotion was not saved" messages={errors.form} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('code', 'Code')}
          {text('name', 'Name')}
          {day('startsOn', 'First day')}
          {day('endsOn', 'Last day')}
          <NativeSelect
            label="Customer"
            value={values.accountId}
            onChange={(event) => change({ accountId: event.currentTarget.value }, 'accountId')}
            data={customerOptions}
            error={errors.fields.accountId}
            disabled={fetching}
          />
        </SimpleGrid>
        <Checkbox
          label="Active"
          checked={values.active}
          onChange={(event) => change({ active: event.currentTarget.checked }, 'active')}
          disabled={fetching}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            {promotion ? 'Save promotion' : 'Create promotion'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
