import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { CUSTOMER, invoiceRows, invoiceTable, minimalPdf } from './support';

const OTHER_CUSTOMERS = /Contoso|Fabrikam/;

/** The portal's invoice list, for the customer the page is signed in as (`test.use({ user })`). */
async function signInToPortal(page: Page) {
  await page.goto('/portal/');
  await expect(invoiceTable(page)).toBeVisible();
}

/** Narrows the invoice list to overdue invoices with the Status filter. */
async function filterOverdue(page: Page) {
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Overdue' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/status=OVERDUE/);
  await expect(invoiceRows(page).first()).toBeVisible();
  // The previous page stays on screen while the filtered one loads: wait until only overdue rows are left.
  await expect(invoiceRows(page).locator('[data-status]:not([data-status="OVERDUE"])')).toHaveCount(0);
}

/**
 * Opens the first overdue invoice that has at least `minLines` lines and can
 * still be disputed; returns its number. Other tests may have filed disputes
 * already, so this does not assume a particular invoice.
 */
async function openDisputableOverdueInvoice(page: Page, minLines = 1): Promise<string> {
  const count = await invoiceRows(page).count();
  for (let index = 0; index < count; index += 1) {
    const link = invoiceRows(page).nth(index).getByRole('link');
    const number = (await link.textContent()) ?? '';
    await link.click();
    await expect(page.getByRole('heading', { name: `Invoice ${number}`, level: 1 })).toBeVisible();
    const lines = await page.getByRole('table', { name: 'Invoice lines' }).locator('tbody tr').count();
    if (lines >= minLines && (await page.getByRole('link', { name: 'Dispute this invoice' }).count()) === 1) {
      return number;
    }
    await page.getByRole('link', { name: /Back to invoices/ }).click();
    await expect(invoiceRows(page).first()).toBeVisible();
  }
  throw new Error(`No overdue invoice with ${minLines}+ lines is left to dispute`);
}

async function startDispute(page: Page, number: string) {
  await page.getByRole('link', { name: 'Dispute this invoice' }).click();
  await expect(page).toHaveURL(/\/portal\/invoices\/[^/]+\/dispute$/);
  await expect(page.getByRole('heading', { name: `Dispute invoice ${number}`, level: 1 })).toBeVisible();
}

