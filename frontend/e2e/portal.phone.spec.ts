import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { CUSTOMER, noBadgeCutOff } from './support';

// The customer's journey on a phone held upright (390 px, the "phone" project): the pages are a menu, the lists
// fit the screen without sideways scrolling, their badges are read in full, and the dispute form's amount and quantity
// are on screen.

async function noSidewaysScrolling(page: Page) {
  const [scrollWidth, clientWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scrollWidth, 'the page is no wider than the screen').toBeLessThanOrEqual(clientWidth);
}

async function openPage(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('menuitem', { name }).click();
}

test.describe('customer portal on a phone', () => {
  test.use({ user: CUSTOMER });

  test('a customer finds an overdue invoice, files a line claim and sees it in their disputes', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/portal/');
    await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
    const rows = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    await noSidewaysScrolling(page);
    await noBadgeCutOff(page);

    // An invoice with something left to dispute (the list shows its open balance).
    await page.goto('/portal/?status=OVERDUE');
    await expect(rows.first()).toBeVisible();
    await rows.first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Invoice');
    await noSidewaysScrolling(page);
    const start = page.getByRole('link', { name: /Dispute this invoice|File a dispute/ });
    await start.first().click();

    await page.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Shortage' });
    await page.getByRole('radio', { name: 'Specific lines' }).check();
    const lines = page.getByRole('list', { name: 'Lines to dispute' });
    await lines.getByRole('checkbox', { name: 'Dispute line 1' }).check();
    const amount = lines.getByRole('textbox', { name: 'Disputed amount, line 1' });
    const quantity = lines.getByRole('textbox', { name: 'Disputed quantity, line 1' });
    await expect(amount).toBeInViewport();
    await expect(quantity).toBeInViewport();
    await quantity.fill('1');
    await expect(amount).not.toHaveValue('');
    await noSidewaysScrolling(page);
    await page.getByRole('button', { name: 'File dispute' }).click();
    await expect(page.getByText('Your dispute is filed')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Claimed lines' })).toBeVisible();

    await openPage(page, 'Disputes');
    await expect(page.getByRole('heading', { name: 'Disputes', level: 1 })).toBeVisible();
    await expect(page.locator('tbody tr').first()).toContainText(/D-\d{4}-\d{6}/);
    await noSidewaysScrolling(page);
    await noBadgeCutOff(page);
  });
});

/** Every table on the page lies within the screen: none hides columns (amounts, downloads) behind a sideways
 * scroll inside its frame. */
async function tablesFit(page: Page) {
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('table')]
      .filter((table) => table.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((table) => table.getAttribute('aria-label') ?? '(a table)'),
  );
  expect(overflowing, 'tables wider than the screen').toEqual([]);
}

test.describe('customer portal on a phone: an invoice and the statement', () => {
  test.use({ user: CUSTOMER });

  test("an invoice's lines, memos and documents and the account statement fit the screen", async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/portal/');
    const rows = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    await rows.first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Invoice');
    const lines = page.getByRole('table', { name: 'Invoice lines' });
    await expect(lines).toBeVisible();
    await expect(lines.getByRole('columnheader')).toHaveText(['Line', 'Amount']);
    await noSidewaysScrolling(page);
    await tablesFit(page);

    await openPage(page, 'Account');
    const statement = page.getByRole('table', { name: 'Statement' });
    await expect(statement).toContainText('Closing balance');
    await expect(statement.getByRole('columnheader')).toHaveText(['Entry', 'Debit / credit', 'Balance']);
    // the note on deductions is read whole, above the table (it was a caption clipped mid-word)
    const note = page.getByText(/listed for information only: they do not change the balance/);
    await note.scrollIntoViewIfNeeded();
    await expect(note).toBeInViewport({ ratio: 1 });
    await noSidewaysScrolling(page);
    await tablesFit(page);
  });
});
