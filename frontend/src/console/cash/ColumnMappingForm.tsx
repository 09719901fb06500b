import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from 'urql';
import { SaveRemittanceColumnMappingDocument, type AdviceColumn } from '../../shared/graphql/generated';
import type { AdviceLayout } from './submitRemittance';

/**
 * What a column may hold, in the order the clerk is asked; the first two are needed. `field` is how the server
 * names the role in an input error.
 */
export const ADVICE_ROLES: readonly { role: AdviceColumn; field: string; label: string; required: boolean }[] = [
  { role: 'INVOICE_REFERENCE', field: 'invoice_reference', label: 'Invoice reference', required: true },
  { role: 'PAID_AMOUNT', field: 'paid_amount', label: 'Paid amount', required: true },
  { role: 'ADJUSTMENT_AMOUNT', field: 'adjustment_amount', label: 'Adjustment amount', required: false },
  { role: 'ADJUSTMENT_CODE', field: 'adjustment_code', label: 'Adjustment reason code', required: false },
  { role: 'ADJUSTMENT_TEXT', field: 'adjustment_text', label: 'Reason text', required: false },
  { role: 'PAYMENT_REFERENCE', field: 'payment_reference', label: 'Payment reference', required: false },
  { role: 'PAYMENT_DATE', field: 'received_on', label: 'Payment date', required: false },
];

/** `A`, `B`, … `AA`: how a spreadsheet names a column. */
export function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The column a role most likely is, by its title (the clerk confirms or changes it). */
function guess(role: AdviceColumn, header: string[]): string {
  const patterns: Partial<Record<AdviceColumn, RegExp>> = {
    INVOICE_REFERENCE: /invoice|inv\b|rechnung|facture|document/i,
    PAID_AMOUNT: /paid|payment amount|net|betrag|amount/i,
    ADJUSTMENT_AMOUNT: /deduct|adjust|discount|abzug/i,
    ADJUSTMENT_CODE: /code/i,
    ADJUSTMENT_TEXT: /reason|why|memo|comment|text/i,
    PAYMENT_REFERENCE: /cheque|check|payment ref|trace/i,
    PAYMENT_DATE: /date|paid on/i,
  };
  const pattern = patterns[role];
  const found = pattern ? header.findIndex((title) => pattern.test(title)) : -1;
  return found >= 0 ? String(found) : '';
}

interface ColumnMappingFormProps {
  layout: AdviceLayout;
  /** The mapping is saved: send the file again. */
  onSaved: () => void;
  onCancel: () => void;
}

/** The first advice of a customer's layout: its header with a few values, and which column is which. */
export function ColumnMappingForm({ layout, onSaved, onCancel }: ColumnMappingFormProps) {
  const [choices, setChoices] = useState<Record<string, string>>(() => {
    const initial: Record<string, string> = {};
    const taken = new Set<string>();
    for (const { role } of ADVICE_ROLES) {
      const column = guess(role, layout.header);
      if (column && !taken.has(column)) {
        initial[role] = column;
        taken.add(column);
      }
    }
    return initial;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [{ fetching }, save] = useMutation(SaveRemittanceColumnMappingDocument);
  const columns = layout.header.map((title, index) => ({
    value: String(index),
    label: `${columnLetter(index)} · ${title || '(no title)'}`,
  }));
  const requiredOptions = [{ value: '', label: 'Choose a column' }, ...columns];
  const optionalOptions = [{ value: '', label: '— not in the file —' }, ...columns];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setMessage('');
    const chosen = ADVICE_ROLES.filter(({ role }) => choices[role]).map(({ role }) => ({
      role,
      column: Number(choices[role]),
    }));
    const answer = await save({ customerNumber: layout.customer, header: layout.header, columns: chosen });
    const outcome = answer.data?.saveRemittanceColumnMapping;
    if (outcome?.__typename === 'ColumnMappingSaved') onSaved();
    else if (outcome?.__typename === 'InvalidInputResult') {
      const byRole: Record<string, string> = {};
      const general: string[] = [];
      for (const error of outcome.errors) {
        const role = ADVICE_ROLES.find((r) => r.field === error.field);
        if (role) byRole[role.role] = error.message;
        else general.push(error.message);
      }
      setErrors(byRole);
      setMessage(general.join(' '));
    } else if (outcome && 'message' in outcome) setMessage(outcome.message);
    else setMessage('The columns were not saved; try again.');
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Which column is which">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Which column is which?
        </Title>
        <Text size="sm">
          This is the first advice of {layout.customer} with these columns. Say once which column holds what; the
          next advice of {layout.customer} with the same columns imports without asking.
        </Text>
        <Table.ScrollContainer minWidth={480}>
          <Table withTableBorder verticalSpacing={4} aria-label="The advice's columns">
            <Table.Thead>
              <Table.Tr>
                {layout.header.map((title, index) => (
                  <Table.Th key={index} scope="col">
                    {columnLetter(index)} · {title || <Text span c="dimmed">(no title)</Text>}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {layout.samples.map((row, rowIndex) => (
                <Table.Tr key={rowIndex}>
                  {layout.header.map((_, index) => (
                    <Table.Td key={index}>{row[index] ?? ''}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {ADVICE_ROLES.map(({ role, label, required }) => (
            <NativeSelect
              key={role}
              label={label}
              withAsterisk={required}
              data={required ? requiredOptions : optionalOptions}
              value={choices[role] ?? ''}
              error={errors[role]}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setChoices((current) => ({ ...current, [role]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        {message && (
          <Alert color="red" role="alert">
            {message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={fetching}>
            Save columns and import
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
