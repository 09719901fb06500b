import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { noBadgeCutOff } from './support';

// Orders on a phone held upright (390 px): Tailspin Toys opens Orders from the menu, reads its three orders with
// their statuses in full, narrows the list to the shipped one and back, and follows SO-5001: its lines as cards,
// the shipment with its carrier, tracking and proof of delivery, and the invoice that bills it; nothing is cut off
// or pushed sideways. Read only: the desktop orders spec settles and claims on the same order at the same time.

const TAILSPIN = 'ap@tailspin.example';
const ORDER = 'SO-5001';
const POD = 'POD DL-5001.pdf';
const ORDERS: [string, string][] = [
  ['SO-5001', 'Invoiced'],
  ['SO-5002', 'Shipped'],
  ['SO-5003', 'Closed'],
];

async function noSidewaysScrolling(page: Page) {
  const [scrollWidth, clientWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scrollWidth, 'the page is no wider than the screen').toBeLessThanOrEqual(clientWidth);
}

/** The element's box lies within the screen's width: nothing of it is cut off at either side. */
async function withinScreenWidth(page: Page, what: Locator) {
  const box = await what.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box, 'the element is laid out').not.toBeNull();
  expect(box!.x, 'its left edge is on screen').toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, 'its right edge is on screen').toBeLessThanOrEqual(width);
}

/** The value of the figure labelled `label` in a list of facts (a <dl> of dt/dd pairs). */
function fact(list: Locator, label: string) {
  const escaped = label.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');
  return list
    .locator('dt')
    .filter({ hasText: new RegExp(`^${escaped}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

test('a customer follows an order on a phone: the list, its status filter, and the order with its delivery', async ({
  signedIn,
}) => {
  // One person, read only, but the POD is read by the worker shortly after the backend starts: the reload loop
  // below may wait up to two minutes for it on a loaded machine.
  test.setTimeout(240_000);

  const page = await signedIn(TAILSPIN);
  await page.goto('/portal/');
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();

  // Orders, from the menu (on a phone the pages are behind the menu button).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('menuitem', { name: 'Orders' }).click();
  await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/portal\/orders$/);

  const rows = page.getByRole('table', { name: 'Orders' }).locator('tbody tr');
  const row = (number: string) => rows.filter({ has: page.getByRole('link', { name: number, exact: true }) });
  await expect(rows).toHaveCount(ORDERS.length);
  for (const [number, status] of ORDERS) {
    const badge = row(number).locator('.mantine-Badge-root');
    await expect(badge).toHaveText(status);
    await withinScreenWidth(page, badge);
  }
  await noSidewaysScrolling(page);
  await noBadgeCutOff(page);

  // Only the shipped order, then all of them again.
  const filters = page.getByRole('search', { name: 'Filter orders' });
  const status = filters.getByRole('combobox', { name: 'Status' });
  await status.selectOption({ label: 'Shipped' });
  await expect(page).toHaveURL(/[?&]status=SHIPPED/);
  await expect(rows).toHaveCount(1);
  await expect(row('SO-5002')).toHaveCount(1);
  await expect(row('SO-5002').locator('.mantine-Badge-root')).toHaveText('Shipped');
  await noSidewaysScrolling(page);

  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/status=/);
  await expect(status).toHaveValue('');
  await expect(rows).toHaveCount(ORDERS.length);
  for (const [number] of ORDERS) await expect(row(number)).toHaveCount(1);

  // SO-5001.
  await row(ORDER).getByRole('link', { name: ORDER, exact: true }).click();
  const heading = page.getByRole('heading', { name: `Order ${ORDER}`, level: 1 });
  await expect(heading).toBeVisible();
  await expect(page).toHaveURL(/\/portal\/orders\/[^/]+$/);

  // The lines are cards on a phone, not a table.
  const lines = page.getByRole('list', { name: 'Order lines' });
  await expect(lines).toBeVisible();
  await expect(page.getByRole('table', { name: 'Order lines' })).toHaveCount(0);
  const blocks = lines.getByRole('listitem').filter({ hasText: 'TT-BLK-100' });
  await expect(blocks).toHaveCount(1);
  await expect(blocks).toContainText('Building blocks, box of 100');
  await expect(fact(blocks, 'Ordered')).toHaveText('75');
  await expect(fact(blocks, 'Shipped')).toHaveText('75');
  await expect(fact(blocks, 'Delivered')).toHaveText('65');
  await withinScreenWidth(page, blocks);

  const shipment = page.getByRole('region', { name: 'Shipment DL-5001' });
  await expect(shipment).toContainText('Blue Line Freight');
  await expect(shipment).toContainText('BLF-884211');

  // The worker reads the POD shortly after the backend starts and links it to the delivery: until then the
  // shipment says "None yet". Load the page again until it shows the link.
  const podLink = shipment.getByRole('link', { name: POD });
  await expect(async () => {
    await page.reload();
    await expect(heading).toBeVisible();
    await expect(podLink).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  await podLink.scrollIntoViewIfNeeded();
  await withinScreenWidth(page, podLink);

  const invoices = page.getByRole('table', { name: 'Invoices for this order' });
  await expect(invoices.getByRole('link', { name: 'INV-TT-5001', exact: true })).toBeVisible();

  await noSidewaysScrolling(page);
  await noBadgeCutOff(page);
});
