import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { ClaimedLinesTable } from '../../shared/disputes/ClaimedLinesTable';
import { DisputeTimeline } from '../../shared/disputes/DisputeTimeline';
import { ConsoleCaseDocument, type CaseDetailFragment } from '../../shared/graphql/generated';
import { consoleReasonLabeller } from '../common/reasons';
import { useReasons } from '../common/useReasons';
import { OPEN_QUEUE_HREF } from '../queue/queueUrl';
import { CaseActions } from './CaseActions';
import { CaseAuditTrail } from './CaseAuditTrail';
import { CaseComposer } from './CaseComposer';
import { CaseDocuments } from './CaseDocuments';
import { CaseFlags } from './CaseFlags';
import { CaseHeader } from './CaseHeader';
import { CaseInvoice } from './CaseInvoice';
import { CaseMessages } from './CaseMessages';
import { InternalDocumentUpload } from './InternalDocumentUpload';
import { OtherOpenCases } from './OtherOpenCases';
import { RecordsCheck } from './RecordsCheck';
import { SuggestedDocuments } from './SuggestedDocuments';

function BackToQueue() {
  return (
    <Anchor component={Link} to={OPEN_QUEUE_HREF} size="sm">
      ← Back to the work queue
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

/** The case's documents and its invoice's, each once. */
function allDocuments(kase: CaseDetailFragment) {
  const seen = new Set<string>();
  return [...kase.documents, ...kase.invoice.documents].filter((document) => {
    if (seen.has(document.id)) return false;
    seen.add(document.id);
    return true;
  });
}

/** `/cases/:caseId`: everything about one case, and the actions that decide it. */
export function CasePage() {
  const { caseId = '' } = useParams();
  const [result, reexecute] = useQuery({ query: ConsoleCaseDocument, variables: { id: caseId } });
  const reasonLabel = consoleReasonLabeller(useReasons());
  const [notice, setNotice] = useState<{ caseId: string; message: string } | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const kase = result.data?.case;

  if (result.error && !result.data) {
    return (
      <Stack gap="md">
        <BackToQueue />
        <ErrorState title="We couldn't load this case" onRetry={refresh} />
      </Stack>
    );
  }
  if (!result.data) return <LoadingState label="Loading the case…" />;
  if (!kase) {
    return (
      <Stack gap="md">
        <title>Case not found · Recoup</title>
        <BackToQueue />
        <Paper withBorder p="xl">
          <Title order={1} size="h2">
            Case not found
          </Title>
          <Text mt="xs" c="dimmed">
            There is no case at this address. Check the link, or find the case in the work queue.
          </Text>
        </Paper>
      </Stack>
    );
  }

  const reason = reasonLabel(kase.reasonCode);
  return (
    <Stack gap="lg">
      <title>{`${kase.invoiceNumber} · ${kase.accountName} · Recoup`}</title>
      <BackToQueue />
      <CaseHeader kase={kase} reason={reason} onChanged={refresh} />
      <RecordsCheck verdict={kase.recordsVerdict ?? null} detail={kase.recordsDetail} />
      {notice?.caseId === kase.id && (
        <Alert color="teal" variant="light" title="Done" withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)} role="status">
          {notice.message}
        </Alert>
      )}
      <CaseActions
        kase={kase}
        onReload={refresh}
        onDone={(message) => {
          setNotice({ caseId: kase.id, message });
          refresh();
        }}
      />
      <Section id="flags-heading" title={kase.flags.length > 0 ? `Flags (${kase.flags.length})` : 'Flags'}>
        <CaseFlags flags={kase.flags} />
      </Section>
      <Section id="claim-heading" title="The claim">
        <Paper withBorder p="md">
          {kase.description ? (
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{kase.description}</Text>
          ) : (
            <Text c="dimmed">The customer gave no description.</Text>
          )}
        </Paper>
      </Section>
      <Section id="claimed-lines-heading" title="Claimed lines">
        <ClaimedLinesTable lines={kase.claimedLines} currency={kase.currency} />
      </Section>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section id="messages-heading" title="Messages and notes">
            <Stack gap="md">
              <CaseMessages messages={kase.messages} accountName={kase.accountName} />
              <CaseComposer caseId={kase.id} onPosted={refresh} />
            </Stack>
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section id="timeline-heading" title="Timeline (as the customer sees it)">
            <Paper withBorder p="md">
              <DisputeTimeline steps={kase.timeline} />
            </Paper>
          </Section>
        </Grid.Col>
      </Grid>
      <Section id="documents-heading" title="Documents">
        <Stack gap="sm">
          <SuggestedDocuments invoiceId={kase.invoiceId} suggestions={kase.suggestedDocuments} onLinked={refresh} />
          <CaseDocuments documents={allDocuments(kase)} />
          <InternalDocumentUpload caseId={kase.id} onUploaded={refresh} />
          <Anchor
            component={Link}
            to={`/documents?${new URLSearchParams({ customer: kase.accountId, customerName: kase.accountName })}`}
            size="sm"
          >
            Search all of {kase.accountName}’s documents
          </Anchor>
        </Stack>
      </Section>
      <Section id="invoice-heading" title="Invoice">
        <CaseInvoice invoice={kase.invoice} />
      </Section>
      <Section id="others-heading" title={`Other open cases of ${kase.accountName}`}>
        <OtherOpenCases cases={kase.otherOpenCases} currency={kase.currency} reasonLabel={reasonLabel} />
      </Section>
      <Section id="audit-heading" title="Audit trail">
        <CaseAuditTrail entries={kase.auditTrail} />
      </Section>
    </Stack>
  );
}
