import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { AdminRoutes } from './AdminRoutes';
import { graphqlResponse, renderAdmin } from './testing';
import { CREDIT_SETTINGS_READ_ONLY_NOTICE } from './staffRoles';

const RULES = [
  { __typename: 'HoldRuleView', kind: 'broken_promise', days: null, active: false },
  { __typename: 'HoldRuleView', kind: 'over_limit', days: null, active: true },
  { __typename: 'HoldRuleView', kind: 'past_due', days: 30, active: true },
];

/** Answers each operation by name, as the viewer with `role`; the save answers with `saved`. */
function stubServer(role: string, saved: unknown = { __typename: 'CollectionsSettingSaved', message: 'Hold rule saved.' }) {
  const viewer = { __typename: 'Viewer', id: 'me', role };
  const answers: Record<string, unknown> = {
    AdminCreditHoldRules: { viewer, creditHoldRules: RULES },
    SaveCreditHoldRule: { saveCreditHoldRule: saved },
  };
  const fetchMock = vi.fn((_url: string, init: RequestInit) => {
    const { operationName } = JSON.parse(init.body as string) as { operationName: string };
    return Promise.resolve(graphqlResponse(answers[operationName]));
  });
  vi.stubGlobal('fetch', fetchMock);
  /** The variables of every request for `operationName`, in order. */
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
    '/admin/credit-hold-rules',
  );
}

const pastDueForm = () => screen.findByRole('form', { name: 'Hold rule: Money past due' });

afterEach(() => vi.unstubAllGlobals());

describe('Credit hold rules screen', () => {
  it('shows each rule in words, in a fixed order', async () => {
    stubServer('CREDIT_MANAGER');
    renderPage();
    const sections = await screen.findAllByRole('region');
    expect(sections.map((section) => within(section).getByRole('heading').textContent)).toEqual([
      'Over the credit limit',
      'Money past due',
      'Broken promise to pay',
    ]);
    expect(sections[1]).toHaveTextContent('undisputed money is more than 30 days past due');
    expect(sections[2]).toHaveTextContent('broke a promise to pay and the money is still past due');
  });

  it('lets a credit manager save the past-due days, and shows the server\'s message', async () => {
    const sent = stubServer('CREDIT_MANAGER');
    renderPage();
    const form = await pastDueForm();
    const days = within(form).getByRole('textbox', { name: /^Days/ });
    expect(days).toHaveValue('30');

    fireEvent.change(days, { target: { value: '45' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await within(form).findByRole('status')).toHaveTextContent('Hold rule saved.');
    expect(sent('SaveCreditHoldRule')).toEqual([{ kind: 'past_due', active: true, days: 45 }]);
  });

  it('sends no days for a rule without them, and turns it off with the switch', async () => {
    const sent = stubServer('ADMIN');
    renderPage();
    const form = await screen.findByRole('form', { name: 'Hold rule: Over the credit limit' });
    expect(within(form).queryByRole('textbox', { name: /^Days/ })).not.toBeInTheDocument();

    fireEvent.click(within(form).getByRole('switch', { name: /^On/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await within(form).findByRole('status');
    expect(sent('SaveCreditHoldRule')).toEqual([{ kind: 'over_limit', active: false, days: null }]);
  });

  it('shows the server\'s field error beside "Days"', async () => {
    const message = 'Say how many days past due, 0 to 365.';
    stubServer('CREDIT_MANAGER', {
      __typename: 'InvalidInputResult',
      errors: [{ __typename: 'FieldError', field: 'days', code: 'days_out_of_range', message }],
    });
    renderPage();
    const form = await pastDueForm();
    const days = within(form).getByRole('textbox', { name: /^Days/ });

    fireEvent.change(days, { target: { value: '365' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(days).toHaveAttribute('aria-invalid', 'true'));
    expect(days).toHaveAccessibleDescription(new RegExp(message.replace(/[.,]/g, '\\$&')));
    expect(within(form).queryByRole('status')).not.toBeInTheDocument();
  });

  it('checks the days before sending', async () => {
    const sent = stubServer('CREDIT_MANAGER');
    renderPage();
    const form = await pastDueForm();
    const days = within(form).getByRole('textbox', { name: /^Days/ });

    fireEvent.change(days, { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(days).toHaveAccessibleDescription(/Enter a whole number of days, 0 to 365\./));
    expect(sent('SaveCreditHoldRule')).toEqual([]);
  });

  it('shows the rules read-only to a collector', async () => {
    stubServer('COLLECTOR');
    renderPage();
    expect(await screen.findByText(CREDIT_SETTINGS_READ_ONLY_NOTICE)).toBeInTheDocument();
    expect(screen.getAllByRole('region')).toHaveLength(3);
    expect(within(screen.getByRole('region', { name: 'Over the credit limit' })).getByText('On')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Broken promise to pay' })).getByText('Off')).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  });
});
