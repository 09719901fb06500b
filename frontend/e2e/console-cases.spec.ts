import type { Page } from '@playwright/test';
import { expect, test, type SignedIn } from './fixtures';
import { CLERK, CUSTOMER, minimalPdf } from './support';

// The staff console's case page and its decisions, against the demo
// backend. Every test finds or files its own cases, so they run in any order
// and again against the same database. Customer and staff each get their own
// browser context (their own cookies).

const CREDIT_MANAGER = 'credit@recoup.example';

/** A fresh suffix per run, so reruns against the same database never collide. */
function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();
}

/** A money string in cents, exactly (no floating point): "1234.5" → 123450n. */
function cents(amount: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`Not an amount: ${amount}`);
  const value = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -value : value;
}

function fromCents(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** "$1,234.50" → "1234.50". */
function shownAmount(text: string): string {
  return text.replace(/[^\d.-]/g, '');
}

function money(amount: string, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount as `${number}`);
}

/** `email` at `area` ("portal" or "console"), in a browser context of their own (signed in by the fixture). */
async function openAs(signedIn: SignedIn, area: 'portal' | 'console', email: string): Promise<Page> {
  const page = await signedIn(email);
  await page.goto(`/${area}/`);
  await expect(page.getByRole('banner')).toContainText(area === 'portal' ? 'Sign out' : 'Staff console');
  return page;
}

/** POSTs a GraphQL operation with the page's session and CSRF token, as the app does. */
async function graphql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'recoup_csrf')?.value ?? '';
  const response = await page.request.post('/graphql', {
    data: { query, variables },
    headers: { 'X-CSRF-Token': decodeURIComponent(csrf) },
  });
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

interface OpenInvoice {
  id: string;
  number: string;
  currency: string;
  openBalance: string;
  disputableAmount: string;
}

/** One of the customer's open invoices that can still take a dispute of `atLeast`. */
async function disputableInvoice(page: Page, atLeast: string): Promise<OpenInvoice> {
  const data = await graphql<{ invoices: { edges: { node: OpenInvoice }[] } }>(
    page,
    `query { invoices(first: 100, filter: { status: [OPEN, OVERDUE, DISPUTED] }) {
      edges { node { id number currency openBalance disputableAmount } } } }`,
  );
  const invoice = data.invoices.edges
    .map((edge) => edge.node)
    .find((node) => node.currency === 'USD' && cents(node.disputableAmount) >= cents(atLeast));
  if (!invoice) throw new Error(`No open invoice can take a dispute of ${atLeast}`);
  return invoice;
}

/** The value of one fact in a FactList, e.g. "Open balance" in the "Amounts" list. */
function fact(page: Page, list: string, label: string) {
  return page
    .locator(`dl[aria-label="${list}"] > div`)
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd');
}

