import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Paper, Table, Text } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { AdminPromotionsDocument, DeletePromotionDocument, type PromotionRowFragment } from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { PromotionForm } from './PromotionForm';
import { distinctCustomers } from './routingRuleForm';
import { formatDate } from '../../shared/format/dates';

type Editing = { promotion: PromotionRowFragment | null } | null;

/** `/admin/promotions` (admins): the trade promotions PROMOTION claims are checked against. */
export function PromotionsPage() {
  const [result, reexecute] = useQuery({ query: AdminPromotionsDocument });
  const [editing, setEditing] = useState<Editing>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: deleting }, remove] = useMutation(DeletePromotionDocument);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const customers = distinctCustomers((data?.invoices.edges ?? []).map((edge) => edge.node.account));
  const customerName = (id: string | null) =>
    id ? (customers.find((c) => c.id === id)?.name ?? `Account ${id}`) : 'Every customer';

  async function deletePromotion(promotion: PromotionRowFragment) {
    const answer = await remove({ id: promotion.id });
    const outcome = readAdminAnswer(answer.data?.deletePromotion, [] as const);
    setProblem(outcome.saved ? null : outcome.form.join(' '));
    refresh();
  }

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the promotions (only admins see them)" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading promotions…" />;
  } else if (data.promotions.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>There are no promotions, so every promotion claim is flagged.</Text>
      </Paper>
    );
  } else {
    body = (
      <Table striped verticalSpacing="xs" aria-label="Promotions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Code</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col">Period</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.promotions.map((promotion) => (
            <Table.Tr key={promotion.id}>
              <Table.Td fw={500}>{promotion.code}</Table.Td>
              <Table.Td>{promotion.name}</Table.Td>
              <Table.Td>{customerName(promotion.accountId)}</Table.Td>
              <Table.Td>{`${formatDate(promotion.startsOn)} to ${formatDate(promotion.endsOn)}`}</Table.Td>
              <Table.Td>
                <Badge color={promotion.active ? 'teal' : 'gray'} variant="light" radius="sm">
                  {promotion.active ? 'Active' : 'Inactive'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="compact-sm" variant="default" onClick={() => setEditing({ promotion })} aria-label={`Change ${promotion.code}`}>
                    Change
                  </Button>
                  <Button size="compact-sm" variant="subtle" color="red" disabled={deleting} onClick={() => void deletePromotion(promotion)} aria-label={`Delete ${promotion.code}`}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }

  return (
    <AdminPage
      title="Promotions"
      description="A promotion claim on an invoice issued outside every active promotion of its customer (or of every customer) is flagged for the clerk."
      action={data && <Button onClick={() => setEditing({ promotion: null })}>New promotion</Button>}
    >
      {problem && (
        <Alert color="red" variant="light" role="alert" title="Not deleted">
          {problem}
        </Alert>
      )}
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.promotion ? 'Change promotion' : 'New promotion'} size="lg" centered>
        {editing && (
          <PromotionForm
            promotion={editing.promotion}
            customers={customers}
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
