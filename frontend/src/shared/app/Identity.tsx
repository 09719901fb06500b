import { Text } from '@mantine/core';

/** Two lines in the header: who (or which company) and a detail under it. */
export function Identity({ primary, secondary }: { primary: string; secondary: string }) {
  return (
    <>
      <Text fw={600} size="sm" truncate="end">
        {primary}
      </Text>
      <Text c="dimmed" size="xs" truncate="end">
        {secondary}
      </Text>
    </>
  );
}
