import { expect, test } from './fixtures';

// The Reports page's deductions section: a credit manager picks last quarter, narrows it to one reason, and follows
// the money written off for that reason down to exactly those cases in the work queue.

test.use({ user: 'credit@recoup.example' });

test('a credit manager filters the deductions by reason and clicks the written-off figure down to its cases', async ({
  page,
}) => {
  await page.goto('/console/reports');
  await page.getByRole('combobox', { name: 'Period' }).selectOption('last-quarter');
  const section = page.getByRole('region', { name: 'Deductions' });
  await expect(section.getByRole('list', { name: 'Deductions at a glance' }).getByRole('listitem')).toHaveCount(5);
  await expect(section.getByRole('listitem', { name: 'Recovery rate' })).toContainText(/%|No data/);
  await expect(section).not.toContainText('NaN');
  await expect(section.getByRole('table', { name: 'Open deductions by age' }).locator('tbody tr')).toHaveCount(4);

  // the reason with money written off by a person, and how many cases
  const written = section.getByRole('table', { name: 'Written off by reason' });
  const figure = written.getByRole('link', { name: /^Written off by a person, / }).first();
  const label = (await figure.getAttribute('aria-label')) ?? '';
  const [, reason = '', count = 'NaN'] = /^Written off by a person, ([A-Z_]+): (\d+)$/.exec(label) ?? [];
  expect(Number(count)).toBeGreaterThan(0);

  // narrowed to that reason (the page's filter), the table holds that reason alone, with the same figure
  await page.getByRole('combobox', { name: 'Reason' }).selectOption(reason);
  await expect(page.getByText(/These narrow the case figures/)).toBeVisible();
  await expect(written.locator('tbody tr')).toHaveCount(1);
  const narrowed = written.getByRole('link', { name: `Written off by a person, ${reason}: ${count}` });
  await narrowed.click();

  await expect(page.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Closed by a person — show all' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Cases' }).locator('tbody tr')).toHaveCount(Math.min(Number(count), 25));
});

test('the payment figures open the payments received in the period, the short ones apart', async ({ page }) => {
  await page.goto('/console/reports');
  await page.getByRole('combobox', { name: 'Period' }).selectOption('last-quarter');
  const section = page.getByRole('region', { name: 'Deductions' });
  await section.getByRole('link', { name: 'short payments' }).click();

  await expect(page.getByRole('heading', { name: 'Payments received', level: 1 })).toBeVisible();
  await expect(page.getByText(/short payments only/)).toBeVisible();
  await page.getByRole('link', { name: 'Short only — show all' }).click();
  await expect(page.getByText(/^Received .* · in [A-Z]{3} — \d+$/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Payments received' }).or(page.getByText('No payment was received'))).toBeVisible();
});
