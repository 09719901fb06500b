import { useEffect, useState } from 'react';
import { Anchor, Badge, Group, NativeSelect, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { RemittanceImportDetailDocument } from '../../shared/graphql/generated';
import { formatPlainAmount } from '../../shared/format/money';
import { IMPORT_STATUS, isRunning } from './importStatus';
import { OffsetPager } from './OffsetPager';
import { RemittanceLineDetails } from './RemittanceLineDetails';

const PAGE = 50;
const FILTERS = [
  { value: '', label: 'Every line' },
  { value: 'not_ok', label: 'Not applied (wrong, left out, skipped)' },
  { value: 'exception', label: 'Needs a decision' },
  { value: 'applied', label: 'Applied' },
];

function statusesFor(filter: string): string[] | null {
  if (filter === 'not_ok') return ['error', 'not_applied', 'skipped'];
  return filter ? [filter] : null;
}

/** `/cash/imports/:importId`: one import's progress and its per-line report. */
export function ImportPage() {
  const { importId = '' } = useParams();
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const [result, reexecute] = useQuery({
    query: RemittanceImportDetailDocument,
    variables: { id: importId, status: statusesFor(filter), offset: page * PAGE },
  });
  const job = result.data?.remittanceImport;
  const running = job ? isRunning(job.status) : false;

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => reexecute({ requestPolicy: 'network-only' }), 1000);
    return () => window.clearInterval(timer);
  }, [running, reexecute]);

  if (result.error && !result.data) {
    return <ErrorState title="We couldn't load the import" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  }
  if (!result.data) return <LoadingState label="Loading the import…" />;
  if (!job) return <ErrorState title="This import does not exist" />;
  const status = IMPORT_STATUS[job.status] ?? { label: job.status, color: 'gray', running: false };
  const lines = result.data.remittanceImportLines;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/cash" size="sm">
        ← All imports
      </Anchor>
      <Title order={1}>{job.filename}</Title>
      <Group gap="sm">
        <Badge color={status.color} variant="light" size="lg">
          {status.label}
        </Badge>
        <Text size="sm">
          {job.lineCount} {job.lineCount === 1 ? 'line' : 'lines'} read · {job.appliedLines} applied · {job.exceptionLines} waiting for a decision ·{' '}
          {job.errorLines} not applied · {job.skippedLines} skipped · {formatPlainAmount(job.appliedAmount)} applied in {job.payments}{' '}
          payment(s) · {job.deductions} deduction(s)
        </Text>
      </Group>
      {running && <Progress value={job.progressPercent} aria-label="Import progress" animated />}
      {job.message && (
        <Paper withBorder p="sm" role="alert">
          <Text>{job.message}</Text>
        </Paper>
      )}
      <NativeSelect
        label="Show"
        data={FILTERS}
        value={filter}
        onChange={(event) => {
          setFilter(event.currentTarget.value);
          setPage(0);
        }}
        maw={360}
      />
      {lines.items.length === 0 ? (
        <Paper withBorder p="xl">
          <Text>{running ? 'The report appears when the import finishes.' : 'No lines to show.'}</Text>
        </Paper>
      ) : (
        <Stack gap="xs" component="ol" aria-label="Lines of the import" style={{ listStyle: 'none', padding: 0 }}>
          {lines.items.map((line) => (
            <Paper key={line.id} withBorder p="sm" component="li">
              <RemittanceLineDetails line={line} />
            </Paper>
          ))}
        </Stack>
      )}
      <OffsetPager
        label="Pages of lines"
        page={page}
        pageSize={PAGE}
        rowCount={lines.items.length}
        totalCount={lines.totalCount}
        busy={result.fetching}
        onPage={setPage}
      />
    </Stack>
  );
}
