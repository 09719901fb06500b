import { Group, NativeSelect, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { ConsoleStaffMembersDocument, type RootCause } from '../../shared/graphql/generated';
import { ROOT_CAUSES, rootCauseLabel } from '../common/rootCauses';
import { useReasons } from '../common/useReasons';
import { type CaseFilters, isNarrowed } from './caseFilters';

interface Props {
  value: CaseFilters;
  onChange: (filters: CaseFilters) => void;
}

/** Reason, root cause and staff member for the whole Reports page, with what they narrow said beside them. */
export function CaseFilterBar({ value, onChange }: Props) {
  const reasons = useReasons() ?? [];
  const [staff] = useQuery({ query: ConsoleStaffMembersDocument });
  return (
    <Group align="end" wrap="wrap" aria-label="Case filters">
      <NativeSelect
        label="Reason"
        value={value.reason}
        onChange={(event) => onChange({ ...value, reason: event.currentTarget.value })}
        data={[{ value: '', label: 'Every reason' }, ...reasons.map((r) => ({ value: r.code, label: r.label }))]}
      />
      <NativeSelect
        label="Root cause"
        value={value.rootCause}
        onChange={(event) => onChange({ ...value, rootCause: event.currentTarget.value as RootCause | '' })}
        data={[
          { value: '', label: 'Every root cause' },
          ...ROOT_CAUSES.map((cause) => ({ value: cause, label: rootCauseLabel(cause) })),
        ]}
      />
      <NativeSelect
        label="Staff member"
        value={value.assignee}
        onChange={(event) => onChange({ ...value, assignee: event.currentTarget.value })}
        data={[
          { value: '', label: 'Everyone' },
          ...(staff.data?.staffMembers ?? []).map((m) => ({ value: m.id, label: m.fullName })),
        ]}
      />
      {isNarrowed(value) && (
        <Text size="sm" maw={420}>
          These narrow the case figures (deductions taken, decisions, resolution, recovery, write-offs, ages, root
          causes); receivables, sales, DSO, CEI, DDO, cash and promises stay the whole books.
        </Text>
      )}
    </Group>
  );
}
