import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { Refusal } from '../common/refusal';

function refusalTitle(kind: Refusal['kind'], subject: string): string {
  switch (kind) {
    case 'invalid':
      return 'Please check this';
    case 'notFound':
      return `This ${subject} is gone`;
    case 'conflict':
      return `The ${subject} changed`;
    case 'notPermitted':
      return 'Not allowed for your role';
    case 'rateLimited':
      return 'Too many requests';
    case 'unreachable':
      return 'No answer from Recoup';
  }
}

interface ActionDialogProps {
  title: string;
  submitLabel: string;
  color?: string;
  busy: boolean;
  refusal: Refusal | null;
  onSubmit: () => void;
  onClose: () => void;
  /** Loads the case afresh, offered when someone else changed it first. */
  onReload: () => void;
  /** What the action is on, in the refusal titles and the reload button: "case" unless told. */
  subject?: string;
  children: ReactNode;
}

/** The frame of every case (and order) action: the form, the server's refusal in plain words, and Cancel / submit. */
export function ActionDialog(props: ActionDialogProps) {
  const { title, submitLabel, color, busy, refusal, onSubmit, onClose, onReload, subject = 'case', children } = props;
  return (
    <Modal opened onClose={() => !busy && onClose()} title={title} centered size="lg">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) onSubmit();
        }}
      >
        <Stack gap="md">
          {refusal && refusal.messages.length > 0 && (
            <Alert
              color={refusal.kind === 'conflict' ? 'yellow' : 'red'}
              variant="light"
              role="alert"
              title={refusalTitle(refusal.kind, subject)}
            >
              <Stack gap="xs" align="flex-start">
                <span>{refusal.messages.join(' ')}</span>
                {refusal.kind === 'conflict' && (
                  <Button size="xs" variant="white" onClick={onReload}>
                    Reload {subject}
                  </Button>
                )}
              </Stack>
            </Alert>
          )}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" color={color} loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
