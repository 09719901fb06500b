import { expect, test } from './fixtures';
import { CLERK, CUSTOMER, graphql } from './support';

// Root cause beside reason: a clerk decides a case saying what really went wrong, the case page and its history
// show it, and the Reports page's "Root causes" section counts it and opens the work queue on exactly its cases.
// The case is filed by this test, so it runs again against the same database (the figures only grow).

test('a clerk denies a case as a promotion set-up error and the report clicks down to it', async ({ signedIn }) => {
  test.setTimeout(120_000);
  const run = `${Date.now().toString(36)}`.toUpperCase();

  // given: the customer disputes 1.00 of an open dollar invoice, as a trade promotion
  const customer = await signedIn(CUSTOMER);
  await customer.goto('/portal/');
  const invoices = await graphql(
    customer,
    'query { invoices(first: 100, filter: { status: [OPEN, OVERDUE, DISPUTED] }) { edges { node { id number currency disputableAmount } } } }',
  );
  const edges = invoices.data.invoices!.edges as { node: { id: string; number: string; currency: string; disputableAmount: string } }[];
  const invoice = edges.map((edge) => edge.node).find((node) => node.currency === 'USD' && node.disputableAmount !== '0.00')!;
  const filed = await graphql(
    customer,
    'mutation($input: FileDisputeInput!) { fileDispute(input: $input) { ... on DisputeFiled { dispute { id } } } }',
    {
      input: {
        invoiceId: invoice.id,
        reasonCode: 'PROMOTION',
        amount: '1.00',
        description: `Spring promotion price (run ${run}).`,
        idempotencyKey: `e2e-rc-${run}`,
      },
    },
  );
  const caseId = (filed.data.fileDispute as { dispute: { id: string } }).dispute.id;
  await customer.context().close();

  // when: the clerk denies it, and must say what really went wrong first
  const clerk = await signedIn(CLERK);
  await clerk.goto(`/console/cases/${caseId}`);
  await clerk.getByRole('button', { name: 'Deny…' }).click();
  const deny = clerk.getByRole('dialog', { name: 'Deny the claim' });
  await deny.getByRole('textbox', { name: 'Reason for the customer' }).fill('The promotion ended before this order.');
  await deny.getByRole('button', { name: 'Deny claim' }).click();
  const cause = deny.getByRole('combobox', { name: /Root cause/ });
  await expect(cause).toHaveAccessibleDescription(/Choose what really went wrong/);
  await cause.selectOption({ label: 'Promotion set-up' });
  await deny.getByRole('button', { name: 'Deny claim' }).click();
  await expect(deny).toBeHidden();

  // then: the case says so, and its history records it
  const details = clerk.locator('dl[aria-label="Case details"] > div');
  await expect(details.filter({ has: clerk.locator('dt', { hasText: /^Root cause$/ }) }).locator('dd')).toHaveText('Promotion set-up');
  await expect(clerk.getByRole('table', { name: 'Audit trail' })).toContainText('Promotion set-up');

  // and the Reports page counts it this month, in dollars, under its root cause and beside its reason
  await clerk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await clerk.getByRole('combobox', { name: 'Period' }).selectOption('this-month');
  await clerk.getByRole('combobox', { name: 'Currency' }).selectOption('USD');
  const section = clerk.getByRole('region', { name: 'Root causes' });
  const beside = section.getByRole('table', { name: 'Root cause beside reason' });
  await expect(beside.getByRole('row').filter({ hasText: 'PROMOTION' }).filter({ hasText: 'Promotion set-up' })).toBeVisible();
  await expect(section.getByRole('table', { name: 'Root causes by month' }).locator('tbody tr')).toHaveCount(12);
  const figure = section.getByRole('table', { name: 'Decided by root cause' }).getByRole('link', { name: /^Promotion set-up, invalid: \d+ cases?$/ });
  const count = Number(/: (\d+) cases?$/.exec((await figure.getAttribute('aria-label')) ?? '')?.[1] ?? 'NaN');
  expect(count).toBeGreaterThan(0);

  // the page's root cause filter narrows every section's case figures to it: ours is among the decided by reason
  await clerk.getByRole('combobox', { name: 'Root cause', exact: true }).selectOption('Promotion set-up');
  await expect(section.getByRole('table', { name: 'Decided by root cause' }).locator('tbody tr')).toHaveCount(1);
  await expect(clerk.getByRole('table', { name: 'Decided by reason' }).getByRole('row').filter({ hasText: 'PROMOTION' })).toBeVisible();
  await expect(clerk.getByRole('listitem', { name: 'Valid share' })).toContainText('%');

  // a click opens the work queue on exactly those cases, ours among them
  await figure.click();
  await expect(clerk.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
  await expect(clerk.getByRole('combobox', { name: /Root cause/ })).toHaveValue('PROMOTION_SETUP');
  const rows = clerk.getByRole('table', { name: 'Cases' }).locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(count, 25));
  await expect(clerk.getByRole('table', { name: 'Cases' })).toContainText(invoice.number);
  await clerk.context().close();
});
