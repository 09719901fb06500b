import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { AdminRoutes } from './AdminRoutes';
import { graphqlResponse, renderAdmin } from './testing';
import { CREDIT_SETTINGS_READ_ONLY_NOTICE } from './staffRoles';

function level(position: number, name: string, daysAfterDue: number, active = true) {
  return {
    __typename: 'DunningLevelView',
    id: `l${position}`,
    position,
    name,
    daysAfterDue,
    subject: `${name} for {account}`,
    body: `Dear {account},\n{items}\n{portal}`,
    active,
  };
}

const LEVELS = [level(3, 'Final notice', 7, false), level(1, 'Friendly', -3), level(2, 'Due today', 0)];

/** Answers each operation by name, as the viewer with `role`; the save answers with `saved`. */
function stubServer(role: string, saved: unknown = { __typename: 'CollectionsSettingSaved', message: 'Reminder level saved.' }) {
  const viewer = { __typename: 'Viewer', id: 'me', role };
  const answers: Record<string, unknown> = {
    AdminReminderLevels: { viewer, dunningLevels: LEVELS },
    SaveReminderLevel: { saveDunningLevel: saved },
  };
  const fetchMock = vi.fn((_url: string, init: RequestInit) => {
    const { operationName } = JSON.parse(init.body as string) as { operationName: string };
    return Promise.resolve(graphqlResponse(answers[operationName]));
  });
  vi.stubGlobal('fetch', fetchMock);
  return (operationName: string) =>
    fetchMock.mock.calls
      .map(([, init]) => JSON.parse(init.body as string) as { operationName: string; variables: unknown })
      .filter((request) => request.operationName === operationName)
      .map((request) => request.variables);
}

function renderPage() {
  renderAdmin(
    <Routes>
      <Route path="admin/*" element={<AdminRoutes />} />
    </Routes>,
    '/admin/reminder-levels',
  );
}

const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}\\s*\\*?$`));

afterEach(() => vi.unstubAllGlobals());

describe('Reminder levels screen', () => {
  it('lists the levels in order, with when each is sent in words', async () => {
    stubServer('CREDIT_MANAGER');
    renderPage();
    const table = await screen.findByRole('table', { name: 'Reminder levels' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/^1Friendly3 days before dueFriendly for \{account\}Active/);
    expect(rows[1]).toHaveTextContent(/^2Due todayon the due date/);
    expect(rows[2]).toHaveTextContent(/^3Final notice7 days after due.*Inactive/);
  });

  it("adds a level after the last, and shows the server's field error beside the e-mail", async () => {
    const message = 'Unknown placeholder {balance}; use {account}, {amount_due}, {items}, {portal}, {under_review}.';
    const sent = stubServer('CREDIT_MANAGER', {
      __typename: 'InvalidInputResult',
      errors: [{ __typename: 'FieldError', field: 'body', code: 'body_unknown_placeholder', message }],
    });
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Add a level' }));
    const form = await screen.findByRole('form', { name: 'Add a reminder level' });
    expect(field('Days after due')).toHaveValue('14');
    expect(field('Days after due')).toHaveAccessibleDescription(/Sent 14 days after due\./);
    expect(within(form).getByRole('list', { name: 'Placeholders the e-mail may use' })).toHaveTextContent('{amount_due}');

    fireEvent.change(field('Name'), { target: { value: 'Last call' } });
    fireEvent.change(field('Subject'), { target: { value: 'Payment overdue' } });
    fireEvent.change(field('E-mail'), { target: { value: 'Dear {account}, you owe {balance}.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add level' }));

    await waitFor(() => expect(field('E-mail')).toHaveAttribute('aria-invalid', 'true'));
    expect(field('E-mail').getAttribute('aria-describedby')?.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(message);
    expect(sent('SaveReminderLevel')).toEqual([
      { levelId: null, name: 'Last call', daysAfterDue: 14, subject: 'Payment overdue', body: 'Dear {account}, you owe {balance}.', active: true },
    ]);
  });

  it("changes a level and shows the server's message", async () => {
    const sent = stubServer('ADMIN');
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Change Friendly' }));
    await screen.findByRole('form', { name: 'Change Friendly' });
    expect(field('Days after due')).toHaveAccessibleDescription(/Sent 3 days before due\./);

    fireEvent.change(field('Days after due'), { target: { value: '-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Reminder level saved.');
    expect(sent('SaveReminderLevel')).toEqual([
      {
        levelId: 'l1',
        name: 'Friendly',
        daysAfterDue: -5,
        subject: 'Friendly for {account}',
        body: 'Dear {account},\n{items}\n{portal}',
        active: true,
      },
    ]);
  });

  it('shows the ladder read-only to a collector', async () => {
    stubServer('COLLECTOR');
    renderPage();
    await screen.findByRole('table', { name: 'Reminder levels' });
    expect(screen.getByText(CREDIT_SETTINGS_READ_ONLY_NOTICE)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add a level' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Change/ })).not.toBeInTheDocument();
  });
});
