import { Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { AdminStaffUsersDocument } from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { CreateStaffUserForm } from './CreateStaffUserForm';
import { isAdmin } from './staffRoles';
import { StaffUserRow } from './StaffUserRow';

/** `/admin/staff-users`: everyone with a console login, inactive ones included. */
export function StaffUsersPage() {
  const [result, reexecute] = useQuery({ query: AdminStaffUsersDocument });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const canEdit = isAdmin(data?.viewer);

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the staff users" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading staff users…" />;
  } else {
    body = (
      <Stack gap="lg">
        {canEdit && <CreateStaffUserForm onCreated={refresh} />}
        {data.staffUsers.length === 0 ? (
          <Paper withBorder p="xl">
            <Text>There are no staff users.</Text>
          </Paper>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" aria-label="Staff users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Email</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.staffUsers.map((user) => (
                  <StaffUserRow
                    key={user.id}
                    user={user}
                    isViewer={user.id === data.viewer?.id}
                    canEdit={canEdit}
                    onChanged={refresh}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    );
  }

  return (
    <AdminPage
      title="Staff users"
      description="Everyone who can sign in to the console. Someone just added stays inactive until they choose their password."
      readOnly={data !== undefined && !canEdit}
    >
      {body}
    </AdminPage>
  );
}
