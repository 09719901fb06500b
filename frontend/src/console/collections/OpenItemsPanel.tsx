import { useState } from 'react';
import { Anchor, Button, Checkbox, Group, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { usePhone } from '../../shared/app/usePhone';
import { formatDate, localIsoDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import { CollectionsRecordPromiseDocument, type CollectionsOpenItemFragment } from '../../shared/graphql/generated';
import { consoleInvoiceHref } from '../common/consoleLinks';
import { actionOutcome } from './actionOutcome';
import { daysText } from './collectionsLabels';
import { failureOf, OutcomeAlert, type ShownOutcome } from './OutcomeAlert';
import { dueNowTotal, isPromisable, promiseProblems, type PromiseField } from './promiseAmount';

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const FIELDS: readonly PromiseField[] = ['invoiceIds', 'amount', 'promisedOn', 'note'];

interface OpenItemsPanelProps {
  accountId: string;
  items: CollectionsOpenItemFragment[];
  onDone: (message: string) => void;
}

/** The account's open invoices; tick some to record the customer's promise to pay them. */
export function OpenItemsPanel({ accountId, items, onDone }: OpenItemsPanelProps) {
  const phone = usePhone();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  // null: the amount follows the chosen invoices' due-now total; a string: what the collector typed
  const [typedAmount, setTypedAmount] = useState<string | null>(null);
  const [promisedOn, setPromisedOn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<PromiseField, string>>>({});
  const [failure, setFailure] = useState<ShownOutcome | null>(null);
  const [{ fetching }, record] = useMutation(CollectionsRecordPromiseDocument);
  const available = dueNowTotal(items, chosen);
  const amount = typedAmount ?? available;

  function toggle(id: string, checked: boolean) {
    const next = new Set(chosen);
    if (checked) next.add(id);
    else next.delete(id);
    setChosen(next);
    setTypedAmount(null);
    setErrors((current) => ({ ...current, invoiceIds: undefined, amount: undefined }));
  }

  async function submit() {
    setFailure(null);
    const problems = promiseProblems(chosen, amount, promisedOn, available);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const result = await record({ accountId, invoiceIds: [...chosen], amount: amount.trim(), promisedOn, note: note.trim() });
    const answer = actionOutcome(result.data?.recordPromiseToPay, FIELDS, 'Promise to pay recorded.');
    if (answer.ok) {
      setChosen(new Set());
      setTypedAmount(null);
      setPromisedOn('');
      setNote('');
      onDone(answer.message);
    } else {
      setErrors(answer.fields);
      setFailure(failureOf(answer.messages));
    }
  }

  const checkbox = (item: CollectionsOpenItemFragment) => (
    <Checkbox
      aria-label={`Promise for ${item.number}`}
      checked={chosen.has(item.invoiceId)}
      disabled={!isPromisable(item)}
      onChange={(event) => toggle(item.invoiceId, event.currentTarget.checked)}
    />
  );
  const invoiceLink = (item: CollectionsOpenItemFragment) => (
    <Anchor component={Link} to={consoleInvoiceHref(item.invoiceId)} fw={500}>
      {item.number}
    </Anchor>
  );
  const money = (amount: string, currency: string) =>
    isZeroAmount(amount) ? <Text span c="dimmed">—</Text> : formatMoney(amount, currency);

  return (
    <Stack gap="sm" component="section" aria-labelledby="open-items-heading">
      <Title order={2} size="h3" id="open-items-heading">
        Open items
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed">No invoice is open.</Text>
      ) : (
        <Table.ScrollContainer minWidth={phone ? 0 : 900}>
          <Table verticalSpacing="xs" aria-label="Open items" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={40}>
                  <Text span size="xs">Promise</Text>
                </Table.Th>
                <Table.Th scope="col">Invoice</Table.Th>
                {!phone && <Table.Th scope="col">Due date</Table.Th>}
                {!phone && (
                  <Table.Th scope="col" ta="right">
                    Days overdue
                  </Table.Th>
                )}
                {!phone && (
                  <Table.Th scope="col" ta="right">
                    Open
                  </Table.Th>
                )}
                {!phone && (
                  <Table.Th scope="col" ta="right">
                    Disputed
                  </Table.Th>
                )}
                {!phone && (
                  <Table.Th scope="col" ta="right">
                    Promised
                  </Table.Th>
                )}
                <Table.Th scope="col" ta="right">
                  Due now
                </Table.Th>
                <Table.Th scope="col">Last reminder</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.invoiceId}>
                  <Table.Td>{checkbox(item)}</Table.Td>
                  <Table.Td>
                    {invoiceLink(item)}
                    {phone && (
                      <Text size="xs" c={item.daysOverdue > 0 ? 'red.8' : 'dimmed'}>
                        Due {formatDate(item.dueDate)}
                        {item.daysOverdue > 0 && ` · ${daysText(item.daysOverdue)} overdue`}
                        {!isZeroAmount(item.disputedAmount) && ` · ${formatMoney(item.disputedAmount, item.currency)} disputed`}
                        {!isZeroAmount(item.promised) && ` · ${formatMoney(item.promised, item.currency)} promised`}
                      </Text>
                    )}
                  </Table.Td>
                  {!phone && <Table.Td style={NUMERIC}>{formatDate(item.dueDate)}</Table.Td>}
                  {!phone && (
                    <Table.Td ta="right" style={NUMERIC} c={item.daysOverdue > 0 ? 'red.8' : undefined}>
                      {item.daysOverdue > 0 ? item.daysOverdue : '—'}
                    </Table.Td>
                  )}
                  {!phone && (
                    <Table.Td ta="right" style={NUMERIC}>
                      {formatMoney(item.openBalance, item.currency)}
                    </Table.Td>
                  )}
                  {!phone && (
                    <Table.Td ta="right" style={NUMERIC}>
                      {money(item.disputedAmount, item.currency)}
                    </Table.Td>
                  )}
                  {!phone && (
                    <Table.Td ta="right" style={NUMERIC}>
                      {money(item.promised, item.currency)}
                    </Table.Td>
                  )}
                  <Table.Td ta="right" style={NUMERIC} fw={600}>
                    {formatMoney(item.dueNow, item.currency)}
                  </Table.Td>
                  <Table.Td>{item.lastReminderLevel ? `Level ${item.lastReminderLevel}` : <Text span c="dimmed">None</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {items.some(isPromisable) && (
        <Paper withBorder p="md">
          <Stack
            component="form"
            gap="sm"
            aria-labelledby="promise-heading"
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <Title order={3} size="h4" id="promise-heading">
              Record promise to pay
            </Title>
            <Text size="sm" c={errors.invoiceIds ? 'red.8' : 'dimmed'} role={errors.invoiceIds ? 'alert' : undefined}>
              {errors.invoiceIds ??
                (chosen.size === 0
                  ? 'Tick the invoices above that the customer promises to pay.'
                  : `${chosen.size === 1 ? '1 invoice' : `${chosen.size} invoices`} chosen.`)}
            </Text>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label="Amount"
                description={chosen.size > 0 ? 'The chosen invoices’ due-now total; lower it for a part payment.' : undefined}
                inputMode="decimal"
                value={amount}
                error={errors.amount}
                onChange={(event) => {
                  setTypedAmount(event.currentTarget.value);
                  setErrors((current) => ({ ...current, amount: undefined }));
                }}
                w={{ base: '100%', sm: 220 }}
              />
              <TextInput
                type="date"
                label="Promised payment date"
                min={localIsoDate(new Date())}
                value={promisedOn}
                error={errors.promisedOn}
                onChange={(event) => {
                  setPromisedOn(event.currentTarget.value);
                  setErrors((current) => ({ ...current, promisedOn: undefined }));
                }}
                w={{ base: '100%', sm: 200 }}
              />
            </Group>
            <Textarea
              label="Note (optional)"
              autosize
              minRows={1}
              maxLength={500}
              value={note}
              error={errors.note}
              onChange={(event) => setNote(event.currentTarget.value)}
            />
            <OutcomeAlert outcome={failure} />
            <Group>
              <Button type="submit" loading={fetching}>
                Record promise
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
