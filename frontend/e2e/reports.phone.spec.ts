import { expect, test } from './fixtures';
import { CLERK } from './support';

// The reports on a phone held upright (390 px): the measures stack, nothing runs off the screen.

test.use({ user: CLERK });

test('the reports fit a phone', async ({ page }) => {
  await page.goto('/console/reports');
  const measures = page.getByRole('list', { name: 'Measures' });
  await expect(measures.getByRole('listitem')).toHaveCount(14);
  // the deductions section's tables too
  await expect(page.getByRole('table', { name: 'Open deductions by age' }).locator('tbody tr')).toHaveCount(4);
  const [scrollWidth, clientWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scrollWidth, 'the page is no wider than the screen').toBeLessThanOrEqual(clientWidth);
});
