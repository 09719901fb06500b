import { useState } from 'react';
import { Alert, Button, Checkbox, FileInput, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { FeedUploadError, uploadInvoiceFeed, type FeedReport } from './invoiceFeed';

const OUTCOME: Record<FeedReport['status'], { color: string; title: string }> = {
  applied: { color: 'green', title: 'The feed was applied' },
  partial: { color: 'yellow', title: 'The valid invoices were applied; the rows below were not' },
  rejected: { color: 'red', title: 'Nothing was applied' },
};

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

function Report({ report }: { report: FeedReport }) {
  const outcome = OUTCOME[report.status];
  return (
    <Stack gap="md" aria-live="polite">
      <Alert color={outcome.color} variant="light" title={outcome.title} role="status">
        {report.rows} rows, {report.invoices} invoices.
        {report.rejected_invoices.length > 0 && ` Not applied: ${report.rejected_invoices.join(', ')}.`}
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <Count label="Created" value={report.created} />
        <Count label="Updated" value={report.updated} />
        <Count label="Unchanged" value={report.unchanged} />
        <Count label="Rejected" value={report.rejected} />
        <Count label="New customers" value={report.customers_created} />
        <Count label="Renamed customers" value={report.customers_updated} />
      </SimpleGrid>
      {report.errors.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing="xs" aria-label="Rows not applied">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Row</Table.Th>
                <Table.Th scope="col">Invoice</Table.Th>
                <Table.Th scope="col">What is wrong</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.errors.map((error, index) => (
                <Table.Tr key={`${error.row}-${index}`}>
                  <Table.Td>{error.row}</Table.Td>
                  <Table.Td ff="monospace">{error.invoice_number || '—'}</Table.Td>
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

/** `/imports`: upload the ERP's invoice feed CSV (admins and AR clerks) and read what it did. */
export function InvoiceFeedPage() {
  const [file, setFile] = useState<File | null>(null);
  const [acceptValid, setAcceptValid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<FeedReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function handleImport() {
    if (!file) {
      setFailure('Choose the invoice feed CSV file first.');
      return;
    }
    setBusy(true);
    setFailure(null);
    setReport(null);
    try {
      setReport(await uploadInvoiceFeed(file, acceptValid));
    } catch (error) {
      setFailure(error instanceof FeedUploadError ? error.message : 'The import failed. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="lg">
      <title>Invoice feed · Imports · Recoup</title>
      <div>
        <Title order={1} size="h2">
          Invoice feed
        </Title>
        <Text c="dimmed">
          Import the ERP&apos;s invoices: one CSV row per invoice line. New invoices and customers are created, changed
          ones updated, identical ones left alone. Admins and AR clerks.
        </Text>
      </div>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <FileInput
            label="Invoice feed (CSV)"
            placeholder="Choose a file"
            accept=".csv,text/csv"
            value={file}
            onChange={setFile}
            clearable
            maw={420}
          />
          <Checkbox
            label="Apply the valid invoices even if some rows are wrong"
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
      {report && <Report report={report} />}
    </Stack>
  );
}
