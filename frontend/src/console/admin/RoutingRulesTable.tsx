import { Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import type { RoutingRuleRowFragment } from '../../shared/graphql/generated';
import { formatPlainAmount } from '../../shared/format/money';
import type { RuleOptions } from './RoutingRuleForm';

interface RoutingRulesTableProps extends RuleOptions {
  rules: readonly RoutingRuleRowFragment[];
  /** Given for admins: each row gets a "Change" button. */
  onEdit?: (rule: RoutingRuleRowFragment) => void;
}

function amountBand(min: string | null, max: string | null): string {
  if (min && max) return `${formatPlainAmount(min)} to ${formatPlainAmount(max)}`;
  if (min) return `From ${formatPlainAmount(min)}`;
  if (max) return `Up to ${formatPlainAmount(max)}`;
  return 'Any amount';
}

/** The rules in the order they are tried, with names instead of ids. */
export function RoutingRulesTable({ rules, staff, reasons, customers, onEdit }: RoutingRulesTableProps) {
  const staffNames = new Map(staff.map((member) => [member.id, member.fullName]));
  const reasonLabels = new Map(reasons.map((reason) => [reason.code, reason.label]));
  const customerNames = new Map(customers.map((customer) => [customer.id, customer.name]));
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);

  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped verticalSpacing="xs" aria-label="Routing rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Priority</Table.Th>
            <Table.Th scope="col">Reason</Table.Th>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col">Amount</Table.Th>
            <Table.Th scope="col">Assign to</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            {onEdit && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map((rule) => (
            <Table.Tr key={rule.id} data-active={rule.active}>
              <Table.Td>{rule.priority}</Table.Td>
              <Table.Td>
                {rule.reasonCode ? (reasonLabels.get(rule.reasonCode) ?? rule.reasonCode) : 'Any reason'}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                {rule.accountId ? (customerNames.get(rule.accountId) ?? `Account ${rule.accountId}`) : 'Any customer'}
              </Table.Td>
              <Table.Td>{amountBand(rule.minAmount, rule.maxAmount)}</Table.Td>
              <Table.Td fw={500}>
                {staffNames.get(rule.assigneeId) ?? (
                  <Text span c="dimmed" size="sm">
                    No longer active
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={rule.active ? 'teal' : 'gray'} variant="light" radius="sm">
                  {rule.active ? 'Active' : 'Inactive'}
                </Badge>
              </Table.Td>
              {onEdit && (
                <Table.Td ta="right">
                  <Button
                    size="compact-sm"
                    variant="default"
                    onClick={() => onEdit(rule)}
                    aria-label={`Change the rule with priority ${rule.priority}`}
                  >
                    Change
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
