import { useState } from 'react';
import { Button, Modal, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { AdminWriteOffLimitsDocument } from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { formatPlainAmount } from '../../shared/format/money';
import { isAdmin, STAFF_ROLES, staffRoleLabel } from './staffRoles';
import { WriteOffLimitEditor } from './WriteOffLimitEditor';

interface LimitRow {
  role: string;
  /** undefined: no limit is set, so the role may not write anything off. */
  maxAmount: string | null | undefined;
}

/** Every staff role, with its limit when one is set, then any other role the server listed. */
function limitRows(limits: readonly { role: string; maxAmount: string | null }[]): LimitRow[] {
  const byRole = new Map(limits.map((limit) => [limit.role, limit.maxAmount]));
  const known: LimitRow[] = STAFF_ROLES.map((role) => ({ role, maxAmount: byRole.get(role) }));
  const others = limits.filter((limit) => !(STAFF_ROLES as readonly string[]).includes(limit.role));
  return [...known, ...others];
}

function limitText(maxAmount: string | null | undefined): string {
  if (maxAmount === undefined) return 'Not set: no write-offs';
  return maxAmount === null ? 'No limit' : formatPlainAmount(maxAmount);
}

/** `/admin/write-off-limits`: the most each role may write off on one case. */
export function WriteOffLimitsPage() {
  const [result, reexecute] = useQuery({ query: AdminWriteOffLimitsDocument });
  const [editing, setEditing] = useState<LimitRow | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const canEdit = isAdmin(data?.viewer);

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the write-off limits" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading write-off limits…" />;
  } else {
    body = (
      <Paper withBorder>
        <Table verticalSpacing="sm" aria-label="Write-off limits">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Limit per case</Table.Th>
              {canEdit && (
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {limitRows(data.writeOffLimits).map((row) => (
              <Table.Tr key={row.role}>
                <Table.Th scope="row" fw={500}>
                  {staffRoleLabel(row.role)}
                </Table.Th>
                <Table.Td>
                  <Text span c={row.maxAmount === undefined ? 'dimmed' : undefined} size="sm">
                    {limitText(row.maxAmount)}
                  </Text>
                </Table.Td>
                {canEdit && (
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setEditing(row)}
                      aria-label={`Change the limit for ${staffRoleLabel(row.role)}`}
                    >
                      Change
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    );
  }

  return (
    <AdminPage
      title="Write-off limits"
      description="The most each staff role may write off on one case. Amounts are in the case's currency."
      readOnly={data !== undefined && !canEdit}
    >
      {body}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Write-off limit: ${staffRoleLabel(editing.role)}` : ''}
        centered
      >
        {editing && (
          <WriteOffLimitEditor
            role={editing.role}
            maxAmount={editing.maxAmount}
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
