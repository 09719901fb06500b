import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { AdminRoutes } from './AdminRoutes';
import { ResolutionRuleForm } from './ResolutionRuleForm';
import { graphqlResponse, renderAdmin, sentVariables, stubGraphql } from './testing';

const FABRIKAM = '0b6d7c1e-5a4f-4c59-9d3a-0d6f2f1b9a10';
const REASONS = [{ __typename: 'ReasonCodeSetting', code: 'SHORTAGE', label: 'Shortage', active: true }];
const RULES = [
  {
    __typename: 'ResolutionRule',
    id: 'r20',
    priority: 20,
    action: 'APPROVE',
    accountId: null,
    reasonCode: 'SHORTAGE',
    maxAmount: '5000.00',
    condition: 'POD_CONFIRMS_SHORTAGE',
    active: true,
  },
  {
    __typename: 'ResolutionRule',
    id: 'r10',
    priority: 10,
    action: 'WRITE_OFF',
    accountId: FABRIKAM,
    reasonCode: null,
    maxAmount: '25.00',
    condition: null,
    active: false,
  },
];
const INVOICES = {
  __typename: 'InvoiceConnection',
  edges: [{ __typename: 'InvoiceEdge', node: { __typename: 'Invoice', id: 'i1', account: { __typename: 'Account', id: FABRIKAM, name: 'Fabrikam Foods' } } }],
};
const SAVED = { saveResolutionRule: { __typename: 'SettingSaved', resolutionRule: { __typename: 'ResolutionRule', id: 'r30' } } };

const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}\\s*\\*?$`));

afterEach(() => vi.unstubAllGlobals());

describe('Resolution rules screen', () => {
  it('lists the rules in the order they are tried, in words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(graphqlResponse({ resolutionRules: RULES, reasonCodeSettings: REASONS, invoices: INVOICES }))),
    );
    renderAdmin(
      <Routes>
        <Route path="admin/*" element={<AdminRoutes />} />
      </Routes>,
      '/admin/resolution-rules',
    );

    const table = await screen.findByRole('table', { name: 'Resolution rules' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/^10Write off up to 25\.00, any reason, Fabrikam FoodsInactive/);
    expect(rows[1]).toHaveTextContent('Approve (credit memo) up to 5,000.00, Shortage, any customer, when the proof of delivery confirms the shortage');
    expect(screen.getByRole('button', { name: 'New resolution rule' })).toBeInTheDocument();
  });

  it('sends a new write-off rule, with empty conditions as "any"', async () => {
    const fetchMock = stubGraphql(SAVED);
    const onSaved = vi.fn();
    renderAdmin(
      <ResolutionRuleForm rule={null} defaultPriority={30} reasons={[]} customers={[]} onSaved={onSaved} onCancel={() => {}} />,
    );

    fireEvent.change(field('Tolerance'), { target: { value: '25.00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(sentVariables(fetchMock)).toEqual({
      id: null,
      input: { priority: 30, action: 'WRITE_OFF', maxAmount: '25.00', accountId: null, reasonCode: null, condition: null, active: true },
    });
  });

  it('refuses a write-off rule without a tolerance, and shows the server\'s field errors beside their fields', async () => {
    const fetchMock = stubGraphql({
      saveResolutionRule: {
        __typename: 'InvalidInputResult',
        errors: [{ __typename: 'FieldError', field: 'priority', code: 'priority_taken', message: 'Another rule already has priority 30.' }],
      },
    });
    const onSaved = vi.fn();
    renderAdmin(
      <ResolutionRuleForm rule={null} defaultPriority={30} reasons={[]} customers={[]} onSaved={onSaved} onCancel={() => {}} />,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(field('Tolerance')).toHaveAccessibleDescription(/needs its tolerance/));
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(field('Tolerance'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(field('Priority')).toHaveAccessibleDescription(/Another rule already has priority 30\./));
    expect(onSaved).not.toHaveBeenCalled();
  });
});
