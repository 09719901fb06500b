import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Switch, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { PostCaseMessageDocument } from '../../shared/graphql/generated';
import { refusalOf } from '../common/refusal';

const MAX_MESSAGE_LENGTH = 10_000;

interface CaseComposerProps {
  caseId: string;
  /** Called after posting, so the page shows the new message. */
  onPosted: () => void;
}

/** Write to the customer (they get it by e-mail) or, switched to internal, a note only staff see. */
export function CaseComposer({ caseId, onPosted }: CaseComposerProps) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [{ fetching }, post] = useMutation(PostCaseMessageDocument);
  const inFlight = useRef(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    if (body.trim() === '') {
      setBodyError(internal ? 'Write the note first.' : 'Write a message first.');
      return;
    }
    inFlight.current = true;
    setBodyError(null);
    setFormErrors([]);
    try {
      const answer = (await post({ caseId, body, internal })).data?.postCaseMessage;
      if (answer?.__typename === 'CaseMessagePosted') {
        setBody('');
        onPosted();
        return;
      }
      const refusal = refusalOf(answer, ['body'] as const);
      setBodyError(refusal.fields.body ?? null);
      setFormErrors(refusal.messages);
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Write a message or note">
      <Stack gap="sm">
        {formErrors.length > 0 && (
          <Alert color="red" variant="light" role="alert" title={internal ? 'The note was not saved' : 'The message was not sent'}>
            {formErrors.join(' ')}
          </Alert>
        )}
        <Switch
          label="Internal note"
          description={internal ? 'Only staff will see this.' : 'Off: the customer gets this message by e-mail.'}
          checked={internal}
          onChange={(event) => setInternal(event.currentTarget.checked)}
          disabled={fetching}
        />
        <Textarea
          label={internal ? 'Internal note' : 'Message to the customer'}
          autosize
          minRows={3}
          maxRows={12}
          maxLength={MAX_MESSAGE_LENGTH}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setBodyError(null);
          }}
          error={bodyError}
          disabled={fetching}
          styles={internal ? { input: { background: 'var(--mantine-color-yellow-0)' } } : undefined}
        />
        <Group>
          <Button type="submit" loading={fetching} color={internal ? 'yellow.8' : undefined}>
            {internal ? 'Add internal note' : 'Send to customer'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
