import { Stack, Table, Text } from '@mantine/core';
import { usePhone } from '../../shared/app/usePhone';
import { PhoneTable } from '../../shared/app/PhoneTable';
import { formatDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import type { AccountStatementQuery } from '../../shared/graphql/generated';
import { statementKindLabel } from './statementPeriod';

export type Statement = NonNullable<NonNullable<AccountStatementQuery['viewer']>['account']>['statement'];

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const FOR_INFORMATION =
  'Deductions you took from payments are listed for information only: they do not change the balance until the ' +
  'dispute behind them is settled.';

/** Every movement in the period between the opening and the closing balance. */
export function StatementTable({ statement, currency }: { statement: Statement; currency: string }) {
  const phone = usePhone();
  const money = (amount: string) => formatMoney(amount, currency);
  const movement = (amount: string) => (isZeroAmount(amount) ? '' : money(amount));
  if (phone) return <PhoneStatement statement={statement} money={money} />;
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped verticalSpacing="xs" aria-label="Statement" captionSide="top">
        <Table.Caption ta="left">{FOR_INFORMATION}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Reference</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col" ta="right">
              Debit
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Credit
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Balance
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td style={NO_WRAP}>{formatDate(statement.periodFrom)}</Table.Td>
            <Table.Th scope="row" colSpan={5} fw={600}>
              Opening balance
            </Table.Th>
            <Table.Td {...NUMERIC} fw={600}>
              {money(statement.openingBalance)}
            </Table.Td>
          </Table.Tr>
          {statement.entries.map((entry, index) => {
            const informational = entry.kind === 'DEDUCTION';
            return (
              <Table.Tr key={`${entry.on}-${entry.reference}-${index}`} data-kind={entry.kind}>
                <Table.Td style={NO_WRAP}>{formatDate(entry.on)}</Table.Td>
                <Table.Td style={NO_WRAP}>
                  {statementKindLabel(entry.kind)}
                  {informational && (
                    <Text span size="xs" c="dimmed" display="block">
                      For information
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={NO_WRAP} ff="monospace">
                  {entry.reference}
                </Table.Td>
                <Table.Td c={informational ? 'dimmed' : undefined}>{entry.description}</Table.Td>
                <Table.Td {...NUMERIC}>{movement(entry.debit)}</Table.Td>
                <Table.Td {...NUMERIC}>{movement(entry.credit)}</Table.Td>
                <Table.Td {...NUMERIC}>{money(entry.balance)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Td style={NO_WRAP}>{formatDate(statement.periodTo)}</Table.Td>
            <Table.Th scope="row" colSpan={5} fw={700}>
              Closing balance
            </Table.Th>
            <Table.Td {...NUMERIC} fw={700}>
              {money(statement.closingBalance)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * On a phone: each movement with its date, kind and reference, then its debit or credit and the balance after it, in
 * three columns that fit; the note on deductions above the table, where it wraps (nothing scrolls sideways).
 */
function PhoneStatement({ statement, money }: { statement: Statement; money: (amount: string) => string }) {
  const balanceRow = (label: string, on: string, amount: string, weight: number) => (
    <Table.Tr>
      <Table.Th scope="row" fw={weight}>
        {label}
        <Text size="xs" c="dimmed" fw={400}>
          {formatDate(on)}
        </Text>
      </Table.Th>
      <Table.Td />
      <Table.Td {...NUMERIC} fw={weight}>
        {money(amount)}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {FOR_INFORMATION}
      </Text>
      <PhoneTable label="Statement" columns={['Entry', 'Debit / credit', 'Balance']}>
        {balanceRow('Opening balance', statement.periodFrom, statement.openingBalance, 600)}
        {statement.entries.map((entry, index) => {
          const informational = entry.kind === 'DEDUCTION';
          return (
            <Table.Tr key={`${entry.on}-${entry.reference}-${index}`} data-kind={entry.kind}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Text size="sm" fw={500}>
                  {statementKindLabel(entry.kind)}{' '}
                  <Text span size="sm" ff="monospace">
                    {entry.reference}
                  </Text>
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDate(entry.on)}
                  {informational ? ' · for information' : ''}
                  {entry.description ? ` · ${entry.description}` : ''}
                </Text>
              </Table.Td>
              <Table.Td {...NUMERIC}>
                {!isZeroAmount(entry.debit) && <Text size="sm">{money(entry.debit)}</Text>}
                {!isZeroAmount(entry.credit) && <Text size="sm">−{money(entry.credit)}</Text>}
              </Table.Td>
              <Table.Td {...NUMERIC}>{money(entry.balance)}</Table.Td>
            </Table.Tr>
          );
        })}
        {balanceRow('Closing balance', statement.periodTo, statement.closingBalance, 700)}
      </PhoneTable>
    </Stack>
  );
}
