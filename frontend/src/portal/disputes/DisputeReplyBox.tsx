import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { sortFieldErrors, UNREACHABLE } from '../../shared/graphql/fieldErrors';
import { PostDisputeMessageDocument } from '../../shared/graphql/generated';

/** The server's limit on a message's length. */
export const MAX_MESSAGE_LENGTH = 10_000;

interface DisputeReplyBoxProps {
  disputeId: string;
  /** Called after a message was posted, so the page can show it in the thread. */
  onPosted: () => void;
}

/** A reply to the seller's staff; the server's word on the text shows beside the box. */
export function DisputeReplyBox({ disputeId, onPosted }: DisputeReplyBoxProps) {
  const [body, setBody] = useState('');
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [{ fetching }, post] = useMutation(PostDisputeMessageDocument);
  const inFlight = useRef(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    if (body.trim() === '') {
      setBodyError('Write a message first.');
      return;
    }
    inFlight.current = true;
    setBodyError(null);
    setFormErrors([]);
    try {
      const result = await post({ disputeId, body });
      const answer = result.data?.postDisputeMessage;
      switch (answer?.__typename) {
        case 'MessagePosted':
          setBody('');
          onPosted();
          return;
        case 'InvalidInputResult': {
          const sorted = sortFieldErrors(answer.errors, ['body'] as const);
          setBodyError(sorted.fields.body ?? null);
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

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Reply">
      <Stack gap="sm">
        {formErrors.length > 0 && (
          <Alert color="red" variant="light" role="alert" title="Your message was not sent">
            {formErrors.join(' ')}
          </Alert>
        )}
        <Textarea
          label="Your reply"
          description="Goes to the staff handling this dispute. You'll get their answer here."
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
        />
        <Group>
          <Button type="submit" loading={fetching}>
            Send reply
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
