import { expect, test } from './fixtures';
import { email, handIn } from './inboundMail';
import { CLERK, CUSTOMER, noBadgeCutOff } from './support';

// The Inbound mail page on a phone held upright (390 px): the review list and the messages read in full, their
// status and reason badges never squeezed, nothing wider than the screen.

test.use({ user: CLERK });

test('a clerk on a phone reads the review list and the processed mail in full', async ({ page }) => {
  const run = Date.now().toString(36);
  await page.goto('/console/cash/inbound-mail');
  await expect(page.getByRole('heading', { name: 'Inbound mail', level: 1 })).toBeVisible();
  await handIn(page, `photo-${run}.eml`, email(CUSTOMER, `Damaged pallet ${run}`, run, true));
  await handIn(page, `stranger-${run}.eml`, email(`ap-${run}@unknown-${run}.example`, `Who am I ${run}`, run, true));

  const processed = page
    .getByRole('list', { name: 'Inbound messages' })
    .getByRole('listitem')
    .filter({ hasText: `Damaged pallet ${run}` });
  await expect(processed).toContainText('Processed', { timeout: 20_000 });
  const waiting = page.getByRole('list', { name: 'Review list' }).getByRole('listitem').filter({ hasText: `Who am I ${run}` });
  await expect(waiting).toContainText('Unknown sender', { timeout: 20_000 });
  await expect(waiting.getByRole('button', { name: 'Assign' })).toBeVisible();
  await noBadgeCutOff(page);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
