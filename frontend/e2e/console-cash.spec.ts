import type { Page } from '@playwright/test';
import { sumDecimals } from '../src/shared/format/decimal';
import { isZeroAmount } from '../src/shared/format/money';
import { expect, test } from './fixtures';
import { CLERK, graphql } from './support';

// Cash application end to end: a clerk imports a lockbox file, watches it apply, reads the per-line
// report, and settles the line no rule was sure of from the exceptions queue.

type InvoiceRow = { id: string; number: string; openBalance: string; disputedAmount: string; account: { number: string } };


const INVOICES = `query { invoices(first: 100) { edges { node {
  id number openBalance disputedAmount account { number } } } } }`;

/** Three undisputed open invoices of one customer, with different open balances. */
async function threeOpenInvoices(page: Page): Promise<[InvoiceRow, InvoiceRow, InvoiceRow]> {
  const result = await graphql(page, INVOICES);
  const edges = (result.data.invoices as { edges: { node: InvoiceRow }[] }).edges;
  const open = edges.map((e) => e.node).filter((i) => !isZeroAmount(i.openBalance) && isZeroAmount(i.disputedAmount));
  const byAccount = new Map<string, InvoiceRow[]>();
  for (const invoice of open) byAccount.set(invoice.account.number, [...(byAccount.get(invoice.account.number) ?? []), invoice]);
  for (const invoices of byAccount.values()) {
    const amounts = new Set(invoices.map((i) => i.openBalance));
    const [a, b, c] = invoices;
    if (a && b && c && amounts.size === invoices.length) return [a, b, c];
  }
  throw new Error('the demo data has no customer with three undisputed open invoices of different balances');
}

test.use({ user: CLERK });

test('a clerk imports a remittance, reads its report and settles its exception', async ({ page }) => {
  await page.goto('/console/');
  await expect(page.getByRole('banner')).toContainText('Staff console');
  const [first, second, third] = await threeOpenInvoices(page);
  const run = Date.now().toString(36);
  const header =
    'payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n';
  // The second line pays two invoices in one sum and names neither: no rule is sure of that (a combination).
  const lump = sumDecimals([second.openBalance, third.openBalance]);
  const amount = sumDecimals([first.openBalance, lump]);
  const csv =
    header +
    `E2E-${run},2026-11-20,${first.account.number},${amount},${first.number.toLowerCase()},${first.openBalance},0,,,\n` +
    `E2E-${run},2026-11-20,${first.account.number},${amount},,${lump},0,,,\n`;

  await page.getByRole('link', { name: 'Cash' }).click();
  await expect(page.getByRole('heading', { name: 'Cash application', level: 1 })).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles({
    name: `lockbox-${run}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toContainText('queued');

  const imports = page.getByRole('table', { name: 'Remittance imports' });
  const row = imports.getByRole('row').filter({ hasText: `lockbox-${run}.csv` });
  await expect(row).toContainText('Applied', { timeout: 20_000 });
  await expect(row).toContainText('1 applied · 1 to decide');

  await row.getByRole('link', { name: `lockbox-${run}.csv` }).click();
  const lines = page.getByRole('list', { name: 'Lines of the import' });
  await expect(lines.getByRole('listitem').nth(0)).toContainText('normalised reference · confidence 0.97');
  await expect(lines.getByRole('listitem').nth(0)).toContainText(`Applied to ${first.number}`);
  await expect(lines.getByRole('listitem').nth(1)).toContainText('Needs a decision');

  await page.goto('/console/cash/exceptions');
  const card = page.getByRole('listitem').filter({ hasText: `E2E-${run}` });
  await expect(card).toContainText('combination');
  const pair = new RegExp(`^Apply to (${second.number} \\+ ${third.number}|${third.number} \\+ ${second.number})$`);
  await card.getByRole('button', { name: pair }).click();
  await expect(page.getByRole('listitem').filter({ hasText: `E2E-${run}` })).toHaveCount(0);

  for (const paid of [second, third]) {
    const after = await graphql(page, 'query($id: ID!) { invoice(id: $id) { openBalance } }', { id: paid.id });
    expect((after.data.invoice as { openBalance: string }).openBalance).toBe('0.00');
  }
});
