import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from 'urql';
import { formatDateTime } from '../../shared/format/dates';
import { formatPlainAmount } from '../../shared/format/money';
import {
  AssignInboundSenderDocument,
  DismissInboundMessageDocument,
  type InboundMessageRowFragment,
  type RememberSender,
} from '../../shared/graphql/generated';

/** Words and colours for a message's status, a review reason and an attachment's fate. */
export const MESSAGE_STATUS: Record<string, { label: string; color: string }> = {
  received: { label: 'Being read', color: 'blue' },
  processed: { label: 'Processed', color: 'green' },
  review: { label: 'To review', color: 'orange' },
  dismissed: { label: 'Dismissed', color: 'gray' },
};
export const REVIEW_REASON: Record<string, string> = {
  unknown_sender: 'Unknown sender',
  unreadable_attachment: 'Unreadable attachment',
  nothing_usable: 'Nothing usable',
  too_large: 'Too large',
  limits: 'Past the limits',
  malformed: 'Not an e-mail',
  failed: 'Could not be read',
};
const KIND: Record<string, { label: string; color: string }> = {
  remittance: { label: 'Remittance', color: 'teal' },
  document: { label: 'Document', color: 'blue' },
  unreadable: { label: 'Unreadable', color: 'red' },
};
const REMEMBER: { value: RememberSender; label: string }[] = [
  { value: 'ADDRESS', label: 'Remember this address' },
  { value: 'DOMAIN', label: 'Remember the whole domain' },
  { value: 'NONE', label: 'This message only' },
];

interface InboundMessageCardProps {
  message: InboundMessageRowFragment;
  /** Offer the review actions (assign, dismiss). */
  actions: boolean;
  onChanged: () => void;
}

/** One inbound e-mail: who sent it, what became of each attachment, and for the review list what to do. */
export function InboundMessageCard({ message, actions, onChanged }: InboundMessageCardProps) {
  const status = MESSAGE_STATUS[message.status] ?? { label: message.status, color: 'gray' };
  return (
    <Paper withBorder p="md" component="li" aria-label={`Message from ${message.sender || 'an unknown sender'}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {message.subject || '(no subject)'}
          </Text>
          <Group gap={6} wrap="wrap">
            <Badge color={status.color} variant="light">
              {status.label}
            </Badge>
            {message.reason && (
              <Badge color="orange" variant="outline">
                {REVIEW_REASON[message.reason] ?? message.reason}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          From {message.sender || 'no address'} · {formatDateTime(message.receivedAt)} · via {message.source}
          {message.customerNumber ? ` · ${message.accountName} (${message.customerNumber})` : ''}
        </Text>
        {message.detail && (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {message.detail}
          </Text>
        )}
        {message.attachments.length > 0 && (
          <Stack gap={4} component="ul" aria-label="Attachments" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {message.attachments.map((attachment, index) => {
              const kind = KIND[attachment.kind] ?? { label: attachment.kind, color: 'gray' };
              return (
                <Group key={index} component="li" gap="xs" wrap="nowrap" align="start">
                  <Badge color={kind.color} variant="light" style={{ flexShrink: 0 }}>
                    {kind.label}
                  </Badge>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {attachment.filename}: {attachment.note}
                  </Text>
                </Group>
              );
            })}
          </Stack>
        )}
        {message.advices.map((advice) => (
          <Text key={advice.id} size="sm">
            Advice of {formatPlainAmount(advice.total)}
            {advice.paymentReference ? ` (${advice.paymentReference})` : ''}:{' '}
            {advice.status === 'waiting' ? 'waiting for its payment' : advice.status === 'used' ? 'matched its payment' : advice.status}
          </Text>
        ))}
        {message.note && <Text size="sm">Note: {message.note}</Text>}
        {message.hasOriginal && (
          <Anchor href={`/api/inbound-mail/${message.id}/original`} size="sm">
            Download the original (.eml)
          </Anchor>
        )}
        {actions && <ReviewActions message={message} onChanged={onChanged} />}
      </Stack>
    </Paper>
  );
}

function ReviewActions({ message, onChanged }: { message: InboundMessageRowFragment; onChanged: () => void }) {
  const [customer, setCustomer] = useState('');
  const [remember, setRemember] = useState<RememberSender>('ADDRESS');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [assigning, assign] = useMutation(AssignInboundSenderDocument);
  const [dismissing, dismiss] = useMutation(DismissInboundMessageDocument);

  async function assignIt(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    const answer = await assign({ messageId: message.id, customerNumber: customer.trim(), remember });
    const outcome = answer.data?.assignInboundSender;
    if (outcome?.__typename === 'InboundMessageUpdated') onChanged();
    else if (outcome?.__typename === 'InvalidInputResult') setError(outcome.errors.map((e) => e.message).join(' '));
    else if (outcome && 'message' in outcome) setError(outcome.message);
    else setError('The message was not assigned; try again.');
  }

  async function dismissIt(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    const answer = await dismiss({ messageId: message.id, note });
    const outcome = answer.data?.dismissInboundMessage;
    if (outcome?.__typename === 'InboundMessageUpdated') onChanged();
    else if (outcome && 'message' in outcome) setError(outcome.message);
    else setError('The message was not dismissed; try again.');
  }

  return (
    <Stack gap="xs">
      {message.reason === 'unknown_sender' && (
        <Group component="form" onSubmit={assignIt} align="end" gap="xs" wrap="wrap" aria-label="Assign to a customer">
          <TextInput
            label="Customer number"
            value={customer}
            onChange={(event) => setCustomer(event.currentTarget.value)}
            required
            maw={200}
          />
          <NativeSelect
            label="Next time"
            data={REMEMBER}
            value={remember}
            onChange={(event) => setRemember(event.currentTarget.value as RememberSender)}
          />
          <Button type="submit" size="sm" loading={assigning.fetching}>
            Assign
          </Button>
        </Group>
      )}
      <Group component="form" onSubmit={dismissIt} align="end" gap="xs" wrap="wrap" aria-label="Dismiss the message">
        <TextInput
          label="Note"
          placeholder="Handled by hand, nothing to do…"
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maw={320}
        />
        <Button type="submit" size="sm" variant="default" loading={dismissing.fetching}>
          Dismiss
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
