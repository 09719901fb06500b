import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter } from 'react-router';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import { InboundMailPage } from './InboundMailPage';

const HELLO = {
  __typename: 'InboundMessage',
  id: 'msg-1',
  receivedAt: '2026-12-05T07:50:00+00:00',
  sentAt: null,
  source: 'upload',
  sender: 'ap@northwind.example',
  subject: 'Hello',
  customerNumber: 'C-1001',
  accountName: 'Northwind Traders',
  status: 'review',
  reason: 'nothing_usable',
  detail: 'Nothing usable',
  note: '',
  hasOriginal: true,
  attachments: [],
  advices: [],
};

function answer(reviewItems: unknown[], reviewCount: number): Response {
  const data = {
    viewer: { __typename: 'User', id: 'u-1', role: 'AR_CLERK' },
    review: { __typename: 'InboundMessagePage', totalCount: reviewItems.length, items: reviewItems },
    inboundMessages: { __typename: 'InboundMessagePage', totalCount: 1, offset: 0, reviewCount, items: [HELLO] },
    inboundMailSenders: [],
  };
  return new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('InboundMailPage', () => {
  it('asks again when the review list and the list of all disagree (a message finished between their reads)', async () => {
    // the first answer read the review list just before the message was done, the list of all just after
    const fetchMock = vi.fn().mockResolvedValueOnce(answer([], 1)).mockResolvedValue(answer([HELLO], 1));
    vi.stubGlobal('fetch', fetchMock);
    render(
      <MantineProvider theme={recoupTheme}>
        <MemoryRouter>
          <Provider value={createGraphqlClient()}>
            <InboundMailPage />
          </Provider>
        </MemoryRouter>
      </MantineProvider>,
    );

    const review = await screen.findByRole('list', { name: 'Review list' }, { timeout: 3000 });
    expect(within(review).getByText('Hello')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'To review (1)' })).toBeInTheDocument();
    expect(fetchMock.mock.calls.length).toBeGreaterThanOrEqual(2);
  });
});
