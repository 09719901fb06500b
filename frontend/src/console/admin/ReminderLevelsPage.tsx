import { useState } from 'react';
import { Alert, Badge, Button, Modal, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { AdminReminderLevelsDocument, type ReminderLevelRowFragment } from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { daysAfterDueText } from './reminderDays';
import { ReminderLevelForm } from './ReminderLevelForm';
import { canChangeCreditSettings, CREDIT_SETTINGS_READ_ONLY_NOTICE } from './staffRoles';

type Editing = { level: ReminderLevelRowFragment | null } | null;

/** Where a new level starts: a week after the last one (the server keeps the ladder in order of days). */
function suggestedDays(levels: readonly ReminderLevelRowFragment[]): number {
  const last = levels.at(-1);
  return last === undefined ? 0 : Math.min(last.daysAfterDue + 7, 365);
}

/** `/admin/reminder-levels`: the reminder (dunning) ladder; credit managers and admins change it. */
export function ReminderLevelsPage() {
  const [result, reexecute] = useQuery({ query: AdminReminderLevelsDocument });
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const canEdit = canChangeCreditSettings(data?.viewer);
  const levels = [...(data?.dunningLevels ?? [])].sort((a, b) => a.position - b.position);

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the reminder levels" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading reminder levels…" />;
  } else if (levels.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>No reminder levels yet: no reminders are sent.</Text>
      </Paper>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="sm" aria-label="Reminder levels">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Level</Table.Th>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Sent</Table.Th>
              <Table.Th scope="col">Subject</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              {canEdit && (
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {levels.map((level) => (
              <Table.Tr key={level.id}>
                <Table.Td>{level.position}</Table.Td>
                <Table.Th scope="row" fw={500}>
                  {level.name}
                </Table.Th>
                <Table.Td>{daysAfterDueText(level.daysAfterDue)}</Table.Td>
                <Table.Td>{level.subject}</Table.Td>
                <Table.Td>
                  <Badge color={level.active ? 'green' : 'gray'} variant="light">
                    {level.active ? 'Active' : 'Inactive'}
                  </Badge>
                </Table.Td>
                {canEdit && (
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => {
                        setMessage(null);
                        setEditing({ level });
                      }}
                      aria-label={`Change ${level.name}`}
                    >
                      Change
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <AdminPage
      title="Reminder levels"
      description="The reminder e-mails customers get about money due, in order. Each invoice gets each level once, never an earlier one after a later; disputed money is listed as under review, not asked for."
      readOnly={data !== undefined && !canEdit}
      readOnlyNotice={CREDIT_SETTINGS_READ_ONLY_NOTICE}
      action={
        canEdit && (
          <Button
            onClick={() => {
              setMessage(null);
              setEditing({ level: null });
            }}
          >
            Add a level
          </Button>
        )
      }
    >
      {message && (
        <Alert color="green" variant="light" role="status">
          {message}
        </Alert>
      )}
      {body}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.level ? `Change ${editing.level.name}` : 'Add a reminder level after the last'}
        size="lg"
        centered
      >
        {editing && (
          <ReminderLevelForm
            level={editing.level}
            suggestedDays={suggestedDays(levels)}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              setMessage(saved);
              refresh();
            }}
          />
        )}
      </Modal>
    </AdminPage>
  );
}