test.describe('staff console: cases', () => {
  test('a dispute goes from the portal through the queue to a partial credit the customer sees', async ({ signedIn }) => {
    test.setTimeout(120_000);
    const run = runId();
    const customer = await openAs(signedIn, 'portal', CUSTOMER);
    const invoice = await disputableInvoice(customer, '10.00');

    // The customer files a pricing dispute of 10.00 on the whole invoice, in the portal's form.
    await customer.goto(`/portal/invoices/${invoice.id}`);
    await expect(customer.getByRole('heading', { name: `Invoice ${invoice.number}`, level: 1 })).toBeVisible();
    const openBalanceBefore = shownAmount((await fact(customer, 'Amounts', 'Open balance').textContent()) ?? '');
    expect(cents(openBalanceBefore)).toBe(cents(invoice.openBalance));
    const creditedBefore = shownAmount((await fact(customer, 'Amounts', 'Credited').textContent()) ?? '');
    await customer.getByRole('link', { name: 'Dispute this invoice' }).click();
    await customer.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Pricing error' });
    await customer.getByRole('radio', { name: 'Whole invoice' }).check();
    await customer.getByRole('textbox', { name: 'Amount' }).fill('10.00');
    await customer.getByRole('textbox', { name: 'Description' }).fill(`Price list says less (run ${run}).`);
    await customer.getByRole('button', { name: 'File dispute' }).click();
    await expect(customer).toHaveURL(/\/portal\/disputes\/[^/]+$/);
    const disputeUrl = new URL(customer.url()).pathname;
    const caseId = disputeUrl.split('/').at(-1)!;

    // The clerk finds it in the queue by the invoice number and opens it.
    const clerk = await openAs(signedIn, 'console', CLERK);
    await expect(clerk.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
    await clerk.getByRole('textbox', { name: 'Search' }).fill(invoice.number);
    await clerk.getByRole('textbox', { name: 'Search' }).press('Enter');
    await expect(clerk).toHaveURL(new RegExp(`search=${invoice.number}`));
    const row = clerk.getByRole('table', { name: 'Cases' }).locator(`tr:has(a[href="/console/cases/${caseId}"])`);
    await expect(row).toContainText('Northwind Traders');
    await expect(row).toContainText('Pricing error');
    await expect(row).toContainText('$10.00');
    await expect(row.locator('[data-status]')).toHaveAttribute('data-status', /NEW|ASSIGNED/);
    await row.getByRole('link', { name: invoice.number }).click();
    await expect(clerk.getByRole('heading', { name: `${invoice.number} · Northwind Traders`, level: 1 })).toBeVisible();
    await expect(fact(clerk, 'Case details', 'Claimed')).toHaveText('$10.00');

    // An internal note stays with staff.
    const note = `Checked the price list (run ${run}).`;
    await clerk.getByRole('switch', { name: 'Internal note' }).click();
    await expect(clerk.getByRole('switch', { name: 'Internal note' })).toBeChecked();
    await clerk.getByRole('textbox', { name: 'Internal note' }).fill(note);
    await clerk.getByRole('button', { name: 'Add internal note' }).click();
    const noteItem = clerk.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: note });
    await expect(noteItem).toContainText('Internal note — not visible to the customer');

    // The clerk asks for information.
    await clerk.getByRole('button', { name: 'Request information…' }).click();
    const ask = clerk.getByRole('dialog', { name: 'Request information' });
    await ask.getByRole('textbox', { name: 'Question for the customer' }).fill(`Please send the price agreement (run ${run}).`);
    await ask.getByRole('button', { name: 'Send request' }).click();
    await expect(ask).toBeHidden();
    await expect(fact(clerk, 'Case details', 'Status')).toHaveText('Waiting on customer');

    // The customer sees the question, answers and attaches the agreement.
    await customer.goto(disputeUrl);
    await expect(fact(customer, 'Dispute details', 'Status')).toHaveText('Waiting for you');
    await expect(customer.getByRole('list', { name: 'Conversation' })).toContainText('Please send the price agreement');
    await expect(customer.locator('body')).not.toContainText(note);
    const reply = `Agreement attached (run ${run}).`;
    await customer.getByRole('textbox', { name: 'Your reply' }).fill(reply);
    await customer.getByRole('button', { name: 'Send reply' }).click();
    await expect(customer.getByRole('list', { name: 'Conversation' })).toContainText(reply);
    const filename = `price-agreement-${run}.pdf`;
    // The customer says what the file is before choosing it.
    await customer.getByRole('combobox', { name: 'What are you adding?' }).selectOption({ label: 'Price agreement' });
    await customer.locator('input[type="file"][aria-label="Add documents"]').setInputFiles({ name: filename, mimeType: 'application/pdf', buffer: minimalPdf() });
    const customerDocuments = customer.getByRole('table', { name: 'Documents' });
    await expect(customerDocuments).toContainText(filename);
    await expect(customerDocuments.getByRole('row').filter({ hasText: filename })).toContainText('Price agreement');

    // The clerk reloads, sees the answer and views the document in the page.
    await clerk.reload();
    await expect(fact(clerk, 'Case details', 'Status')).toHaveText('In review');
    await expect(clerk.getByRole('list', { name: 'Messages' })).toContainText(reply);
    const documents = clerk.getByRole('table', { name: 'Documents' });
    await expect(documents).toContainText(filename);
    await documents.getByRole('button', { name: `View ${filename}` }).click();
    const viewer = clerk.getByRole('region', { name: `Viewer: ${filename}` });
    await expect(viewer.locator('iframe')).toHaveAttribute('src', /^blob:/);
    await expect(viewer.locator('iframe')).toHaveAttribute('title', `Document: ${filename}`);

    // The clerk approves 6.00 of the 10.00.
    await clerk.getByRole('button', { name: 'Approve…' }).click();
    const approve = clerk.getByRole('dialog', { name: 'Approve the claim' });
    await approve.getByRole('radio', { name: 'In part' }).check();
    await approve.getByRole('textbox', { name: 'Amount to approve (USD)' }).fill('6.00');
    await approve.getByRole('textbox', { name: /Note/ }).fill('Agreed price confirmed for part of the lines.');
    await approve.getByRole('combobox', { name: /Root cause/ }).selectOption({ label: 'Pricing master data' });
    await approve.getByRole('button', { name: 'Approve' }).click();
    await expect(approve).toBeHidden();
    const done = clerk.getByRole('status').filter({ hasText: 'credit memo' });
    await expect(done).toContainText(/Approved \$6\.00: credit memo CM-\d+ is issued\./);
    const memo = /CM-\d+/.exec((await done.textContent()) ?? '')![0];
    await expect(fact(clerk, 'Case details', 'Status')).toHaveText('Partly accepted');
    await expect(clerk.getByRole('table', { name: 'Credit memos' })).toContainText(memo);
    await expect(clerk.getByRole('button', { name: 'Approve…' })).toHaveCount(0);

    // The customer sees the credit memo on the dispute and the new open balance on the invoice.
    await customer.goto(disputeUrl);
    await expect(fact(customer, 'Dispute details', 'Status')).toHaveText('Partly accepted');
    await expect(customer.getByRole('list', { name: 'Dispute timeline' })).toContainText(memo);
    await customer.getByRole('link', { name: `View invoice ${invoice.number}` }).click();
    await expect(customer.getByRole('heading', { name: `Invoice ${invoice.number}`, level: 1 })).toBeVisible();
    const expectedBalance = fromCents(cents(openBalanceBefore) - cents('6.00'));
    await expect(fact(customer, 'Amounts', 'Open balance')).toHaveText(money(expectedBalance, 'USD'));
    await expect(fact(customer, 'Amounts', 'Credited')).toHaveText(money(fromCents(cents(creditedBefore) + cents('6.00')), 'USD'));

    await customer.context().close();
    await clerk.context().close();
  });

  test('a stale version asks to reload; a clerk cannot reopen a denied case, a credit manager can', async ({ signedIn }) => {
    // Three people in three browser contexts (signed in by the fixture): ~5 s idle, ~10 s on a loaded 2-core machine.
    test.setTimeout(120_000);
    const run = runId();
    const customer = await openAs(signedIn, 'portal', CUSTOMER);
    const invoice = await disputableInvoice(customer, '1.00');
    const filed = await graphql<{ fileDispute: { dispute: { id: string } } }>(
      customer,
      `mutation($input: FileDisputeInput!) { fileDispute(input: $input) { ... on DisputeFiled { dispute { id } } } }`,
      {
        input: {
          invoiceId: invoice.id,
          reasonCode: 'FREIGHT',
          amount: '1.00',
          description: `Freight charged twice (run ${run}).`,
          idempotencyKey: `e2e-${run}-file`,
        },
      },
    );
    const caseId = filed.fileDispute.dispute.id;
    await customer.context().close();

    const clerk = await openAs(signedIn, 'console', CLERK);
    await clerk.goto(`/console/cases/${caseId}`);
    await expect(fact(clerk, 'Case details', 'Claimed')).toHaveText('$1.00');
    const version = Number(await fact(clerk, 'Case details', 'Version').textContent());

    // Someone else assigns the case meanwhile: the version the page holds is stale.
    const staff = await graphql<{ staffMembers: { id: string; email: string }[] }>(clerk, '{ staffMembers { id email } }');
    const collector = staff.staffMembers.find((member) => member.email === 'collector@recoup.example')!;
    await graphql(clerk, 'mutation($ids: [ID!]!, $to: ID) { assignCases(caseIds: $ids, assigneeId: $to) { __typename } }', {
      ids: [caseId],
      to: collector.id,
    });
    await clerk.getByRole('button', { name: 'Deny…' }).click();
    const deny = clerk.getByRole('dialog', { name: 'Deny the claim' });
    await deny.getByRole('textbox', { name: 'Reason for the customer' }).fill('Freight is charged once per delivery.');
    await deny.getByRole('combobox', { name: /Root cause/ }).selectOption({ label: 'Customer error' });
    await deny.getByRole('button', { name: 'Deny claim' }).click();
    await expect(deny.getByRole('alert')).toContainText('Someone else changed this case');
    await deny.getByRole('button', { name: 'Reload case' }).click();
    await expect(fact(clerk, 'Case details', 'Version')).toHaveText(String(version + 1));
    await deny.getByRole('button', { name: 'Deny claim' }).click();
    await expect(deny).toBeHidden();
    await expect(fact(clerk, 'Case details', 'Status')).toHaveText('Declined');

    // A clerk may not reopen it.
    await clerk.getByRole('button', { name: 'Reopen…' }).click();
    const reopen = clerk.getByRole('dialog', { name: 'Reopen the case' });
    await reopen.getByRole('button', { name: 'Reopen case' }).click();
    await expect(reopen.getByRole('alert')).toContainText('Only a credit manager or an admin can reopen a case.');
    await clerk.context().close();

    // A credit manager can; the audit trail shows every step with before and after.
    const manager = await openAs(signedIn, 'console', CREDIT_MANAGER);
    await manager.goto(`/console/cases/${caseId}`);
    await manager.getByRole('button', { name: 'Reopen…' }).click();
    const managerReopen = manager.getByRole('dialog', { name: 'Reopen the case' });
    await managerReopen.getByRole('textbox', { name: 'Reason (optional)' }).fill('The carrier invoice shows two charges.');
    await managerReopen.getByRole('button', { name: 'Reopen case' }).click();
    await expect(managerReopen).toBeHidden();
    await expect(fact(manager, 'Case details', 'Status')).toHaveText('In review');
    const audit = manager.getByRole('table', { name: 'Audit trail' });
    await expect(audit).toContainText('Reopened');
    await expect(audit).toContainText('Denied');
    await expect(audit).toContainText('Status:');
    await manager.context().close();
  });
});
