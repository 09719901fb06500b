import { useState } from 'react';
import { NativeSelect } from '@mantine/core';
import type { RootCause } from '../../shared/graphql/generated';
import { ROOT_CAUSES, isRootCause, rootCauseLabel } from '../common/rootCauses';

/** Said when a decision is sent without a root cause (the server refuses it too). */
export const ROOT_CAUSE_REQUIRED = 'Choose what really went wrong.';

interface RootCauseSelectProps {
  value: RootCause | '';
  onChange: (value: RootCause | '') => void;
  error?: string | null;
  disabled?: boolean;
}

/** The root cause of a decision: required, none chosen until the person deciding picks one. */
export function RootCauseSelect({ value, onChange, error, disabled }: RootCauseSelectProps) {
  return (
    <NativeSelect
      label="Root cause"
      description="What really went wrong, whatever the customer claimed. Staff only; used in the reports."
      required
      data={[{ value: '', label: 'Choose…' }, ...ROOT_CAUSES.map((cause) => ({ value: cause, label: rootCauseLabel(cause) }))]}
      value={value}
      onChange={(event) => {
        const chosen = event.currentTarget.value;
        onChange(isRootCause(chosen) ? chosen : '');
      }}
      error={error}
      disabled={disabled}
      w={320}
    />
  );
}

/**
 * A decision form's root cause: the select (its error cleared when one is chosen), the choice, `require()` before
 * sending (the choice, or null after saying it is needed) and `setError` for the server's word on it.
 */
export function useRootCause(disabled: boolean) {
  const [rootCause, setRootCause] = useState<RootCause | ''>('');
  const [error, setError] = useState<string | null>(null);
  const field = (
    <RootCauseSelect
      value={rootCause}
      onChange={(chosen) => {
        setRootCause(chosen);
        setError(null);
      }}
      error={error}
      disabled={disabled}
    />
  );
  function require(): RootCause | null {
    setError(rootCause ? null : ROOT_CAUSE_REQUIRED);
    return rootCause || null;
  }
  return { rootCause, field, require, setError };
}
