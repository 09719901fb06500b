import { ListPager } from '../../shared/app/ListPager';

interface OffsetPagerProps {
  label: string;
  page: number;
  pageSize: number;
  rowCount: number;
  totalCount: number;
  busy: boolean;
  onPage: (page: number) => void;
}

/** Previous / Next over a list paged by offset, as the remittance line pages are. */
export function OffsetPager({ label, page, pageSize, rowCount, totalCount, busy, onPage }: OffsetPagerProps) {
  return (
    <ListPager
      label={label}
      pageIndex={page}
      pageSize={pageSize}
      rowCount={rowCount}
      totalCount={totalCount}
      hasNextPage={(page + 1) * pageSize < totalCount}
      onPrevious={() => onPage(Math.max(0, page - 1))}
      onNext={() => onPage(page + 1)}
      busy={busy}
    />
  );
}
