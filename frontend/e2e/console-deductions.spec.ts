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

test('a credit manager reads last quarter in euros, clicks the largest invalid-deduction reason down to its cases and exports the report', async ({
  page,
}) => {
  await page.goto('/console/reports');
  await page.getByRole('combobox', { name: 'Period' }).selectOption('last-quarter');
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('EUR');
  await expect(page.getByText(/^Every customer, EUR, /)).toBeVisible();

  // the reasons come largest invalid money first: the first row's invalid figure is the largest
  const byReason = page.getByRole('table', { name: 'Decided by reason' });
  const invalid = byReason.getByRole('link', { name: /^Invalid [A-Z_]+ cases: \d+$/ });
  await expect(invalid.first()).toBeVisible();
  const amounts = (await byReason.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) =>
    Number(/([\d,]+\.\d\d)/.exec(text)?.[1]?.replaceAll(',', '') ?? '0'),
  );
  expect(amounts[0]).toBe(Math.max(...amounts));
  const largest = invalid.first();
  const count = Number(/: (\d+)$/.exec((await largest.getAttribute('aria-label')) ?? '')?.[1] ?? 'NaN');
  expect(count).toBeGreaterThan(0);
  await largest.click();

  await expect(page.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Decided .* — show all$/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Cases' }).locator('tbody tr')).toHaveCount(Math.min(count, 25));
  await page.goBack();

  await page.getByRole('combobox', { name: 'Period' }).selectOption('last-quarter');
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('EUR');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download XLSX' }).click();
  expect((await download).suggestedFilename()).toMatch(/^receivables-EUR-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.xlsx$/);
});
