import { expect, test } from './fixtures';
import { CLERK } from './support';

// The reports: a period and a currency, every measure with its definition, "No data" where nothing divides.

test.use({ user: CLERK });

test('staff read last quarter in a currency and every measure shows its figure or "No data" with its definition', async ({
  page,
}) => {
  await page.goto('/console/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();

  await page.getByRole('combobox', { name: 'Period' }).selectOption('last-quarter');
  const currency = page.getByRole('combobox', { name: 'Currency' });
  await expect(currency.locator('option').first()).toHaveText(/^[A-Z]{3}$/);
  const codes = await currency.locator('option').allTextContents();
  await currency.selectOption(codes[codes.length - 1] ?? 'USD');

  const measures = page.getByRole('list', { name: 'Measures' });
  const dso = measures.getByRole('listitem', { name: 'DSO (simple)' });
  await expect(dso).toContainText(/\d+\.\d days|No data/);
  await expect(dso).toContainText('Receivables ÷ credit sales × days.');
  await expect(measures.getByRole('listitem')).toHaveCount(14);
  await expect(page.getByRole('list', { name: 'Measures' })).not.toContainText('NaN');
  await expect(page.getByText(`Every customer, ${codes[codes.length - 1]}, `, { exact: false })).toBeVisible();

  // the trend: twelve months, each figure in the table beside the chart
  await expect(page.getByRole('table', { name: 'Trend by month' }).locator('tbody tr')).toHaveCount(12);

  // the same report as a workbook, named by its currency and period
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download XLSX' }).click();
  expect((await download).suggestedFilename()).toMatch(/^receivables-[A-Z]{3}-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);

  // this quarter: a decided figure of the breakdown by reason opens the work queue on exactly those cases
  await page.getByRole('combobox', { name: 'Period' }).selectOption('this-quarter');
  await currency.selectOption(codes[0] ?? 'USD');
  // wait for this quarter's figures, not last quarter's still on the page
  const now = new Date();
  const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
  const from = quarterStart.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  await expect(page.getByText(`Every customer, ${codes[0]}, ${from} –`, { exact: false })).toBeVisible();
  const decided = page.getByRole('table', { name: 'Decided by reason' }).getByRole('link').first();
  const label = (await decided.getAttribute('aria-label')) ?? '';
  const count = Number(/: (\d+)$/.exec(label)?.[1] ?? 'NaN');
  expect(count).toBeGreaterThan(0);
  await decided.click();
  await expect(page.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Decided .* — show all$/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Cases' }).locator('tbody tr')).toHaveCount(Math.min(count, 25));
  await page.goBack();

  // every measure opens the records behind it: the deduction rate the cases opened, DSO the invoices
  await measures.getByRole('listitem', { name: 'Deduction rate' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: / — show all$/ }).first()).toBeVisible();
  await page.goBack();
  await dso.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Receivables by customer', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Receivables by customer' }).locator('tbody tr').first()).toBeVisible();
  await page.goBack();
  await dso.getByRole('link', { name: 'Invoices issued in the period (the sales)', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'All invoices', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^In [A-Z]{3} only — show all$/ })).toBeVisible();
  await page.goBack();
  await measures.getByRole('listitem', { name: 'Promises kept' }).getByRole('link', { name: 'Promises settled in the period', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Promises to pay settled', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Promises settled' }).or(page.getByText('No promise to pay was settled'))).toBeVisible();
  await page.goBack();

  // a root cause narrows the case figures of every section, never the books
  await page.getByRole('combobox', { name: 'Root cause' }).selectOption('Carrier');
  await expect(page.getByText(/These narrow the case figures/)).toBeVisible();
  const causes = page.getByRole('table', { name: 'Decided by root cause' });
  await expect(causes.locator('tbody th').or(page.getByText('No case was decided in this period.').first())).not.toHaveCount(0);
  // waits for the narrowed answer: the rows of the figures before the filter may still be on screen a moment
  await expect(causes.locator('tbody th').filter({ hasNotText: /^Carrier$/ })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Root cause' }).selectOption('Every root cause');

  // how fast those cases were decided, by staff member
  await page
    .getByRole('region', { name: 'How fast cases were decided' })
    .locator('label')
    .filter({ hasText: /^Staff member$/ })
    .click();
  await expect(page.getByRole('table', { name: 'Resolution by group' })).toContainText('Staff member');

  // one customer's figures say whose they are
  await page.getByRole('textbox', { name: 'Customer number' }).fill('C-1001');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByText('Customer C-1001, ', { exact: false })).toBeVisible();

  // a custom period of one day, long ago: no sales, so every ratio is "No data", never an error
  await page.getByRole('combobox', { name: 'Period' }).selectOption('custom');
  await page.getByLabel('From', { exact: true }).fill('2001-01-01');
  await page.getByLabel('To', { exact: true }).fill('2001-01-01');
  await expect(dso).toContainText('No data');
  await expect(measures.getByRole('listitem', { name: 'Collection effectiveness (CEI)' })).toContainText('No data');
});
