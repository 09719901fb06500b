import { useState } from 'react';
import { Button, Group, Modal, Paper, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import {
  AdminExternalCodesDocument,
  DeleteExternalReasonCodeDocument,
  type ExternalReasonCodeRowFragment,
} from '../../shared/graphql/generated';
import { AdminPage, FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { ExternalCodeForm } from './ExternalCodeForm';
import { isAdmin } from './staffRoles';

type Editing = { mapping: ExternalReasonCodeRowFragment | null } | null;

const SCHEME_LABELS: Record<string, string> = { x12: 'ANSI X12 426', edifact: 'UN/EDIFACT 4465' };

/** `/admin/external-codes`: which remittance adjustment code means which reason; imports use it at once. */
export function ExternalCodesPage() {
  const [result, reexecute] = useQuery({ query: AdminExternalCodesDocument });
  const [editing, setEditing] = useState<Editing>(null);
  const [filter, setFilter] = useState('');
  const [refusal, setRefusal] = useState<string[]>([]);
  const [{ fetching: deleting }, remove] = useMutation(DeleteExternalReasonCodeDocument);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const canEdit = isAdmin(data?.viewer);
  const reasons = data?.reasonCodeSettings ?? [];
  const labelOf = new Map(reasons.map((reason) => [reason.code, reason.label]));
  const wanted = filter.trim().toLowerCase();
  const mappings = (data?.externalReasonCodes ?? []).filter(
    (mapping) =>
      !wanted ||
      `${mapping.scheme} ${mapping.code} ${mapping.reasonCode} ${labelOf.get(mapping.reasonCode) ?? ''}`
        .toLowerCase()
        .includes(wanted),
  );

  async function handleDelete(mapping: ExternalReasonCodeRowFragment) {
    setRefusal([]);
    const answer = await remove({ scheme: mapping.scheme, code: mapping.code });
    const outcome = readAdminAnswer(answer.data?.deleteExternalReasonCode, [] as const);
    if (outcome.saved) refresh();
    else setRefusal(outcome.form);
  }

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the remittance codes" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading remittance codes…" />;
  } else {
    body = (
      <>
        <TextInput
          label="Find a code"
          placeholder="e.g. x12 04, or Damaged"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          maw={360}
        />
        <FormErrors title="The mapping was not removed" messages={refusal} />
        {mappings.length === 0 ? (
          <Paper withBorder p="xl">
            <Text>{wanted ? 'No mapping matches.' : 'No remittance codes are mapped yet.'}</Text>
          </Paper>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing="xs" aria-label="Remittance codes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Code list</Table.Th>
                  <Table.Th scope="col">Code</Table.Th>
                  <Table.Th scope="col">Means</Table.Th>
                  {canEdit && (
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {mappings.map((mapping) => (
                  <Table.Tr key={`${mapping.scheme}:${mapping.code}`}>
                    <Table.Td>{SCHEME_LABELS[mapping.scheme] ?? mapping.scheme}</Table.Td>
                    <Table.Td ff="monospace">{mapping.code}</Table.Td>
                    <Table.Td>
                      {labelOf.get(mapping.reasonCode) ?? mapping.reasonCode}{' '}
                      <Text span c="dimmed" ff="monospace" size="sm">
                        {mapping.reasonCode}
                      </Text>
                    </Table.Td>
                    {canEdit && (
                      <Table.Td ta="right">
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="default"
                            onClick={() => setEditing({ mapping })}
                            aria-label={`Change ${mapping.scheme} ${mapping.code}`}
                          >
                            Change
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            disabled={deleting}
                            onClick={() => void handleDelete(mapping)}
                            aria-label={`Remove ${mapping.scheme} ${mapping.code}`}
                          >
                            Remove
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </>
    );
  }

  return (
    <AdminPage
      title="Remittance codes"
      description="Which adjustment code on a remittance means which reason. A short pay with a code is classified by this table; one without falls back to its text."
      readOnly={data !== undefined && !canEdit}
      action={canEdit && <Button onClick={() => setEditing({ mapping: null })}>Map a code</Button>}
    >
      {body}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mapping ? `Change ${editing.mapping.scheme} ${editing.mapping.code}` : 'Map a remittance code'}
        centered
      >
        {editing && (
          <ExternalCodeForm
            mapping={editing.mapping}
            reasons={reasons}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              refresh();
            }}
          />
        )}
      </Modal>
    </AdminPage>
  );
}
