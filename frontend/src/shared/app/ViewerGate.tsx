import type { ReactNode } from 'react';
import { Button, Text } from '@mantine/core';
import { useViewer, type SignedInViewer } from '../auth/useViewer';
import { FullPageLoader, NoticeScreen } from './PageStates';

interface ViewerGateProps {
  /** Shown when nobody is signed in. */
  signedOut: ReactNode;
  /** Shown for the signed-in user. */
  children: (viewer: SignedInViewer) => ReactNode;
}

/** Asks the server who is signed in, then shows the sign-in form or the app. */
export function ViewerGate({ signedOut, children }: ViewerGateProps) {
  const { viewer, loaded, error, retry } = useViewer();
  if (!loaded && error) {
    return (
      <NoticeScreen title="Recoup can't be reached">
        <Text>We couldn't reach the Recoup server. Check your connection, then try again.</Text>
        <Button onClick={retry} w="fit-content">
          Try again
        </Button>
      </NoticeScreen>
    );
  }
  if (!loaded) return <FullPageLoader />;
  return viewer ? children(viewer) : signedOut;
}
