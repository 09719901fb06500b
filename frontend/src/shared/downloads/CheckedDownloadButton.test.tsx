import { fireEvent, render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recoupTheme } from '../app/theme';
import { CheckedDownloadButton, offeredFilename } from './CheckedDownloadButton';

afterEach(() => vi.unstubAllGlobals());

function renderButton() {
  render(
    <MantineProvider theme={recoupTheme}>
      <CheckedDownloadButton href="/api/statement?format=pdf" filename="statement.pdf">
        Download PDF
      </CheckedDownloadButton>
    </MantineProvider>,
  );
}

describe('CheckedDownloadButton', () => {
  it("shows the server's refusal beside the button instead of opening its JSON", async () => {
    const refusal = { code: 'period_reversed', message: 'The start date must be on or before the end date.' };
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(JSON.stringify(refusal), { status: 400 })));
    renderButton();

    fireEvent.click(screen.getByRole('link', { name: 'Download PDF' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The start date must be on or before the end date.');
  });

  it('saves the file under the name the server offers', async () => {
    const created = vi.fn().mockReturnValue('blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const headers = { 'content-disposition': `attachment; filename="x.pdf"; filename*=UTF-8''Caf%C3%A9.pdf` };
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('%PDF-1.7', { status: 200, headers })));
    renderButton();

    fireEvent.click(screen.getByRole('link', { name: 'Download PDF' }));

    await vi.waitFor(() => expect(clicked).toHaveBeenCalled());
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toBe('Café.pdf');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('reads a plain or missing filename', () => {
    expect(offeredFilename('attachment; filename="INV-1.pdf"', 'f')).toBe('INV-1.pdf');
    expect(offeredFilename(null, 'fallback.csv')).toBe('fallback.csv');
  });
});
