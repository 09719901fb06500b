import { Text, Timeline } from '@mantine/core';
import { formatDateTime } from '../format/dates';
import type { DisputeStatus } from '../graphql/generated';
import { disputeStatusLook } from './disputeStatus';

interface TimelineStep {
  status: DisputeStatus;
  changedAt: string;
  note: string;
}

/** Every status the dispute has had, oldest first, as a vertical list. */
export function DisputeTimeline({ steps }: { steps: TimelineStep[] }) {
  if (steps.length === 0) return <Text c="dimmed">No status changes are recorded for this dispute yet.</Text>;
  return (
    <Timeline active={steps.length - 1} bulletSize={16} lineWidth={2} role="list" aria-label="Dispute timeline">
      {steps.map((step, index) => (
        <Timeline.Item key={`${step.changedAt}-${index}`} role="listitem" title={disputeStatusLook(step.status).label}>
          <Text size="xs" c="dimmed">
            {formatDateTime(step.changedAt)}
          </Text>
          {step.note && <Text size="sm">{step.note}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
