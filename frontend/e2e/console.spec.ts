import { expect, test } from './fixtures';
import { CLERK, CUSTOMER, invoiceRows, invoiceTable, submitSignIn } from './support';

test.describe('staff console', () => {
  test('a clerk sees invoices across customers and opens one', async ({ signedIn }) => {
    const page = await signedIn(CLERK);
    await page.goto('/console/');

    await expect(page.getByRole('banner')).toContainText('Staff console');
    // The console opens on the work queue; the invoice list is one click away.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await expect(invoiceTable(page).getByRole('columnheader', { name: 'Customer' })).toBeVisible();
    await expect(invoiceRows(page)).toHaveCount(25);

    // The Customer column is the second one.
    const customers = new Set(await invoiceRows(page).locator('td:nth-child(2)').allTextContents());
    expect(customers.size, `customers on the first page: ${[...customers].join(', ')}`).toBeGreaterThanOrEqual(2);

    const firstRow = invoiceRows(page).first();
    const customer = (await firstRow.locator('td:nth-child(2)').textContent()) ?? '';
    const number = (await firstRow.getByRole('link').textContent()) ?? '';
    await firstRow.getByRole('link').click();

    await expect(page).toHaveURL(/\/console\/invoices\/[^/]+$/);
    await expect(page.getByRole('heading', { name: `Invoice ${number}`, level: 1 })).toBeVisible();
    await expect(page.locator('dl[aria-label="Invoice details"]')).toContainText(customer);
    const lines = page.getByRole('table', { name: 'Invoice lines' });
    await expect(lines.locator('tbody tr').first()).toBeVisible();
  });

  test('a customer is refused and signed out', async ({ page }) => {
    await page.goto('/console/');
    await submitSignIn(page, CUSTOMER);

    await expect(page.getByRole('alert')).toContainText('staff console');
    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
    await expect(invoiceTable(page)).toHaveCount(0);

    // Signed out for real: the portal asks to sign in too.
    await page.goto('/portal/');
    await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
  });
});
