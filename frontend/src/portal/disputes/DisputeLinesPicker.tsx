import { Checkbox, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { usePhone } from '../../shared/app/usePhone';
import { isQuantityInput, lineAmount } from '../../shared/format/decimal';
import { formatMoney, formatQuantity, formatUnitPrice } from '../../shared/format/money';
import type { DisputeFormInvoiceQuery } from '../../shared/graphql/generated';
import type { LineClaim } from './disputeForm';

type InvoiceLine = NonNullable<DisputeFormInvoiceQuery['invoice']>['lines'][number];

interface DisputeLinesPickerProps {
  lines: InvoiceLine[];
  currency: string;
  chosen: Record<string, LineClaim>;
  /** Problems with single chosen lines, by line id. */
  lineErrors: Record<string, string>;
  /** Problems with single chosen lines' quantities, by line id. */
  quantityErrors: Record<string, string>;
  onChange: (chosen: Record<string, LineClaim>) => void;
  disabled: boolean;
  /** Id of the message about the lines as a whole, for screen readers. */
  describedBy?: string;
}

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;

/** The invoice's lines, each with a checkbox and, once chosen, the amount and quantity disputed. */
export function DisputeLinesPicker(props: DisputeLinesPickerProps) {
  const { lines, currency, chosen, lineErrors, quantityErrors, onChange, disabled, describedBy } = props;
  const phone = usePhone();
  function toggle(line: InvoiceLine, on: boolean) {
    const next = { ...chosen };
    if (on) next[line.id] = { amount: line.amount, quantity: '' };
    else delete next[line.id];
    onChange(next);
  }

  function edit(id: string, change: Partial<LineClaim>) {
    const current = chosen[id];
    if (current) onChange({ ...chosen, [id]: { ...current, ...change } });
  }

  /** A quantity typed fills the amount with quantity × unit price (still editable, for a price claim). */
  function editQuantity(line: InvoiceLine, quantity: string) {
    const typed = quantity.trim();
    const amount = isQuantityInput(typed) ? lineAmount(typed, line.unitPrice) : undefined;
    edit(line.id, amount === undefined ? { quantity } : { quantity, amount });
  }

  /** The amount and quantity boxes of a chosen line, the same in either layout (the phone's carry labels). */
  const amountInput = (line: InvoiceLine, claim: LineClaim, look: { label?: string; size: 'xs' | 'sm' }) => (
    <TextInput
      {...look}
      aria-label={`Disputed amount, line ${line.lineNumber}`}
      inputMode="decimal"
      autoComplete="off"
      value={claim.amount}
      onChange={(event) => edit(line.id, { amount: event.currentTarget.value })}
      error={lineErrors[line.id]}
      disabled={disabled}
    />
  );
  const quantityInput = (line: InvoiceLine, claim: LineClaim, look: { label?: string; size: 'xs' | 'sm' }) => (
    <TextInput
      {...look}
      aria-label={`Disputed quantity, line ${line.lineNumber}`}
      placeholder="Optional"
      inputMode="decimal"
      autoComplete="off"
      value={claim.quantity}
      onChange={(event) => editQuantity(line, event.currentTarget.value)}
      error={quantityErrors[line.id]}
      disabled={disabled}
    />
  );

  if (lines.length === 0) return <Text c="dimmed">This invoice has no lines to choose from.</Text>;
  if (phone) {
    // On a phone each line is a block: what it is, then its amount and quantity inputs, all on screen.
    return (
      <Stack gap="xs" role="list" aria-label="Lines to dispute" aria-describedby={describedBy}>
        {lines.map((line) => {
          const claim = chosen[line.id];
          return (
            <Paper key={line.id} withBorder p="xs" role="listitem" data-chosen={claim ? true : undefined}>
              <Checkbox
                aria-label={`Dispute line ${line.lineNumber}`}
                checked={claim !== undefined}
                onChange={(event) => toggle(line, event.currentTarget.checked)}
                disabled={disabled}
                label={`Line ${line.lineNumber}: ${line.description}`}
                description={`${line.sku} · ${formatQuantity(line.quantity)} × ${formatUnitPrice(line.unitPrice, currency)} = ${formatMoney(line.amount, currency)}`}
              />
              {claim && (
                <Group grow mt="xs" align="flex-start">
                  {amountInput(line, claim, { label: 'Amount', size: 'sm' })}
                  {quantityInput(line, claim, { label: 'Quantity', size: 'sm' })}
                </Group>
              )}
            </Paper>
          );
        })}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="xs" aria-label="Lines to dispute" aria-describedby={describedBy}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Dispute</Table.Th>
            <Table.Th scope="col">Line</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col" ta="right">
              Quantity
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Unit price
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Line amount
            </Table.Th>
            <Table.Th scope="col">Disputed amount</Table.Th>
            <Table.Th scope="col">Disputed quantity</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => {
            const claim = chosen[line.id];
            return (
              <Table.Tr key={line.id} data-chosen={claim ? true : undefined}>
                <Table.Td>
                  <Checkbox
                    aria-label={`Dispute line ${line.lineNumber}`}
                    checked={claim !== undefined}
                    onChange={(event) => toggle(line, event.currentTarget.checked)}
                    disabled={disabled}
                  />
                </Table.Td>
                <Table.Td {...NUMERIC} ta="left">
                  {line.lineNumber}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{line.description}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {line.sku}
                  </Text>
                </Table.Td>
                <Table.Td {...NUMERIC}>{formatQuantity(line.quantity)}</Table.Td>
                <Table.Td {...NUMERIC}>{formatUnitPrice(line.unitPrice, currency)}</Table.Td>
                <Table.Td {...NUMERIC}>{formatMoney(line.amount, currency)}</Table.Td>
                <Table.Td w={170}>
                  {claim && (
                    amountInput(line, claim, { size: 'xs' })
                  )}
                </Table.Td>
                <Table.Td w={130}>
                  {claim && (
                    quantityInput(line, claim, { size: 'xs' })
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
