import { useState } from 'react';
import { Button, Group, Paper, Text, Title } from '@mantine/core';
import type { CaseDetailFragment } from '../../shared/graphql/generated';
import { isOpenCase } from '../common/caseStatus';
import { recordsDetailLines } from '../common/recordsVerdict';
import { ApproveDialog } from './ApproveDialog';
import type { CaseUpdatedAnswer } from './caseAnswer';
import { TextActionDialog, type TextAction } from './TextActionDialog';

type Action = 'approve' | TextAction;

interface CaseActionsProps {
  kase: Pick<CaseDetailFragment, 'id' | 'version' | 'status' | 'amount' | 'currency' | 'recordsVerdict' | 'recordsDetail'>;
  onDone: (message: string, answer: CaseUpdatedAnswer) => void;
  onReload: () => void;
}

/**
 * The decisions on a case: while it is open, approve, deny, write off or ask
 * the customer; a denied or written-off case can be reopened. Each sends the version loaded.
 */
export function CaseActions({ kase, onDone, onReload }: CaseActionsProps) {
  const [action, setAction] = useState<Action | null>(null);
  const open = isOpenCase(kase.status);
  const reopenable = kase.status === 'RESOLVED_INVALID' || kase.status === 'WRITTEN_OFF';
  if (!open && !reopenable) return null;

  const common = {
    caseId: kase.id,
    version: kase.version,
    amount: kase.amount,
    currency: kase.currency,
    onClose: () => setAction(null),
    onReload,
    onDone: (message: string, answer: CaseUpdatedAnswer) => {
      setAction(null);
      onDone(message, answer);
    },
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-heading">
      <Title order={2} size="h4" id="actions-heading" mb="xs">
        Decide
      </Title>
      {open ? (
        <Group gap="sm" wrap="wrap">
          <Button onClick={() => setAction('approve')}>Approve…</Button>
          <Button color="red" variant="outline" onClick={() => setAction('deny')}>
            Deny…
          </Button>
          <Button color="orange" variant="outline" onClick={() => setAction('writeOff')}>
            Write off…
          </Button>
          <Button variant="default" onClick={() => setAction('requestInformation')}>
            Request information…
          </Button>
        </Group>
      ) : (
        <Group gap="sm" align="center">
          <Text size="sm">{kase.status === 'WRITTEN_OFF' ? 'This claim was written off.' : 'This claim was denied.'}</Text>
          <Button variant="default" onClick={() => setAction('reopen')}>
            Reopen…
          </Button>
        </Group>
      )}
      {action === 'approve' && (
        <ApproveDialog
          {...common}
          contradicted={kase.recordsVerdict === 'CONTRADICTED' ? recordsDetailLines(kase.recordsDetail) : null}
        />
      )}
      {action !== null && action !== 'approve' && <TextActionDialog action={action} {...common} />}
    </Paper>
  );
}
