import { useRef, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { SaveCreditHoldRuleDocument, type HoldRuleRowFragment } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readCollectionsSettingAnswer } from './collectionsSettingAnswer';
import { holdRuleDescription, holdRuleTitle } from './holdRules';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['days', 'active'] as const;
const MAX_DAYS = 365;

interface HoldRuleCardProps {
  rule: HoldRuleRowFragment;
  /** Credit managers and admins get the switch and Save; other staff read the rule. */
  canEdit: boolean;
  onSaved: () => void;
}

function daysProblem(days: string | number): string | undefined {
  return typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= MAX_DAYS
    ? undefined
    : `Enter a whole number of days, 0 to ${MAX_DAYS}.`;
}

/** One credit hold rule in words; for those who may, with an on/off switch, its days (past due) and Save. */
export function HoldRuleCard({ rule, canEdit, onSaved }: HoldRuleCardProps) {
  const title = holdRuleTitle(rule.kind);
  const hasDays = rule.kind === 'past_due';
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4">
            {title}
          </Title>
          {!canEdit && (
            <Badge color={rule.active ? 'green' : 'gray'} variant="light">
              {rule.active ? 'On' : 'Off'}
            </Badge>
          )}
        </Group>
        <Text size="sm">{holdRuleDescription(rule.kind, rule.days)}</Text>
        {canEdit && <HoldRuleForm rule={rule} title={title} hasDays={hasDays} onSaved={onSaved} />}
      </Stack>
    </Paper>
  );
}

function HoldRuleForm({
  rule,
  title,
  hasDays,
  onSaved,
}: {
  rule: HoldRuleRowFragment;
  title: string;
  hasDays: boolean;
  onSaved: () => void;
}) {
  const [active, setActive] = useState(rule.active);
  const [days, setDays] = useState<string | number>(rule.days ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const errors = useFormErrors<(typeof FIELDS)[number]>();
  const [{ fetching }, save] = useMutation(SaveCreditHoldRuleDocument);
  const inFlight = useRef(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    setMessage(null);
    if (!errors.check({ days: hasDays ? daysProblem(days) : undefined })) return;
    inFlight.current = true;
    try {
      const result = await save({ kind: rule.kind, active, days: hasDays ? Number(days) : null });
      const outcome = readCollectionsSettingAnswer(result.data?.saveCreditHoldRule, FIELDS);
      errors.show(outcome);
      if (outcome.saved) {
        setMessage(outcome.saved.message);
        onSaved();
      }
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={`Hold rule: ${title}`}>
      <Stack gap="sm">
        <FormErrors title="The rule was not saved" messages={errors.form} />
        <Switch
          label="On: puts accounts on hold"
          checked={active}
          onChange={(event) => {
            setActive(event.currentTarget.checked);
            errors.clearField('active');
            setMessage(null);
          }}
          error={errors.fields.active}
          disabled={fetching}
        />
        {hasDays && (
          <NumberInput
            label="Days"
            description="Past due for more than this many days, 0 to 365."
            required
            allowDecimal={false}
            allowNegative={false}
            min={0}
            max={MAX_DAYS}
            value={days}
            onChange={(value) => {
              setDays(value);
              errors.clearField('days');
              setMessage(null);
            }}
            error={errors.fields.days}
            disabled={fetching}
            maw={200}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={fetching}>
            Save
          </Button>
        </Group>
        {message && (
          <Alert color="green" variant="light" role="status">
            {message}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
