import { useState } from 'react';
import { Button, Group, TextInput } from '@mantine/core';

interface CustomerFilterProps {
  /** The form's accessible name, e.g. "Filter the exceptions". */
  label: string;
  onFilter: (customer: string) => void;
  inputLabel?: string;
  placeholder?: string;
  button?: string;
}

/** "Customer: number or part of the name [Filter]" above a list; `onFilter` gets the trimmed text. */
export function CustomerFilter({
  label,
  onFilter,
  inputLabel = 'Customer',
  placeholder = 'Number or part of the name',
  button = 'Filter',
}: CustomerFilterProps) {
  const [typed, setTyped] = useState('');
  return (
    <Group
      component="form"
      align="end"
      gap="sm"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onFilter(typed.trim());
      }}
    >
      <TextInput
        label={inputLabel}
        placeholder={placeholder}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        maw={320}
      />
      <Button type="submit" variant="default">
        {button}
      </Button>
    </Group>
  );
}
