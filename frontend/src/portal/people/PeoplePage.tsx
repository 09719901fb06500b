import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { ColleaguesDocument } from '../../shared/graphql/generated';
import { ColleaguesTable } from './ColleaguesTable';
import { InviteColleagueForm } from './InviteColleagueForm';

/** `/people`: the account administrator sees who can sign in, invites colleagues and switches logins off. */
export function PeoplePage() {
  const [result, reexecute] = useQuery({ query: ColleaguesDocument });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const data = result.data;

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load the people on your account" onRetry={refresh} />;
  } else if (!data) {
    body = <LoadingState label="Loading people…" />;
  } else if (data.viewer?.role !== 'CUSTOMER_ADMIN') {
    body = (
      <Paper withBorder p="xl">
        <Text>Only your account's administrator can manage who signs in. Ask them to invite a colleague.</Text>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="lg">
        <InviteColleagueForm onInvited={refresh} />
        <Text size="sm" c="dimmed">
          Choose who is e-mailed new invoices (with their PDF) and payment reminders. Only active logins get e-mail;
          when nobody is chosen, your administrators get them.
        </Text>
        <ColleaguesTable colleagues={data.colleagues} viewerId={data.viewer.id} onChanged={refresh} canManage />
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <title>People · Recoup</title>
      <div>
        <Title order={1} size="h2">
          People
        </Title>
        <Text c="dimmed">Everyone who can sign in to Recoup for your account.</Text>
      </div>
      {body}
    </Stack>
  );
}
