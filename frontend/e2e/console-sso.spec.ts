import { expect, test, type Page } from '@playwright/test';

// Staff single sign-on in a real browser: the console's button, the backend's
// authorization-code + PKCE flow, and the local identity-provider stand-in
// (tests/support/idp.py, started by `make test`) that signs real RS256 ID tokens.

const IDP = process.env.RECOUP_E2E_IDP_URL;

/** Tells the stand-in who signs in next (a null role: no Recoup role claim). */
async function nextIdentity(page: Page, identity: { email: string; name: string; role: string | null }) {
  if (!IDP) throw new Error('RECOUP_E2E_IDP_URL is not set: run the browser tests through `make test`.');
  const response = await page.request.post(`${IDP}/stand-in/identity`, { data: { ...identity, mode: 'honest' } });
  expect(response.ok()).toBe(true);
}

function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

test.describe('staff console: single sign-on', () => {
  test('a credit manager signs in through the identity provider and lands in the work queue', async ({ page }) => {
    const email = `sso.${runId()}@recoup.example`;
    await nextIdentity(page, { email, name: 'Sasha Single', role: 'credit_manager' });

    await page.goto('/console/');
    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();

    await expect(page.getByRole('banner')).toContainText('Staff console');
    await expect(page.getByRole('banner')).toContainText('Sasha Single');
    await expect(page.getByRole('banner')).toContainText('Credit manager');
    await expect(page.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/console\/queue\?status=NEW/); // the open cases, where the console opens
  });

  test('someone the identity provider gives no staff role is told so and stays signed out', async ({ page }) => {
    await nextIdentity(page, { email: `nobody.${runId()}@recoup.example`, name: 'No Role', role: null });

    await page.goto('/console/');
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();

    await expect(page.getByRole('alert')).toContainText('Your identity provider gives you no Recoup staff role.');
    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
    // The reason is read once: the address is cleaned, and a reload shows a plain sign-in form.
    await expect(page).toHaveURL(/\/console\/$/);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
