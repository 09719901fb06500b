import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { Provider } from 'urql';
import { vi } from 'vitest';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';

/** Stubs fetch to answer each GraphQL request with the next of `answers` (the last one repeats). */
export function stubGraphql(...answers: unknown[]) {
  let call = 0;
  const fetchMock = vi.fn(() =>
    Promise.resolve(
      new Response(JSON.stringify({ data: answers[Math.min(call++, answers.length - 1)] }), {
        headers: { 'Content-Type': 'application/json' },
      }),
    ),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The variables of the n-th request the stub received. */
export function sentVariables(fetchMock: ReturnType<typeof stubGraphql>, call = 0): Record<string, unknown> {
  const init = (fetchMock.mock.calls[call] as unknown[] | undefined)?.[1] as RequestInit;
  return JSON.parse(init.body as string).variables;
}

/** Renders inside the app's theme, a memory router and a real urql client. */
export function renderConsole(ui: ReactElement, path = '/') {
  return render(
    <MantineProvider theme={recoupTheme}>
      <MemoryRouter initialEntries={[path]}>
        <Provider value={createGraphqlClient()}>{ui}</Provider>
      </MemoryRouter>
    </MantineProvider>,
  );
}
