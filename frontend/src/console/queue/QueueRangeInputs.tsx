import { useState } from 'react';
import { Group, Text, TextInput } from '@mantine/core';
import { isIsoDate } from '../../shared/format/dates';
import { amountBoundProblem } from '../../shared/invoices/invoiceListUrl';
import type { QueueFilterState } from './queueUrl';

type AmountBound = 'amountMin' | 'amountMax';
type DateBound = 'openedAfter' | 'openedBefore';

interface QueueRangeInputsProps {
  amountMin: string;
  amountMax: string;
  openedAfter: string;
  openedBefore: string;
  onChange: (change: Partial<QueueFilterState>) => void;
  /** The server's message when it refused the amounts, or null. */
  amountError: string | null;
}

/**
 * Claim amount from/up to and opened from/up to. Amounts are sent when the
 * field is left or Enter is pressed; only what could not be sent at all is
 * refused here, the server decides the rest (its message shows below).
 */
export function QueueRangeInputs(props: QueueRangeInputsProps) {
  const { amountMin, amountMax, openedAfter, openedBefore, onChange, amountError } = props;
  const [typed, setTyped] = useState<Record<AmountBound, string>>({ amountMin, amountMax });
  const [problems, setProblems] = useState<Partial<Record<AmountBound, string>>>({});
  // The URL can change without typing (Clear filters, Back): show what it holds then.
  const [seen, setSeen] = useState({ amountMin, amountMax });
  if (seen.amountMin !== amountMin || seen.amountMax !== amountMax) {
    setSeen({ amountMin, amountMax });
    setTyped({ amountMin, amountMax });
  }

  function commit(bound: AmountBound) {
    const value = typed[bound].trim();
    const problem = amountBoundProblem(value);
    setProblems((current) => ({ ...current, [bound]: problem ?? undefined }));
    if (problem === null && value !== (bound === 'amountMin' ? amountMin : amountMax)) onChange({ [bound]: value });
  }

  function amountInput(bound: AmountBound, label: string) {
    return (
      <TextInput
        label={label}
        placeholder="0.00"
        inputMode="decimal"
        autoComplete="off"
        value={typed[bound]}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setTyped((current) => ({ ...current, [bound]: value }));
          setProblems((current) => ({ ...current, [bound]: undefined }));
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit(bound);
        }}
        onBlur={() => commit(bound)}
        error={problems[bound] ?? (amountError !== null && typed[bound] !== '')}
        w={{ base: '48%', sm: 120 }}
      />
    );
  }

  function dateInput(bound: DateBound, label: string) {
    return (
      <TextInput
        type="date"
        label={label}
        value={bound === 'openedAfter' ? openedAfter : openedBefore}
        min={bound === 'openedBefore' ? openedAfter || undefined : undefined}
        max={bound === 'openedAfter' ? openedBefore || undefined : undefined}
        onChange={(event) => {
          const value = event.currentTarget.value;
          // A date input holds a whole day or nothing; anything else is mid-typing.
          if (value === '' || isIsoDate(value)) onChange({ [bound]: value });
        }}
        w={{ base: '48%', sm: 160 }}
      />
    );
  }

  return (
    <>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        {amountInput('amountMin', 'Amount from')}
        {amountInput('amountMax', 'Amount up to')}
      </Group>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        {dateInput('openedAfter', 'Opened from')}
        {dateInput('openedBefore', 'Opened up to')}
      </Group>
      {amountError && (
        <Text size="sm" c="red.8" role="alert" maw={320} w="100%">
          {amountError}
        </Text>
      )}
    </>
  );
}
