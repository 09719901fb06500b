import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { CreateStaffUserDocument } from '../../shared/graphql/generated';
import { FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { STAFF_ROLE_OPTIONS } from './staffRoles';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['email', 'fullName', 'role'] as const;
type Field = (typeof FIELDS)[number];
const EMPTY: Record<Field, string> = { email: '', fullName: '', role: 'ar_clerk' };

/** "Add a staff user": they get an e-mail with a link to choose their password. */
export function CreateStaffUserForm({ onCreated }: { onCreated: () => void }) {
  const [values, setValues] = useState(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  const errors = useFormErrors<Field>();
  const [{ fetching }, create] = useMutation(CreateStaffUserDocument);
  const inFlight = useRef(false);

  function change(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    errors.clearField(field);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    setCreated(null);
    const ok = errors.check({
      email: values.email.trim() ? undefined : 'Enter their e-mail address.',
      fullName: values.fullName.trim() ? undefined : 'Enter their name.',
    });
    if (!ok) return;
    inFlight.current = true;
    try {
      const email = values.email.trim();
      const result = await create({ email, fullName: values.fullName.trim(), role: values.role });
      const outcome = readAdminAnswer(result.data?.createStaffUser, FIELDS);
      errors.show(outcome);
      if (outcome.saved) {
        setValues(EMPTY);
        setCreated(`We e-mailed ${email} a link to choose a password. It works for 72 hours.`);
        onCreated();
      }
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-staff-heading">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="add-staff-heading">
            Add a staff user
          </Title>
          <FormErrors title="The staff user was not added" messages={errors.form} />
          {created && (
            <Alert color="teal" variant="light" role="status" title="Staff user added">
              {created}
            </Alert>
          )}
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Email"
              type="email"
              required
              autoComplete="off"
              value={values.email}
              onChange={(event) => change('email', event.currentTarget.value)}
              error={errors.fields.email}
              disabled={fetching}
              w={{ base: '100%', sm: 260 }}
            />
            <TextInput
              label="Full name"
              required
              autoComplete="off"
              value={values.fullName}
              onChange={(event) => change('fullName', event.currentTarget.value)}
              error={errors.fields.fullName}
              disabled={fetching}
              w={{ base: '100%', sm: 220 }}
            />
            <NativeSelect
              label="Role"
              value={values.role}
              onChange={(event) => change('role', event.currentTarget.value)}
              data={STAFF_ROLE_OPTIONS}
              error={errors.fields.role}
              disabled={fetching}
              w={{ base: '100%', sm: 180 }}
            />
            <Button type="submit" loading={fetching} mt={{ base: 0, sm: 25 }}>
              Add staff user
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
