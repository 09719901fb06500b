import { useState } from 'react';
import { Anchor, Button, Checkbox, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { usePhone } from '../../shared/app/usePhone';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import {
  CollectionsDunningPreviewDocument,
  CollectionsSendRemindersDocument,
  type CollectionsDunningPreviewQuery,
} from '../../shared/graphql/generated';
import { actionOutcome } from './actionOutcome';
import { accountsText } from './collectionsLabels';
import { collectionsAccountHref, DUNNING_PREVIEW_HREF, WORKLIST_HREF } from './collectionsLinks';
import { OutcomeAlert, type ShownOutcome } from './OutcomeAlert';

type Letter = CollectionsDunningPreviewQuery['dunningPreview']['letters'][number];

/** sendReminders takes at most this many accounts at once. */
export const MAX_SEND = 200;

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const lettersText = (count: number) => (count === 1 ? '1 letter' : `${count} letters`);

/** `/collections/preview`: the letters a dunning run would send now (nothing is sent by looking); send some of them. */
export function DunningPreviewPage() {
  const [searchParams] = useSearchParams();
  const onlyAccounts = searchParams.getAll('accountId');
  const [result, reexecute] = useQuery({
    query: CollectionsDunningPreviewDocument,
    variables: { accountIds: onlyAccounts.length > 0 ? onlyAccounts : null },
    requestPolicy: 'network-only',
  });
  const [{ fetching: sending }, send] = useMutation(CollectionsSendRemindersDocument);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<ShownOutcome | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const preview = result.data?.dunningPreview;
  const letters = preview?.letters ?? [];
  const accountIds = [...new Set(letters.map((letter) => letter.accountId))];
  const chosen = accountIds.filter((id) => selected.has(id));
  const tooMany = chosen.length > MAX_SEND;

  function toggle(id: string, checked: boolean) {
    const next = new Set(selected);
    if (checked) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  async function sendSelected() {
    setOutcome(null);
    const answer = actionOutcome((await send({ accountIds: chosen })).data?.sendReminders, []);
    if (answer.ok) {
      setOutcome({ tone: 'success', text: answer.message });
      setSelected(new Set());
      refresh();
    } else setOutcome({ tone: 'failure', text: answer.messages.join(' ') });
  }

  let body;
  const refused = result.error?.graphQLErrors[0]?.message;
  if (result.error && !preview) {
    body = refused ? (
      <OutcomeAlert outcome={{ tone: 'failure', text: refused }} />
    ) : (
      <ErrorState title="We couldn't work out the dunning run" onRetry={refresh} />
    );
  } else if (!preview) {
    body = <LoadingState label="Working out the letters…" />;
  } else if (letters.length === 0) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Text fw={500}>No reminder is due: a run now would send nothing.</Text>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" role="region" aria-label="Send reminders">
          <Text size="sm" fw={600} aria-live="polite">
            {chosen.length === 0 ? 'No account selected' : `${accountsText(chosen.length)} selected`}
            {tooMany && ` — send at most ${MAX_SEND} at a time`}
          </Text>
          <Button onClick={() => void sendSelected()} loading={sending} disabled={chosen.length === 0 || tooMany}>
            Send selected
          </Button>
        </Group>
        <LettersTable
          letters={letters}
          selected={selected}
          onToggle={toggle}
          onToggleAll={(checked) => setSelected(new Set(checked ? accountIds.slice(0, MAX_SEND) : []))}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <title>Dunning preview · Recoup</title>
      <Anchor component={Link} to={WORKLIST_HREF} size="sm">
        ← Collections worklist
      </Anchor>
      <Title order={1} size="h2">
        Dunning preview
      </Title>
      <Text size="sm" c="dimmed">
        The reminders a dunning run would send now. Nothing is sent by looking; choose accounts and send their letters.
        Disputed money is shown as under review and never asked for.
      </Text>
      {onlyAccounts.length > 0 && (
        <Text size="sm">
          Showing {accountsText(onlyAccounts.length)} only. <Anchor component={Link} to={DUNNING_PREVIEW_HREF}>Show every account</Anchor>
        </Text>
      )}
      {preview && (
        <Text size="sm" aria-label="Totals">
          {lettersText(preview.letterCount)} from {accountsText(preview.accountsConsidered)} considered
          {preview.shown < preview.letterCount && `; the first ${preview.shown} shown`}.
        </Text>
      )}
      <OutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />
      {body}
    </Stack>
  );
}

interface LettersTableProps {
  letters: Letter[];
  selected: ReadonlySet<string>;
  onToggle: (accountId: string, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
}

function LettersTable({ letters, selected, onToggle, onToggleAll }: LettersTableProps) {
  const phone = usePhone();
  const selectedCount = letters.filter((letter) => selected.has(letter.accountId)).length;
  return (
    <Table.ScrollContainer minWidth={phone ? 0 : 980}>
      <Table verticalSpacing="xs" aria-label="Planned reminders" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={40}>
              <Checkbox
                aria-label="Select every account"
                checked={selectedCount > 0 && selectedCount === letters.length}
                indeterminate={selectedCount > 0 && selectedCount < letters.length}
                onChange={(event) => onToggleAll(event.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th scope="col">Account</Table.Th>
            <Table.Th scope="col">Level</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount due
            </Table.Th>
            {!phone && (
              <>
                <Table.Th scope="col" ta="right">
                  Under review
                </Table.Th>
                <Table.Th scope="col">Invoices</Table.Th>
                <Table.Th scope="col">Recipients</Table.Th>
              </>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {letters.map((letter) => (
            <Table.Tr key={`${letter.accountId}-${letter.level}-${letter.currency}`}>
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${letter.accountName} (${letter.accountNumber})`}
                  checked={selected.has(letter.accountId)}
                  onChange={(event) => onToggle(letter.accountId, event.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={collectionsAccountHref(letter.accountId)} fw={500}>
                  {letter.accountName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {letter.accountNumber}
                </Text>
                {phone && (
                  <Text size="xs" c="dimmed">
                    {letter.invoiceNumbers.join(', ')} · to {letter.recipients.join(', ') || 'nobody'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {letter.level}. {letter.levelName}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC} fw={600}>
                {formatMoney(letter.amountDue, letter.currency)}
                {phone && !isZeroAmount(letter.underReviewAmount) && (
                  <Text size="xs" c="dimmed">
                    {formatMoney(letter.underReviewAmount, letter.currency)} under review
                  </Text>
                )}
              </Table.Td>
              {!phone && (
                <>
                  <Table.Td ta="right" style={NUMERIC}>
                    {isZeroAmount(letter.underReviewAmount) ? '—' : formatMoney(letter.underReviewAmount, letter.currency)}
                  </Table.Td>
                  <Table.Td>{letter.invoiceNumbers.join(', ')}</Table.Td>
                  <Table.Td>
                    {letter.recipients.length > 0 ? letter.recipients.join(', ') : <Text span c="red.8" size="sm">No recipient</Text>}
                  </Table.Td>
                </>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
