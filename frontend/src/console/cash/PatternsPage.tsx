import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDateTime } from '../../shared/format/dates';
import {
  CashMatchPatternsDocument,
  RemoveCashMatchPatternDocument,
  type CashMatchPatternRowFragment,
} from '../../shared/graphql/generated';
import { isAdmin } from '../admin/staffRoles';
import { CustomerFilter } from '../common/CustomerFilter';
import { OffsetPager } from './OffsetPager';

const PAGE = 50;

/** `/cash/patterns`: how customers write their references, as matching learned it from the lines staff confirmed. */
export function PatternsPage() {
  const [page, setPage] = useState(0);
  const [customer, setCustomer] = useState('');
  const [result, reexecute] = useQuery({
    query: CashMatchPatternsDocument,
    variables: { offset: page * PAGE, customer },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  let body;
  if (result.error && !result.data) body = <ErrorState title="We couldn't load the patterns" onRetry={refresh} />;
  else if (!result.data) body = <LoadingState label="Loading learned patterns…" />;
  else {
    const patterns = result.data.cashMatchPatterns;
    const canRemove = isAdmin(result.data.viewer);
    body = (
      <>
        {patterns.items.length === 0 ? (
          <Paper withBorder p="xl">
            <Text>
              Nothing learned yet. When you apply an exception to an invoice its reference names in a way of the
              customer&apos;s own, matching learns it for that customer&apos;s next files.
            </Text>
          </Paper>
        ) : (
          <Stack gap="sm" component="ul" aria-label="Learned patterns" style={{ listStyle: 'none', padding: 0 }}>
            {patterns.items.map((pattern) => (
              <PatternCard key={pattern.id} pattern={pattern} canRemove={canRemove} onRemoved={refresh} />
            ))}
          </Stack>
        )}
        <OffsetPager
          label="Pages of learned patterns"
          page={page}
          pageSize={PAGE}
          rowCount={patterns.items.length}
          totalCount={patterns.totalCount}
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
      <Title order={1}>Learned patterns</Title>
      <Text size="sm">
        Each pattern was learned from a line staff applied by hand, and is used only for that customer&apos;s lines. A
        pattern staff never contradicted applies cash by itself; one contradicted only suggests.
      </Text>
      <CustomerFilter
        label="Filter the patterns"
        onFilter={(customer) => {
          setPage(0);
          setCustomer(customer);
        }}
      />
      {body}
    </Stack>
  );
}

function PatternCard(props: { pattern: CashMatchPatternRowFragment; canRemove: boolean; onRemoved: () => void }) {
  const { pattern } = props;
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [{ fetching }, remove] = useMutation(RemoveCashMatchPatternDocument);

  async function removeIt() {
    setError('');
    const answer = await remove({ id: pattern.id });
    const outcome = answer.data?.removeCashMatchPattern;
    if (outcome?.__typename === 'SettingSaved' || outcome?.__typename === 'NotFoundResult') props.onRemoved();
    else if (outcome && 'message' in outcome) setError(outcome.message);
    else setError('The pattern was not removed; try again.');
  }

  return (
    <Paper withBorder p="md" component="li" aria-label={`Pattern of ${pattern.accountName}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>
            {pattern.accountName} <Text span c="dimmed">({pattern.customerNumber})</Text>
          </Text>
          <Badge color={pattern.appliesCash ? 'teal' : 'yellow'} variant="light">
            {pattern.appliesCash ? 'Applies cash' : 'Suggests only'}
          </Badge>
        </Group>
        <Text>{pattern.description}</Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          Learned from “{pattern.exampleReference}” → {pattern.exampleInvoice}
        </Text>
        <Text size="sm" c="dimmed">
          Observed precision {pattern.observedPrecision} ({pattern.confirmed} confirmed, {pattern.contradicted}{' '}
          contradicted) · applied {pattern.applied} line(s) · learned {formatDateTime(pattern.learnedAt)}
          {pattern.learnedBy ? ` by ${pattern.learnedBy}` : ''}
        </Text>
        {props.canRemove &&
          (confirming ? (
            // Asked once more: a pattern learned from many confirmations is gone for good once removed.
            <Group gap="xs" role="group" aria-label="Remove this pattern?">
              <Text size="sm">
                Remove it? This customer&apos;s next lines are no longer matched this way; it is learned again only
                from new confirmations.
              </Text>
              <Button size="xs" color="red" loading={fetching} onClick={() => void removeIt()}>
                Remove
              </Button>
              <Button size="xs" variant="default" disabled={fetching} onClick={() => setConfirming(false)}>
                Keep it
              </Button>
            </Group>
          ) : (
            <Group>
              <Button size="xs" variant="default" color="red" onClick={() => setConfirming(true)}>
                Remove pattern
              </Button>
            </Group>
          ))}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
