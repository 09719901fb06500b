import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, FileInput, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import {
  InboundMailDocument,
  RemoveInboundMailSenderDocument,
  SaveInboundMailDomainDocument,
  type InboundMailQuery,
} from '../../shared/graphql/generated';
import { isAdmin } from '../admin/staffRoles';
import { OffsetPager } from '../cash/OffsetPager';
import { handInMessage } from './handInMessage';
import { InboundMessageCard } from './InboundMessageCard';

const PAGE = 25;
const POLL_MS = 1000;

/** `/cash/inbound-mail`: what the inbound mailbox read, the review list, and the customers' mail domains. */
export function InboundMailPage() {
  const [page, setPage] = useState(0);
  const [result, reexecute] = useQuery({ query: InboundMailDocument, variables: { offset: page * PAGE } });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const messages = result.data?.inboundMessages.items ?? [];
  // Asked again each second while a message is being read, or while the two lists disagree: each is read by its own
  // statement, and a message that finished being read between them shows in the list of all while the review list
  // still says nothing waits (the two counts differ then).
  const reading =
    [...messages, ...(result.data?.review.items ?? [])].some((m) => m.status === 'received') ||
    (result.data !== undefined && result.data.inboundMessages.reviewCount !== result.data.review.totalCount);

  useEffect(() => {
    if (!reading) return;
    const timer = window.setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [reading, reexecute]);

  let body;
  if (result.error && !result.data) body = <ErrorState title="We couldn't load the inbound mail" onRetry={refresh} />;
  else if (!result.data) body = <LoadingState label="Loading inbound mail…" />;
  else body = <Mail data={result.data} page={page} onPage={setPage} busy={result.fetching} onChanged={refresh} />;

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/cash" size="sm">
        ← Cash application
      </Anchor>
      <Title order={1}>Inbound mail</Title>
      <Text size="sm">
        Customers&apos; e-mails to the remittance mailbox: a remittance advice waits for its payment and matches it when
        the cash is imported; a claim or backup document goes to the archive and is linked to the invoice and case it
        names. Mail from unknown senders and attachments nobody can read wait here for you.
      </Text>
      <HandInForm onHandedIn={refresh} />
      {body}
    </Stack>
  );
}

function Mail(props: {
  data: InboundMailQuery;
  page: number;
  busy: boolean;
  onPage: (page: number) => void;
  onChanged: () => void;
}) {
  const { data } = props;
  const all = data.inboundMessages;
  return (
    <>
      <Title order={2} size="h3">
        To review ({data.review.totalCount})
      </Title>
      {data.review.items.length === 0 ? (
        <Paper withBorder p="md">
          <Text>Nothing waits for you.</Text>
        </Paper>
      ) : (
        <Stack gap="sm" component="ul" aria-label="Review list" style={{ listStyle: 'none', padding: 0 }}>
          {data.review.items.map((message) => (
            <InboundMessageCard key={message.id} message={message} actions onChanged={props.onChanged} />
          ))}
        </Stack>
      )}
      <Title order={2} size="h3">
        All messages
      </Title>
      {all.items.length === 0 ? (
        <Paper withBorder p="md">
          <Text>No mail was read yet.</Text>
        </Paper>
      ) : (
        <Stack gap="sm" component="ul" aria-label="Inbound messages" style={{ listStyle: 'none', padding: 0 }}>
          {all.items.map((message) => (
            <InboundMessageCard key={message.id} message={message} actions={false} onChanged={props.onChanged} />
          ))}
        </Stack>
      )}
      <OffsetPager
        label="Pages of inbound messages"
        page={props.page}
        pageSize={PAGE}
        rowCount={all.items.length}
        totalCount={all.totalCount}
        busy={props.busy}
        onPage={props.onPage}
      />
      <MailDomains data={data} onChanged={props.onChanged} />
    </>
  );
}

function HandInForm({ onHandedIn }: { onHandedIn: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file) {
      setNotice({ tone: 'error', text: 'Choose a message saved as .eml first.' });
      return;
    }
    setBusy(true);
    setNotice(null);
    const answer = await handInMessage(file);
    setBusy(false);
    if (!answer.ok) {
      setNotice({ tone: 'error', text: answer.message });
      return;
    }
    setNotice({
      tone: 'info',
      text: answer.duplicate ? 'This message was already read; nothing was done again.' : 'The message is kept and being read.',
    });
    setFile(null);
    onHandedIn();
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Hand in a message">
      <Stack gap="sm">
        <Group align="end" wrap="wrap">
          <FileInput
            label="A customer's e-mail saved as .eml"
            placeholder="Choose a file"
            value={file}
            onChange={setFile}
            miw={240}
          />
          <Button type="submit" loading={busy}>
            Hand in
          </Button>
        </Group>
        {notice && (
          <Alert color={notice.tone === 'error' ? 'red' : 'blue'} role={notice.tone === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function MailDomains({ data, onChanged }: { data: InboundMailQuery; onChanged: () => void }) {
  const admin = isAdmin(data.viewer);
  const [customer, setCustomer] = useState('');
  const [domain, setDomain] = useState('');
  const [error, setError] = useState('');
  const [saving, save] = useMutation(SaveInboundMailDomainDocument);
  const [, remove] = useMutation(RemoveInboundMailSenderDocument);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    const answer = await save({ customerNumber: customer.trim(), domain: domain.trim() });
    const outcome = answer.data?.saveInboundMailDomain;
    if (outcome?.__typename === 'InboundMailSenderSaved') {
      setDomain('');
      onChanged();
    } else if (outcome?.__typename === 'InvalidInputResult') setError(outcome.errors.map((e) => e.message).join(' '));
    else if (outcome && 'message' in outcome) setError(outcome.message);
    else setError('The domain was not saved; try again.');
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Known senders
      </Title>
      <Text size="sm">
        Mail from a customer&apos;s users is theirs. Admins give a customer a whole mail domain; assigning a message above
        remembers its address.
      </Text>
      {data.inboundMailSenders.length > 0 && (
        <Stack gap={4} component="ul" aria-label="Known senders" style={{ listStyle: 'none', padding: 0 }}>
          {data.inboundMailSenders.map((sender) => (
            <Group key={sender.id} component="li" gap="xs" wrap="wrap">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {sender.kind === 'domain' ? `Anyone @${sender.value}` : sender.value} → {sender.accountName} (
                {sender.customerNumber})
              </Text>
              {admin && (
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove({ id: sender.id }).then(onChanged)}>
                  Remove
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {admin && (
        <Group component="form" onSubmit={submit} align="end" gap="xs" wrap="wrap" aria-label="Give a mail domain">
          <TextInput
            label="Customer number"
            value={customer}
            onChange={(event) => setCustomer(event.currentTarget.value)}
            maw={200}
          />
          <TextInput
            label="Mail domain"
            placeholder="contoso.example"
            value={domain}
            onChange={(event) => setDomain(event.currentTarget.value)}
            maw={240}
          />
          <Button type="submit" variant="default" loading={saving.fetching}>
            Add domain
          </Button>
        </Group>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
