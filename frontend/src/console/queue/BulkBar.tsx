import { useRef, useState } from 'react';
import { Button, Group, Menu, Paper, Text } from '@mantine/core';
import { useMutation } from 'urql';
import { UNREACHABLE } from '../../shared/graphql/fieldErrors';
import {
  AssignCasesDocument,
  BulkApproveCasesDocument,
  BulkWriteOffCasesDocument,
  type ConsoleStaffMembersQuery,
  type QueueRowFragment,
  type RootCause,
} from '../../shared/graphql/generated';
import { newIdempotencyKey } from '../common/idempotencyKey';
import { refusalOf } from '../common/refusal';
import { BulkApproveDialog, BulkWriteOffDialog } from './BulkDialogs';
import { summariseBulkResult, type BulkAction, type BulkSummary } from './bulkSummary';

interface BulkBarProps {
  rows: QueueRowFragment[];
  staff: ConsoleStaffMembersQuery['staffMembers'];
  /** Called with what happened, after which the queue reloads. */
  onDone: (summary: BulkSummary) => void;
  onClear: () => void;
}

/** Which case a line of the result is about. */
const caseLabel = (row: QueueRowFragment) => `${row.invoiceNumber} · ${row.accountName}`;

/** Actions on the selected cases: assign, approve in full, write off. */
export function BulkBar({ rows, staff, onDone, onClear }: BulkBarProps) {
  const [dialog, setDialog] = useState<BulkAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [assignState, assign] = useMutation(AssignCasesDocument);
  const [approveState, approve] = useMutation(BulkApproveCasesDocument);
  const [writeOffState, writeOff] = useMutation(BulkWriteOffCasesDocument);
  // One key per write-off dialog, reused if the same request is retried after a dropped connection.
  const writeOffKey = useRef(newIdempotencyKey());
  const busy = assignState.fetching || approveState.fetching || writeOffState.fetching;
  const labels = new Map(rows.map((row) => [row.id, caseLabel(row)]));
  const cases = rows.map((row) => ({ caseId: row.id, version: row.version }));

  function open(action: BulkAction) {
    setError(null);
    if (action === 'writeOff') writeOffKey.current = newIdempotencyKey();
    setDialog(action);
  }

  async function assignTo(assigneeId: string | null, name: string) {
    const result = await assign({ caseIds: rows.map((row) => row.id), assigneeId });
    const answer = result.data?.assignCases;
    if (answer?.__typename === 'CasesAssigned') {
      const count = answer.cases.length;
      const title = assigneeId ? `${count === 1 ? '1 case' : `${count} cases`} assigned to ${name}.` : `${count === 1 ? '1 case' : `${count} cases`} unassigned.`;
      onDone({ tone: 'success', title, succeededCount: count, failures: [] });
      return;
    }
    const refusal = refusalOf(answer, []);
    onDone({ tone: 'failure', title: `Nothing was assigned: ${refusal.messages.join(' ')}`, succeededCount: 0, failures: [] });
  }

  async function confirmApprove(note: string, rootCause: RootCause) {
    // A fresh key per click: this click approves once, however often the request is repeated.
    const result = await approve({ cases, idempotencyKey: newIdempotencyKey(), note, rootCause });
    const answer = result.data?.bulkApproveCases;
    if (!answer) return setError(result.error?.graphQLErrors[0]?.message ?? UNREACHABLE);
    setDialog(null);
    onDone(summariseBulkResult('approve', answer, labels));
  }

  async function confirmWriteOff(reason: string, rootCause: RootCause) {
    const result = await writeOff({ cases, idempotencyKey: writeOffKey.current, reason, rootCause });
    const answer = result.data?.bulkWriteOffCases;
    if (!answer) return setError(result.error?.graphQLErrors[0]?.message ?? UNREACHABLE);
    setDialog(null);
    onDone(summariseBulkResult('writeOff', answer, labels));
  }

  return (
    <Paper withBorder p="xs" bg="teal.0" role="region" aria-label="Selected cases">
      <Group gap="sm" justify="space-between" wrap="wrap">
        <Text size="sm" fw={600} aria-live="polite">
          {rows.length === 1 ? '1 case selected' : `${rows.length} cases selected`}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="default" loading={assignState.fetching} disabled={busy}>
                Assign to…
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {staff.map((member) => (
                <Menu.Item key={member.id} onClick={() => void assignTo(member.id, member.fullName)}>
                  {member.fullName}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={() => void assignTo(null, '')}>Nobody (unassign)</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button size="xs" onClick={() => open('approve')} disabled={busy}>
            Approve in full
          </Button>
          <Button size="xs" color="orange" variant="outline" onClick={() => open('writeOff')} disabled={busy}>
            Write off
          </Button>
          <Button size="xs" variant="subtle" onClick={onClear} disabled={busy}>
            Clear selection
          </Button>
        </Group>
      </Group>
      {dialog === 'approve' && (
        <BulkApproveDialog opened rows={rows} busy={approveState.fetching} error={error} onClose={() => setDialog(null)} onConfirm={(note, cause) => void confirmApprove(note, cause)} />
      )}
      {dialog === 'writeOff' && (
        <BulkWriteOffDialog opened rows={rows} busy={writeOffState.fetching} error={error} onClose={() => setDialog(null)} onConfirm={(reason, cause) => void confirmWriteOff(reason, cause)} />
      )}
    </Paper>
  );
}
