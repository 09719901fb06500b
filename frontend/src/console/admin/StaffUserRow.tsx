import { useState } from 'react';
import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMutation } from 'urql';
import { ChangeStaffUserDocument, type StaffUserRowFragment } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { STAFF_ROLE_OPTIONS, staffRoleLabel } from './staffRoles';

interface StaffUserRowProps {
  user: StaffUserRowFragment;
  /** The signed-in staff member: they cannot demote or deactivate themselves. */
  isViewer: boolean;
  canEdit: boolean;
  onChanged: () => void;
}

/** One staff user; for admins with a role select that saves at once and activate / deactivate. */
export function StaffUserRow({ user, isViewer, canEdit, onChanged }: StaffUserRowProps) {
  const [errors, setErrors] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  /** The role being saved, shown in the select until the list is reloaded or the change is refused. */
  const [pendingRole, setPendingRole] = useState<string | null>(null);
  const [{ fetching }, changeUser] = useMutation(ChangeStaffUserDocument);

  async function send(change: { role?: string; active?: boolean }): Promise<boolean> {
    if (fetching) return false;
    setErrors([]);
    setPendingRole(change.role ?? null);
    const result = await changeUser({ userId: user.id, role: change.role ?? null, active: change.active ?? null });
    setPendingRole(null);
    const outcome = readAdminAnswer(result.data?.changeStaffUser, ['role', 'active'] as const);
    if (outcome.saved) {
      onChanged();
      return true;
    }
    setErrors([...Object.values(outcome.fields).filter((message) => message !== undefined), ...outcome.form]);
    return false;
  }

  const roleOptions = STAFF_ROLE_OPTIONS.some((option) => option.value === user.role)
    ? STAFF_ROLE_OPTIONS
    : [{ value: user.role, label: staffRoleLabel(user.role) }, ...STAFF_ROLE_OPTIONS];

  return (
    <Table.Tr data-active={user.isActive}>
      <Table.Td fw={500}>
        {user.fullName}
        {isViewer && (
          <Text span c="dimmed" size="sm">
            {' '}
            (you)
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{user.email}</Table.Td>
      <Table.Td>
        {canEdit && !isViewer ? (
          <NativeSelect
            aria-label={`Role of ${user.fullName}`}
            size="xs"
            value={pendingRole ?? user.role}
            onChange={(event) => void send({ role: event.currentTarget.value })}
            data={roleOptions}
            disabled={fetching}
            maw={180}
          />
        ) : (
          staffRoleLabel(user.role)
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={user.isActive ? 'teal' : 'gray'} variant="light" radius="sm">
          {user.isActive ? 'Active' : 'Inactive'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-end">
          {canEdit && !isViewer && (
            <Button
              size="compact-sm"
              variant="outline"
              color={user.isActive ? 'red' : 'teal'}
              loading={fetching && !confirming}
              onClick={() => (user.isActive ? setConfirming(true) : void send({ active: true }))}
              aria-label={`${user.isActive ? 'Deactivate' : 'Activate'} ${user.fullName}`}
            >
              {user.isActive ? 'Deactivate' : 'Activate'}
            </Button>
          )}
          {errors.length > 0 && !confirming && (
            <Text size="sm" c="red" role="alert">
              {errors.join(' ')}
            </Text>
          )}
        </Stack>
        <Modal
          opened={confirming}
          onClose={() => !fetching && setConfirming(false)}
          title={`Deactivate ${user.fullName}?`}
          centered
        >
          <Stack gap="md">
            <Text size="sm">
              {user.fullName} ({user.email}) will be signed out at once and can no longer sign in to the console. Their
              cases and history stay.
            </Text>
            <FormErrors title={`${user.fullName} was not deactivated`} messages={errors} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirming(false)} disabled={fetching} data-autofocus>
                Cancel
              </Button>
              <Button
                color="red"
                loading={fetching}
                onClick={() => void send({ active: false }).then((done) => done && setConfirming(false))}
              >
                Deactivate
              </Button>
            </Group>
          </Stack>
        </Modal>
      </Table.Td>
    </Table.Tr>
  );
}
