import { expect, test } from './fixtures';
import { CLERK, noBadgeCutOff } from './support';

// The staff console on a phone held upright (390 px): the work queue's table scrolls sideways in its own frame,
// and its status, on-hold and flag badges (and the case page's) are read in full, never squeezed to "ASSIG…".

const OPEN_STATUSES = 'status=NEW&status=ASSIGNED&status=IN_REVIEW&status=WAITING_ON_CUSTOMER&status=WAITING_ON_INTERNAL';
const CLOSED_STATUSES = 'status=RESOLVED_VALID&status=RESOLVED_PARTIAL&status=RESOLVED_INVALID&status=WRITTEN_OFF&status=WITHDRAWN';

test.use({ user: CLERK });

test('a clerk on a phone reads every badge of the work queue and of a case in full', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/console/');
  await expect(page.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Cases' }).locator('tbody tr');

  await page.goto(`/console/queue?${OPEN_STATUSES}`);
  await expect(rows.first()).toBeVisible();
  await noBadgeCutOff(page);

  await page.goto(`/console/queue?${CLOSED_STATUSES}`);
  await expect(rows.first()).toBeVisible();
  await noBadgeCutOff(page);

  // A case's header: its status, and the account's hold when there is one.
  await page.goto(`/console/queue?${OPEN_STATUSES}`);
  await rows.first().getByRole('link').filter({ hasNotText: 'Account on hold' }).click();
  await expect(page.getByRole('link', { name: /Back to the work queue/ })).toBeVisible();
  await noBadgeCutOff(page);
});

test("the dashboard's automation rates fit a phone: the cards stack, the tables scroll in their own frame", async ({ page }) => {
  await page.goto('/console/dashboard');
  const automation = page.getByRole('region', { name: 'Automation' });
  await expect(automation.getByRole('group', { name: 'Cash lines auto-matched' })).toBeVisible();
  await expect(automation.getByRole('table', { name: 'Automation per week: numbers' }).locator('tbody tr')).toHaveCount(12);
  const [scrollWidth, clientWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scrollWidth, 'the page is no wider than the screen').toBeLessThanOrEqual(clientWidth);
});

test('a clerk on a phone reaches every page from the menu', async ({ page }) => {
  await page.goto('/console/');
  await expect(page.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  // the pages are a menu behind one button (they were a 147 px strip showing two links at a time)
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveCount(0);
  await nav.getByRole('button', { name: 'Menu' }).click();
  const items = page.getByRole('menuitem');
  await expect(items).toHaveText(['Queue', 'Dashboard', 'Reports', 'Documents', 'Invoices', 'Orders', 'Discrepancies', 'Cash', 'Feeds', 'Administration']);
  for (const item of await items.all()) await expect(item).toBeInViewport();
  await page.getByRole('menuitem', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
});
