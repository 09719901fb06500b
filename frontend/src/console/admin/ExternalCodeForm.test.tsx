import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ExternalCodeForm } from './ExternalCodeForm';
import { renderAdmin, sentVariables, stubGraphql } from './testing';

const REASONS = [
  { code: 'COMPLIANCE', label: 'Compliance fine', active: true },
  { code: 'FREIGHT', label: 'Freight', active: true },
  { code: 'RETIRED', label: 'Retired reason', active: false },
];

function saved(scheme: string, code: string, reasonCode: string) {
  return {
    saveExternalReasonCode: {
      __typename: 'SettingSaved',
      writeOffLimit: null,
      reasonCode: null,
      routingRule: null,
      staffUser: null,
      savedView: null,
      externalReasonCode: { __typename: 'ExternalReasonCode', scheme, code, reasonCode },
    },
  };
}

const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}\\s*\\*?$`));

afterEach(() => vi.unstubAllGlobals());

describe('ExternalCodeForm', () => {
  it("maps a retailer's code, in the list's and the code's canonical case, onto an active reason", async () => {
    const fetchMock = stubGraphql(saved('acme_mart', 'OTIF', 'COMPLIANCE'));
    const onSaved = vi.fn();
    renderAdmin(<ExternalCodeForm mapping={null} reasons={REASONS} onSaved={onSaved} onCancel={() => {}} />);

    expect(screen.queryByRole('option', { name: /Retired reason/ })).toBeNull();
    fireEvent.change(field('Code list'), { target: { value: 'ACME_Mart' } });
    fireEvent.change(field('Code'), { target: { value: 'otif' } });
    fireEvent.change(field('Means'), { target: { value: 'COMPLIANCE' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add mapping' }));

    await waitFor(() =>
      expect(onSaved).toHaveBeenCalledWith({ __typename: 'ExternalReasonCode', scheme: 'acme_mart', code: 'OTIF', reasonCode: 'COMPLIANCE' }),
    );
    expect(sentVariables(fetchMock)).toEqual({ scheme: 'acme_mart', code: 'OTIF', reasonCode: 'COMPLIANCE' });
  });

  it('checks its fields before sending anything', () => {
    const fetchMock = stubGraphql(saved('x', 'y', 'z'));
    renderAdmin(<ExternalCodeForm mapping={null} reasons={REASONS} onSaved={() => {}} onCancel={() => {}} />);

    fireEvent.change(field('Code list'), { target: { value: 'has space' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add mapping' }));

    expect(screen.getByText(/Name the code list in lower case/)).toBeInTheDocument();
    expect(screen.getByText(/Give the code as it appears on the remittance/)).toBeInTheDocument();
    expect(screen.getByText('Choose the reason this code means.')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("re-points an existing mapping (its list and code fixed) and shows the server's refusal", async () => {
    stubGraphql({
      saveExternalReasonCode: { __typename: 'NotPermittedResult', message: 'Only an admin can change this.' },
    });
    const onSaved = vi.fn();
    renderAdmin(
      <ExternalCodeForm
        mapping={{ scheme: 'x12', code: '04', reasonCode: 'RETIRED' }}
        reasons={REASONS}
        onSaved={onSaved}
        onCancel={() => {}}
      />,
    );

    expect(field('Code list')).toHaveAttribute('readonly');
    expect(field('Means')).toHaveValue('RETIRED');
    fireEvent.change(field('Means'), { target: { value: 'FREIGHT' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Only an admin can change this.');
    expect(onSaved).not.toHaveBeenCalled();
  });
});
