import { Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatInstantDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { CaseDetailFragment } from '../../shared/graphql/generated';
import { CaseStatusBadge } from '../common/CaseStatusBadge';
import { caseHref } from '../common/consoleLinks';

interface OtherOpenCasesProps {
  cases: CaseDetailFragment['otherOpenCases'];
  /** The customer's currency: the summaries do not carry one. */
  currency: string;
  reasonLabel: (code: string) => string;
}

/** The same customer's other open cases, each a link. */
export function OtherOpenCases({ cases, currency, reasonLabel }: OtherOpenCasesProps) {
  if (cases.length === 0) return <Text c="dimmed">This customer has no other open cases.</Text>;
  return (
    <List spacing={6} listStyleType="none" aria-label="Other open cases of this customer">
      {cases.map((other) => (
        <List.Item key={other.id}>
          <Anchor component={Link} to={caseHref(other.id)} fw={500}>
            {reasonLabel(other.reasonCode)} · {formatMoney(other.amount, currency)}
          </Anchor>{' '}
          <Text span size="sm" c="dimmed">
            opened {formatInstantDate(other.openedAt)}
          </Text>{' '}
          <CaseStatusBadge status={other.status} />
        </List.Item>
      ))}
    </List>
  );
}
