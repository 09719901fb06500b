import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getOperationAST } from 'graphql';
import { Provider as UrqlProvider } from 'urql';
import type { Operation } from '@urql/core';
import { createGraphqlClient } from '../graphql/client';
import { ViewerDocument } from '../graphql/generated';
import { signOut as requestSignOut } from './session';

interface Session {
  /** Forget everything cached and ask the server again who is signed in. */
  restart: () => void;
  /** Ends the session on the server, then restarts. */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

function isViewerQuery(operation: Operation): boolean {
  return getOperationAST(operation.query)?.name?.value === 'Viewer';
}

/**
 * Owns the GraphQL client for the current session. A new client (and so an
 * empty cache) is made whenever the user signs in or out. When a query fails
 * with GraphQL errors, the viewer is checked again: if the session has
 * expired, the app falls back to the sign-in form.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  // Counts query failures since the client was made; each one triggers a viewer check.
  const [queryFailures, setQueryFailures] = useState(0);
  const makeClient = useCallback(
    () =>
      createGraphqlClient({
        onQueryErrors: (_error, operation) => {
          if (!isViewerQuery(operation)) setQueryFailures((count) => count + 1);
        },
      }),
    [],
  );
  const [client, setClient] = useState(makeClient);
  const restart = useCallback(() => {
    setQueryFailures(0);
    setClient(makeClient());
  }, [makeClient]);

  useEffect(() => {
    if (queryFailures === 0) return;
    let current = true;
    void client
      .query(ViewerDocument, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (current && result.data && result.data.viewer === null) restart();
      });
    return () => {
      current = false;
    };
  }, [queryFailures, client, restart]);

  const session = useMemo<Session>(
    () => ({
      restart,
      signOut: async () => {
        await requestSignOut();
        restart();
      },
    }),
    [restart],
  );

  return (
    <SessionContext value={session}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext>
  );
}
