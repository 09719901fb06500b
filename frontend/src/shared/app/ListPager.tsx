import { Button, Group, Text } from '@mantine/core';
import { userLocale } from '../format/locale';

interface ListPagerProps {
  /** Names the page navigation for screen readers, e.g. "Invoice pages". */
  label: string;
  /** Zero-based page number. */
  pageIndex: number;
  pageSize: number;
  /** How many rows are on this page. */
  rowCount: number;
  totalCount: number;
  hasNextPage: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** While a page is loading the buttons are off, so clicks are not lost. */
  busy?: boolean;
  locale?: string;
}

/** "Showing 26–50 of 437" with Previous and Next. */
export function ListPager(props: ListPagerProps) {
  const { pageIndex, pageSize, rowCount, totalCount, hasNextPage, onPrevious, onNext, busy = false } = props;
  const count = new Intl.NumberFormat(props.locale ?? userLocale());
  const first = pageIndex * pageSize + 1;
  const last = pageIndex * pageSize + rowCount;
  const range = rowCount > 0 ? `Showing ${count.format(first)}–${count.format(last)} of ${count.format(totalCount)}` : '';

  return (
    <Group justify="space-between" gap="sm" component="nav" aria-label={props.label}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {range}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="sm" onClick={onPrevious} disabled={busy || pageIndex === 0}>
          Previous
        </Button>
        <Button variant="default" size="sm" onClick={onNext} disabled={busy || !hasNextPage}>
          Next
        </Button>
      </Group>
    </Group>
  );
}
