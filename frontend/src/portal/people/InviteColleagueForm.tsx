import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { sortFieldErrors, UNREACHABLE } from '../../shared/graphql/fieldErrors';
import { InviteColleagueDocument } from '../../shared/graphql/generated';

const FIELDS = ['email', 'fullName'] as const;
type Field = (typeof FIELDS)[number];

/** "Invite a colleague": the server e-mails them a one-time link to choose a password. */
export function InviteColleagueForm({ onInvited }: { onInvited: () => void }) {
  const [values, setValues] = useState<Record<Field, string>>({ email: '', fullName: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [invited, setInvited] = useState<string | null>(null);
  const [{ fetching }, invite] = useMutation(InviteColleagueDocument);
  const inFlight = useRef(false);

  function change(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setFieldErrors((current) => ({ ...current, [field]: undefined }));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const missing: Partial<Record<Field, string>> = {};
    if (!values.email.trim()) missing.email = "Enter your colleague's e-mail address.";
    if (!values.fullName.trim()) missing.fullName = "Enter your colleague's name.";
    setFieldErrors(missing);
    setFormErrors([]);
    setInvited(null);
    if (Object.keys(missing).length > 0) return;

    inFlight.current = true;
    try {
      const result = await invite({ email: values.email.trim(), fullName: values.fullName.trim() });
      const answer = result.data?.inviteColleague;
      switch (answer?.__typename) {
        case 'ColleagueSaved':
          setValues({ email: '', fullName: '' });
          setInvited(`We sent an invitation to ${answer.colleague.email}. The link in it works for 72 hours.`);
          onInvited();
          return;
        case 'InvalidInputResult': {
          const sorted = sortFieldErrors(answer.errors, FIELDS);
          setFieldErrors(sorted.fields);
          setFormErrors(sorted.form);
          return;
        }
        case 'NotFoundResult':
        case 'ConflictResult':
        case 'NotPermittedResult':
        case 'RateLimitedResult':
          setFormErrors([answer.message]);
          return;
        default:
          setFormErrors([UNREACHABLE]);
      }
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invite-heading">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="invite-heading">
            Invite a colleague
          </Title>
          {formErrors.length > 0 && (
            <Alert color="red" variant="light" role="alert" title="The invitation was not sent">
              {formErrors.join(' ')}
            </Alert>
          )}
          {invited && (
            <Alert color="teal" variant="light" role="status" title="Invitation sent">
              {invited}
            </Alert>
          )}
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Email"
              type="email"
              autoComplete="off"
              required
              value={values.email}
              onChange={(event) => change('email', event.currentTarget.value)}
              error={fieldErrors.email}
              disabled={fetching}
              w={{ base: '100%', sm: 280 }}
            />
            <TextInput
              label="Full name"
              autoComplete="off"
              required
              value={values.fullName}
              onChange={(event) => change('fullName', event.currentTarget.value)}
              error={fieldErrors.fullName}
              disabled={fetching}
              w={{ base: '100%', sm: 240 }}
            />
            <Button type="submit" loading={fetching} mt={{ base: 0, sm: 25 }}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
