import type { RecordsVerdict } from '../../shared/graphql/generated';

// What the order, delivery and invoice records said of a claim when it was filed. Null (no claimed line has an
// order) shows nothing at all: there was nothing to compare with.
const LOOKS: Record<RecordsVerdict, { label: string; color: string }> = {
  SUPPORTED: { label: 'Supported by our records', color: 'green' },
  CONTRADICTED: { label: 'Contradicts our records', color: 'red' },
  UNVERIFIED: { label: 'Not in our records yet', color: 'gray' },
};

export function recordsVerdictLook(verdict: RecordsVerdict): { label: string; color: string } {
  return LOOKS[verdict] ?? { label: verdict, color: 'gray' };
}

/** The comparison's lines, as the server wrote them one a line; blank lines dropped. */
export function recordsDetailLines(detail: string): string[] {
  return detail
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
