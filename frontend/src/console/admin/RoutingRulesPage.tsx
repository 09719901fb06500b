import { useState } from 'react';
import { Button, Modal, Paper, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { AdminRoutingRulesDocument, type RoutingRuleRowFragment } from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { RoutingRuleForm, type RuleOptions } from './RoutingRuleForm';
import { distinctCustomers, nextPriority } from './routingRuleForm';
import { RoutingRulesTable } from './RoutingRulesTable';
import { isAdmin } from './staffRoles';

type Editing = { rule: RoutingRuleRowFragment | null } | null;

/** `/admin/routing-rules`: who gets a new case, tried in priority order; the first active match wins. */
export function RoutingRulesPage() {
  const [result, reexecute] = useQuery({ query: AdminRoutingRulesDocument });
  const [editing, setEditing] = useState<Editing>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const canEdit = isAdmin(data?.viewer);
  const rules = data?.routingRules ?? [];
  const options: RuleOptions = {
    staff: data?.staffMembers ?? [],
    reasons: data?.reasonCodeSettings ?? [],
    customers: distinctCustomers((data?.invoices.edges ?? []).map((edge) => edge.node.account)),
  };

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the routing rules" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading routing rules…" />;
  } else if (rules.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>There are no routing rules yet, so new cases stay unassigned until someone picks them up.</Text>
      </Paper>
    );
  } else {
    body = <RoutingRulesTable rules={rules} {...options} onEdit={canEdit ? (rule) => setEditing({ rule }) : undefined} />;
  }

  return (
    <AdminPage
      title="Routing rules"
      description="Who gets a new case. Rules are tried from the lowest priority number up; the first active rule that matches assigns the case."
      readOnly={data !== undefined && !canEdit}
      action={canEdit && <Button onClick={() => setEditing({ rule: null })}>New routing rule</Button>}
    >
      {body}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.rule ? 'Change routing rule' : 'New routing rule'}
        size="lg"
        centered
      >
        {editing && (
          <RoutingRuleForm
            rule={editing.rule}
            defaultPriority={nextPriority(rules)}
            {...options}
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
