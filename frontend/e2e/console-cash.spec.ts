import type { Page } from '@playwright/test';
import { compareDecimals, sumDecimals } from '../src/shared/format/decimal';
import { isZeroAmount } from '../src/shared/format/money';
import { expect, test } from './fixtures';
import { CLERK, graphql } from './support';

// Cash application end to end: a clerk imports a lockbox file, watches it apply, reads the per-line
// report, and settles the line no rule was sure of from the exceptions queue.

type InvoiceRow = { id: string; number: string; openBalance: string; disputedAmount: string; account: { number: string } };


const INVOICES = `query { invoices(first: 100) { edges { node {
  id number openBalance disputedAmount account { number } } } } }`;

/**
 * Three undisputed open invoices of one customer, with different open balances over 10.00: of the first such
 * customer in the list, or of the last (so two tests running at once do not pay the same invoices).
 */
async function threeOpenInvoices(page: Page, which: 'first' | 'last' = 'first'): Promise<[InvoiceRow, InvoiceRow, InvoiceRow]> {
  const result = await graphql(page, INVOICES);
  const edges = (result.data.invoices as { edges: { node: InvoiceRow }[] }).edges;
  const open = edges
    .map((e) => e.node)
    .filter((i) => compareDecimals(i.openBalance, '10.00') > 0 && isZeroAmount(i.disputedAmount));
  const byAccount = new Map<string, InvoiceRow[]>();
  for (const invoice of open) byAccount.set(invoice.account.number, [...(byAccount.get(invoice.account.number) ?? []), invoice]);
  const customers = [...byAccount.values()];
  for (const invoices of which === 'first' ? customers : customers.reverse()) {
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
  const [first, second] = await threeOpenInvoices(page);
  const run = Date.now().toString(36);
  const header =
    'payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n';
  // The second line names nothing an invoice is numbered by ("see attached"): its amount alone suggests, a clerk
  // decides (an unreadable reference may name something else).
  const amount = sumDecimals([first.openBalance, second.openBalance]);
  const csv =
    header +
    `E2E-${run},2026-11-20,${first.account.number},${amount},${first.number.toLowerCase()},${first.openBalance},0,,,\n` +
    `E2E-${run},2026-11-20,${first.account.number},${amount},see attached,${second.openBalance},0,,,\n`;

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
  await expect(card).toContainText('amount and date');
  await card.getByRole('button', { name: `Apply to ${second.number}`, exact: true }).click();
  await expect(page.getByRole('listitem').filter({ hasText: `E2E-${run}` })).toHaveCount(0);

  const after = await graphql(page, 'query($id: ID!) { invoice(id: $id) { openBalance } }', { id: second.id });
  expect((after.data.invoice as { openBalance: string }).openBalance).toBe('0.00');
});

/**
 * How this customer's payables system writes a reference: its run, the invoice number cut at its dashes, then
 * `tail` codes of its own — a habit of this test run (another run on the same server most likely learns another).
 */
function houseStyle(run: string, invoice: InvoiceRow, tail: number): string {
  return `REMIT/${run}/${invoice.number.replace(/^INV-/, '').replaceAll('-', '/')}/${'A/'.repeat(tail)}END`;
}

test('a clerk applies an exception by hand and the next file from that customer matches the same way', async ({
  page,
}) => {
  await page.goto('/console/');
  const [first, second] = await threeOpenInvoices(page, 'last');
  const customer = first.account.number;
  const run = Date.now().toString(36);
  const tail = Date.now() % 12; // at most 51 characters: the lockbox layout keeps 64 of a reference
  const header =
    'payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n';
  // short paid by 5.00 with no reason given, under a reference none of the built-in rules reads
  const firstPaid = sumDecimals([first.openBalance, '-5.00']);
  const importFile = async (name: string, csv: string) => {
    await page.goto('/console/cash');
    await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    const row = page.getByRole('table', { name: 'Remittance imports' }).getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('Applied', { timeout: 20_000 });
    return row;
  };

  const taught = await importFile(
    `teach-${run}.csv`,
    header + `L1-${run},2026-11-20,${customer},${firstPaid},${houseStyle(run, first, tail)},${firstPaid},0,,,\n`,
  );
  await expect(taught).toContainText('0 applied · 1 to decide');

  await page.goto('/console/cash/exceptions');
  await page.getByRole('textbox', { name: 'Customer' }).fill(customer);
  await page.getByRole('button', { name: 'Filter' }).click();
  const card = page.getByRole('listitem').filter({ hasText: `L1-${run}` });
  await card.getByRole('textbox', { name: 'Or apply to invoice number(s)' }).fill(first.number);
  await card.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('listitem').filter({ hasText: `L1-${run}` })).toHaveCount(0);

  await page.goto('/console/cash/patterns');
  await page.getByRole('textbox', { name: 'Customer' }).fill(customer);
  await page.getByRole('button', { name: 'Filter' }).click();
  const learned = page.getByRole('listitem').filter({ hasText: houseStyle(run, first, tail) });
  await expect(learned).toContainText(customer);
  await expect(learned).toContainText('The invoice number is 2 groups ending at the');
  await expect(learned).toContainText(first.number);
  await expect(learned).toContainText('Applies cash');

  const matched = await importFile(
    `learned-${run}.csv`,
    header +
      `L2-${run},2026-11-20,${customer},${second.openBalance},${houseStyle(run, second, tail)},${second.openBalance},0,,,\n`,
  );
  await expect(matched).toContainText('1 applied · 0 to decide');
  await matched.getByRole('link', { name: `learned-${run}.csv` }).click();
  const line = page.getByRole('list', { name: 'Lines of the import' }).getByRole('listitem').nth(0);
  await expect(line).toContainText('learned pattern · confidence 0.96');
  await expect(line).toContainText(`Applied to ${second.number}`);
});
