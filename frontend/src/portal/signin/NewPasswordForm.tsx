import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { AuthRequestError } from './authRequests';
import { MIN_PASSWORD_LENGTH, checkNewPassword, type NewPasswordProblems } from './passwordForm';

interface NewPasswordFormProps {
  /** Sends the new password; rejects with an AuthRequestError when the server refuses it. */
  submit: (password: string) => Promise<void>;
  onDone: () => void;
  submitLabel: string;
  /** Shown with the server's message when the link has expired or was used, e.g. where to get a new one. */
  linkHelp: ReactNode;
}

/** A new password typed twice, checked here for length and match, then sent with the link's token. */
export function NewPasswordForm({ submit, onDone, submitLabel, linkHelp }: NewPasswordFormProps) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<NewPasswordProblems>({});
  const [linkError, setLinkError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const found = checkNewPassword({ password, repeat });
    setProblems(found);
    setLinkError(null);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setSubmitting(true);
    try {
      await submit(password);
      onDone();
    } catch (caught) {
      setSubmitting(false);
      if (!(caught instanceof AuthRequestError)) {
        setFormError('Something went wrong on our side. Try again in a moment.');
      } else if (caught.code.startsWith('password')) {
        setProblems({ password: caught.message });
      } else if (caught.code === 'token_invalid') {
        setLinkError(caught.message);
      } else {
        setFormError(caught.message);
      }
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Choose a password">
      <Stack gap="md">
        {linkError && (
          <Alert color="red" variant="light" role="alert" title="This link no longer works">
            {linkError} {linkHelp}
          </Alert>
        )}
        {formError && (
          <Alert color="red" variant="light" role="alert" title="Your password was not saved">
            {formError}
          </Alert>
        )}
        <PasswordInput
          label="New password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
            setProblems((current) => ({ ...current, password: undefined }));
          }}
          error={problems.password}
          disabled={submitting}
          data-autofocus
        />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(event) => {
            setRepeat(event.currentTarget.value);
            setProblems((current) => ({ ...current, repeat: undefined }));
          }}
          error={problems.repeat}
          disabled={submitting}
        />
        <Button type="submit" loading={submitting} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
