import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { formatDate, localIsoDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import { sortFieldErrors, UNREACHABLE } from '../../shared/graphql/fieldErrors';
import {
  PromiseToPayDocument,
  type PromiseRowFragment,
  type ReminderCardFragment,
} from '../../shared/graphql/generated';
import {
  PROMISE_FIELDS,
  dueItems,
  promisePrefillAmount,
  promiseProblems,
  type PromiseField,
  type PromiseValues,
} from './reminderAnswers';

interface PromiseToPayFormProps {
  reminder: ReminderCardFragment;
  onPromised: () => void;
}

/**
 * "Promise to pay": an amount (the reminder's due amount to start with), the
 * day, and a note, for the reminder's due invoices. The server's refusals
 * (a day in the past, more than is open) are shown beside their fields.
 */
export function PromiseToPayForm({ reminder, onPromised }: PromiseToPayFormProps) {
  const [entered, setValues] = useState<PromiseValues>(() => ({
    amount: promisePrefillAmount(reminder),
    promisedOn: '',
    note: '',
  }));
  // Until the customer types an amount, it follows the reminder: the page may refresh it after the form opened
  // (a dispute filed a moment ago lowers what is still due).
  const [amountTyped, setAmountTyped] = useState(false);
  const values = amountTyped ? entered : { ...entered, amount: promisePrefillAmount(reminder) };
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<PromiseField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [made, setMade] = useState<PromiseRowFragment | null>(null);
  const [{ fetching }, promise] = useMutation(PromiseToPayDocument);
  const inFlight = useRef(false);
  const id = (field: string) => `promise-${reminder.id}-${field}`;

  function change(field: PromiseField, value: string) {
    if (field === 'amount') setAmountTyped(true);
    setValues((current) => ({ ...current, [field]: value }));
    setFieldErrors((current) => ({ ...current, [field]: undefined }));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const problems = promiseProblems(values);
    setFieldErrors(problems);
    setFormErrors([]);
    if (Object.keys(problems).length > 0) return;

    inFlight.current = true;
    try {
      const result = await promise({
        invoiceIds: dueItems(reminder).map((item) => item.invoiceId),
        amount: values.amount.trim(),
        promisedOn: values.promisedOn,
        note: values.note.trim(),
      });
      const answer = result.data?.promiseToPay;
      switch (answer?.__typename) {
        case 'PromiseMade':
          setMade(answer.promise);
          onPromised();
          return;
        case 'InvalidInputResult': {
          const sorted = sortFieldErrors(answer.errors, PROMISE_FIELDS);
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

  if (made) {
    const invoices = made.invoices.map((invoice) => invoice.invoiceNumber).join(', ');
    return (
      <Alert color="teal" variant="light" role="status" title="Promise recorded">
        You promised to pay {formatMoney(made.amount, made.currency)} by {formatDate(made.promisedOn)}
        {invoices ? ` for ${invoices}` : ''}. We send no reminders for these invoices until then.
      </Alert>
    );
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={`Promise to pay reminder ${reminder.number}`}>
      <Stack gap="sm">
        <Text size="sm">
          Promise an amount by a day (at most 180 days ahead) for the invoices due on this reminder. We send no
          reminders for them until that day.
        </Text>
        {formErrors.length > 0 && (
          <Alert color="red" variant="light" role="alert" title="The promise was not recorded">
            {formErrors.join(' ')}
          </Alert>
        )}
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            id={id('amount')}
            label={`Amount (${reminder.currency})`}
            inputMode="decimal"
            autoComplete="off"
            required
            value={values.amount}
            onChange={(event) => change('amount', event.currentTarget.value)}
            error={fieldErrors.amount}
            disabled={fetching}
            w={{ base: '100%', sm: 180 }}
          />
          <TextInput
            id={id('promisedOn')}
            type="date"
            label="Pay by"
            required
            min={localIsoDate(new Date())}
            value={values.promisedOn}
            onChange={(event) => change('promisedOn', event.currentTarget.value)}
            error={fieldErrors.promisedOn}
            disabled={fetching}
            w={{ base: '100%', sm: 180 }}
          />
        </Group>
        {/* One line: the server refuses line breaks in a promise's note. */}
        <TextInput
          id={id('note')}
          label="Note (optional)"
          autoComplete="off"
          maxLength={500}
          value={values.note}
          onChange={(event) => change('note', event.currentTarget.value)}
          error={fieldErrors.note}
          disabled={fetching}
        />
        <Group>
          <Button type="submit" loading={fetching}>
            Send promise
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
