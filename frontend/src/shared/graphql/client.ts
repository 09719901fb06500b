import {
  Client,
  cacheExchange,
  fetchExchange,
  getOperationName,
  mapExchange,
  type CombinedError,
  type Operation,
} from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import type { DocumentNode } from 'graphql';
import { csrfHeaders } from '../auth/csrf';
import { documentIds } from './documentIds';

export interface GraphqlClientOptions {
  /** Called when a query fails with GraphQL errors, e.g. because the session expired. */
  onQueryErrors?: (error: CombinedError, operation: Operation) => void;
}

const SHA256_PREFIX = 'sha256:';

/**
 * The hash the server knows the operation by: its trusted document id (built from src/**\/*.graphql) without
 * the `sha256:` prefix, as Apollo's persisted-query extension carries it. Undefined for an operation the build
 * does not know, which then goes out as text (refused in production).
 */
export async function persistedHash(_text: string, document: DocumentNode): Promise<string | undefined> {
  const id = documentIds[getOperationName(document) ?? ''];
  return id?.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length) : undefined;
}

/**
 * A fresh urql client for `POST /graphql` on the same origin. Create a new one
 * whenever the signed-in user changes so no cached data outlives a session.
 *
 * Every query and mutation is sent as its trusted document's hash, never as text
 * (`{"operationName", "variables", "extensions": {"persistedQuery": {"version": 1, "sha256Hash"}}}`):
 * in production the server runs nothing else.
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
      persistedExchange({
        generateHash: persistedHash,
        // Never fall back to sending the text (the server has no store to add it to), never over GET.
        enforcePersistedQueries: true,
        enableForMutation: true,
        preferGetForPersistedQueries: false,
      }),
      fetchExchange,
    ],
  });
}
