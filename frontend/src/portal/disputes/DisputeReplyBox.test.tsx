import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import { DisputeReplyBox } from './DisputeReplyBox';
import { DisputeMessages, messageAuthor } from './DisputeMessages';

function answer(postDisputeMessage: unknown): Response {
  return new Response(JSON.stringify({ data: { postDisputeMessage } }), {
    headers: { 'Content-Type': 'application/json' },
  });
}

function renderBox(onPosted = vi.fn()) {
  render(
    <MantineProvider theme={recoupTheme}>
      <Provider value={createGraphqlClient()}>
        <DisputeReplyBox disputeId="d-1" onPosted={onPosted} />
      </Provider>
    </MantineProvider>,
  );
  return onPosted;
}

const box = () => screen.getByRole('textbox', { name: /^Your reply/ });

afterEach(() => vi.unstubAllGlobals());

describe('DisputeReplyBox', () => {
  it('posts the reply, clears the box and asks for the thread again', async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      answer({
        __typename: 'MessagePosted',
        disputeMessage: {
          __typename: 'DisputeMessage',
          id: 'm-1',
          body: 'The pallet arrived damaged.',
          createdAt: '2026-11-23T10:00:00+00:00',
          authorName: 'Nora Lindqvist',
          fromStaff: false,
        },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onPosted = renderBox();

    fireEvent.change(box(), { target: { value: 'The pallet arrived damaged.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(onPosted).toHaveBeenCalledTimes(1));
    expect(box()).toHaveValue('');
    const sent = JSON.parse((fetchMock.mock.calls[0]?.[1] as RequestInit).body as string);
    expect(sent.variables).toEqual({ disputeId: 'd-1', body: 'The pallet arrived damaged.' });
  });

  it("shows the server's message about the text beside the box and keeps what was typed", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        answer({
          __typename: 'InvalidInputResult',
          errors: [
            { __typename: 'FieldError', field: 'body', code: 'message_too_long', message: 'Keep the message under 10000 characters.' },
          ],
        }),
      ),
    );
    const onPosted = renderBox();

    fireEvent.change(box(), { target: { value: 'Long story.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(box()).toHaveAccessibleDescription(expect.stringContaining('Keep the message under')));
    expect(box()).toHaveAttribute('aria-invalid', 'true');
    expect(box()).toHaveValue('Long story.');
    expect(onPosted).not.toHaveBeenCalled();
  });

  it('asks for some text before sending anything', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderBox();
    fireEvent.change(box(), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(box()).toHaveAccessibleDescription(expect.stringContaining('Write a message first.'));
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('DisputeMessages', () => {
  const staff = {
    id: 'm-1',
    body: 'We are checking the delivery note.',
    createdAt: '2026-11-23T09:00:00+00:00',
    authorName: 'Alex Clerk',
    fromStaff: true,
  };
  const customer = { ...staff, id: 'm-2', body: 'Thanks!', authorName: 'Nora Lindqvist', fromStaff: false };

  it('names each side and sets staff messages apart', () => {
    expect(messageAuthor(staff, 'Northwind Traders')).toBe('Supplier staff · Alex Clerk');
    expect(messageAuthor(customer, 'Northwind Traders')).toBe('Northwind Traders · Nora Lindqvist');
    render(
      <MantineProvider theme={recoupTheme}>
        <DisputeMessages messages={[staff, customer]} accountName="Northwind Traders" />
      </MantineProvider>,
    );
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveAttribute('data-from-staff', 'true');
    expect(items[0]).toHaveTextContent('Staff');
    expect(items[1]).not.toHaveAttribute('data-from-staff');
  });
});
