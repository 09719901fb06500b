import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = process.env.RECOUP_DEMO_PASSWORD ?? 'recoup-demo';

export const CUSTOMER = 'ap@northwind.example';
export const CLERK = 'clerk@recoup.example';
/**
 * For the wrong-password test only: the backend locks an address after a few
 * failed sign-ins, so failures must never be spent on the users other tests need.
 */
export const WRONG_PASSWORD_USER = 'ap@fabrikam.example';

/** Fills in the sign-in form on the current page and submits it. */
export async function submitSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export function invoiceTable(page: Page) {
  return page.getByRole('table', { name: 'Invoices' });
}

/** The data rows of the invoice list (without the header row). */
export function invoiceRows(page: Page) {
  return invoiceTable(page).locator('tbody tr');
}
