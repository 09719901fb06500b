import { useState } from 'react';
import { NativeSelect } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { AssignCasesDocument, ConsoleStaffMembersDocument } from '../../shared/graphql/generated';
import { refusalOf } from '../common/refusal';

interface CaseAssigneeProps {
  caseId: string;
  assigneeId: string | null;
  assigneeName: string | null;
  /** Closed cases keep their assignee. */
  editable: boolean;
  onChanged: () => void;
}

/** Who works the case, changeable in place while it is open. */
export function CaseAssignee({ caseId, assigneeId, assigneeName, editable, onChanged }: CaseAssigneeProps) {
  const [staffResult] = useQuery({ query: ConsoleStaffMembersDocument, pause: !editable });
  const [{ fetching }, assign] = useMutation(AssignCasesDocument);
  const [error, setError] = useState<string | null>(null);
  if (!editable) return <>{assigneeName ?? 'Unassigned'}</>;

  const staff = staffResult.data?.staffMembers ?? [];
  const options = [{ value: '', label: 'Unassigned' }, ...staff.map((member) => ({ value: member.id, label: member.fullName }))];
  if (assigneeId && !staff.some((member) => member.id === assigneeId)) {
    options.push({ value: assigneeId, label: assigneeName ?? 'Someone else' });
  }

  async function change(value: string) {
    setError(null);
    const answer = (await assign({ caseIds: [caseId], assigneeId: value || null })).data?.assignCases;
    if (answer?.__typename === 'CasesAssigned') {
      onChanged();
      return;
    }
    setError(refusalOf(answer, []).messages.join(' '));
  }

  return (
    <NativeSelect
      aria-label="Assignee"
      size="xs"
      data={options}
      value={assigneeId ?? ''}
      disabled={fetching}
      onChange={(event) => void change(event.currentTarget.value)}
      error={error}
      maw={220}
    />
  );
}
