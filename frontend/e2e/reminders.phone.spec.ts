import type { Page } from '@playwright/test';
import { localIsoDate } from '../src/shared/format/dates';
import { expect, test } from './fixtures';
import { noBadgeCutOff } from './support';

// A payment reminder on a phone held upright (390 px): the collector sends Contoso Retail its reminder from the
// console (at a desk, in a desktop-size window), and the customer reads it on their phone and answers "Already
// paid" with the payment's reference, day and amount; nothing is cut off or pushed sideways.

const COLLECTOR = 'collector@recoup.example';
const CONTOSO = 'ap@contoso.example';
const ACCOUNT = 'Contoso Retail';

async function noSidewaysScrolling(page: Page) {
  const [scrollWidth, clientWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scrollWidth, 'the page is no wider than the screen').toBeLessThanOrEqual(clientWidth);
}

/** The element's box lies within the screen's width: nothing of it is cut off at either side. */
async function withinScreenWidth(page: Page, what: ReturnType<Page['locator']>) {
  const box = await what.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box, 'the element is laid out').not.toBeNull();
  expect(box!.x, 'its left edge is on screen').toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, 'its right edge is on screen').toBeLessThanOrEqual(width);
}

test('a customer reads a reminder on a phone and tells the collector it is already paid', async ({ signedIn }) => {
  // Two people (signed in by the fixture) and a dunning letter: ~4 s idle, ~7 s on a loaded 2-core machine.
  test.setTimeout(120_000);
  const run = Date.now().toString(36);

  // The collector, at a desk, sends Contoso the reminder now due.
  const collector = await signedIn(COLLECTOR, { viewport: { width: 1280, height: 800 }, hasTouch: false });
  await collector.goto('/console/');
  await expect(collector.getByRole('banner')).toContainText('Staff console');
  await collector.getByRole('link', { name: 'Collections', exact: true }).click();
  const filters = collector.getByRole('search', { name: 'Filter the worklist' });
  await filters.getByRole('textbox', { name: 'Search accounts' }).fill('Contoso');
  await filters.getByRole('button', { name: 'Search' }).click();
  const accounts = collector.getByRole('table', { name: 'Accounts' }).locator('tbody tr');
  await expect(accounts).toHaveCount(1);
  await accounts.first().getByRole('link', { name: ACCOUNT }).click();
  await expect(collector.getByRole('heading', { name: ACCOUNT, level: 1 })).toBeVisible();
  await collector.getByRole('link', { name: 'Send reminders now' }).click();
  const letter = collector.getByRole('table', { name: 'Planned reminders' }).getByRole('row').filter({ hasText: ACCOUNT });
  await letter.getByRole('checkbox', { name: `Select ${ACCOUNT} (C-1002)` }).check();
  await collector.getByRole('button', { name: 'Send selected' }).click();
  await expect(collector.getByRole('status')).toContainText('1 reminder(s) sent.');
  await collector.context().close();

  // The customer, on the phone, opens Reminders from the menu and reads it.
  const page = await signedIn(CONTOSO);
  await page.goto('/portal/');
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('menuitem', { name: 'Reminders' }).click();
  await expect(page.getByRole('heading', { name: 'Reminders', level: 1 })).toBeVisible();
  const reminder = page.getByRole('region', { name: /^Reminder / }).first();
  await expect(reminder).toBeVisible();
  const facts = reminder.locator('dl').first();
  await expect(facts).toContainText('Amount due');
  await expect(facts).toContainText('$');
  const due = reminder.getByRole('table', { name: /^Due on reminder / });
  await expect(due.locator('tbody tr').first()).toContainText('overdue');
  await withinScreenWidth(page, due);
  await withinScreenWidth(page, reminder.getByRole('link', { name: /^Download PDF of reminder / }));
  await noSidewaysScrolling(page);
  await noBadgeCutOff(page);

  // "Already paid": reference, day and amount; the form and its button are on screen.
  await reminder.getByRole('button', { name: 'Already paid' }).click();
  const form = reminder.getByRole('form', { name: /^Already paid reminder / });
  const reference = form.getByRole('textbox', { name: 'Payment reference' });
  const paidOn = form.getByLabel('Paid on');
  const amount = form.getByRole('textbox', { name: 'Amount paid (USD)' });
  for (const field of [reference, paidOn, amount]) {
    await field.scrollIntoViewIfNeeded();
    await expect(field).toBeInViewport();
    await withinScreenWidth(page, field);
  }
  await reference.fill(`BANK-${run}`);
  await paidOn.fill(localIsoDate(new Date()));
  await amount.fill('250.00');
  await noSidewaysScrolling(page);
  const send = form.getByRole('button', { name: 'Tell your collector' });
  await withinScreenWidth(page, send);
  await send.click();

  const confirmation = reminder.getByRole('status').filter({ hasText: 'Sent to your collector' });
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toBeInViewport();
  await withinScreenWidth(page, confirmation);
  await noSidewaysScrolling(page);
});
