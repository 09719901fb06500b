import { Anchor, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatMoney } from '../../shared/format/money';

/** Money in a number of cases, and where those cases are listed. */
export interface CaseFigure {
  money: { amount: string; count: number };
  /** What a screen reader says of the link, e.g. "Open 31-60 days: 4". */
  label: string;
  href: string;
}

export interface FigureRow {
  key: string;
  label: string;
  figures: CaseFigure[];
}

interface Props {
  title: string;
  definition: string;
  /** The table's accessible name. */
  name: string;
  columns: string[];
  rows: FigureRow[];
  currency: string;
}

/** A titled table of case figures (money and count), each a link to its cases; a dash where there are none. It
 * scrolls inside itself on a phone rather than widening the page. */
export function FigureTable({ title, definition, name, columns, rows, currency }: Props) {
  return (
    <>
      <Title order={3} size="h4">
        {title}
      </Title>
      <Text size="xs" c="dimmed">
        {definition}
      </Text>
      <Table.ScrollContainer minWidth={120 * columns.length}>
        <Table striped aria-label={name}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th scope="col" key={column}>
                  {column}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Th scope="row">{row.label}</Table.Th>
                {row.figures.map((figure) => (
                  <Table.Td key={figure.label}>
                    {figure.money.count === 0 ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : (
                      <Anchor component={Link} size="sm" to={figure.href} aria-label={figure.label}>
                        {formatMoney(figure.money.amount, currency)} ({figure.money.count})
                      </Anchor>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
