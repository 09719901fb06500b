import { useState } from 'react';
import { Button, Group, TextInput } from '@mantine/core';

/** "Customer: number or part of the name [Filter]" above a cash list; `onFilter` gets the trimmed text. */
export function CustomerFilter({ label, onFilter }: { label: string; onFilter: (customer: string) => void }) {
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
        label="Customer"
        placeholder="Number or part of the name"
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        maw={320}
      />
      <Button type="submit" variant="default">
        Filter
      </Button>
    </Group>
  );
}
