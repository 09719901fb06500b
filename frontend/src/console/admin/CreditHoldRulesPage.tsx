import { Paper, Stack, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { AdminCreditHoldRulesDocument } from '../../shared/graphql/generated';
import { AdminPage } from './AdminPage';
import { HoldRuleCard } from './HoldRuleCard';
import { inShownOrder } from './holdRules';
import { canChangeCreditSettings, CREDIT_SETTINGS_READ_ONLY_NOTICE } from './staffRoles';

/** `/admin/credit-hold-rules`: when an account goes on credit hold; credit managers and admins change it. */
export function CreditHoldRulesPage() {
  const [result, reexecute] = useQuery({ query: AdminCreditHoldRulesDocument });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;
  const canEdit = canChangeCreditSettings(data?.viewer);

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the credit hold rules" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading credit hold rules…" />;
  } else if (data.creditHoldRules.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>No credit hold rules are set up.</Text>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="md">
        {inShownOrder(data.creditHoldRules).map((rule) => (
          <HoldRuleCard key={rule.kind} rule={rule} canEdit={canEdit} onSaved={refresh} />
        ))}
      </Stack>
    );
  }

  return (
    <AdminPage
      title="Credit hold rules"
      description="When an account goes on credit hold: while any rule that is on applies to it, unless a credit manager waived that reason for the account."
      readOnly={data !== undefined && !canEdit}
      readOnlyNotice={CREDIT_SETTINGS_READ_ONLY_NOTICE}
    >
      {body}
    </AdminPage>
  );
}
