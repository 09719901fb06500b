import { Anchor, Button, Group, Text } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { AppFrame } from '../shared/app/AppFrame';
import { Identity } from '../shared/app/Identity';
import { NoticeScreen } from '../shared/app/PageStates';
import { ViewerGate } from '../shared/app/ViewerGate';
import { LoginForm } from '../shared/auth/LoginForm';
import { useSession } from '../shared/auth/SessionProvider';
import { PortalNav } from './PortalNav';
import { PORTAL_AREA as AREA } from './portalArea';

/** The customer portal: customers see their own account's invoices and disputes. */
export function PortalApp() {
  const session = useSession();
  const signOut = () => void session.signOut();

  return (
    <ViewerGate
      signedOut={
        <LoginForm
          areaLabel={AREA}
          onSignedIn={session.restart}
          passwordHelp={
            <Anchor component={Link} to="/forgot-password">
              Forgot your password?
            </Anchor>
          }
          footer={
            <>
              Recoup staff? Sign in at the <Anchor href="/console/">staff console</Anchor>.
            </>
          }
        />
      }
    >
      {(viewer) =>
        viewer.isStaff ? (
          <NoticeScreen title="Staff use the console">
            <Text>
              You're signed in as {viewer.fullName} ({viewer.email}), a Recoup staff user. This is the customer
              portal; staff work in the staff console at <Anchor href="/console/">/console/</Anchor>.
            </Text>
            <Group>
              <Button component="a" href="/console/">
                Go to the staff console
              </Button>
              <Button variant="default" onClick={signOut}>
                Sign out
              </Button>
            </Group>
          </NoticeScreen>
        ) : (
          <AppFrame
            areaLabel={AREA}
            identity={<Identity primary={viewer.account?.name ?? 'Your account'} secondary={viewer.fullName} />}
            nav={<PortalNav showPeople={viewer.role === 'CUSTOMER_ADMIN'} />}
            onSignOut={signOut}
          >
            <Outlet />
          </AppFrame>
        )
      }
    </ViewerGate>
  );
}
