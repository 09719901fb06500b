import type { Locator, Page } from '@playwright/test';
import { expect, test, type SignedIn } from './fixtures';
import { CLERK } from './support';

// Orders end to end (issue 17), each person in their own browser: Tailspin Toys follows order SO-5001 in the
// portal (ordered 75 building blocks, 65 delivered, its proof of delivery read by the worker after start); the AR
// clerk settles the invoice's price discrepancy with a credit memo; the customer claims the 10 missing blocks,
// which the records support, so a rule accepts the claim without a person; the clerk finds the case so marked.

const TAILSPIN = 'ap@tailspin.example';
const ORDER = 'SO-5001';
const INVOICE = 'INV-TT-5001';
const POD = 'POD DL-5001.pdf';
const SUPPORTED_MESSAGE = 'The proof of delivery shows 65 of 75 delivered: your claim of 10 matches.';

/** `email` at `area`, in a browser context of their own (signed in by the fixture). */
async function openAs(signedIn: SignedIn, area: 'console' | 'portal', email: string): Promise<Page> {
  const page = await signedIn(email);
  await page.goto(`/${area}/`);
  if (area === 'console') await expect(page.getByRole('banner')).toContainText('Staff console');
  else await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  return page;
}

function mainLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** The value of the fact labelled `label` in a list of facts (a <dl> of dt/dd pairs). */
function fact(list: Locator, label: string) {
  const escaped = label.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');
  const exactly = new RegExp(`^${escaped}$`);
  return list.locator('dt').filter({ hasText: exactly }).locator('xpath=following-sibling::dd[1]');
}

