import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { localIsoDate } from '../../shared/format/dates';
import { sortFieldErrors, UNREACHABLE } from '../../shared/graphql/fieldErrors';
import { ReportReminderPaidDocument, type ReminderCardFragment } from '../../shared/graphql/generated';
import { PAID_FIELDS, paidProblems, promisePrefillAmount, type PaidField, type PaidValues } from './reminderAnswers';

/**
 * "Already paid": the payment's reference, day, amount and a note go to the
 * collector, who finds the payment and confirms; the server's answer is shown.
 */
export function ReportPaidForm({ reminder }: { reminder: ReminderCardFragment }) {
  const [values, setValues] = useState<PaidValues>(() => ({
    reference: '',
    paidOn: '',
    amount: promisePrefillAmount(reminder),
    note: '',
  }));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<PaidField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [answered, setAnswered] = useState<string | null>(null);
  const [{ fetching }, report] = useMutation(ReportReminderPaidDocument);
  const inFlight = useRef(false);
  const id = (field: string) => `paid-${reminder.id}-${field}`;

  function change(field: PaidField, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setFieldErrors((current) => ({ ...current, [field]: undefined }));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const problems = paidProblems(values);
    setFieldErrors(problems);
    setFormErrors([]);
    if (Object.keys(problems).length > 0) return;

    inFlight.current = true;
    try {
      const result = await report({
        reminderId: reminder.id,
        reference: values.reference.trim(),
        paidOn: values.paidOn,
        amount: values.amount.trim(),
        note: values.note.trim(),
      });
      const answer = result.data?.reportReminderPaid;
      switch (answer?.__typename) {
        case 'ReminderAnswered':
          setAnswered(answer.message);
          return;
        case 'InvalidInputResult': {
          const sorted = sortFieldErrors(answer.errors, PAID_FIELDS);
          setFieldErrors(sorted.fields);
          setFormErrors(sorted.form);
          return;
        }
        case 'NotFoundResult':
        case 'ConflictResult':
        case 'NotPermittedResult':
        case 'RateLimitedResult':
          setFormErrors([answer.message]);
          return;
        default:
          setFormErrors([UNREACHABLE]);
      }
    } finally {
      inFlight.current = false;
    }
  }

  if (answered) {
    return (
      <Alert color="teal" variant="light" role="status" title="Sent to your collector">
        {answered}
      </Alert>
    );
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={`Already paid reminder ${reminder.number}`}>
      <Stack gap="sm">
        <Text size="sm">Tell your collector about the payment; they find it and confirm.</Text>
        {formErrors.length > 0 && (
          <Alert color="red" variant="light" role="alert" title="Your answer was not sent">
            {formErrors.join(' ')}
          </Alert>
        )}
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            id={id('reference')}
            label="Payment reference"
            description="As your bank shows it"
            autoComplete="off"
            required
            maxLength={64}
            value={values.reference}
            onChange={(event) => change('reference', event.currentTarget.value)}
            error={fieldErrors.reference}
            disabled={fetching}
            w={{ base: '100%', sm: 240 }}
          />
          <TextInput
            id={id('paidOn')}
            type="date"
            label="Paid on"
            required
            max={localIsoDate(new Date())}
            value={values.paidOn}
            onChange={(event) => change('paidOn', event.currentTarget.value)}
            error={fieldErrors.paidOn}
            disabled={fetching}
            w={{ base: '100%', sm: 180 }}
          />
          <TextInput
            id={id('amount')}
            label={`Amount paid (${reminder.currency})`}
            inputMode="decimal"
            autoComplete="off"
            required
            value={values.amount}
            onChange={(event) => change('amount', event.currentTarget.value)}
            error={fieldErrors.amount}
            disabled={fetching}
            w={{ base: '100%', sm: 180 }}
          />
        </Group>
        <Textarea
          id={id('note')}
          label="Note (optional)"
          autosize
          minRows={2}
          maxLength={1000}
          value={values.note}
          onChange={(event) => change('note', event.currentTarget.value)}
          error={fieldErrors.note}
          disabled={fetching}
        />
        <Group>
          <Button type="submit" loading={fetching}>
            Tell your collector
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
