import { useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import {
  SaveResolutionRuleDocument,
  type ResolutionRuleRowFragment,
  type RuleAction,
  type RuleCondition,
} from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import {
  ACTION_LABELS,
  CONDITION_LABELS,
  RESOLUTION_RULE_FIELDS,
  resolutionRuleInput,
  resolutionRuleProblems,
  resolutionRuleValues,
  type ResolutionRuleField,
  type ResolutionRuleValues,
} from './resolutionRuleForm';
import type { Customer } from './routingRuleForm';
import { useFormErrors } from './useFormErrors';

export interface ResolutionRuleOptions {
  reasons: readonly { code: string; label: string; active: boolean }[];
  customers: readonly Customer[];
}

interface ResolutionRuleFormProps extends ResolutionRuleOptions {
  /** The rule to change, or null to create one. */
  rule: ResolutionRuleRowFragment | null;
  defaultPriority: number;
  onSaved: () => void;
  onCancel: () => void;
}

const ACTION_OPTIONS = (Object.keys(ACTION_LABELS) as RuleAction[]).map((value) => ({ value, label: ACTION_LABELS[value] }));
const CONDITION_OPTIONS = [
  { value: '', label: 'No condition' },
  ...(Object.keys(CONDITION_LABELS) as RuleCondition[]).map((value) => ({ value, label: CONDITION_LABELS[value] })),
];

/** Creates or changes a resolution rule: write off or approve new cases matching customer, reason and tolerance. */
export function ResolutionRuleForm(props: ResolutionRuleFormProps) {
  const { rule, reasons, customers, onSaved, onCancel } = props;
  const [values, setValues] = useState(() => resolutionRuleValues(rule, props.defaultPriority));
  const errors = useFormErrors<ResolutionRuleField>();
  const [{ fetching }, save] = useMutation(SaveResolutionRuleDocument);
  const inFlight = useRef(false);

  function change(patch: Partial<ResolutionRuleValues>, field: ResolutionRuleField) {
    setValues((current) => ({ ...current, ...patch }));
    errors.clearField(field);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || !errors.check(resolutionRuleProblems(values))) return;
    inFlight.current = true;
    try {
      const result = await save({ input: resolutionRuleInput(values), id: rule?.id ?? null });
      const outcome = readAdminAnswer(result.data?.saveResolutionRule, RESOLUTION_RULE_FIELDS);
      errors.show(outcome);
      if (outcome.saved) onSaved();
    } finally {
      inFlight.current = false;
    }
  }

  const reasonOptions = [
    { value: '', label: 'Any reason' },
    ...reasons.map((reason) => ({
      value: reason.code,
      label: `${reason.label} (${reason.code})${reason.active ? '' : ', inactive'}`,
    })),
  ];
  const listed = values.accountId === '' || customers.some((customer) => customer.id === values.accountId);
  const customerOptions = [
    { value: '', label: 'Any customer' },
    ...customers.map((customer) => ({ value: customer.id, label: customer.name })),
    ...(listed ? [] : [{ value: values.accountId, label: `Account ${values.accountId}` }]),
  ];

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={rule ? 'Change resolution rule' : 'New resolution rule'}>
      <Stack gap="sm">
        <FormErrors title="The rule was not saved" messages={errors.form} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Priority"
            description="Rules are tried from the lowest number up; each number once."
            required
            inputMode="numeric"
            autoComplete="off"
            value={values.priority}
            onChange={(event) => change({ priority: event.currentTarget.value }, 'priority')}
            error={errors.fields.priority}
            disabled={fetching}
          />
          <NativeSelect
            label="Action"
            required
            value={values.action}
            onChange={(event) => change({ action: event.currentTarget.value as RuleAction }, 'action')}
            data={ACTION_OPTIONS}
            error={errors.fields.action}
            disabled={fetching}
          />
          <TextInput
            label="Tolerance"
            description={
              values.action === 'WRITE_OFF' ? 'Cases up to this amount (required).' : 'Cases up to this amount; empty for any.'
            }
            required={values.action === 'WRITE_OFF'}
            inputMode="decimal"
            autoComplete="off"
            value={values.maxAmount}
            onChange={(event) => change({ maxAmount: event.currentTarget.value }, 'maxAmount')}
            error={errors.fields.maxAmount}
            disabled={fetching}
          />
          <NativeSelect
            label="Customer"
            value={values.accountId}
            onChange={(event) => change({ accountId: event.currentTarget.value }, 'accountId')}
            data={customerOptions}
            error={errors.fields.accountId}
            disabled={fetching}
          />
          <NativeSelect
            label="Reason"
            value={values.reasonCode}
            onChange={(event) => change({ reasonCode: event.currentTarget.value }, 'reasonCode')}
            data={reasonOptions}
            error={errors.fields.reasonCode}
            disabled={fetching}
          />
          <NativeSelect
            label="Condition"
            description="POD: reason Shortage and a linked proof of delivery saying short, shortage, missing or received N of M."
            value={values.condition}
            onChange={(event) => change({ condition: event.currentTarget.value as RuleCondition | '' }, 'condition')}
            data={CONDITION_OPTIONS}
            error={errors.fields.condition}
            disabled={fetching}
          />
        </SimpleGrid>
        <Checkbox
          label="Active"
          description="Inactive rules are skipped."
          checked={values.active}
          onChange={(event) => change({ active: event.currentTarget.checked }, 'active')}
          disabled={fetching}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            {rule ? 'Save rule' : 'Create rule'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
