import { useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDateTime } from '../../shared/format/dates';
import {
  RemittanceColumnMappingsDocument,
  RemoveRemittanceColumnMappingDocument,
  type ColumnMappingRowFragment,
} from '../../shared/graphql/generated';
import { ADVICE_ROLES, columnLetter } from './ColumnMappingForm';
import { CustomerFilter } from '../common/CustomerFilter';
import { OffsetPager } from './OffsetPager';

const PAGE = 50;

/** `/cash/mappings`: which column of each customer's own advice layout is which, as clerks said. */
export function MappingsPage() {
  const [page, setPage] = useState(0);
  const [customer, setCustomer] = useState('');
  const [result, reexecute] = useQuery({
    query: RemittanceColumnMappingsDocument,
    variables: { offset: page * PAGE, customer },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  let body;
  if (result.error && !result.data) body = <ErrorState title="We couldn't load the column mappings" onRetry={refresh} />;
  else if (!result.data) body = <LoadingState label="Loading column mappings…" />;
  else {
    const mappings = result.data.remittanceColumnMappings;
    body = (
      <>
        {mappings.items.length === 0 ? (
          <Paper withBorder p="xl">
            <Text>
              No advice columns mapped yet. Import a customer&apos;s own spreadsheet under Cash with the customer
              chosen: the first file of a layout asks which column is which.
            </Text>
          </Paper>
        ) : (
          <Stack gap="sm" component="ul" aria-label="Column mappings" style={{ listStyle: 'none', padding: 0 }}>
            {mappings.items.map((mapping) => (
              <MappingCard key={mapping.id} mapping={mapping} onRemoved={refresh} />
            ))}
          </Stack>
        )}
        <OffsetPager
          label="Pages of column mappings"
          page={page}
          pageSize={PAGE}
          rowCount={mappings.items.length}
          totalCount={mappings.totalCount}
          busy={result.fetching}
          onPage={setPage}
        />
      </>
    );
  }
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/cash" size="sm">
        ← Cash application
      </Anchor>
      <Title order={1}>Advice columns</Title>
      <Text size="sm">
        One mapping per customer and header: an advice of that customer with the same column titles imports without
        asking. Remove one to be asked again.
      </Text>
      <CustomerFilter
        label="Filter the column mappings"
        onFilter={(customer) => {
          setPage(0);
          setCustomer(customer);
        }}
      />
      {body}
    </Stack>
  );
}

function MappingCard({ mapping, onRemoved }: { mapping: ColumnMappingRowFragment; onRemoved: () => void }) {
  const [error, setError] = useState('');
  const [{ fetching }, remove] = useMutation(RemoveRemittanceColumnMappingDocument);
  const labels = new Map(ADVICE_ROLES.map((r) => [r.role, r.label]));

  async function removeIt() {
    setError('');
    const answer = await remove({ id: mapping.id });
    const outcome = answer.data?.removeRemittanceColumnMapping;
    if (outcome?.__typename === 'SettingSaved' || outcome?.__typename === 'NotFoundResult') onRemoved();
    else if (outcome && 'message' in outcome) setError(outcome.message);
    else setError('The mapping was not removed; try again.');
  }

  return (
    <Paper withBorder p="md" component="li" aria-label={`Advice columns of ${mapping.accountName}`}>
      <Stack gap={6}>
        <Text fw={600}>
          {mapping.accountName} <Text span c="dimmed">({mapping.customerNumber})</Text>
        </Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          Header: {mapping.header.map((title) => title || '(no title)').join(' | ')}
        </Text>
        <Text size="sm">
          {mapping.columns
            .map((c) => `${labels.get(c.role) ?? c.role}: ${columnLetter(c.column)} ${c.title ? `(${c.title})` : ''}`)
            .join(' · ')}
        </Text>
        <Text size="sm" c="dimmed">
          Saved {formatDateTime(mapping.savedAt)}
          {mapping.savedBy ? ` by ${mapping.savedBy}` : ''}
        </Text>
        <Group>
          <Button size="xs" variant="default" color="red" loading={fetching} onClick={() => void removeIt()}>
            Remove mapping
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
