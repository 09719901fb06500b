import { Badge, Group, List, Paper, Text } from '@mantine/core';
import type { CaseDetailFragment } from '../../shared/graphql/generated';
import { caseFlagLabel } from '../common/caseFlags';

type Flag = CaseDetailFragment['flags'][number];

/** What automation found about the case before anyone looked: each flag with the reason in words (staff only). */
export function CaseFlags({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) {
    return (
      <Paper withBorder p="md">
        <Text c="dimmed">No flags: the checks found nothing to look at.</Text>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="md">
      <List spacing="xs" listStyleType="none" aria-label="Validation flags">
        {flags.map((flag) => (
          <List.Item key={flag.code}>
            <Group gap="xs" wrap="nowrap" align="baseline">
              <Badge color={flag.code === 'NO_EVIDENCE' ? 'gray' : 'orange'} variant="light" style={{ flexShrink: 0 }}>
                {caseFlagLabel(flag.code)}
              </Badge>
              <Text size="sm">{flag.message}</Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
