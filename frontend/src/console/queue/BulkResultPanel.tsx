import { Alert, List, Text } from '@mantine/core';
import type { BulkSummary } from './bulkSummary';

const COLORS = { success: 'teal', partial: 'yellow', failure: 'red' } as const;

/** What the last bulk action did, with each case it could not apply to and why. */
export function BulkResultPanel({ summary, onClose }: { summary: BulkSummary; onClose: () => void }) {
  return (
    <Alert
      color={COLORS[summary.tone]}
      variant="light"
      title={summary.title}
      withCloseButton
      closeButtonLabel="Dismiss result"
      onClose={onClose}
      role={summary.tone === 'success' ? 'status' : 'alert'}
    >
      {summary.failures.length > 0 && (
        <>
          <Text size="sm" mb={4}>
            Not changed:
          </Text>
          <List size="sm" spacing={2}>
            {summary.failures.map((failure) => (
              <List.Item key={failure.caseId}>
                <Text span fw={600} size="sm">
                  {failure.label}
                </Text>
                : {failure.message}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}
