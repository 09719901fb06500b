import { useState } from 'react';
import { Badge, Button, Modal, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { AdminReasonCodesDocument, type ReasonCodeSettingRowFragment } from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { ReasonCodeForm } from './ReasonCodeForm';
import { reasonCategoryLabel } from './reasonCategories';
import { isAdmin } from './staffRoles';

/** What the dialog is doing: adding a code, changing one, or nothing. */
type Editing = { reason: ReasonCodeSettingRowFragment | null } | null;

/** `/admin/reason-codes`: the reasons a dispute or deduction may give, inactive ones included. */
export function ReasonCodesPage() {
  const [result, reexecute] = useQuery({ query: AdminReasonCodesDocument });
  const [editing, setEditing] = useState<Editing>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const canEdit = isAdmin(data?.viewer);
  const reasons = data?.reasonCodeSettings ?? [];

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the reason codes" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading reason codes…" />;
  } else if (reasons.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>There are no reason codes yet.</Text>
      </Paper>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="xs" aria-label="Reason codes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Code</Table.Th>
              <Table.Th scope="col">Label</Table.Th>
              <Table.Th scope="col">Category</Table.Th>
              <Table.Th scope="col">SLA</Table.Th>
              <Table.Th scope="col">Description</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              {canEdit && (
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reasons.map((reason) => (
              <Table.Tr key={reason.code}>
                <Table.Td ff="monospace">{reason.code}</Table.Td>
                <Table.Td fw={500}>{reason.label}</Table.Td>
                <Table.Td>{reasonCategoryLabel(reason.category)}</Table.Td>
                <Table.Td>{reason.slaDays === 1 ? '1 day' : `${reason.slaDays} days`}</Table.Td>
                <Table.Td>{reason.requiresDescription ? 'Required' : 'Optional'}</Table.Td>
                <Table.Td>
                  <Badge color={reason.active ? 'teal' : 'gray'} variant="light" radius="sm">
                    {reason.active ? 'Active' : 'Inactive'}
                  </Badge>
                </Table.Td>
                {canEdit && (
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setEditing({ reason })}
                      aria-label={`Change ${reason.code}`}
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
      title="Reason codes"
      description="The reasons a dispute or deduction may give, with the days staff have to resolve it."
      readOnly={data !== undefined && !canEdit}
      action={canEdit && <Button onClick={() => setEditing({ reason: null })}>Add reason code</Button>}
    >
      {body}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.reason ? `Change ${editing.reason.code}` : 'Add a reason code'}
        centered
      >
        {editing && (
          <ReasonCodeForm
            reason={editing.reason}
            existingCodes={reasons.map((reason) => reason.code)}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              refresh();
            }}
          />
        )}
      </Modal>
    </AdminPage>
  );
}