test('an order followed in the portal, its price discrepancy settled, and a shortage claim accepted by rule', async ({
  signedIn,
}) => {
  // Two people, the worker reading the POD (within seconds of the backend's start), a settlement, a claim checked
  // as it is typed and accepted by rule: ~9 s on an idle 2-core machine, ~12 s with one CPU kept busy beside it,
  // ~19 s with both; the budget leaves ten times that (the POD wait alone may take up to two minutes).
  test.setTimeout(240_000);
  const run = Date.now().toString(36);

  // 1. The customer finds SO-5001 among their orders and reads what became of it.
  const customer = await openAs(signedIn, 'portal', TAILSPIN);
  await mainLink(customer, 'Orders').click();
  await expect(customer.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
  const orderRow = customer.getByRole('table', { name: 'Orders' }).getByRole('row').filter({ hasText: ORDER });
  await expect(orderRow).toContainText('TT-PO-88');
  await orderRow.getByRole('link', { name: ORDER }).click();
  await expect(customer.getByRole('heading', { name: `Order ${ORDER}`, level: 1 })).toBeVisible();
  await expect(customer).toHaveURL(/\/portal\/orders\/[^/]+$/);

  const blocks = customer.getByRole('table', { name: 'Order lines' }).getByRole('row').filter({ hasText: 'TT-BLK-100' });
  await expect(blocks).toContainText('Building blocks, box of 100');
  // Line, SKU, description, then ordered, shipped and delivered.
  await expect(blocks.getByRole('cell').nth(3)).toHaveText('75');
  await expect(blocks.getByRole('cell').nth(4)).toHaveText('75');
  await expect(blocks.getByRole('cell').nth(5)).toHaveText('65');

  const shipment = customer.getByRole('region', { name: 'Shipment DL-5001' });
  const shipmentFacts = shipment.locator('dl[aria-label="Shipment DL-5001"]');
  await expect(shipment).toContainText('Blue Line Freight');
  await expect(shipment).toContainText('BLF-884211');

  // The worker reads the POD shortly after the backend starts and links it to the delivery: until then the
  // shipment says "None yet". Load the page again until it shows the link.
  const podLink = shipment.getByRole('link', { name: POD });
  await expect(async () => {
    await customer.reload();
    await expect(customer.getByRole('heading', { name: `Order ${ORDER}`, level: 1 })).toBeVisible();
    await expect(podLink).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  await expect(fact(shipmentFacts, 'Received by')).toHaveText('J. Ruiz');
  await expect(shipment.getByRole('table', { name: 'Lines of shipment DL-5001' })).toContainText(
    'From the proof of delivery',
  );
  const podDownload = customer.waitForEvent('download');
  await podLink.click();
  expect((await podDownload).suggestedFilename()).toBe(POD);

  const invoiceLink = customer.getByRole('table', { name: 'Invoices for this order' }).getByRole('link', { name: INVOICE });
  await invoiceLink.click();
  await expect(customer.getByRole('heading', { name: `Invoice ${INVOICE}`, level: 1 })).toBeVisible();
  await expect(customer).toHaveURL(/\/portal\/invoices\/[^/]+$/);

  // 2. Before the customer claims anything, the clerk settles the puzzles' price (invoiced 10.00, ordered at 9.20).
  const clerk = await openAs(signedIn, 'console', CLERK);
  await mainLink(clerk, 'Discrepancies').click();
  await expect(clerk.getByRole('heading', { name: 'Discrepancies', level: 1 })).toBeVisible();
  const discrepancies = clerk.getByRole('table', { name: 'Discrepancies' });
  const priceRow = discrepancies.getByRole('row').filter({ hasText: 'Invoiced above the order price' }).filter({ hasText: ORDER });
  const shortRow = discrepancies.getByRole('row').filter({ hasText: 'Short shipped, invoiced in full' }).filter({ hasText: ORDER });
  await expect(priceRow).toHaveCount(1);
  await expect(priceRow).toContainText('$8.00');
  await expect(priceRow).toContainText(INVOICE);
  await expect(shortRow).toContainText('$40.00');
  await priceRow.getByRole('button', { name: `Settle Invoiced above the order price, order ${ORDER} line 2` }).click();
  const settle = clerk.getByRole('dialog', { name: 'Settle: Invoiced above the order price' });
  await expect(settle).toContainText('At stake: $8.00');
  await expect(settle.getByRole('radio', { name: 'Credit memo' })).toBeChecked();
  await expect(settle.getByRole('textbox', { name: 'Amount to credit (USD)' })).toHaveValue('8.00');
  await settle.getByRole('textbox', { name: 'Note (optional)' }).fill(`Puzzles at the order's 9.20 (${run}).`);
  await settle.getByRole('button', { name: 'Settle', exact: true }).click();
  await expect(settle).toBeHidden();
  const settled = clerk.getByRole('status').filter({ hasText: 'Settled with credit memo' });
  await expect(settled).toHaveText(/^Settled with credit memo CM-[\w-]+\.$/);
  const priceMemo = /CM-[\w-]+(?=\.$)/.exec((await settled.textContent()) ?? '')?.[0] ?? '';
  await expect(priceRow).toHaveCount(0);
  // Gone from the open list on the server too, not only on this page: loaded afresh, the shortage row is still
  // there and the price row is not.
  await clerk.reload();
  await expect(shortRow).toBeVisible();
  await expect(priceRow).toHaveCount(0);
  // The POD the worker read cleared "Delivered without proof of delivery" by itself.
  const noPodRow = discrepancies.getByRole('row').filter({ hasText: 'Delivered without proof of delivery' });
  await expect(noPodRow.filter({ hasText: ORDER })).toHaveCount(0);

  // 3. The customer claims the 10 missing blocks on line 1; the records are shown beside the claim as it is typed.
  await customer.reload();
  await expect(customer.getByRole('heading', { name: `Invoice ${INVOICE}`, level: 1 })).toBeVisible();
  // The clerk's credit memo is on the invoice already.
  await expect(customer.getByRole('table', { name: 'Credit memos' })).toContainText(priceMemo);
  await customer.getByRole('link', { name: 'Dispute this invoice' }).click();
  await expect(customer.getByRole('heading', { name: `Dispute invoice ${INVOICE}`, level: 1 })).toBeVisible();
  await customer.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Shortage' });
  await customer.getByRole('radio', { name: 'Specific lines' }).check();
  const lines = customer.getByRole('table', { name: 'Lines to dispute' });
  const records = customer.getByTestId('claim-records');
  const fileAnyway = customer.getByRole('checkbox', { name: 'File anyway: I will send evidence' });

  // First a claim the records contradict: 1 puzzle short on line 2, of which all 10 were delivered. Filing it
  // asks for the receiving report or the customer's word; it is not filed.
  await lines.getByRole('checkbox', { name: 'Dispute line 2' }).check();
  await lines.getByRole('textbox', { name: 'Disputed quantity, line 2' }).fill('1');
  await expect(records).toHaveAttribute('data-verdict', 'CONTRADICTED');
  await expect(records).toHaveAttribute('aria-busy', 'false');
  await expect(records).toContainText('Our records differ from your claim');
  await expect(records).toContainText('The proof of delivery shows 10 of 10 delivered, signed by J. Ruiz');
  await expect(records).toContainText('attach your receiving report');
  await customer.getByRole('button', { name: 'File dispute' }).click();
  await expect(fileAnyway).toHaveAttribute('aria-invalid', 'true');
  await expect(customer.getByText('Attach your receiving report, or tick “File anyway: I will send evidence”.')).toBeVisible();
  await expect(customer).toHaveURL(/\/dispute$/);
  await lines.getByRole('checkbox', { name: 'Dispute line 2' }).uncheck();

  // Then the real claim: 10 blocks short on line 1, which the POD bears out.
  await lines.getByRole('checkbox', { name: 'Dispute line 1' }).check();
  await lines.getByRole('textbox', { name: 'Disputed quantity, line 1' }).fill('10');
  await expect(lines.getByRole('textbox', { name: 'Disputed amount, line 1' })).toHaveValue('40.00');
  await expect(customer.getByTestId('disputed-total')).toHaveText('Total disputed: $40.00');
  await expect(records).toHaveAttribute('data-verdict', 'SUPPORTED');
  await expect(records).toHaveAttribute('aria-busy', 'false');
  await expect(records.getByRole('alert').filter({ hasText: 'Our records support your claim' })).toBeVisible();
  const lineRecords = records.locator('[data-invoice-line-id]');
  await expect(lineRecords).toHaveCount(1);
  await expect(lineRecords).toContainText('Line 1 · TT-BLK-100');
  await expect(lineRecords).toContainText(`Order ${ORDER}`);
  await expect(lineRecords).toContainText('Matches our records');
  const figures: [string, string][] = [
    ['Ordered', '75'],
    ['Shipped', '75'],
    ['Delivered', '65'],
    ['Invoiced', '75'],
  ];
  for (const [label, value] of figures) {
    await expect(fact(lineRecords, label)).toHaveText(value);
  }
  await expect(lineRecords.getByRole('link', { name: POD })).toBeVisible();
  await expect(lineRecords).toContainText('Signed by J. Ruiz');
  await expect(lineRecords).toContainText(SUPPORTED_MESSAGE);
  await expect(fileAnyway).toHaveCount(0);
  await customer.getByRole('textbox', { name: 'Description' }).fill(`Ten cases of blocks never arrived (${run}).`);
  await customer.getByRole('button', { name: 'File dispute' }).click();

  // Filed, and accepted at once by the rule: the whole 40.00 is credited.
  await expect(customer.getByText('Your dispute is filed')).toBeVisible();
  await expect(customer.getByRole('heading', { name: 'Dispute: Shortage', level: 1 })).toBeVisible();
  const details = customer.locator('dl[aria-label="Dispute details"]');
  await expect(fact(details, 'Status')).toHaveText('Accepted');
  await expect(fact(details, 'Amount')).toHaveText('$40.00');
  await expect(fact(details, 'Closed')).not.toHaveText('Still open');
  const reference = ((await fact(details, 'Reference').textContent()) ?? '').trim();
  expect(reference).not.toBe('');
  const outcome = customer.locator('dl[aria-label="Outcome"]');
  await expect(fact(outcome, 'Claimed')).toHaveText('$40.00');
  await expect(fact(outcome, 'Accepted')).toHaveText('$40.00');
  await expect(fact(outcome, 'Refused (due again)')).toHaveText('$0.00');
  // 400.00 invoiced, less the clerk's 8.00 and this 40.00.
  await expect(fact(outcome, 'Still due on the invoice')).toHaveText('$352.00');
  const memos = customer.getByRole('table', { name: 'Credit memos' }).locator('tbody tr');
  await expect(memos).toHaveCount(1);
  await expect(memos.first()).toContainText('$40.00');
  await expect(customer.getByRole('list', { name: 'Dispute timeline' })).toContainText(/Accepted in full: 40\.00 USD, credit memo CM-/);
  await expect(customer.getByRole('button', { name: 'Withdraw dispute' })).toHaveCount(0);

  // 4. The clerk finds the case by its reference (decided cases are not in the queue's default open view).
  await mainLink(clerk, 'Queue').click();
  await expect(clerk.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  const filters = clerk.getByRole('search', { name: 'Filter the work queue' });
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(clerk).not.toHaveURL(/status=/);
  const search = filters.getByRole('textbox', { name: 'Search' });
  await search.fill(reference);
  await search.press('Enter');
  await expect(clerk).toHaveURL(new RegExp(`search=${reference}`));
  const cases = clerk.getByRole('table', { name: 'Cases' }).locator('tbody tr');
  await expect(cases).toHaveCount(1);
  await expect(cases.first()).toContainText(INVOICE);
  await expect(cases.first()).toContainText('Tailspin Toys');
  await expect(cases.first()).toContainText('Supported by our records');
  await expect(cases.first()).toContainText('Accepted');
  await cases.first().getByRole('link', { name: INVOICE }).click();

  await expect(clerk.getByRole('heading', { name: `${INVOICE} · Tailspin Toys`, level: 1 })).toBeVisible();
  const checked = clerk.getByRole('region', { name: 'Checked against our records' });
  await expect(checked).toContainText('Supported by our records');
  await expect(checked.getByRole('list', { name: 'What our records say' })).toContainText(`Line 1: ${SUPPORTED_MESSAGE}`);
  await expect(fact(clerk.locator('dl[aria-label="Case details"]'), 'Status')).toHaveText('Accepted');
  // Nobody decided it: the demo's "records support the claim" rule did, as the system.
  const approval = clerk.getByRole('table', { name: 'Audit trail' }).getByRole('row').filter({ hasText: 'Approved by rule' });
  await expect(approval).toHaveCount(1);
  await expect(approval).toContainText('when our records support the claim');
  await expect(approval).toContainText('Accepted in full: 40.00 USD');
  await expect(approval.getByRole('cell').nth(3)).toHaveText('Recoup automation');
});
