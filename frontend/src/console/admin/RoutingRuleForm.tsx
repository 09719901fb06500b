import { useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { SaveRoutingRuleDocument, type RoutingRuleRowFragment } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import {
  OTHER_ACCOUNT,
  ROUTING_RULE_FIELDS,
  ruleInput,
  ruleProblems,
  ruleValues,
  type Customer,
  type RoutingRuleField,
  type RoutingRuleValues,
} from './routingRuleForm';
import { useFormErrors } from './useFormErrors';

export interface RuleOptions {
  /** Active staff members: who can be assigned. */
  staff: readonly { id: string; fullName: string }[];
  reasons: readonly { code: string; label: string; active: boolean }[];
  customers: readonly Customer[];
}

interface RoutingRuleFormProps extends RuleOptions {
  /** The rule to change, or null to create one. */
  rule: RoutingRuleRowFragment | null;
  /** The priority a new rule starts with. */
  defaultPriority: number;
  onSaved: () => void;
  onCancel: () => void;
}

/** Creates or changes a routing rule: who gets new cases matching a reason, customer and amount band. */
export function RoutingRuleForm(props: RoutingRuleFormProps) {
  const { rule, staff, reasons, customers, onSaved, onCancel } = props;
  const [values, setValues] = useState(() => ruleValues(rule, customers, props.defaultPriority));
  const errors = useFormErrors<RoutingRuleField>();
  const [{ fetching }, save] = useMutation(SaveRoutingRuleDocument);
  const inFlight = useRef(false);

  function change(patch: Partial<RoutingRuleValues>, field: RoutingRuleField) {
    setValues((current) => ({ ...current, ...patch }));
    errors.clearField(field);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || !errors.check(ruleProblems(values))) return;
    inFlight.current = true;
    try {
      const result = await save({ input: ruleInput(values), id: rule?.id ?? null });
      const outcome = readAdminAnswer(result.data?.saveRoutingRule, ROUTING_RULE_FIELDS);
      errors.show(outcome);
      if (outcome.saved) onSaved();
    } finally {
      inFlight.current = false;
    }
  }

  // A rule may name someone who is no longer active, or a customer not among the listed ones.
  const assigneeListed = staff.some((member) => member.id === values.assigneeId);
  const assigneeOptions = [
    { value: '', label: 'Choose a staff member…', disabled: true },
    ...(values.assigneeId && !assigneeListed
      ? [{ value: values.assigneeId, label: 'A staff member who is no longer active', disabled: true }]
      : []),
    ...staff.map((member) => ({ value: member.id, label: member.fullName })),
  ];
  const reasonOptions = [
    { value: '', label: 'Any reason' },
    ...reasons.map((reason) => ({
      value: reason.code,
      label: `${reason.label} (${reason.code})${reason.active ? '' : ', inactive'}`,
    })),
  ];
  const customerOptions = [
    { value: '', label: 'Any customer' },
    ...customers.map((customer) => ({ value: customer.id, label: customer.name })),
    { value: OTHER_ACCOUNT, label: 'Another customer, by account id…' },
  ];

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={rule ? 'Change routing rule' : 'New routing rule'}>
      <Stack gap="sm">
        <FormErrors title="The rule was not saved" messages={errors.form} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Priority"
            description="Rules are tried from the lowest number up."
            required
            inputMode="numeric"
            autoComplete="off"
            value={values.priority}
            onChange={(event) => change({ priority: event.currentTarget.value }, 'priority')}
            error={errors.fields.priority}
            disabled={fetching}
          />
          <NativeSelect
            label="Assign to"
            description="Who gets the new cases this rule matches."
            required
            value={values.assigneeId}
            onChange={(event) => change({ assigneeId: event.currentTarget.value }, 'assigneeId')}
            data={assigneeOptions}
            error={errors.fields.assigneeId}
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
            label="Customer"
            value={values.customer}
            onChange={(event) => change({ customer: event.currentTarget.value }, 'accountId')}
            data={customerOptions}
            error={values.customer === OTHER_ACCOUNT ? undefined : errors.fields.accountId}
            disabled={fetching}
          />
          {values.customer === OTHER_ACCOUNT && (
            <TextInput
              label="Customer account id"
              required
              autoComplete="off"
              value={values.otherAccountId}
              onChange={(event) => change({ otherAccountId: event.currentTarget.value }, 'accountId')}
              error={errors.fields.accountId}
              disabled={fetching}
              style={{ gridColumn: '1 / -1' }}
            />
          )}
          <TextInput
            label="From amount"
            description="Leave empty for no lower bound."
            inputMode="decimal"
            autoComplete="off"
            value={values.minAmount}
            onChange={(event) => change({ minAmount: event.currentTarget.value }, 'minAmount')}
            error={errors.fields.minAmount}
            disabled={fetching}
          />
          <TextInput
            label="Up to amount"
            description="Leave empty for no upper bound."
            inputMode="decimal"
            autoComplete="off"
            value={values.maxAmount}
            onChange={(event) => change({ maxAmount: event.currentTarget.value }, 'maxAmount')}
            error={errors.fields.maxAmount}
            disabled={fetching}
          />
        </SimpleGrid>
        <Checkbox
          label="Active"
          description="Inactive rules are skipped."
          checked={values.active}
          onChange={(event) => change({ active: event.currentTarget.checked }, 'active')}
          error={errors.fields.active}
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
