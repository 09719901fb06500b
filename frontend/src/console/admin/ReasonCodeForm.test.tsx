import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ReasonCodeForm } from './ReasonCodeForm';
import { renderAdmin, sentVariables, stubGraphql } from './testing';

const SAVED = {
  saveReasonCode: {
    __typename: 'SettingSaved',
    writeOffLimit: null,
    reasonCode: { __typename: 'ReasonCodeSetting', code: 'OTIF_FINE' },
    routingRule: null,
    staffUser: null,
    savedView: null,
  },
};

const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}\\s*\\*?$`));

afterEach(() => vi.unstubAllGlobals());

describe('ReasonCodeForm', () => {
  it('adds a code in capitals with its category, SLA and flags', async () => {
    const fetchMock = stubGraphql(SAVED);
    const onSaved = vi.fn();
    renderAdmin(<ReasonCodeForm reason={null} existingCodes={['SHORTAGE']} onSaved={onSaved} onCancel={() => {}} />);

    fireEvent.change(field('Code'), { target: { value: 'otif_fine' } });
    expect(field('Code')).toHaveValue('OTIF_FINE');
    fireEvent.change(field('Label'), { target: { value: ' OTIF fine ' } });
    fireEvent.change(field('Category'), { target: { value: 'trade' } });
    fireEvent.change(field('SLA \\(days\\)'), { target: { value: '14' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^Requires a description/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add reason code' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('OTIF_FINE'));
    expect(sentVariables(fetchMock)).toEqual({
      input: { code: 'OTIF_FINE', label: 'OTIF fine', category: 'trade', slaDays: 14, requiresDescription: true, active: true },
    });
  });

  it('does not silently replace an existing code, and shows the server\'s field errors', async () => {
    const fetchMock = stubGraphql({
      saveReasonCode: {
        __typename: 'InvalidInputResult',
        errors: [{ __typename: 'FieldError', field: 'code', code: 'code_invalid', message: 'Use capitals, digits and underscores, e.g. OTIF_FINE.' }],
      },
    });
    renderAdmin(<ReasonCodeForm reason={null} existingCodes={['SHORTAGE']} onSaved={() => {}} onCancel={() => {}} />);

    fireEvent.change(field('Code'), { target: { value: 'SHORTAGE' } });
    fireEvent.change(field('Label'), { target: { value: 'Shortage' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add reason code' }));
    await waitFor(() => expect(field('Code')).toHaveAccessibleDescription(/SHORTAGE exists already/));
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(field('Code'), { target: { value: 'X' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add reason code' }));
    await waitFor(() => expect(field('Code')).toHaveAccessibleDescription(/Use capitals, digits and underscores/));
  });

  it('keeps the code of a reason being changed', () => {
    stubGraphql(SAVED);
    renderAdmin(
      <ReasonCodeForm
        reason={{ code: 'SHORTAGE', label: 'Shortage', category: 'trade', slaDays: 10, requiresDescription: false, active: true }}
        existingCodes={['SHORTAGE']}
        onSaved={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(field('Code')).toHaveAttribute('readonly');
    expect(field('SLA \\(days\\)')).toHaveValue('10');
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeInTheDocument();
  });
});
