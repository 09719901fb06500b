import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { OPEN_DISPUTE_STATUSES } from '../../shared/disputes/disputeStatus';
import { CollectionsAccountPageDocument, ConsoleStaffMembersDocument } from '../../shared/graphql/generated';
import { queueHref } from '../queue/queueUrl';
import { decidesCredit, riskColor, riskLabel } from './collectionsLabels';
import { dunningPreviewHref, WORKLIST_HREF } from './collectionsLinks';
import { CollectorPanel } from './CollectorPanel';
import { ContactTimeline } from './ContactTimeline';
import { CreditProfilePanel } from './CreditProfileForm';
import { CreditSummaryPanel } from './CreditSummaryPanel';
import { HoldPanel } from './HoldPanel';
import { OpenItemsPanel } from './OpenItemsPanel';
import { PeoplePanel } from './PeoplePanel';
import { OutcomeAlert, type ShownOutcome } from './OutcomeAlert';
import { PriorityBreakdown } from './PriorityExplanation';
import { PromisesList } from './PromisesList';
import { RemindersList } from './RemindersList';

/** `/collections/accounts/:accountId`: everything a collector and a credit manager need about one account. */
export function CollectionsAccountPage() {
  const { accountId = '' } = useParams();
  const [result, reexecute] = useQuery({
    query: CollectionsAccountPageDocument,
    variables: { accountId },
    requestPolicy: 'cache-and-network',
  });
  const [staffResult] = useQuery({ query: ConsoleStaffMembersDocument });
  const [outcome, setOutcome] = useState<ShownOutcome | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const done = (message: string) => {
    setOutcome({ tone: 'success', text: message });
    refresh();
  };

  const back = (
    <Anchor component={Link} to={WORKLIST_HREF} size="sm">
      ← Collections worklist
    </Anchor>
  );
  const data = result.data;
  if (result.error && !data) {
    const refused = result.error.graphQLErrors[0]?.message;
    return (
      <Stack gap="md">
        {back}
        {refused ? (
          <OutcomeAlert outcome={{ tone: 'failure', text: refused }} />
        ) : (
          <ErrorState title="We couldn't load the account" onRetry={refresh} />
        )}
      </Stack>
    );
  }
  if (!data) return <LoadingState label="Loading the account…" />;
  const view = data.collectionsAccount;
  if (!view) {
    return (
      <Stack gap="md">
        {back}
        <Paper withBorder p="xl">
          <Title order={1} size="h3">
            Account not found
          </Title>
          <Text>There is no account at this address.</Text>
        </Paper>
      </Stack>
    );
  }

  const account = view.account;
  const canDecide = decidesCredit(data.viewer?.role);
  return (
    <Stack gap="lg">
      <title>{`${account.name} · Collections · Recoup`}</title>
      <Stack gap="xs">
        {back}
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1} size="h2">
            {account.name}
          </Title>
          <Text c="dimmed" ff="monospace">
            {account.number}
          </Text>
          {view.credit.onHold && (
            <Badge color="red" variant="filled" radius="sm">
              On hold
            </Badge>
          )}
          <Badge color={riskColor(view.profile.riskClass)} variant="light">
            {riskLabel(view.profile.riskClass)} risk
          </Badge>
        </Group>
        <Group gap="md" wrap="wrap">
          <Anchor component={Link} to={queueHref({ accountIds: [account.id], statuses: [...OPEN_DISPUTE_STATUSES] })}>
            Open cases in the queue
          </Anchor>
          <Button component={Link} to={dunningPreviewHref([account.id])} size="xs" variant="light">
            Send reminders now
          </Button>
        </Group>
      </Stack>
      <OutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />
      <CreditSummaryPanel credit={view.credit} />
      <HoldPanel accountId={account.id} credit={view.credit} holds={view.holds} canRelease={canDecide} onDone={done} />
      <CreditProfilePanel accountId={account.id} profile={view.profile} editable={canDecide} onDone={done} onReload={refresh} />
      <Stack gap="sm" component="section" aria-labelledby="priority-heading">
        <Title order={2} size="h3" id="priority-heading">
          Priority
        </Title>
        <Paper withBorder p="md">
          <PriorityBreakdown priority={view.priority} currency={view.credit.currency} riskClass={view.profile.riskClass} />
        </Paper>
      </Stack>
      <CollectorPanel
        accountId={account.id}
        collectorId={view.collectorId}
        collectorName={view.collectorName}
        nextActionOn={view.nextActionOn}
        pausedUntil={view.dunningPausedUntil}
        pauseReason={view.dunningPauseReason}
        staff={staffResult.data?.staffMembers ?? []}
        onDone={done}
      />
      <PeoplePanel people={view.people} />
      <OpenItemsPanel accountId={account.id} items={view.openItems} onDone={done} />
      <PromisesList promises={view.promises} onDone={done} />
      <RemindersList reminders={view.reminders} />
      <ContactTimeline accountId={account.id} contacts={view.contacts} onDone={done} />
    </Stack>
  );
}
