import { afterEach, describe, expect, it, vi } from 'vitest';
import { gql } from '@urql/core';
import { createGraphqlClient } from './client';
import { documentIds } from './documentIds';
import { FileDisputeDocument, ViewerDocument } from './generated';

interface Sent {
  method: string | undefined;
  body: Record<string, unknown>;
}

function recordRequests(): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      sent.push({ method: init.method, body: JSON.parse(String(init.body)) as Record<string, unknown> });
      return new Response(JSON.stringify({ data: null }), { headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return sent;
}

function hashOf(operationName: string): string {
  return (documentIds[operationName] ?? '').replace(/^sha256:/, '');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createGraphqlClient', () => {
  it('sends queries and mutations as their trusted document hash alone, by POST', async () => {
    const sent = recordRequests();
    const client = createGraphqlClient();

    await client.query(ViewerDocument, {}).toPromise();
    const input = { invoiceId: 'i', reasonCode: 'DAMAGED', amount: '1.00', idempotencyKey: 'k' };
    await client.mutation(FileDisputeDocument, { input }).toPromise();

    expect(hashOf('Viewer')).toMatch(/^[0-9a-f]{64}$/);
    expect(sent).toEqual([
      {
        method: 'POST',
        body: {
          operationName: 'Viewer',
          variables: {},
          extensions: { persistedQuery: { version: 1, sha256Hash: hashOf('Viewer') } },
        },
      },
      {
        method: 'POST',
        body: {
          operationName: 'FileDispute',
          variables: { input },
          extensions: { persistedQuery: { version: 1, sha256Hash: hashOf('FileDispute') } },
        },
      },
    ]);
  });

  it('sends an operation the build does not know as text (the server refuses it in production)', async () => {
    const sent = recordRequests();

    await createGraphqlClient().query(gql('query NotInTheBuild { viewer { id } }'), {}).toPromise();

    expect(sent[0]?.body.query).toContain('NotInTheBuild');
    expect(sent[0]?.body.extensions).toBeUndefined();
  });
});
