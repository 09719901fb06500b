import { useState } from 'react';
import { Text } from '@mantine/core';
import { NoticeScreen } from '../../shared/app/PageStates';
import { acceptInvitation } from './authRequests';
import { NewPasswordForm } from './NewPasswordForm';
import { SignInAfterLink } from './SignInAfterLink';
import { useLinkToken } from './useLinkToken';

const ASK_ADMIN = "Ask your account's administrator to invite you again.";

/** `/accept-invite?token=...`: an invited colleague chooses a password, then signs in. */
export function AcceptInvitePage() {
  const { token, forgetToken } = useLinkToken();
  const [done, setDone] = useState(false);

  if (done) return <SignInAfterLink notice="Your password is set — welcome to Recoup. Sign in to continue." />;
  if (!token) {
    return (
      <NoticeScreen title="This link is incomplete">
        <Text>Open the link from your invitation e-mail again, or copy all of it into the address bar. {ASK_ADMIN}</Text>
      </NoticeScreen>
    );
  }
  return (
    <NoticeScreen title="Welcome to Recoup">
      <Text size="sm">You were invited to see your company's invoices and disputes. Choose a password to start.</Text>
      <NewPasswordForm
        submit={(password) => acceptInvitation(token, password)}
        onDone={() => {
          setDone(true);
          forgetToken();
        }}
        submitLabel="Set password"
        linkHelp={ASK_ADMIN}
      />
    </NoticeScreen>
  );
}
