import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useSearchParams } from 'react-router';
import {
  FEED_KINDS,
  FEED_TEXTS,
  invoiceFeedSummary,
  isFeedKind,
  orderFeedSummary,
  readFeedKind,
  type FeedKind,
  type FeedSummary,
  type FeedText,
} from './feedKinds';
import { FeedUploadError, uploadInvoiceFeed } from './invoiceFeed';
import { uploadOrderFeed } from './orderFeed';

const OUTCOME: Record<FeedSummary['status'], { color: string; title: (noun: string) => string }> = {
  applied: { color: 'green', title: () => 'The feed was applied' },
  partial: { color: 'yellow', title: (noun) => `The valid ${noun} were applied; the rows below were not` },
  rejected: { color: 'red', title: () => 'Nothing was applied' },
};

const CHOICES = FEED_KINDS.map((kind) => ({ value: kind, label: FEED_TEXTS[kind].choice }));

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} aria-label={`${label}: ${value}`}>
        {value}
      </Text>
    </Paper>
  );
}

function Report({ report, text }: { report: FeedSummary; text: FeedText }) {
  const outcome = OUTCOME[report.status];
  return (
    <Stack gap="md" aria-live="polite">
      <Alert color={outcome.color} variant="light" title={outcome.title(text.noun)} role="status">
        {report.rows} rows, {report.records} {text.noun}.
        {report.rejectedNumbers.length > 0 && ` Not applied: ${report.rejectedNumbers.join(', ')}.`}
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        {report.counts.map((count) => (
          <Count key={count.label} label={count.label} value={count.value} />
        ))}
      </SimpleGrid>
      {report.errors.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing="xs" aria-label="Rows not applied">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Row</Table.Th>
                <Table.Th scope="col">{text.numberLabel}</Table.Th>
                <Table.Th scope="col">What is wrong</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.errors.map((error, index) => (
                <Table.Tr key={`${error.row}-${index}`}>
                  <Table.Td>{error.row}</Table.Td>
                  <Table.Td ff="monospace">{error.number || '—'}</Table.Td>
                  <Table.Td>{error.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

async function upload(kind: FeedKind, file: File, acceptValid: boolean): Promise<FeedSummary> {
  if (kind === 'invoices') return invoiceFeedSummary(await uploadInvoiceFeed(file, acceptValid));
  return orderFeedSummary(kind, await uploadOrderFeed(kind, file, acceptValid));
}

/**
 * `/imports`: upload one of the ERP's feeds — invoices, orders or deliveries (`?feed=`), admins and AR clerks — and
 * read what it did.
 */
export function InvoiceFeedPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const kind = readFeedKind(searchParams);
  const text = FEED_TEXTS[kind];
  const [file, setFile] = useState<File | null>(null);
  const [acceptValid, setAcceptValid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ kind: FeedKind; summary: FeedSummary } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  function choose(value: string) {
    if (!isFeedKind(value) || value === kind) return;
    setSearchParams(value === 'invoices' ? {} : { feed: value }, { replace: true });
    setFile(null);
    setFailure(null);
    setReport(null);
  }

  async function handleImport() {
    if (!file) {
      setFailure(`Choose the ${text.title.toLowerCase()} CSV file first.`);
      return;
    }
    setBusy(true);
    setFailure(null);
    setReport(null);
    try {
      setReport({ kind, summary: await upload(kind, file, acceptValid) });
    } catch (error) {
      setFailure(error instanceof FeedUploadError ? error.message : 'The import failed. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="lg">
      <title>{`${text.title} · Imports · Recoup`}</title>
      <div>
        <Title order={1} size="h2">
          ERP feeds
        </Title>
        <Text c="dimmed">Admins and AR clerks import the ERP’s invoices, orders and deliveries here.</Text>
      </div>
      <SegmentedControl
        aria-label="Which feed"
        data={CHOICES}
        value={kind}
        onChange={choose}
        disabled={busy}
        style={{ alignSelf: 'flex-start' }}
      />
      <Paper withBorder p="md" component="section" aria-labelledby="feed-heading">
        <Stack gap="sm">
          <div>
            <Title order={2} size="h4" id="feed-heading">
              {text.title}
            </Title>
            <Text size="sm" c="dimmed">
              {text.description}
            </Text>
          </div>
          <FileInput
            label={`${text.title} (CSV)`}
            placeholder="Choose a file"
            accept=".csv,text/csv"
            value={file}
            onChange={setFile}
            clearable
            maw={420}
          />
          <Checkbox
            label={`Apply the valid ${text.noun} even if some rows are wrong`}
            description="Otherwise a file with any wrong row changes nothing."
            checked={acceptValid}
            onChange={(event) => setAcceptValid(event.currentTarget.checked)}
          />
          <Group>
            <Button onClick={() => void handleImport()} loading={busy}>
              Import
            </Button>
          </Group>
          {failure && (
            <Alert color="red" variant="light" role="alert" title="The file was not imported">
              {failure}
            </Alert>
          )}
        </Stack>
      </Paper>
      {report && report.kind === kind && <Report report={report.summary} text={text} />}
    </Stack>
  );
}
