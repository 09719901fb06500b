import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { SignInError, signIn, type SignInResult } from './session';

interface LoginFormProps {
  /** Which app this is, e.g. "Customer portal". */
  areaLabel: string;
  /**
   * Called after the server accepted the credentials. May throw a
   * SignInError to refuse the user; its message is shown on the form.
   */
  onSignedIn: (result: SignInResult) => Promise<void> | void;
  /** A line under the form, e.g. where the other kind of user signs in. */
  footer?: ReactNode;
  /** Good news above the fields, e.g. that a new password was saved. */
  notice?: ReactNode;
  /** Under the password field, e.g. a "Forgot your password?" link. */
  passwordHelp?: ReactNode;
  /** Another way in, below the password form, e.g. a single sign-on button. */
  alternative?: ReactNode;
  /** Why the last attempt elsewhere failed, e.g. a refused single sign-on; shown until the next try. */
  initialError?: string | null;
}

export function LoginForm({
  areaLabel,
  onSignedIn,
  footer,
  notice,
  passwordHelp,
  alternative,
  initialError = null,
}: LoginFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(initialError);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email address and password.');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await onSignedIn(await signIn(email.trim(), password));
    } catch (caught) {
      setError(caught instanceof SignInError ? caught.message : 'Sign-in failed. Please try again in a moment.');
      setPassword('');
      setSubmitting(false);
    }
  }

  return (
    <Center mih="100vh" p="md" bg="gray.0" component="main">
      <title>{`Sign in · ${areaLabel} · Recoup`}</title>
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                Sign in to Recoup
              </Title>
              <Text c="dimmed">{areaLabel}</Text>
            </div>
            {notice && !error && (
              <Alert color="teal" variant="light" role="status">
                {notice}
              </Alert>
            )}
            {error && (
              <Alert color="red" variant="light" role="alert" title="Could not sign you in">
                {error}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              disabled={submitting}
              data-autofocus
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              disabled={submitting}
            />
            {passwordHelp && (
              <Text size="sm" mt={-8}>
                {passwordHelp}
              </Text>
            )}
            <Button type="submit" loading={submitting} disabled={submitting} fullWidth>
              Sign in
            </Button>
            {alternative && (
              <>
                <Divider label="or" labelPosition="center" />
                {alternative}
              </>
            )}
            {footer && (
              <Text size="sm" c="dimmed" ta="center">
                {footer}
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
