import { useId, useState } from 'react';
import { Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { amountBoundProblem } from './invoiceListUrl';
import type { RangeFilter } from './useInvoiceListParams';

type AmountBound = Extract<RangeFilter, 'amountMin' | 'amountMax'>;

interface AmountRangeInputsProps {
  amountMin: string;
  amountMax: string;
  onChange: (bound: AmountBound, value: string) => void;
  /** The server's message when it refused the amounts, shown under both inputs. */
  serverError: string | null;
}

const LABELS: Record<AmountBound, string> = { amountMin: 'Total from', amountMax: 'Total up to' };

/**
 * Smallest and largest invoice total, as decimal strings. An amount is sent
 * a moment after typing stops; only input that could not be sent at all is
 * refused here, everything else the server decides (its message shows below).
 */
export function AmountRangeInputs({ amountMin, amountMax, onChange, serverError }: AmountRangeInputsProps) {
  const [typed, setTyped] = useState<Record<AmountBound, string>>({ amountMin, amountMax });
  const [problems, setProblems] = useState<Partial<Record<AmountBound, string>>>({});
  const serverErrorId = useId();

  // The URL can change without typing (Clear filters, Back): show what it holds then.
  const [seen, setSeen] = useState({ amountMin, amountMax });
  if (seen.amountMin !== amountMin || seen.amountMax !== amountMax) {
    setSeen({ amountMin, amountMax });
    setTyped((current) => ({
      amountMin: current.amountMin.trim() === amountMin ? current.amountMin : amountMin,
      amountMax: current.amountMax.trim() === amountMax ? current.amountMax : amountMax,
    }));
  }

  function send(bound: AmountBound, value: string) {
    const problem = amountBoundProblem(value);
    setProblems((current) => ({ ...current, [bound]: problem ?? undefined }));
    if (problem === null) onChange(bound, value.trim());
  }
  // One timer per input, so typing in one never swallows the other's change.
  const commits = {
    amountMin: useDebouncedCallback((value: string) => send('amountMin', value), 400),
    amountMax: useDebouncedCallback((value: string) => send('amountMax', value), 400),
  };

  function change(bound: AmountBound, value: string) {
    setTyped((current) => ({ ...current, [bound]: value }));
    setProblems((current) => ({ ...current, [bound]: undefined }));
    commits[bound](value);
  }

  function input(bound: AmountBound) {
    const committed = bound === 'amountMin' ? amountMin : amountMax;
    const refusedByServer = serverError !== null && committed !== '';
    return (
      <TextInput
        label={LABELS[bound]}
        placeholder="0.00"
        inputMode="decimal"
        autoComplete="off"
        value={typed[bound]}
        onChange={(event) => change(bound, event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commits[bound].flush();
        }}
        onBlur={() => commits[bound].flush()}
        error={problems[bound] ?? refusedByServer}
        // Mantine owns aria-describedby; the shared message below is tied to each refused input this way.
        aria-errormessage={refusedByServer && !problems[bound] ? serverErrorId : undefined}
        w={{ base: '48%', sm: 130 }}
      />
    );
  }

  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        {input('amountMin')}
        {input('amountMax')}
      </Group>
      {serverError && (
        <Text id={serverErrorId} size="sm" c="red.8" role="alert" maw={280}>
          {serverError}
        </Text>
      )}
    </Stack>
  );
}
