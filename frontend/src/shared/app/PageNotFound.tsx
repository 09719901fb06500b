import { Anchor, Paper, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function PageNotFound() {
  return (
    <Paper withBorder p="xl">
      <title>Page not found · Recoup</title>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text mt="xs">
        There is nothing at this address.{' '}
        <Anchor component={Link} to="/">
          Go to invoices
        </Anchor>
      </Text>
    </Paper>
  );
}
