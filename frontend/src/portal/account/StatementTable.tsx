import { Table, Text } from '@mantine/core';
import { formatDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import type { AccountStatementQuery } from '../../shared/graphql/generated';
import { statementKindLabel } from './statementPeriod';

export type Statement = NonNullable<NonNullable<AccountStatementQuery['viewer']>['account']>['statement'];

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Every movement in the period between the opening and the closing balance. */
export function StatementTable({ statement, currency }: { statement: Statement; currency: string }) {
  const money = (amount: string) => formatMoney(amount, currency);
  const movement = (amount: string) => (isZeroAmount(amount) ? '' : money(amount));
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped verticalSpacing="xs" aria-label="Statement" captionSide="top">
        <Table.Caption ta="left">
          Deductions you took from payments are listed for information only: they do not change the balance until
          the dispute behind them is settled.
        </Table.Caption>
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
