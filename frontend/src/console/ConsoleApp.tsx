import { Anchor, Button, Group, Text } from '@mantine/core';
import { Outlet } from 'react-router';
import { AppFrame } from '../shared/app/AppFrame';
import { Identity } from '../shared/app/Identity';
import { NoticeScreen } from '../shared/app/PageStates';
import { ViewerGate } from '../shared/app/ViewerGate';
import { LoginForm } from '../shared/auth/LoginForm';
import { useSession } from '../shared/auth/SessionProvider';
import { roleLabel } from '../shared/auth/roles';
import { SignInError, signOut as endSession, type SignInResult } from '../shared/auth/session';
import { ConsoleNav } from './ConsoleNav';
import { SSO_START, useSingleSignOn } from './signin/singleSignOn';

const AREA = 'Staff console';
const CUSTOMERS_REFUSED =
  "This is Recoup's staff console, and customer accounts can't use it. You have been signed out here; please sign in at the customer portal.";

/** The staff console: the work queue, cases, the dashboard and invoices across all customers. */
export function ConsoleApp() {
  const session = useSession();
  const singleSignOn = useSingleSignOn();
  const signOut = () => void session.signOut();

  async function acceptStaffOnly(result: SignInResult) {
    if (!result.isStaff) {
      await endSession();
      throw new SignInError('not_staff', CUSTOMERS_REFUSED);
    }
    session.restart();
  }

  return (
    <ViewerGate
      signedOut={
        <LoginForm
          areaLabel={AREA}
          onSignedIn={acceptStaffOnly}
          initialError={singleSignOn.failure}
          alternative={
            singleSignOn.offered && (
              <Button component="a" href={SSO_START} variant="default" fullWidth>
                Sign in with single sign-on
              </Button>
            )
          }
          footer={
            <>
              A customer? Sign in at the <Anchor href="/portal/">customer portal</Anchor>.
            </>
          }
        />
      }
    >
      {(viewer) =>
        viewer.isStaff ? (
          <AppFrame
            areaLabel={AREA}
            identity={<Identity primary={viewer.fullName} secondary={roleLabel(viewer.role)} />}
            nav={<ConsoleNav role={viewer.role} />}
            onSignOut={signOut}
          >
            <Outlet />
          </AppFrame>
        ) : (
          <NoticeScreen title="This is the staff console">
            <Text>
              You're signed in as {viewer.fullName} of {viewer.account?.name ?? 'a customer account'}. The staff
              console is for Recoup staff only; your invoices are in the customer portal.
            </Text>
            <Group>
              <Button component="a" href="/portal/">
                Go to the customer portal
              </Button>
              <Button variant="default" onClick={signOut}>
                Sign out
              </Button>
            </Group>
          </NoticeScreen>
        )
      }
    </ViewerGate>
  );
}
