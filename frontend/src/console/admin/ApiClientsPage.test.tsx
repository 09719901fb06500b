import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ApiClientsPage } from './ApiClientsPage';
import { graphqlResponse, renderAdmin } from './testing';

const ERP = {
  __typename: 'ApiClient',
  id: 'c1',
  clientId: 'rc_erp',
  name: 'Main ERP',
  scopes: ['invoices:import'],
  isActive: true,
  revokedAt: null,
  createdAt: '2026-11-01T09:00:00+00:00',
  lastUsedAt: null,
};

/** Answers each operation by name; records the variables sent. */
function stubServer(role: string, overrides: Record<string, unknown> = {}) {
  const sent: { operationName: string; variables: Record<string, unknown> }[] = [];
  const answers: Record<string, unknown> = {
    AdminApiClientsViewer: { viewer: { __typename: 'Viewer', id: 'me', role } },
    AdminApiClients: { apiClients: [ERP] },
    CreateApiClient: {
      createApiClient: {
        __typename: 'ApiClientCreated',
        clientSecret: 'the-one-time-secret',
        client: { ...ERP, id: 'c2', clientId: 'rc_new', name: 'Bank connector', scopes: ['remittances:import'] },
      },
    },
    RevokeApiClient: { revokeApiClient: { __typename: 'ApiClientRevoked', client: { ...ERP, isActive: false } } },
    ...overrides,
  };
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as { operationName: string; variables: Record<string, unknown> };
      sent.push(body);
      return Promise.resolve(graphqlResponse(answers[body.operationName]));
    }),
  );
  return sent;
}

afterEach(() => vi.unstubAllGlobals());

describe('ApiClientsPage', () => {
  it('lists the clients and creates one, showing its secret once with a copy button', async () => {
    const sent = stubServer('ADMIN');
    renderAdmin(<ApiClientsPage />, '/admin/api-clients');

    const table = await screen.findByRole('table', { name: 'API clients' });
    expect(within(table).getByText('rc_erp')).toBeInTheDocument();
    expect(within(table).getByText('Never')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Create API client' }));
    fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: 'Bank connector' } });
    fireEvent.click(screen.getByLabelText(/invoices:import/));
    fireEvent.click(screen.getByLabelText(/remittances:import/));
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));

    expect(await screen.findByLabelText('Client secret')).toHaveTextContent('the-one-time-secret');
    expect(screen.getByText('Copy the secret now')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy secret' })).toBeInTheDocument();
    expect(sent.find((s) => s.operationName === 'CreateApiClient')?.variables).toEqual({
      name: 'Bank connector',
      scopes: ['remittances:import'],
    });

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText('the-one-time-secret')).toBeNull());
  });

  it('revokes a client', async () => {
    const sent = stubServer('ADMIN');
    renderAdmin(<ApiClientsPage />, '/admin/api-clients');

    fireEvent.click(await screen.findByRole('button', { name: 'Revoke Main ERP' }));

    await waitFor(() => expect(sent.some((s) => s.operationName === 'RevokeApiClient')).toBe(true));
    expect(sent.find((s) => s.operationName === 'RevokeApiClient')?.variables).toEqual({ id: 'c1' });
  });

  it('checks the form before sending anything', async () => {
    const sent = stubServer('ADMIN');
    renderAdmin(<ApiClientsPage />, '/admin/api-clients');

    fireEvent.click(await screen.findByRole('button', { name: 'Create API client' }));
    fireEvent.click(await screen.findByLabelText(/invoices:import/));
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Name the client, e.g. the ERP it is. Choose at least one scope.');
    expect(sent.some((s) => s.operationName === 'CreateApiClient')).toBe(false);
  });

  it('shows staff who are not admins only a notice, and never asks for the clients', async () => {
    const sent = stubServer('AR_CLERK');
    renderAdmin(<ApiClientsPage />, '/admin/api-clients');

    expect(await screen.findByText('Only admins see and manage API clients.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create API client' })).toBeNull();
    expect(sent.map((s) => s.operationName)).toEqual(['AdminApiClientsViewer']);
  });
});
