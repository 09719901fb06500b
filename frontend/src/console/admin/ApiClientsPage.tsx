import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDateTime } from '../../shared/format/dates';
import {
  AdminApiClientsDocument,
  AdminApiClientsViewerDocument,
  CreateApiClientDocument,
  RevokeApiClientDocument,
  type ApiClientRowFragment,
} from '../../shared/graphql/generated';
import { AdminPage, FormErrors } from './AdminPage';
import { isAdmin } from './staffRoles';

export const API_SCOPES = [
  { value: 'invoices:import', label: 'Import invoices (invoice feed)' },
  { value: 'remittances:import', label: 'Import remittances' },
  { value: 'orders:import', label: 'Import orders and deliveries' },
] as const;

type Refusal = { __typename?: string; message?: string; errors?: { message: string }[] } | null | undefined;

function refusalMessages(result: Refusal): string[] {
  if (!result) return ['Recoup could not be reached. Try again.'];
  if (result.errors) return result.errors.map((error) => error.message);
  return [result.message ?? 'The change was refused.'];
}

/** Name and scopes of a new client; on success the parent shows the secret. */
function CreateClientForm({ onCreated, onCancel }: { onCreated: (secret: string, client: ApiClientRowFragment) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['invoices:import']);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, create] = useMutation(CreateApiClientDocument);

  async function handleSubmit(event: React.FormEvent) {
    event.preventDefault();
    const missing = [];
    if (!name.trim()) missing.push('Name the client, e.g. the ERP it is.');
    if (scopes.length === 0) missing.push('Choose at least one scope.');
    setErrors(missing);
    if (missing.length > 0) return;
    const answer = await create({ name: name.trim(), scopes });
    const result = answer.data?.createApiClient;
    if (result?.__typename === 'ApiClientCreated') onCreated(result.clientSecret, result.client);
    else setErrors(refusalMessages(result as Refusal));
  }

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate>
      <Stack gap="sm">
        <FormErrors title="The client was not created" messages={errors} />
        <TextInput label="Name" required value={name} onChange={(event) => setName(event.currentTarget.value)} />
        <Checkbox.Group label="Scopes" value={scopes} onChange={setScopes}>
          <Stack gap={4} mt={4}>
            {API_SCOPES.map((scope) => (
              <Checkbox key={scope.value} value={scope.value} label={`${scope.label} (${scope.value})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            Create client
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The credentials of a client just created: the secret is shown this once. */
function NewSecret({ clientId, secret, onDone }: { clientId: string; secret: string; onDone: () => void }) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" title="Copy the secret now">
        This is the only time Recoup shows it; only a hash is kept. Store it in the ERP&apos;s configuration. If it is
        lost, revoke this client and create a new one.
      </Alert>
      <Text size="sm">Client id</Text>
      <Code block>{clientId}</Code>
      <Text size="sm">Client secret</Text>
      <Code block aria-label="Client secret">
        {secret}
      </Code>
      <Group justify="flex-end">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy secret'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

/** `/admin/api-clients`: the programs that call the machine API (admins): list, create, revoke. */
export function ApiClientsPage() {
  const [viewerResult] = useQuery({ query: AdminApiClientsViewerDocument });
  const admin = isAdmin(viewerResult.data?.viewer);
  const [result, reexecute] = useQuery({ query: AdminApiClientsDocument, pause: !admin });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ clientId: string; secret: string } | null>(null);
  const [refusal, setRefusal] = useState<string[]>([]);
  const [{ fetching: revoking }, revoke] = useMutation(RevokeApiClientDocument);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  async function handleRevoke(client: ApiClientRowFragment) {
    setRefusal([]);
    const answer = await revoke({ id: client.id });
    const outcome = answer.data?.revokeApiClient;
    if (outcome?.__typename === 'ApiClientRevoked') refresh();
    else setRefusal(refusalMessages(outcome as Refusal));
  }

  let body;
  if (viewerResult.data && !admin) {
    body = (
      <Paper withBorder p="xl">
        <Text>Only admins see and manage API clients.</Text>
      </Paper>
    );
  } else if ((viewerResult.error || result.error) && !result.data) {
    body = <ErrorState title="We couldn't load the API clients" onRetry={refresh} />;
  } else if (!result.data) {
    body = <LoadingState label="Loading API clients…" />;
  } else if (result.data.apiClients.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>No API clients yet.</Text>
      </Paper>
    );
  } else {
    body = (
      <>
        <FormErrors title="The client was not revoked" messages={refusal} />
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" aria-label="API clients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Client id</Table.Th>
                <Table.Th scope="col">Scopes</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.data.apiClients.map((client) => (
                <Table.Tr key={client.id}>
                  <Table.Td>{client.name}</Table.Td>
                  <Table.Td ff="monospace">{client.clientId}</Table.Td>
                  <Table.Td ff="monospace">{client.scopes.join(' ')}</Table.Td>
                  <Table.Td>{client.lastUsedAt ? formatDateTime(client.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    {client.isActive ? (
                      <Badge color="green" variant="light">
                        Active
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light">
                        Revoked {client.revokedAt ? formatDateTime(client.revokedAt) : ''}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {client.isActive && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        disabled={revoking}
                        onClick={() => void handleRevoke(client)}
                        aria-label={`Revoke ${client.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </>
    );
  }

  return (
    <AdminPage
      title="API clients"
      description="Programs (such as the ERP) that call Recoup's machine API with OAuth2 client credentials. Revoking one stops its tokens at once."
      readOnly={viewerResult.data !== undefined && !admin}
      action={admin && <Button onClick={() => setCreating(true)}>Create API client</Button>}
    >
      {body}
      <Modal
        opened={creating || created !== null}
        onClose={() => {
          setCreating(false);
          setCreated(null);
        }}
        title={created ? 'API client created' : 'Create an API client'}
        centered
      >
        {created ? (
          <NewSecret clientId={created.clientId} secret={created.secret} onDone={() => setCreated(null)} />
        ) : (
          <CreateClientForm
            onCancel={() => setCreating(false)}
            onCreated={(secret, client) => {
              setCreating(false);
              setCreated({ clientId: client.clientId, secret });
              refresh();
            }}
          />
        )}
      </Modal>
    </AdminPage>
  );
}
