import { useState } from 'react';
import { Button, Checkbox, Group, Stack, TextInput } from '@mantine/core';
import type { WorklistParams } from './useWorklistParams';

const TOGGLES = [
  { key: 'mine', label: 'Mine' },
  { key: 'unassigned', label: 'Unassigned' },
  { key: 'onHold', label: 'On hold' },
  { key: 'actionDue', label: 'Action due today' },
  { key: 'includeCurrent', label: 'Include current accounts' },
] as const;

/** The worklist's filters; each change is written to the URL at once, the search when submitted. */
export function WorklistFilters({ list }: { list: WorklistParams }) {
  const [typed, setTyped] = useState(list.search);
  const [shownSearch, setShownSearch] = useState(list.search);
  // the URL changed under the box (Back, Clear filters): show what it says now
  if (shownSearch !== list.search) {
    setShownSearch(list.search);
    setTyped(list.search);
  }
  return (
    <Stack gap="xs" role="search" aria-label="Filter the worklist">
      <Group
        component="form"
        align="end"
        gap="sm"
        onSubmit={(event) => {
          event.preventDefault();
          list.setFilter({ search: typed });
        }}
      >
        <TextInput
          label="Search accounts"
          placeholder="Account number or part of the name"
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
        <Button type="submit" variant="default">
          Search
        </Button>
        {list.filtered && (
          <Button variant="subtle" onClick={list.clearFilters}>
            Clear filters
          </Button>
        )}
      </Group>
      <Group gap="md">
        {TOGGLES.map((toggle) => (
          <Checkbox
            key={toggle.key}
            label={toggle.label}
            checked={list[toggle.key]}
            onChange={(event) => list.setFilter({ [toggle.key]: event.currentTarget.checked })}
          />
        ))}
      </Group>
    </Stack>
  );
}
