import { Alert } from '@mantine/core';

export interface ShownOutcome {
  tone: 'success' | 'failure';
  text: string;
}

/** What the last action answered: the done message in green, a refusal in red (read out by screen readers). */
export function OutcomeAlert({ outcome, onClose }: { outcome: ShownOutcome | null; onClose?: () => void }) {
  if (!outcome || outcome.text === '') return null;
  const success = outcome.tone === 'success';
  return (
    <Alert
      color={success ? 'teal' : 'red'}
      variant="light"
      role={success ? 'status' : 'alert'}
      withCloseButton={!!onClose}
      onClose={onClose}
      closeButtonLabel="Dismiss"
    >
      {outcome.text}
    </Alert>
  );
}

/** Form-level messages of a refusal as one failure, or nothing. */
export function failureOf(messages: readonly string[]): ShownOutcome | null {
  return messages.length > 0 ? { tone: 'failure', text: messages.join(' ') } : null;
}
