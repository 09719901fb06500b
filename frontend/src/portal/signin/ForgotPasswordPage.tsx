import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router';
import { NoticeScreen } from '../../shared/app/PageStates';
import { AuthRequestError, requestPasswordReset } from './authRequests';

/** `/forgot-password`: asks for a reset link by e-mail. The answer is the same whether or not the address has a login. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sentMessage, setSentMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!email.trim()) {
      setEmailError('Enter the e-mail address you sign in with.');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      setSentMessage(await requestPasswordReset(email.trim()));
    } catch (caught) {
      setError(caught instanceof AuthRequestError ? caught.message : 'Something went wrong. Try again in a moment.');
    } finally {
      setSubmitting(false);
    }
  }

  const backToSignIn = (
    <Anchor component={Link} to="/">
      Back to sign-in
    </Anchor>
  );

  if (sentMessage) {
    return (
      <NoticeScreen title="Check your e-mail">
        <Alert color="teal" variant="light" role="status">
          {sentMessage}
        </Alert>
        <Text size="sm">The link works for one hour. Nothing arrived? Check your spam folder, or ask again.</Text>
        <Group justify="space-between">
          <Button variant="default" onClick={() => setSentMessage(null)}>
            Ask again
          </Button>
          <Text size="sm">{backToSignIn}</Text>
        </Group>
      </NoticeScreen>
    );
  }

  return (
    <NoticeScreen title="Reset your password">
      <form onSubmit={handleSubmit} noValidate aria-label="Reset your password">
        <Stack gap="md">
          <Text size="sm">Enter the e-mail address you sign in with. We'll send you a link to choose a new password.</Text>
          {error && (
            <Alert color="red" variant="light" role="alert" title="We couldn't send the link">
              {error}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
              setEmailError(null);
            }}
            error={emailError}
            disabled={submitting}
            data-autofocus
            autoFocus
          />
          <Button type="submit" loading={submitting} fullWidth>
            Send reset link
          </Button>
          <Text size="sm" ta="center">
            {backToSignIn}
          </Text>
        </Stack>
      </form>
    </NoticeScreen>
  );
}