test.describe('customer files and follows a dispute', () => {
  test.use({ user: CUSTOMER });

  test('files a dispute on two lines with a PDF, then finds it on its page and in the list', async ({ page }) => {
    // Filing, an upload through the sandbox and a download: ~4 s idle, ~7 s on a loaded 2-core machine.
    test.setTimeout(90_000);
    await signInToPortal(page);
    await filterOverdue(page);
    const number = await openDisputableOverdueInvoice(page, 2);
    await expect(page.getByRole('heading', { name: 'Disputes', level: 2 })).toBeVisible();
    await startDispute(page, number);

    await page.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Shortage' });
    await page.getByRole('radio', { name: 'Specific lines' }).check();
    const lines = page.getByRole('table', { name: 'Lines to dispute' });
    const firstLineAmount = (await lines.locator('tbody tr').nth(0).locator('td').nth(5).textContent()) ?? ''; // after the unit price
    await lines.getByRole('checkbox', { name: 'Dispute line 1' }).check();
    await lines.getByRole('checkbox', { name: 'Dispute line 2' }).check();
    // Each chosen line starts with its whole amount; the total is their exact sum.
    const lineOne = lines.getByRole('textbox', { name: 'Disputed amount, line 1' });
    expect(firstLineAmount.replace(/[^\d.]/g, '')).toBe(await lineOne.inputValue());
    await lineOne.fill('10.10');
    await lines.getByRole('textbox', { name: 'Disputed amount, line 2' }).fill('5.20');
    await expect(page.getByTestId('disputed-total')).toHaveText('Total disputed: $15.30');
    await page.getByRole('textbox', { name: 'Description' }).fill('Two cartons short on delivery.');

    await page.locator('input[type="file"]').setInputFiles({
      name: 'proof-of-delivery.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });
    await expect(page.getByText('Ready to upload')).toBeVisible();

    // Hold the upload until its progress bar has been seen (not for a time: a loaded machine may take longer).
    let releaseUpload = () => {};
    const uploadHeld = new Promise<void>((resolve) => (releaseUpload = resolve));
    await page.route('**/api/documents/*/content', async (route) => {
      await uploadHeld;
      await route.continue();
    });
    await page.getByRole('button', { name: 'File dispute' }).click();
    const progress = page.getByRole('progressbar', { name: 'Uploading proof-of-delivery.pdf' });
    await expect(progress).toBeAttached();
    // The filled part may still be 0 px wide; the bar's track is what shows.
    await expect(progress.locator('..')).toBeVisible();
    releaseUpload();
    await expect(page.getByText('Your dispute is filed')).toBeVisible();

    await expect(page).toHaveURL(/\/portal\/disputes\/[^/]+$/);
    const disputeUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { name: 'Dispute: Shortage', level: 1 })).toBeVisible();
    const details = page.locator('dl[aria-label="Dispute details"]');
    await expect(details).toContainText('New');
    await expect(details).toContainText('$15.30');
    await expect(details).toContainText(`View invoice ${number}`);
    await expect(page.getByRole('list', { name: 'Dispute timeline' })).toContainText('New');
    // The claim stays visible as filed: which lines, and how much on each.
    const claimed = page.getByRole('table', { name: 'Claimed lines' }).locator('tbody tr');
    await expect(claimed).toHaveCount(2);
    await expect(claimed.nth(0)).toContainText('$10.10');
    await expect(claimed.nth(1)).toContainText('$5.20');
    const documentLink = page.getByRole('table', { name: 'Documents' }).getByRole('link', {
      name: 'proof-of-delivery.pdf',
    });
    await expect(documentLink).toBeVisible();
    const download = page.waitForEvent('download');
    await documentLink.click();
    expect((await download).suggestedFilename()).toBe('proof-of-delivery.pdf');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disputes' }).click();
    await expect(page.getByRole('heading', { name: 'Disputes', level: 1 })).toBeVisible();
    const row = page.getByRole('table', { name: 'Disputes' }).locator(`tr:has(a[href="${disputeUrl}"])`);
    await expect(row).toContainText('New');
    await expect(row).toContainText('$15.30');
    await expect(row.getByRole('link', { name: number })).toBeVisible();

    // Nothing of another customer's shows anywhere the customer goes.
    for (const path of ['/portal/', '/portal/disputes', disputeUrl]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status')).toHaveCount(0);
      await expect(page.locator('body')).not.toContainText(OTHER_CUSTOMERS);
    }
  });

  test("an amount above the disputable amount shows the server's message at the amount", async ({ page }) => {
    await signInToPortal(page);
    await filterOverdue(page);
    const number = await openDisputableOverdueInvoice(page);
    await startDispute(page, number);

    await page.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Pricing error' });
    const amount = page.getByRole('textbox', { name: 'Amount' });
    await amount.fill('999999999.00');
    await page.getByRole('button', { name: 'File dispute' }).click();

    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    await expect(amount).toHaveAccessibleDescription(/You can dispute at most [\d.]+ USD on this invoice/);
    await expect(page).toHaveURL(/\/dispute$/);
  });

  test('withdraws an open dispute', async ({ page }) => {
    await signInToPortal(page);
    await filterOverdue(page);
    const number = await openDisputableOverdueInvoice(page);
    await startDispute(page, number);
    await page.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Damaged or defective' });
    await page.getByRole('textbox', { name: 'Amount' }).fill('1.00');
    await page.getByRole('button', { name: 'File dispute' }).click();
    await expect(page).toHaveURL(/\/portal\/disputes\/[^/]+$/);
    const details = page.locator('dl[aria-label="Dispute details"]');
    await expect(details).toContainText('New');

    await page.getByRole('button', { name: 'Withdraw dispute' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw this dispute?' });
    await dialog.getByRole('textbox', { name: 'Reason (optional)' }).fill('The goods were fine after all.');
    await dialog.getByRole('button', { name: 'Withdraw dispute' }).click();

    await expect(dialog).toBeHidden();
    await expect(details).toContainText('Withdrawn');
    await expect(page.getByRole('button', { name: 'Withdraw dispute' })).toHaveCount(0);
    const timeline = page.getByRole('list', { name: 'Dispute timeline' });
    await expect(timeline).toContainText('Withdrawn');
    await expect(timeline).toContainText('The goods were fine after all.');
  });

  test("a refused upload shows the server's message and can be retried; the dispute is filed", async ({ page }) => {
    await signInToPortal(page);
    await filterOverdue(page);
    const number = await openDisputableOverdueInvoice(page);
    await startDispute(page, number);
    await page.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Freight or handling' });
    await page.getByRole('textbox', { name: 'Amount' }).fill('2.00');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'freight-terms.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });

    // The first attempt is refused the way the server refuses; the retry goes through.
    let attempts = 0;
    await page.route('**/api/documents/*/content', async (route) => {
      attempts += 1;
      if (attempts > 1) return route.continue();
      return route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'rate_limited', message: 'Too many uploads. Try again in a minute.' }),
      });
    });
    await page.getByRole('button', { name: 'File dispute' }).click();

    await expect(page.getByText('Upload failed: Too many uploads. Try again in a minute.')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Your dispute is filed' })).toBeVisible();
    await expect(page).toHaveURL(/\/dispute$/);

    await page.getByRole('button', { name: 'Retry uploading freight-terms.pdf' }).click();
    await expect(page).toHaveURL(/\/portal\/disputes\/[^/]+$/);
    await expect(page.getByRole('table', { name: 'Documents' })).toContainText('freight-terms.pdf');
    expect(attempts).toBe(2);
  });
});
