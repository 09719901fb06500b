import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { Refusal } from '../common/refusal';

const REFUSAL_TITLES: Record<Refusal['kind'], string> = {
  invalid: 'Please check this',
  notFound: 'This case is gone',
  conflict: 'The case changed',
  notPermitted: 'Not allowed for your role',
  rateLimited: 'Too many requests',
  unreachable: 'No answer from Recoup',
};

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
  children: ReactNode;
}

/** The frame of every case action: the form, the server's refusal in plain words, and Cancel / submit. */
export function ActionDialog(props: ActionDialogProps) {
  const { title, submitLabel, color, busy, refusal, onSubmit, onClose, onReload, children } = props;
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
            <Alert color={refusal.kind === 'conflict' ? 'yellow' : 'red'} variant="light" role="alert" title={REFUSAL_TITLES[refusal.kind]}>
              <Stack gap="xs" align="flex-start">
                <span>{refusal.messages.join(' ')}</span>
                {refusal.kind === 'conflict' && (
                  <Button size="xs" variant="white" onClick={onReload}>
                    Reload case
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
