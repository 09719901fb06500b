import type { Page } from '@playwright/test';
import { expect, test, type SignedIn } from './fixtures';
import { CLERK, CUSTOMER, minimalPdf } from './support';

// The document archive in the browser: search in the portal and the console over the demo's
// documents (their text is read by the backend's worker after start), and staff's internal documents.

const CONTOSO = 'ap@contoso.example';

/** `email` at `area`, in a browser context of their own (signed in by the fixture). */
async function openAs(signedIn: SignedIn, area: 'portal' | 'console', email: string): Promise<Page> {
  const page = await signedIn(email);
  await page.goto(`/${area}/`);
  await expect(page.getByRole('banner')).toContainText(area === 'portal' ? 'Sign out' : 'Staff console');
  return page;
}

async function search(page: Page, words: string) {
  await page.getByRole('textbox', { name: 'Search', exact: true }).fill(words);
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
}

test.describe('document archive', () => {
  test('a customer finds a proof of delivery by what it says, opens its dispute; another customer finds nothing', async ({
    signedIn,
  }) => {
    // Waits for the backend's worker to index documents, which is slow while the machine is busy.
    test.setTimeout(120_000);
    const customer = await openAs(signedIn, 'portal', CUSTOMER);
    await customer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click();
    await expect(customer.getByRole('heading', { name: 'Documents', level: 1 })).toBeVisible();

    // The demo's PODs are read shortly after the backend starts: search until they are in the index.
    await expect(async () => {
      await search(customer, 'cartons crushed');
      await expect(customer.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible({
        timeout: 10_000,
      });
    }).toPass({ timeout: 60_000 });
    await expect(customer).toHaveURL(/\/portal\/documents\?q=cartons\+crushed/);
    const hit = customer.getByRole('list', { name: 'Search results' }).getByRole('listitem').first();
    await expect(hit.locator('mark').first()).toHaveText(/crush|carton/i);
    const filename = (await hit.getByRole('link').first().textContent()) ?? '';
    expect(filename).toMatch(/^POD DN-\d+\.pdf$/);
    const deliveryNumber = filename.replace(/^POD /, '').replace(/\.pdf$/, '');

    await hit.getByRole('link', { name: 'Open the dispute' }).click();
    await expect(customer).toHaveURL(/\/portal\/disputes\/[^/]+$/);
    await expect(customer.getByRole('table', { name: 'Documents' })).toContainText(filename);

    // Contoso searching for Northwind's delivery number sees no hit, no count, no snippet.
    const contoso = await openAs(signedIn, 'portal', CONTOSO);
    await contoso.goto(`/portal/documents?q=${encodeURIComponent(deliveryNumber)}`);
    await expect(contoso.getByText(`No document matches “${deliveryNumber}”.`)).toBeVisible();
    await expect(contoso.locator('mark')).toHaveCount(0);
    await customer.context().close();
    await contoso.context().close();
  });

  test('a clerk adds an internal document to a case; staff find it, the customer never sees it', async ({ signedIn }) => {
    // Waits for the backend's worker to index documents, which is slow while the machine is busy.
    test.setTimeout(120_000);
    const run = `${Date.now().toString(36)}`;
    const clerk = await openAs(signedIn, 'console', CLERK);
    // A Northwind case with documents (the demo's PODs sit on open cases; the customer's name is indexed too).
    await clerk.goto('/console/documents?q=proof+of+delivery+northwind');
    await expect(async () => {
      await clerk.reload();
      await expect(clerk.getByRole('link', { name: 'Open the case' }).first()).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 60_000 });
    await clerk.getByRole('link', { name: 'Open the case' }).first().click();
    await expect(clerk).toHaveURL(/\/console\/cases\/[^/]+$/);
    const casePath = new URL(clerk.url()).pathname;

    const filename = `carrier-claim-${run}.pdf`;
    await clerk
      .getByRole('group', { name: 'Add an internal document (not shown to the customer)' })
      .locator('input[type="file"]')
      .setInputFiles({ name: filename, mimeType: 'application/pdf', buffer: minimalPdf() });
    const row = clerk.getByRole('table', { name: 'Documents' }).locator('tr', { hasText: filename });
    await expect(row).toContainText('Internal');

    // Staff search finds it by its file name (once the worker has indexed it); the customer of the case does not.
    await clerk.goto(`/console/documents?q=${encodeURIComponent(`carrier claim ${run}`)}`);
    await expect(async () => {
      await clerk.reload();
      await expect(clerk.getByRole('list', { name: 'Search results' })).toContainText(filename, { timeout: 10_000 });
    }).toPass({ timeout: 60_000 });
    const caseId = casePath.split('/').at(-1)!;
    const customer = await openAs(signedIn, 'portal', CUSTOMER);
    await customer.goto(`/portal/disputes/${caseId}`);
    await expect(customer.getByRole('table', { name: 'Documents' })).toBeVisible();
    await expect(customer.getByRole('table', { name: 'Documents' })).not.toContainText(filename);
    await customer.goto(`/portal/documents?q=${encodeURIComponent(`carrier claim ${run}`)}`);
    await expect(customer.getByText(/No document matches/)).toBeVisible();
    await clerk.context().close();
    await customer.context().close();
  });
});
