import { Badge, Table, Text, VisuallyHidden } from '@mantine/core';
import { roleLabel } from '../../shared/auth/roles';
import type { ColleagueRowFragment } from '../../shared/graphql/generated';
import { ColleagueMailSwitches } from './ColleagueMailSwitches';
import { canDeactivate, colleagueStatus, colleagueStatusLook } from './colleagueStatus';
import { DeactivateColleagueButton } from './DeactivateColleagueButton';

interface ColleaguesTableProps {
  colleagues: ColleagueRowFragment[];
  /** The signed-in administrator, who cannot deactivate themself. */
  viewerId: string;
  onChanged: () => void;
  /** The administrator chooses who is e-mailed; anyone else sees the choices only. */
  canManage: boolean;
}

/** Everyone with a login on the account, invited ones included, with their status. */
export function ColleaguesTable({ colleagues, viewerId, onChanged, canManage }: ColleaguesTableProps) {
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table striped verticalSpacing="xs" aria-label="People">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Gets by e-mail</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {colleagues.map((colleague) => {
            const status = colleagueStatus(colleague);
            const look = colleagueStatusLook(status);
            return (
              <Table.Tr key={colleague.id} data-status={status}>
                <Table.Td fw={500}>
                  {colleague.fullName}
                  {colleague.id === viewerId && (
                    <Text span c="dimmed" size="sm">
                      {' '}
                      (you)
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{colleague.email}</Table.Td>
                <Table.Td>{roleLabel(colleague.role)}</Table.Td>
                <Table.Td>
                  <Badge color={look.color} variant="light" radius="sm">
                    {look.label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <ColleagueMailSwitches
                    // A fresh list (after any save) starts the boxes again from what the server holds.
                    key={`${colleague.receivesInvoices}-${colleague.receivesReminders}`}
                    colleague={colleague}
                    editable={canManage}
                  />
                </Table.Td>
                <Table.Td>
                  {canManage && canDeactivate(colleague, viewerId) && (
                    <DeactivateColleagueButton colleague={colleague} onDeactivated={onChanged} />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
