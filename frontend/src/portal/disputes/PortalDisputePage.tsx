import type { ReactNode } from 'react';
import { Alert, Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { DisputeStatusBadge } from '../../shared/disputes/DisputeStatusBadge';
import { ClaimedLinesTable } from '../../shared/disputes/ClaimedLinesTable';
import { CreditMemosTable } from '../../shared/invoices/CreditMemosTable';
import { DisputeTimeline } from '../../shared/disputes/DisputeTimeline';
import { DISPUTE_LIST_HREF } from '../../shared/disputes/disputeLinks';
import { isOpenDispute } from '../../shared/disputes/disputeStatus';
import { reasonLabeller } from '../../shared/disputes/reasonLabels';
import { formatDate, formatDateTime } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import { DocumentsTable } from '../../shared/documents/DocumentsTable';
import { PortalDisputeDocument } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';
import { AddDocuments } from './AddDocuments';
import { DisputeMessages } from './DisputeMessages';
import { DisputeReplyBox } from './DisputeReplyBox';
import { WithdrawDisputeButton } from './WithdrawDisputeButton';

function BackToDisputes() {
  return (
    <Anchor component={Link} to={DISPUTE_LIST_HREF} size="sm">
      ← Back to disputes
    </Anchor>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" mb="xs" id={id}>
        {title}
      </Title>
      {children}
    </section>
  );
}

/** `/disputes/:disputeId`: one dispute with its conversation, timeline, documents and, while open, withdrawal. */
export function PortalDisputePage() {
  const { disputeId = '' } = useParams();
  const location = useLocation();
  const justFiled = (location.state as { justFiled?: boolean } | null)?.justFiled === true;
  const [result, reexecute] = useQuery({ query: PortalDisputeDocument, variables: { id: disputeId } });
  const dispute = result.data?.dispute;
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  if (result.error && !result.data) {
    return (
      <Stack gap="md">
        <BackToDisputes />
        <ErrorState title="We couldn't load this dispute" onRetry={refresh} />
      </Stack>
    );
  }
  if (!result.data) return <LoadingState label="Loading dispute…" />;
  if (!dispute) {
    return (
      <Stack gap="md">
        <title>Dispute not found · Recoup</title>
        <BackToDisputes />
        <Paper withBorder p="xl">
          <Title order={1} size="h2">
            Dispute not found
          </Title>
          <Text mt="xs" c="dimmed">
            This dispute doesn't exist, or you don't have access to it. Check the link, or find it in your disputes.
          </Text>
        </Paper>
      </Stack>
    );
  }

  const reason = reasonLabeller(result.data.reasonCodes)(dispute.reasonCode);
  const facts = [
    { label: 'Status', value: <DisputeStatusBadge status={dispute.status} /> },
    { label: 'Reference', value: dispute.reference },
    { label: 'Reason', value: reason },
    { label: 'Amount', value: formatMoney(dispute.amount, dispute.currency) },
    {
      label: 'Invoice',
      value: (
        <Anchor component={Link} to={invoiceHref(dispute.invoiceId)}>
          View invoice {dispute.invoiceNumber}
        </Anchor>
      ),
    },
    { label: 'Filed', value: formatDateTime(dispute.createdAt) },
    { label: 'Decision due', value: formatDate(dispute.dueOn) },
    { label: 'Closed', value: dispute.resolvedAt ? formatDateTime(dispute.resolvedAt) : 'Still open' },
    { label: 'Filed through', value: dispute.origin === 'PORTAL' ? 'This portal' : 'Payment remittance' },
  ];
  const open = isOpenDispute(dispute.status);

  return (
    <Stack gap="lg">
      <title>{`Dispute: ${reason} · Recoup`}</title>
      <Stack gap="xs">
        <BackToDisputes />
        <Group justify="space-between" align="center" gap="sm">
          <Group gap="sm" align="center">
            <Title order={1} size="h2">
              Dispute: {reason}
            </Title>
            <DisputeStatusBadge status={dispute.status} />
          </Group>
          {open && <WithdrawDisputeButton disputeId={dispute.id} />}
        </Group>
      </Stack>
      {justFiled && (
        <Alert color="teal" variant="light" title="Your dispute is filed">
          We'll review it and keep this page up to date. You can add documents here at any time.
        </Alert>
      )}
      <FactList label="Dispute details" facts={facts} />
      <Section id="description-heading" title="Description">
        <Paper withBorder p="md">
          {dispute.description ? (
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{dispute.description}</Text>
          ) : (
            <Text c="dimmed">No description given.</Text>
          )}
        </Paper>
      </Section>
      {dispute.outcome && (
        <Section id="outcome-heading" title="Outcome">
          <Stack gap="sm">
            <FactList
              label="Outcome"
              facts={[
                { label: 'Claimed', value: formatMoney(dispute.outcome.claimed, dispute.currency) },
                { label: 'Accepted', value: formatMoney(dispute.outcome.accepted, dispute.currency) },
                { label: 'Refused (due again)', value: formatMoney(dispute.outcome.refused, dispute.currency) },
                ...(isZeroAmount(dispute.outcome.writtenOff)
                  ? []
                  : [{ label: 'Written off', value: formatMoney(dispute.outcome.writtenOff, dispute.currency) }]),
                { label: 'Still due on the invoice', value: formatMoney(dispute.outcome.stillDueOnInvoice, dispute.currency) },
              ]}
            />
            <CreditMemosTable
              memos={dispute.outcome.creditMemos}
              currency={dispute.currency}
              emptyText="No credit memo was issued for this dispute."
            />
          </Stack>
        </Section>
      )}
      <Section id="claimed-lines-heading" title="Claimed lines">
        <ClaimedLinesTable lines={dispute.claimedLines} currency={dispute.currency} />
      </Section>
      <Section id="conversation-heading" title="Conversation">
        <Stack gap="md">
          <DisputeMessages messages={dispute.messages} accountName={result.data.viewer?.account?.name ?? null} />
          <DisputeReplyBox disputeId={dispute.id} onPosted={refresh} />
        </Stack>
      </Section>
      <Section id="timeline-heading" title="Timeline">
        <Paper withBorder p="md">
          <DisputeTimeline steps={dispute.timeline} />
        </Paper>
      </Section>
      <Section id="documents-heading" title="Documents">
        <Stack gap="md">
          <DocumentsTable documents={dispute.documents} emptyText="No documents are attached to this dispute yet." />
          <AddDocuments disputeId={dispute.id} onUploaded={refresh} />
        </Stack>
      </Section>
    </Stack>
  );
}
