import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

/**
 * A list's table on a phone: a few columns that fit the screen (the first one says what each row is, with its
 * details under it; the others are figures, right-aligned), so nothing hides behind a sideways scroll.
 */
export function PhoneTable({
  label,
  columns: [first, ...figures],
  children,
}: {
  label: string;
  columns: readonly [string, ...string[]];
  children: ReactNode;
}) {
  return (
    <Table striped verticalSpacing="xs" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{first}</Table.Th>
          {figures.map((column) => (
            <Table.Th key={column} scope="col" ta="right">
              {column}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}
