import { useState } from 'react';
import { Button, Group, Modal, Paper, Text } from '@mantine/core';
import { AssignCollectorForm, NextActionForm, SendRemindersForm, type StaffOption } from './BulkActionForms';
import { accountsText } from './collectionsLabels';
import { LogContactForm } from './LogContactForm';

type BulkAction = 'assign' | 'nextAction' | 'logContact' | 'sendReminders';

const TITLES: Record<BulkAction, string> = {
  assign: 'Assign a collector',
  nextAction: 'Set the next action',
  logContact: 'Log a call, e-mail or note',
  sendReminders: 'Send reminders',
};

interface WorklistBulkBarProps {
  accountIds: string[];
  staff: StaffOption[];
  /** Called with the server's message, after which the worklist reloads. */
  onDone: (message: string) => void;
  onClear: () => void;
}

/** Actions on the selected accounts: assign, next action, log a contact, send reminders. */
export function WorklistBulkBar({ accountIds, staff, onDone, onClear }: WorklistBulkBarProps) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const count = accountsText(accountIds.length);
  const done = (message: string) => {
    setAction(null);
    onDone(message);
  };
  return (
    <Paper withBorder p="xs" bg="teal.0" role="region" aria-label="Selected accounts">
      <Group gap="sm" justify="space-between" wrap="wrap">
        <Text size="sm" fw={600} aria-live="polite">
          {count} selected
        </Text>
        <Group gap="xs" wrap="wrap">
          <Button size="xs" variant="default" onClick={() => setAction('assign')}>
            Assign collector
          </Button>
          <Button size="xs" variant="default" onClick={() => setAction('nextAction')}>
            Set next action
          </Button>
          <Button size="xs" variant="default" onClick={() => setAction('logContact')}>
            Log contact
          </Button>
          <Button size="xs" onClick={() => setAction('sendReminders')}>
            Send reminders
          </Button>
          <Button size="xs" variant="subtle" onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
      <Modal opened={action !== null} onClose={() => setAction(null)} title={action ? `${TITLES[action]} · ${count}` : ''} centered>
        {action === 'assign' && <AssignCollectorForm accountIds={accountIds} staff={staff} onDone={done} />}
        {action === 'nextAction' && <NextActionForm accountIds={accountIds} onDone={done} />}
        {action === 'logContact' && <LogContactForm accountIds={accountIds} onDone={done} />}
        {action === 'sendReminders' && (
          <SendRemindersForm accountIds={accountIds} onDone={done} onCancel={() => setAction(null)} />
        )}
      </Modal>
    </Paper>
  );
}
