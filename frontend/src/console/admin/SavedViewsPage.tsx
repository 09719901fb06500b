import { useState } from 'react';
import { Anchor, Button, Group, Modal, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useHref } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDateTime } from '../../shared/format/dates';
import { AdminSavedViewsDocument, DeleteSavedViewDocument } from '../../shared/graphql/generated';
import { AdminPage, FormErrors } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { savedViewSearch, savedViewSummary } from './savedViewLink';

interface View {
  id: string;
  name: string;
}

/** "Delete", confirmed in a dialog. */
function DeleteViewDialog({ view, onClose, onDeleted }: { view: View; onClose: () => void; onDeleted: () => void }) {
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, deleteView] = useMutation(DeleteSavedViewDocument);

  async function confirm() {
    if (fetching) return;
    setErrors([]);
    const result = await deleteView({ id: view.id });
    const outcome = readAdminAnswer(result.data?.deleteView, [] as const);
    if (outcome.saved) onDeleted();
    else setErrors(outcome.form);
  }

  return (
    <Modal opened onClose={() => !fetching && onClose()} title={`Delete the view "${view.name}"?`} centered>
      <Stack gap="md">
        <Text size="sm">The view goes from your list. The cases in it do not change.</Text>
        <FormErrors title="The view was not deleted" messages={errors} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={fetching} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={fetching}>
            Delete view
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** `/admin/saved-views`: the signed-in staff member's own saved work-queue views (every staff member has them). */
export function SavedViewsPage() {
  const [result, reexecute] = useQuery({ query: AdminSavedViewsDocument });
  const [deleting, setDeleting] = useState<View | null>(null);
  // The view opens the work queue with its filter: `/console/queue?status=NEW&…`.
  const queueRoot = useHref('/queue');
  const queueHref = (filter: unknown) => `${queueRoot}${savedViewSearch(filter)}`;
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load your saved views" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading saved views…" />;
  } else if (data.savedViews.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>You have no saved views yet. Filter the work queue and save the filter as a view to find it here.</Text>
      </Paper>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="xs" aria-label="Saved views">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Filter</Table.Th>
              <Table.Th scope="col">Saved</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.savedViews.map((view) => (
              <Table.Tr key={view.id}>
                <Table.Td fw={500}>
                  <Anchor href={queueHref(view.filter)}>
                    {view.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {savedViewSummary(view.filter)}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDateTime(view.createdAt)}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="compact-sm"
                    variant="outline"
                    color="red"
                    onClick={() => setDeleting(view)}
                    aria-label={`Delete the view ${view.name}`}
                  >
                    Delete
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <AdminPage
      title="Saved views"
      description="Your own saved work-queue filters. Open one to see the queue with that filter."
    >
      {body}
      {deleting && (
        <DeleteViewDialog
          view={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            refresh();
          }}
        />
      )}
    </AdminPage>
  );
}
