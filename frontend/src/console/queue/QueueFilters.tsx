import { useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, NativeSelect, Stack, Switch, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { DISPUTE_STATUSES, isDisputeStatus } from '../../shared/disputes/disputeStatus';
import type { ConsoleStaffMembersQuery, DisputeOrigin } from '../../shared/graphql/generated';
import { CASE_FLAG_CODES, caseFlagLabel, isCaseFlagCode } from '../common/caseFlags';
import { caseStatusLook } from '../common/caseStatus';
import { ROOT_CAUSES, isRootCause, rootCauseLabel } from '../common/rootCauses';
import { CopyViewLink } from './CopyViewLink';
import { QueueRangeInputs } from './QueueRangeInputs';
import { CASE_SORTS, caseSortLabel, isCaseSort } from './queueUrl';
import type { QueueParams } from './useQueueParams';

const STATUS_OPTIONS = DISPUTE_STATUSES.map((status) => ({ value: status, label: caseStatusLook(status).label }));
const FLAG_OPTIONS = CASE_FLAG_CODES.map((code) => ({ value: code, label: caseFlagLabel(code) }));
const SORT_OPTIONS = CASE_SORTS.map((sort) => ({ value: sort, label: caseSortLabel(sort) }));
const ORIGIN_OPTIONS = [
  { value: '', label: 'Any origin' },
  { value: 'PORTAL', label: 'Portal (filed by the customer)' },
  { value: 'REMITTANCE', label: 'Remittance (short pay)' },
];
const UNRECORDED = 'UNRECORDED';
const ROOT_CAUSE_OPTIONS = [
  { value: '', label: 'Any root cause' },
  ...ROOT_CAUSES.map((cause) => ({ value: cause, label: rootCauseLabel(cause) })),
  { value: UNRECORDED, label: 'Not recorded' },
];
const UNASSIGNED = 'UNASSIGNED';

interface QueueFiltersProps {
  list: QueueParams;
  staff: ConsoleStaffMembersQuery['staffMembers'];
  reasons: { value: string; label: string }[];
  /** The server's message when it refused the amount range, or null. */
  amountError: string | null;
}

/** Every way to narrow and order the work queue; each change lands in the URL. */
export function QueueFilters({ list, staff, reasons, amountError }: QueueFiltersProps) {
  const [typed, setTyped] = useState(list.search);
  const [seenSearch, setSeenSearch] = useState(list.search);
  if (seenSearch !== list.search) {
    setSeenSearch(list.search);
    if (typed.trim() !== list.search) setTyped(list.search);
  }
  const commitSearch = useDebouncedCallback((value: string) => list.setFilter({ search: value.trim() }), 350);

  function changeSearch(value: string) {
    setTyped(value);
    commitSearch(value);
  }

  const assignee = list.unassigned ? UNASSIGNED : list.assigneeId;
  const assigneeOptions = [
    { value: '', label: 'Anyone' },
    { value: UNASSIGNED, label: 'Unassigned' },
    ...staff.map((member) => ({ value: member.id, label: member.fullName })),
  ];
  if (list.assigneeId && !staff.some((member) => member.id === list.assigneeId)) {
    assigneeOptions.push({ value: list.assigneeId, label: 'A former staff member' });
  }

  return (
    <Stack gap="xs" role="search" aria-label="Filter the work queue">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Invoice number or customer"
          value={typed}
          onChange={(event) => changeSearch(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitSearch.flush();
          }}
          rightSection={typed ? <CloseButton size="sm" aria-label="Clear search" onClick={() => changeSearch('')} /> : null}
          w={{ base: '100%', sm: 240 }}
        />
        <MultiSelect
          label="Status"
          placeholder={list.statuses.length === 0 ? 'All statuses' : undefined}
          data={STATUS_OPTIONS}
          value={list.statuses}
          onChange={(values) => list.setFilter({ statuses: values.filter(isDisputeStatus) })}
          clearable
          clearButtonProps={{ 'aria-label': 'Clear status filter' }}
          w={{ base: '100%', sm: 280 }}
        />
        <MultiSelect
          label="Reason"
          placeholder={list.reasonCodes.length === 0 ? 'All reasons' : undefined}
          data={reasons}
          value={list.reasonCodes}
          onChange={(values) => list.setFilter({ reasonCodes: values })}
          clearable
          searchable
          clearButtonProps={{ 'aria-label': 'Clear reason filter' }}
          w={{ base: '100%', sm: 260 }}
        />
        <NativeSelect
          label="Assignee"
          data={assigneeOptions}
          value={list.mine ? '' : assignee}
          disabled={list.mine}
          onChange={(event) => {
            const value = event.currentTarget.value;
            list.setFilter({ unassigned: value === UNASSIGNED, assigneeId: value === UNASSIGNED ? '' : value });
          }}
          w={{ base: '100%', sm: 180 }}
        />
        <NativeSelect
          label="Sort by"
          data={SORT_OPTIONS}
          value={list.sort}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isCaseSort(value)) list.setSort(value);
          }}
          w={{ base: '100%', sm: 170 }}
        />
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Origin"
          data={ORIGIN_OPTIONS}
          value={list.origin}
          onChange={(event) => list.setFilter({ origin: event.currentTarget.value as DisputeOrigin | '' })}
          w={{ base: '100%', sm: 230 }}
        />
        <NativeSelect
          label="Root cause"
          description="What really went wrong, as decided"
          data={ROOT_CAUSE_OPTIONS}
          value={list.rootCause || (list.rootCauseUnrecorded ? UNRECORDED : '')}
          onChange={(event) => {
            const chosen = event.currentTarget.value;
            list.setFilter({ rootCause: isRootCause(chosen) ? chosen : '', rootCauseUnrecorded: chosen === UNRECORDED });
          }}
          w={{ base: '100%', sm: 200 }}
        />
        <MultiSelect
          label="Flags"
          description="Cases with any of these"
          placeholder={list.flags.length === 0 ? 'Any or none' : undefined}
          data={FLAG_OPTIONS}
          value={list.flags}
          disabled={list.noFlags}
          onChange={(values) => list.setFilter({ flags: values.filter(isCaseFlagCode), noFlags: false })}
          clearable
          clearButtonProps={{ 'aria-label': 'Clear flag filter' }}
          w={{ base: '100%', sm: 280 }}
        />
        <QueueRangeInputs
          amountMin={list.amountMin}
          amountMax={list.amountMax}
          openedAfter={list.openedAfter}
          openedBefore={list.openedBefore}
          onChange={list.setFilter}
          amountError={amountError}
        />
      </Group>
      <Group gap="lg" wrap="wrap" align="center">
        <Switch
          label="My queue"
          checked={list.mine}
          onChange={(event) =>
            list.setFilter(event.currentTarget.checked ? { mine: true, assigneeId: '', unassigned: false } : { mine: false })
          }
        />
        <Switch
          label="No flags"
          checked={list.noFlags}
          onChange={(event) =>
            list.setFilter(event.currentTarget.checked ? { noFlags: true, flags: [] } : { noFlags: false })
          }
        />
        <Switch
          label="Overdue only"
          checked={list.overdue}
          onChange={(event) => list.setFilter({ overdue: event.currentTarget.checked })}
        />
        {list.accountIds.length > 0 && (
          <Button variant="light" size="xs" onClick={() => list.setFilter({ accountIds: [] })}>
            {list.accountIds.length === 1 ? 'One customer only' : `${list.accountIds.length} customers only`} — show all
          </Button>
        )}
        {(list.decidedAfter || list.decidedBefore || list.currency) && (
          <Button
            variant="light"
            size="xs"
            onClick={() => list.setFilter({ decidedAfter: '', decidedBefore: '', currency: '' })}
          >
            {decidedLabel(list.decidedAfter, list.decidedBefore, list.currency)} — show all
          </Button>
        )}
        {(list.openAt || list.decidedBy) && (
          <Button variant="light" size="xs" onClick={() => list.setFilter({ openAt: '', decidedBy: '' })}>
            {reportScopeLabel(list.openAt, list.decidedBy)} — show all
          </Button>
        )}
        {(list.filtered || typed) && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => {
              commitSearch.cancel();
              setTyped('');
              list.clearFilters();
            }}
          >
            Clear filters
          </Button>
        )}
        <CopyViewLink />
      </Group>
    </Stack>
  );
}

/** "Decided 2026-07-01 to 2026-09-30 · EUR": the reports' drill-down, said where the queue shows its filters. */
export function decidedLabel(after: string, before: string, currency: string): string {
  const span = after && before ? `Decided ${after} to ${before}` : after ? `Decided from ${after}` : before ? `Decided up to ${before}` : '';
  return [span, currency ? `${span ? '' : 'Cases '}in ${currency}` : ''].filter(Boolean).join(' · ');
}

/** "Open at the end of 2026-09-30 · Closed by a rule": the rest of the reports' drill-down, said the same way. */
export function reportScopeLabel(openAt: string, decidedBy: string): string {
  const by = { RULE: 'Closed by a rule', PERSON: 'Closed by a person' }[decidedBy] ?? '';
  return [openAt ? `Open at the end of ${openAt}` : '', by].filter(Boolean).join(' · ');
}
