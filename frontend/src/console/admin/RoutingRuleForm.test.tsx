import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { RoutingRuleRowFragment } from '../../shared/graphql/generated';
import { RoutingRuleForm } from './RoutingRuleForm';
import { renderAdmin, sentVariables, stubGraphql } from './testing';

const STAFF = [
  { id: 'u-alex', fullName: 'Alex Clerk' },
  { id: 'u-robin', fullName: 'Robin Credit' },
];
const REASONS = [
  { code: 'SHORTAGE', label: 'Shortage', active: true },
  { code: 'OLD_CODE', label: 'Old code', active: false },
];
const NORTHWIND = '0b6d7c1e-5a4f-4c59-9d3a-0d6f2f1b9a10';
const CUSTOMERS = [{ id: NORTHWIND, name: 'Northwind Traders' }];
const SAVED = {
  saveRoutingRule: {
    __typename: 'SettingSaved',
    writeOffLimit: null,
    reasonCode: null,
    routingRule: { __typename: 'RoutingRule', id: 'rule-1' },
    staffUser: null,
    savedView: null,
  },
};

function renderForm(rule: RoutingRuleRowFragment | null = null) {
  const onSaved = vi.fn();
  renderAdmin(
    <RoutingRuleForm
      rule={rule}
      defaultPriority={30}
      staff={STAFF}
      reasons={REASONS}
      customers={CUSTOMERS}
      onSaved={onSaved}
      onCancel={() => {}}
    />,
  );
  return onSaved;
}

const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}\\s*\\*?$`));
const submit = () => fireEvent.click(screen.getByRole('button', { name: /^(Create|Save) rule$/ }));

afterEach(() => vi.unstubAllGlobals());

describe('RoutingRuleForm', () => {
  it('sends a new rule with empty conditions as null ("any")', async () => {
    const fetchMock = stubGraphql(SAVED);
    const onSaved = renderForm();
    expect(field('Priority')).toHaveValue('30');

    fireEvent.change(field('Assign to'), { target: { value: 'u-robin' } });
    fireEvent.change(field('Customer'), { target: { value: NORTHWIND } });
    fireEvent.change(field('From amount'), { target: { value: '1000.00' } });
    submit();

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(sentVariables(fetchMock)).toEqual({
      id: null,
      input: {
        priority: 30,
        assigneeId: 'u-robin',
        reasonCode: null,
        accountId: NORTHWIND,
        minAmount: '1000.00',
        maxAmount: null,
        active: true,
      },
    });
  });

  it('changes an existing rule by its id, keeping a customer that is not listed', async () => {
    const fetchMock = stubGraphql(SAVED);
    const other = '5e0c1f7a-1111-4222-8333-944445555666';
    const onSaved = renderForm({
      id: 'rule-7',
      priority: 5,
      reasonCode: 'SHORTAGE',
      accountId: other,
      minAmount: null,
      maxAmount: '250.00',
      assigneeId: 'u-alex',
      active: true,
    });
    expect(field('Customer')).toHaveValue('__other__');
    expect(field('Customer account id')).toHaveValue(other);

    fireEvent.click(screen.getByRole('checkbox', { name: /^Active/ }));
    submit();

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(sentVariables(fetchMock)).toMatchObject({
      id: 'rule-7',
      input: { priority: 5, reasonCode: 'SHORTAGE', accountId: other, maxAmount: '250.00', active: false },
    });
  });

  it('sends nothing that could not be sent, and says why beside each field', async () => {
    const fetchMock = stubGraphql(SAVED);
    renderForm();

    fireEvent.change(field('Priority'), { target: { value: 'first' } });
    fireEvent.change(field('Customer'), { target: { value: '__other__' } });
    fireEvent.change(field('Customer account id'), { target: { value: 'Northwind' } });
    fireEvent.change(field('Up to amount'), { target: { value: '1.000,00' } });
    submit();

    await waitFor(() => expect(field('Priority')).toHaveAccessibleDescription(/Enter a whole number/));
    expect(field('Assign to')).toHaveAccessibleDescription(/Choose who gets the matching cases/);
    expect(field('Customer account id')).toHaveAccessibleDescription(/account's id/);
    expect(field('Up to amount')).toHaveAccessibleDescription(/Enter an amount as a number/);
    expect(field('From amount')).not.toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows the server's field errors beside their fields and the rest above the form", async () => {
    stubGraphql({
      saveRoutingRule: {
        __typename: 'InvalidInputResult',
        errors: [
          { __typename: 'FieldError', field: 'maxAmount', code: 'band_reversed', message: 'The band is reversed.' },
          { __typename: 'FieldError', field: 'assigneeId', code: 'assignee_invalid', message: 'Choose an active staff member.' },
          { __typename: 'FieldError', field: '', code: 'odd', message: 'Something else.' },
        ],
      },
    });
    const onSaved = renderForm();

    fireEvent.change(field('Assign to'), { target: { value: 'u-alex' } });
    fireEvent.change(field('From amount'), { target: { value: '500' } });
    fireEvent.change(field('Up to amount'), { target: { value: '100' } });
    submit();

    await waitFor(() => expect(field('Up to amount')).toHaveAccessibleDescription(/The band is reversed\./));
    expect(field('Up to amount')).toHaveAttribute('aria-invalid', 'true');
    expect(field('Assign to')).toHaveAccessibleDescription(/Choose an active staff member\./);
    expect(screen.getByRole('alert')).toHaveTextContent('Something else.');
    expect(onSaved).not.toHaveBeenCalled();

    // Correcting a field clears its message.
    fireEvent.change(field('Up to amount'), { target: { value: '900' } });
    expect(field('Up to amount')).not.toHaveAttribute('aria-invalid', 'true');
  });
});
