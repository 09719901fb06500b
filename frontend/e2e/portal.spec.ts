import { expect, test } from './fixtures';
import { CUSTOMER, WRONG_PASSWORD_USER, invoiceRows, invoiceTable, submitSignIn } from './support';

test.describe('customer portal', () => {
  test('the portal sends every operation as its trusted document hash, never as text', async ({ signedIn }) => {
    const page = await signedIn(CUSTOMER);
    const bodies: Record<string, unknown>[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql' && request.method() === 'POST') {
        bodies.push(request.postDataJSON() as Record<string, unknown>);
      }
    });
    await page.goto('/portal/');
    await expect(invoiceRows(page)).toHaveCount(25);

    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      expect(body.query).toBeUndefined();
      const sha256Hash = expect.stringMatching(/^[0-9a-f]{64}$/);
      expect(body.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash } });
    }
    expect(bodies.map((body) => body.operationName)).toContain('PortalInvoices');
  });

  test('a customer signs in at / and works through their own invoices', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/portal\/?$/);
    await submitSignIn(page, CUSTOMER);

    await expect(page.getByRole('banner')).toContainText('Northwind Traders');
    await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
    await expect(page.getByText(/^Showing 1–25 of \d+$/)).toBeVisible();
    await expect(invoiceRows(page)).toHaveCount(25);
    // The whole list adds up, per currency: open, overdue and in dispute.
    await expect(page.getByRole('definition').first()).toContainText(/Open \$[\d,]+\.\d\d · Overdue \$[\d,]+\.\d\d · In dispute \$/);
    // Only Northwind's own invoices: no other customer's name anywhere.
    await expect(page.locator('body')).not.toContainText(/Contoso|Fabrikam/);

    const firstLink = invoiceRows(page).first().getByRole('link');
    const firstNumber = (await firstLink.textContent()) ?? '';
    expect(firstNumber).not.toBe('');

    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/^Showing 26–\d+ of \d+$/)).toBeVisible();
    await expect(firstLink).not.toHaveText(firstNumber);
    await expect(page.locator('body')).not.toContainText(/Contoso|Fabrikam/);

    await page.getByRole('button', { name: 'Previous' }).click();
    await expect(page.getByText(/^Showing 1–25 of \d+$/)).toBeVisible();
    await expect(firstLink).toHaveText(firstNumber);

    await firstLink.click();
    await expect(page).toHaveURL(/\/portal\/invoices\/[^/]+$/);
    await expect(page.getByRole('heading', { name: `Invoice ${firstNumber}`, level: 1 })).toBeVisible();
    const details = page.locator('dl[aria-label="Invoice details"]');
    await expect(details).toContainText('Due date');
    await expect(page.locator('dl[aria-label="Amounts"]')).toContainText('Open balance');
    const lines = page.getByRole('table', { name: 'Invoice lines' });
    await expect(lines.locator('tbody tr').first()).toBeVisible();
    expect(await lines.locator('tbody tr').count()).toBeGreaterThan(0);

    await page.getByRole('link', { name: /Back to invoices/ }).click();
    await expect(invoiceTable(page)).toBeVisible();
    await expect(page.getByText(/^Showing 1–25 of \d+$/)).toBeVisible();
  });

  test('a wrong password is refused in plain words', async ({ page }) => {
    await page.goto('/portal/');
    await submitSignIn(page, WRONG_PASSWORD_USER, 'not-the-password');

    await expect(page.getByRole('alert')).toContainText('Email or password is incorrect.');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(page.getByRole('banner')).toHaveCount(0);
  });

  test('signing out returns to the sign-in form and ends the session', async ({ page }) => {
    await page.goto('/portal/');
    await submitSignIn(page, CUSTOMER);
    await expect(invoiceTable(page)).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
    await expect(invoiceTable(page)).toHaveCount(0);
  });

  test('an expired session falls back to the sign-in form', async ({ page, context }) => {
    await page.goto('/portal/');
    await submitSignIn(page, CUSTOMER);
    await expect(invoiceTable(page)).toBeVisible();

    // The server forgets the session (as when it expires); the next query fails.
    await context.clearCookies({ name: 'recoup_session' });
    await page.getByRole('button', { name: 'Next' }).click();

    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
  });
});
