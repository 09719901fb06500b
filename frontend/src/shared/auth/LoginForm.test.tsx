import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { LoginForm } from './LoginForm';
import { SignInError } from './session';

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('LoginForm', () => {
  it('posts the credentials and hands the result over', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(200, { role: 'CUSTOMER_USER', isStaff: false }));
    vi.stubGlobal('fetch', fetchMock);
    const onSignedIn = vi.fn();
    renderWithTheme(<LoginForm areaLabel="Customer portal" onSignedIn={onSignedIn} />);

    fillAndSubmit(' ap@northwind.example ', 'secret');

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith({ role: 'CUSTOMER_USER', isStaff: false }));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/auth/login');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ email: 'ap@northwind.example', password: 'secret' });
  });

  it("shows the server's message for wrong credentials and is disabled while submitting", async () => {
    let answer: (response: Response) => void = () => {};
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))));
    renderWithTheme(<LoginForm areaLabel="Customer portal" onSignedIn={vi.fn()} />);

    fillAndSubmit('ap@northwind.example', 'wrong');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    expect(screen.getByLabelText(/^Email/)).toBeDisabled();

    answer(jsonResponse(401, { code: 'invalid_credentials', message: 'Email or password is incorrect.' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('shows a refusal thrown by the app', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(200, { role: 'CUSTOMER_USER', isStaff: false })));
    const refuse = () => {
      throw new SignInError('not_staff', 'This is the staff console.');
    };
    renderWithTheme(<LoginForm areaLabel="Staff console" onSignedIn={refuse} />);

    fillAndSubmit('ap@northwind.example', 'secret');

    expect(await screen.findByRole('alert')).toHaveTextContent('This is the staff console.');
  });

  it('asks for both fields before calling the server', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderWithTheme(<LoginForm areaLabel="Customer portal" onSignedIn={vi.fn()} />);

    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Enter your email address and password.');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
