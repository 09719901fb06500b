import { useState } from 'react';
import { Button, Group, NativeSelect, Stack, Textarea } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { CollectionsContactOutcomesDocument, CollectionsLogContactDocument } from '../../shared/graphql/generated';
import { actionOutcome } from './actionOutcome';
import { LOGGABLE_KINDS, type LoggableKind } from './collectionsLabels';
import { failureOf, OutcomeAlert, type ShownOutcome } from './OutcomeAlert';

const FIELDS = ['kind', 'outcome', 'note'] as const;
type Field = (typeof FIELDS)[number];

interface LogContactFormProps {
  accountIds: string[];
  /** Called with the server's message once the contact is logged. */
  onDone: (message: string) => void;
  submitLabel?: string;
}

/** Log a call, an e-mail or a note (with an outcome from the server's list) on one or many accounts' timelines. */
export function LogContactForm({ accountIds, onDone, submitLabel = 'Log contact' }: LogContactFormProps) {
  const [outcomesResult] = useQuery({ query: CollectionsContactOutcomesDocument });
  const outcomes = outcomesResult.data?.contactOutcomes ?? [];
  const [{ fetching }, logContact] = useMutation(CollectionsLogContactDocument);
  const [kind, setKind] = useState<LoggableKind>('call');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<ShownOutcome | null>(null);

  async function submit() {
    setFailure(null);
    if (!outcome && note.trim() === '') {
      setErrors({ note: 'Write what happened, or choose an outcome.' });
      return;
    }
    setErrors({});
    const result = await logContact({ accountIds, kind, outcome, note: note.trim() });
    const answer = actionOutcome(result.data?.logContact, FIELDS);
    if (answer.ok) {
      setOutcome('');
      setNote('');
      onDone(answer.message);
    } else {
      setErrors(answer.fields);
      setFailure(failureOf(answer.messages));
    }
  }

  return (
    <Stack
      component="form"
      gap="sm"
      aria-label="Log a contact"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Group grow align="flex-start" wrap="wrap">
        <NativeSelect
          label="Kind"
          data={LOGGABLE_KINDS.map((k) => ({ value: k.value, label: k.label }))}
          value={kind}
          error={errors.kind}
          onChange={(event) => setKind(event.currentTarget.value as LoggableKind)}
          miw={140}
        />
        <NativeSelect
          label="Outcome"
          data={[{ value: '', label: 'No outcome' }, ...outcomes.map((o) => ({ value: o, label: o }))]}
          value={outcome}
          error={errors.outcome}
          onChange={(event) => {
            setOutcome(event.currentTarget.value);
            setErrors((current) => ({ ...current, outcome: undefined, note: undefined }));
          }}
          miw={180}
        />
      </Group>
      <Textarea
        label="Note"
        autosize
        minRows={2}
        maxLength={4000}
        value={note}
        error={errors.note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
          setErrors((current) => ({ ...current, note: undefined }));
        }}
      />
      <OutcomeAlert outcome={failure} />
      <Group>
        <Button type="submit" loading={fetching}>
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}
