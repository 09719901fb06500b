import { useState } from 'react';
import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { NoticeScreen } from '../../shared/app/PageStates';
import { confirmPasswordReset } from './authRequests';
import { NewPasswordForm } from './NewPasswordForm';
import { SignInAfterLink } from './SignInAfterLink';
import { useLinkToken } from './useLinkToken';

const ASK_AGAIN = (
  <Anchor component={Link} to="/forgot-password">
    Ask for a new link
  </Anchor>
);

/** `/reset-password?token=...`: a new password from an e-mailed reset link, then the sign-in form. */
export function ResetPasswordPage() {
  const { token, forgetToken } = useLinkToken();
  const [done, setDone] = useState(false);

  if (done) return <SignInAfterLink notice="Password changed — sign in with your new password." />;
  if (!token) {
    return (
      <NoticeScreen title="This link is incomplete">
        <Text>Open the link from the e-mail again, or copy all of it into the address bar. {ASK_AGAIN}.</Text>
      </NoticeScreen>
    );
  }
  return (
    <NoticeScreen title="Choose a new password">
      <Text size="sm">You'll be signed out everywhere else once it is saved.</Text>
      <NewPasswordForm
        submit={(password) => confirmPasswordReset(token, password)}
        onDone={() => {
          setDone(true);
          forgetToken();
        }}
        submitLabel="Save new password"
        linkHelp={ASK_AGAIN}
      />
    </NoticeScreen>
  );
}
