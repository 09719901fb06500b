import type { Page } from '@playwright/test';
import { expect, test, type SignedIn } from './fixtures';
import { CUSTOMER, invoiceRows, invoiceTable } from './support';

/** The customer (signed in by the fixture) on the portal's invoice list. */
async function signInToPortal(signedIn: SignedIn): Promise<Page> {
  const page = await signedIn(CUSTOMER);
  await page.goto('/portal/');
  await expect(invoiceTable(page)).toBeVisible();
  return page;
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

const MONEY = /\$[\d,]+\.\d{2}/;

test.describe('customer account, documents, conversation and people', () => {
  test('the account page shows terms, aging figures, a statement with its closing balance and a CSV download', async ({
    signedIn,
  }) => {
    const page = await signInToPortal(signedIn);
    await mainNav(page).getByRole('link', { name: 'Account' }).click();
    await expect(page).toHaveURL(/\/portal\/account$/);
    await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();

    const details = page.locator('dl[aria-label="Account details"]');
    await expect(details).toContainText('Northwind Traders');
    await expect(details).toContainText('C-1001');
    await expect(details).toContainText('Net 30 days');
    await expect(details).toContainText('$250,000.00');
    // their own payment habit, never anyone else's: days, or that nothing was paid
    await expect(details).toContainText(/You pay on average\s*(\d+\.\d days after the invoice date|No payments)/);

    const aging = page.locator('dl[aria-label="Aging"]');
    for (const bucket of ['Not yet due', '1–30 days overdue', 'Over 90 days overdue']) {
      await expect(aging).toContainText(bucket);
    }
    await expect(aging).toContainText(new RegExp(`Total open\\s*${MONEY.source}`));

    await expect(page.locator('dl[aria-label="Statement totals"]')).toContainText(
      new RegExp(`Closing balance\\s*${MONEY.source}`),
    );
    const statement = page.getByRole('table', { name: 'Statement' });
    await expect(statement).toContainText('Closing balance');
    await expect(statement).toContainText('for information only');

    const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/statement\?period_from=\d{4}-\d{2}-01&period_to=\d{4}-\d{2}-\d{2}&format=csv$/);
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^account,C-1001,Northwind Traders/);
    const pdfHref = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    expect((await page.request.get(pdfHref!)).headers()['content-type']).toContain('application/pdf');

    // Payments, newest first, each linking to the invoices it paid.
    const payments = page.getByRole('table', { name: 'Payments' });
    await expect(payments.locator('tbody tr').first()).toBeVisible();
    await expect(payments.locator('tbody tr').first().getByRole('link').first()).toHaveAttribute(
      'href',
      /\/portal\/invoices\/[^/]+$/,
    );
    await expect(page.getByRole('navigation', { name: 'Payment pages' })).toContainText(/Showing 1–\d+ of \d+/);

    // A reversed period is said at once beside the dates, and there are no downloads.
    await page.getByLabel(/^From/).fill('2099-01-01');
    await expect(page.getByText('The first day must be on or before the last day.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveCount(0);
  });

  test('an invoice offers its PDF and lists its documents', async ({ signedIn }) => {
    const page = await signInToPortal(signedIn);
    const link = invoiceRows(page).first().getByRole('link');
    const number = (await link.textContent()) ?? '';
    await link.click();
    await expect(page.getByRole('heading', { name: `Invoice ${number}`, level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Documents', level: 2 })).toBeVisible();

    const href = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/invoices\/[^/]+\/pdf$/);
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('a reply posted on a dispute appears in the conversation', async ({ signedIn }) => {
    const page = await signInToPortal(signedIn);
    await mainNav(page).getByRole('link', { name: 'Disputes' }).click();
    const rows = page.getByRole('table', { name: 'Disputes' }).locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    // The list names each dispute's invoice by number.
    await expect(rows.first().getByRole('link', { name: /^INV-NW-\d+$/ })).toBeVisible();
    await rows.first().getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: 'Conversation', level: 2 })).toBeVisible();

    const text = `Could you send the signed delivery note? (${Date.now()})`;
    const box = page.getByRole('textbox', { name: 'Your reply' });
    await box.fill(text);
    await page.getByRole('button', { name: 'Send reply' }).click();

    const thread = page.getByRole('list', { name: 'Conversation' });
    await expect(thread).toContainText(text);
    await expect(thread.getByRole('listitem').filter({ hasText: text })).toContainText(
      'Northwind Traders · Nora Lindqvist',
    );
    await expect(box).toHaveValue('');
  });

  test('the administrator invites a colleague and sees the invitation in the list', async ({ signedIn }) => {
    const page = await signInToPortal(signedIn);
    await mainNav(page).getByRole('link', { name: 'People' }).click();
    await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
    const people = page.getByRole('table', { name: 'People' });
    // The administrator is listed, and cannot deactivate themself.
    const self = people.locator('tbody tr').filter({ hasText: 'ap@northwind.example' });
    await expect(self).toContainText('Active');
    await expect(self.getByRole('button', { name: /Deactivate/ })).toHaveCount(0);

    const email = `colleague-${Date.now()}@northwind.example`;
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('textbox', { name: 'Full name' }).fill('Casey Colleague');
    await page.getByRole('button', { name: 'Send invitation' }).click();

    await expect(page.getByRole('status').filter({ hasText: `We sent an invitation to ${email}` })).toBeVisible();
    const row = people.locator('tbody tr').filter({ hasText: email });
    await expect(row).toContainText('Invitation sent');
    await expect(row).toContainText('Casey Colleague');

    // The same address again is refused beside the e-mail field, in the server's words.
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('textbox', { name: 'Full name' }).fill('Casey Again');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription(
      'This e-mail address already has a Recoup login.',
    );
  });

  test('forgot password shows the neutral message, without a session', async ({ page }) => {
    await page.goto('/portal/');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page).toHaveURL(/\/portal\/forgot-password$/);
    await expect(page.getByRole('heading', { name: 'Reset your password', level: 1 })).toBeVisible();

    await page.getByRole('textbox', { name: 'Email' }).fill(`nobody-${Date.now()}@example.com`);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByText('If that address has a Recoup login, a reset link is on its way.')).toBeVisible();
  });

  test('an invitation link that no longer works says so in the server’s words', async ({ page }) => {
    await page.goto('/portal/accept-invite?token=not-a-real-token');
    await expect(page.getByRole('heading', { name: 'Welcome to Recoup', level: 1 })).toBeVisible();
    await page.getByLabel(/^New password/).fill('short');
    await page.getByLabel(/^Repeat the new password/).fill('short');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByText('Use at least 10 characters.')).toBeVisible();

    await page.getByLabel(/^New password/).fill('a-long-enough-password');
    await page.getByLabel(/^Repeat the new password/).fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByRole('alert')).toContainText('This invitation link has expired or was already used.');
  });

  test('the invoice list sorts and filters by total, and shows the server’s word on a bad amount', async ({ signedIn }) => {
    const page = await signInToPortal(signedIn);
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Largest total' });
    await expect(page).toHaveURL(/sort=AMOUNT_HIGHEST/);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/after=/);
    // A cursor belongs to its sort: changing the sort starts again on page one.
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Due soonest' });
    await expect(page).toHaveURL(/sort=DUE_SOONEST/);
    await expect(page).not.toHaveURL(/after=/);
    await expect(page.getByText(/^Showing 1–25 of \d+$/)).toBeVisible();

    const from = page.getByRole('textbox', { name: 'Total from' });
    await from.fill('12.345');
    await from.press('Enter');
    await expect(page).toHaveURL(/amountMin=12\.345/);
    await expect(page.getByRole('alert')).toContainText('Amount filters are zero or more, with at most two decimals.');
    await expect(from).toHaveAttribute('aria-invalid', 'true');

    await from.fill('5000');
    await from.press('Enter');
    await expect(page).toHaveURL(/amountMin=5000(&|$)/);
    await expect(invoiceRows(page).first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
