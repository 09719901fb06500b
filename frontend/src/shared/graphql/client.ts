import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError, type Operation } from '@urql/core';
import { csrfHeaders } from '../auth/csrf';

export interface GraphqlClientOptions {
  /** Called when a query fails with GraphQL errors, e.g. because the session expired. */
  onQueryErrors?: (error: CombinedError, operation: Operation) => void;
}

/**
 * A fresh urql client for `POST /graphql` on the same origin. Create a new one
 * whenever the signed-in user changes so no cached data outlives a session.
 */
export function createGraphqlClient({ onQueryErrors }: GraphqlClientOptions = {}): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    // Evaluated per request, so the CSRF token is always the current cookie.
    fetchOptions: () => ({
      credentials: 'same-origin',
      headers: csrfHeaders(),
    }),
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error, operation) {
          if (operation.kind === 'query' && error.graphQLErrors.length > 0) onQueryErrors?.(error, operation);
        },
      }),
      fetchExchange,
    ],
  });
}
