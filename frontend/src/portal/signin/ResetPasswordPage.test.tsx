import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter, Route, Routes } from 'react-router';
import { recoupTheme } from '../../shared/app/theme';
import { SessionProvider } from '../../shared/auth/SessionProvider';
import { ResetPasswordPage } from './ResetPasswordPage';

function renderPage(url = '/reset-password?token=tok-123') {
  render(
    <MantineProvider theme={recoupTheme}>
      <SessionProvider>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/reset-password" element={<ResetPasswordPage />} />
          </Routes>
        </MemoryRouter>
      </SessionProvider>
    </MantineProvider>,
  );
}

function fill(password: string, repeat = password) {
  fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: password } });
  fireEvent.change(screen.getByLabelText(/^Repeat the new password/), { target: { value: repeat } });
  fireEvent.click(screen.getByRole('button', { name: 'Save new password' }));
}

afterEach(() => vi.unstubAllGlobals());

describe('ResetPasswordPage', () => {
  it('checks length and match before sending anything', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderPage();

    fill('short');
    expect(screen.getByLabelText(/^New password/)).toHaveAccessibleDescription(
      expect.stringContaining('Use at least 10 characters.'),
    );
    fill('long-enough-1', 'long-enough-2');
    expect(screen.getByLabelText(/^Repeat the new password/)).toHaveAccessibleDescription(
      "The two passwords don't match.",
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends the token and password as JSON, then shows the sign-in form with a note', async () => {
    const fetchMock = vi.fn().mockResolvedValue(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    renderPage();

    fill('correct horse battery');

    expect(await screen.findByRole('heading', { name: 'Sign in to Recoup' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Password changed — sign in with your new password.');
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/auth/password-reset/confirm');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ 'Content-Type': 'application/json' });
    expect(init.headers).not.toHaveProperty('X-CSRF-Token');
    expect(JSON.parse(init.body as string)).toEqual({ token: 'tok-123', password: 'correct horse battery' });
  });

  it("shows the server's word on an expired link, with where to get a new one", async () => {
    const message = 'This password reset link has expired or was already used. Ask for a new one.';
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response(JSON.stringify({ code: 'token_invalid', message }), {
          status: 400,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    renderPage();

    fill('correct horse battery');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
  });

  it("puts the server's password rule beside the password", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response(JSON.stringify({ code: 'password_too_short', message: 'Use at least 12 characters.' }), {
          status: 400,
        }),
      ),
    );
    renderPage();
    fill('ten chars!');
    await waitFor(() =>
      expect(screen.getByLabelText(/^New password/)).toHaveAccessibleDescription(
        expect.stringContaining('Use at least 12 characters.'),
      ),
    );
  });

  it('explains a link without its token', () => {
    renderPage('/reset-password');
    expect(screen.getByRole('heading', { name: 'This link is incomplete' })).toBeInTheDocument();
  });
});
