import { List, Paper, Stack } from '@mantine/core';
import type { RecordsVerdict } from '../../shared/graphql/generated';
import { RecordsVerdictBadge } from '../common/RecordsVerdictBadge';
import { recordsDetailLines } from '../common/recordsVerdict';

/** What our order, delivery and invoice records said of the claim: the verdict, then the comparison line by line. */
export function RecordsCheck({ verdict, detail }: { verdict: RecordsVerdict | null; detail: string }) {
  if (!verdict) return null;
  const lines = recordsDetailLines(detail);
  return (
    <Paper withBorder p="md" component="section" aria-label="Checked against our records">
      <Stack gap="xs" align="flex-start">
        <RecordsVerdictBadge verdict={verdict} />
        {lines.length > 0 && (
          <List size="sm" spacing={2} aria-label="What our records say">
            {lines.map((line, index) => (
              <List.Item key={`${index}-${line}`}>{line}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
