import { useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, Code, Group, List, NumberInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { SaveReminderLevelDocument, type ReminderLevelRowFragment } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readCollectionsSettingAnswer } from './collectionsSettingAnswer';
import { daysAfterDueText, REMINDER_PLACEHOLDERS } from './reminderDays';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['name', 'daysAfterDue', 'subject', 'body'] as const;
type Field = (typeof FIELDS)[number];

const MIN_DAYS = -60;
const MAX_DAYS = 365;

interface ReminderLevelFormProps {
  /** The level to change, or null to add one after the last. */
  level: ReminderLevelRowFragment | null;
  /** Where a new level starts: a few days after the last one. */
  suggestedDays: number;
  /** Called with the server's message. */
  onSaved: (message: string) => void;
  onCancel: () => void;
}

/** Changes a level of the reminder ladder, or adds one after the last: its name, day, e-mail and whether it is sent. */
export function ReminderLevelForm({ level, suggestedDays, onSaved, onCancel }: ReminderLevelFormProps) {
  const [name, setName] = useState(level?.name ?? '');
  const [days, setDays] = useState<string | number>(level?.daysAfterDue ?? suggestedDays);
  const [subject, setSubject] = useState(level?.subject ?? '');
  const [body, setBody] = useState(level?.body ?? '');
  const [active, setActive] = useState(level?.active ?? true);
  const errors = useFormErrors<Field>();
  const [{ fetching }, save] = useMutation(SaveReminderLevelDocument);
  const inFlight = useRef(false);
  const wholeDays = typeof days === 'number' && Number.isInteger(days) && days >= MIN_DAYS && days <= MAX_DAYS;

  function problems(): Partial<Record<Field, string>> {
    return {
      name: name.trim() ? undefined : 'Name the level, e.g. "Second reminder".',
      daysAfterDue: wholeDays ? undefined : `Enter a whole number of days, ${MIN_DAYS} to ${MAX_DAYS}.`,
      subject: subject.trim() ? undefined : "Write the e-mail's subject.",
      body: body.trim() ? undefined : 'Write the e-mail.',
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || !errors.check(problems())) return;
    inFlight.current = true;
    try {
      const result = await save({
        levelId: level?.id ?? null,
        name: name.trim(),
        daysAfterDue: Number(days),
        subject: subject.trim(),
        body,
        active,
      });
      const outcome = readCollectionsSettingAnswer(result.data?.saveDunningLevel, FIELDS);
      errors.show(outcome);
      if (outcome.saved) onSaved(outcome.saved.message);
    } finally {
      inFlight.current = false;
    }
  }

  function edited(field: Field) {
    errors.clearField(field);
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={level ? `Change ${level.name}` : 'Add a reminder level'}>
      <Stack gap="sm">
        <FormErrors title="The level was not saved" messages={errors.form} />
        <TextInput
          label="Name"
          required
          autoComplete="off"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            edited('name');
          }}
          error={errors.fields.name}
          disabled={fetching}
        />
        <NumberInput
          label="Days after due"
          description={
            wholeDays
              ? `Sent ${daysAfterDueText(days)}. Negative numbers are before the due date.`
              : 'Negative numbers are before the due date; 0 is the due date.'
          }
          required
          allowDecimal={false}
          min={MIN_DAYS}
          max={MAX_DAYS}
          value={days}
          onChange={(value) => {
            setDays(value);
            edited('daysAfterDue');
          }}
          error={errors.fields.daysAfterDue}
          disabled={fetching}
          maw={320}
        />
        <TextInput
          label="Subject"
          required
          autoComplete="off"
          value={subject}
          onChange={(event) => {
            setSubject(event.currentTarget.value);
            edited('subject');
          }}
          error={errors.fields.subject}
          disabled={fetching}
        />
        <Textarea
          label="E-mail"
          description="Begin with your own words. Write {{ or }} for a brace."
          required
          autosize
          minRows={8}
          maxRows={20}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            edited('body');
          }}
          error={errors.fields.body}
          disabled={fetching}
        />
        <div>
          <Text size="sm" fw={500}>
            Placeholders the e-mail may use
          </Text>
          <List size="sm" spacing={2} aria-label="Placeholders the e-mail may use">
            {REMINDER_PLACEHOLDERS.map((placeholder) => (
              <List.Item key={placeholder.name}>
                <Code>{placeholder.name}</Code>: {placeholder.means}
              </List.Item>
            ))}
          </List>
        </div>
        <Checkbox
          label="Active"
          description="Only active levels are sent; an inactive level is skipped."
          checked={active}
          onChange={(event) => setActive(event.currentTarget.checked)}
          disabled={fetching}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            {level ? 'Save changes' : 'Add level'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
