import { Table, Text } from '@mantine/core';
import { usePhone } from '../app/usePhone';
import { PhoneTable } from '../app/PhoneTable';
import { CheckedDownloadButton } from '../downloads/CheckedDownloadButton';
import { formatInstantDate } from '../format/dates';
import { formatMoney } from '../format/money';

export interface CreditMemoRow {
  id: string;
  number: string;
  amount: string;
  issuedAt: string;
  reversedAt?: string | null;
}

/** `GET /api/credit-memos/{id}/pdf`: the credit memo as a PDF (same origin: the session cookie goes along). */
export function creditMemoPdfUrl(memoId: string): string {
  return `/api/credit-memos/${encodeURIComponent(memoId)}/pdf`;
}

/** Credit memos with their PDFs: on the invoice pages of both apps and on a decided dispute. */
export function CreditMemosTable({ memos, currency, emptyText }: { memos: readonly CreditMemoRow[]; currency: string; emptyText: string }) {
  const phone = usePhone();
  if (memos.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {emptyText}
      </Text>
    );
  }
  const download = (memo: CreditMemoRow) => (
    <CheckedDownloadButton
      href={creditMemoPdfUrl(memo.id)}
      filename={`${memo.number}.pdf`}
      size="compact-xs"
      variant="subtle"
      aria-label={`Download credit memo ${memo.number} (PDF)`}
    >
      Download
    </CheckedDownloadButton>
  );
  if (phone) {
    // On a phone: the memo with its date and download under it, and its amount; nothing scrolls sideways.
    return (
      <PhoneTable label="Credit memos" columns={['Credit memo', 'Amount']}>
        {memos.map((memo) => (
          <Table.Tr key={memo.id}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {memo.number}
              </Text>
              <Text size="xs" c="dimmed">
                Issued {formatInstantDate(memo.issuedAt)}
                {memo.reversedAt ? `, reversed ${formatInstantDate(memo.reversedAt)}` : ''}
              </Text>
              {download(memo)}
            </Table.Td>
            <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', verticalAlign: 'top' }}>
              {formatMoney(memo.amount, currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </PhoneTable>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing={4} aria-label="Credit memos" maw={720}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Number</Table.Th>
            <Table.Th scope="col">Issued</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
            <Table.Th scope="col">PDF</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {memos.map((memo) => (
            <Table.Tr key={memo.id}>
              <Table.Td fw={500} style={{ whiteSpace: 'nowrap' }}>
                {memo.number}
                {memo.reversedAt ? ` (reversed ${formatInstantDate(memo.reversedAt)})` : ''}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstantDate(memo.issuedAt)}</Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {formatMoney(memo.amount, currency)}
              </Table.Td>
              <Table.Td>{download(memo)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
