import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Paper, Table, Text } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import {
  AdminResolutionRulesDocument,
  DeleteResolutionRuleDocument,
  type ResolutionRuleRowFragment,
} from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { readAdminAnswer } from './adminAnswer';
import { ResolutionRuleForm } from './ResolutionRuleForm';
import { describeRule } from './resolutionRuleForm';
import { distinctCustomers, nextPriority } from './routingRuleForm';

type Editing = { rule: ResolutionRuleRowFragment | null } | null;

/** `/admin/resolution-rules` (admins): rules that write off or approve a new case before anyone looks. */
export function ResolutionRulesPage() {
  const [result, reexecute] = useQuery({ query: AdminResolutionRulesDocument });
  const [editing, setEditing] = useState<Editing>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: deleting }, remove] = useMutation(DeleteResolutionRuleDocument);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const rules = [...(data?.resolutionRules ?? [])].sort((a, b) => a.priority - b.priority);
  const customers = distinctCustomers((data?.invoices.edges ?? []).map((edge) => edge.node.account));
  const reasons = data?.reasonCodeSettings ?? [];
  const customerName = (id: string) => customers.find((c) => c.id === id)?.name ?? `account ${id}`;
  const reasonLabel = (code: string) => reasons.find((r) => r.code === code)?.label ?? code;

  async function deleteRule(rule: ResolutionRuleRowFragment) {
    const answer = await remove({ id: rule.id });
    const outcome = readAdminAnswer(answer.data?.deleteResolutionRule, [] as const);
    setProblem(outcome.saved ? null : outcome.form.join(' '));
    refresh();
  }

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the resolution rules (only admins see them)" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading resolution rules…" />;
  } else if (rules.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>There are no resolution rules, so every new case waits for a person.</Text>
      </Paper>
    );
  } else {
    body = (
      <Table striped verticalSpacing="xs" aria-label="Resolution rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Priority</Table.Th>
            <Table.Th scope="col">Rule</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule) => (
            <Table.Tr key={rule.id}>
              <Table.Td>{rule.priority}</Table.Td>
              <Table.Td>{describeRule(rule, customerName, reasonLabel)}</Table.Td>
              <Table.Td>
                <Badge color={rule.active ? 'teal' : 'gray'} variant="light" radius="sm">
                  {rule.active ? 'Active' : 'Inactive'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="compact-sm" variant="default" onClick={() => setEditing({ rule })} aria-label={`Change rule ${rule.priority}`}>
                    Change
                  </Button>
                  <Button size="compact-sm" variant="subtle" color="red" disabled={deleting} onClick={() => void deleteRule(rule)} aria-label={`Delete rule ${rule.priority}`}>
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
      title="Resolution rules"
      description="Resolve a new case without a person: the first active rule (lowest priority) that matches writes it off within its tolerance or approves it with a credit memo, as “Recoup automation”. Cases flagged as a duplicate or exceeding the invoice are left to a person."
      action={data && <Button onClick={() => setEditing({ rule: null })}>New resolution rule</Button>}
    >
      {problem && (
        <Alert color="red" variant="light" role="alert" title="Not deleted">
          {problem}
        </Alert>
      )}
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.rule ? 'Change resolution rule' : 'New resolution rule'} size="lg" centered>
        {editing && (
          <ResolutionRuleForm
            rule={editing.rule}
            defaultPriority={nextPriority(rules)}
            reasons={reasons}
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
