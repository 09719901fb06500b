import { useEffect, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  NativeSelect,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDateTime } from '../../shared/format/dates';
import {
  RemittanceImportsDocument,
  SaveCashApplicationSettingsDocument,
  type RemittanceImportRowFragment,
} from '../../shared/graphql/generated';
import { formatPlainAmount } from '../../shared/format/money';
import { isAdmin } from '../admin/staffRoles';
import { IMPORT_STATUS, isRunning } from './importStatus';
import { ColumnMappingForm } from './ColumnMappingForm';
import { FORMATS, submitRemittance, type AdviceLayout } from './submitRemittance';

const POLL_MS = 1000;

/** `/cash`: submit a remittance file, watch its import run, open its per-line report. */
export function ImportsPage() {
  const [result, reexecute] = useQuery({ query: RemittanceImportsDocument, requestPolicy: 'cache-and-network' });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const imports = result.data?.remittanceImports ?? [];
  const running = imports.some((job) => isRunning(job.status));

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, reexecute]);

  let list;
  if (result.error && !result.data) list = <ErrorState title="We couldn't load the imports" onRetry={refresh} />;
  else if (!result.data) list = <LoadingState label="Loading imports…" />;
  else list = <ImportsTable imports={imports} />;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="end">
        <Title order={1}>Cash application</Title>
        <Group gap="md">
          <Anchor component={Link} to="/cash/exceptions">
            Exceptions queue
          </Anchor>
          <Anchor component={Link} to="/cash/patterns">
            Learned patterns
          </Anchor>
          <Anchor component={Link} to="/cash/mappings">
            Advice columns
          </Anchor>
          <Anchor component={Link} to="/cash/inbound-mail">
            Inbound mail
          </Anchor>
        </Group>
      </Group>
      <SubmitForm onSubmitted={refresh} />
      {result.data && (
        <ThresholdEditor
          threshold={result.data.cashApplicationSettings.autoApplyThreshold}
          canEdit={isAdmin(result.data.viewer)}
          onSaved={refresh}
        />
      )}
      <Title order={2} size="h3">
        Latest imports
      </Title>
      {list}
    </Stack>
  );
}

function SubmitForm({ onSubmitted }: { onSubmitted: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [customer, setCustomer] = useState('');
  const [acceptValid, setAcceptValid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [layout, setLayout] = useState<AdviceLayout | null>(null);
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);

  async function send() {
    if (!file) {
      setNotice({ tone: 'error', text: 'Choose a remittance file first.' });
      return;
    }
    setBusy(true);
    setNotice(null);
    setLayout(null);
    const answer = await submitRemittance(file, format, acceptValid, customer);
    setBusy(false);
    if (!answer.ok) {
      if (answer.layout) setLayout(answer.layout);
      else setNotice({ tone: 'error', text: answer.message });
      return;
    }
    setNotice({
      tone: 'info',
      text: answer.duplicate
        ? 'This file was already imported; nothing was applied again. Its report is in the list.'
        : 'The file is queued; its progress shows below.',
    });
    setFile(null);
    onSubmitted();
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await send();
  }

  return (
    <Stack gap="sm">
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Import a remittance file">
        <Stack gap="sm">
          <Group align="end" wrap="wrap">
            <FileInput label="Remittance file" placeholder="Choose a file" value={file} onChange={setFile} miw={260} />
            <NativeSelect
              label="Format"
              data={FORMATS}
              value={format}
              onChange={(event) => setFormat(event.currentTarget.value)}
            />
            <TextInput
              label="Customer"
              description="For a customer's own advice"
              placeholder="Customer number"
              value={customer}
              onChange={(event) => setCustomer(event.currentTarget.value)}
              maw={200}
            />
            <Button type="submit" loading={busy}>
              Import
            </Button>
          </Group>
          <Checkbox
            label="If some lines are wrong, apply the good payments anyway (the report lists every line not applied)"
            checked={acceptValid}
            onChange={(event) => setAcceptValid(event.currentTarget.checked)}
          />
          {notice && (
            <Alert color={notice.tone === 'error' ? 'red' : 'blue'} role={notice.tone === 'error' ? 'alert' : 'status'}>
              {notice.text}
            </Alert>
          )}
        </Stack>
      </Paper>
      {layout && (
        <ColumnMappingForm layout={layout} onSaved={() => void send()} onCancel={() => setLayout(null)} />
      )}
    </Stack>
  );
}

function ThresholdEditor(props: { threshold: string; canEdit: boolean; onSaved: () => void }) {
  const [value, setValue] = useState(props.threshold);
  const [error, setError] = useState('');
  const [{ fetching }, save] = useMutation(SaveCashApplicationSettingsDocument);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    const answer = await save({ threshold: value.trim() });
    const outcome = answer.data?.saveCashApplicationSettings;
    if (outcome?.__typename === 'CashApplicationSettings') props.onSaved();
    else if (outcome?.__typename === 'InvalidInputResult') setError(outcome.errors.map((e) => e.message).join(' '));
    else if (outcome?.__typename === 'NotPermittedResult') setError(outcome.message);
    else setError('The setting was not saved; try again.');
  }

  if (!props.canEdit) {
    return (
      <Text size="sm">
        Matches with a confidence of at least {props.threshold} are applied without a person; the rest wait in the
        exceptions queue.
      </Text>
    );
  }
  return (
    <Group component="form" onSubmit={submit} align="end" aria-label="Auto-apply threshold">
      <TextInput
        label="Apply matches automatically from confidence"
        description="Between 0.50 and 1.00; the next import uses it."
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
        error={error || undefined}
        maw={320}
      />
      <Button type="submit" variant="default" loading={fetching}>
        Save
      </Button>
    </Group>
  );
}

function ImportsTable({ imports }: { imports: RemittanceImportRowFragment[] }) {
  if (imports.length === 0) {
    return (
      <Paper withBorder p="xl">
        <Text>No remittance files were imported yet.</Text>
      </Paper>
    );
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing="xs" aria-label="Remittance imports">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">File</Table.Th>
            <Table.Th scope="col">Submitted</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Lines</Table.Th>
            <Table.Th scope="col">Applied</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {imports.map((job) => {
            const status = IMPORT_STATUS[job.status] ?? { label: job.status, color: 'gray', running: false };
            return (
              <Table.Tr key={job.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/cash/imports/${job.id}`}>
                    {job.filename}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {job.format}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDateTime(job.importedAt)}</Table.Td>
                <Table.Td>
                  <Badge color={status.color} variant="light">
                    {status.label}
                  </Badge>
                  {status.running && (
                    <Progress
                      mt={4}
                      value={job.progressPercent}
                      aria-label={`Progress of ${job.filename}`}
                      animated
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  {job.lineCount} read · {job.appliedLines} applied · {job.exceptionLines} to decide ·{' '}
                  {job.errorLines} wrong · {job.skippedLines} skipped
                </Table.Td>
                <Table.Td>
                  {formatPlainAmount(job.appliedAmount)} in {job.payments} payment(s), {job.deductions} deduction(s)
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
