import type { Page } from '@playwright/test';
import { expect, test, type SignedIn } from './fixtures';
import { CLERK, graphql } from './support';

// The administration screens under /console/admin. What these tests add
// (a reason code, a routing rule) is created inactive, so cases filed by
// other specs are neither offered the reason nor routed by the rule.

const ADMIN = 'admin@recoup.example';
const READ_ONLY = 'You can look at these settings; only an admin can change them.';
const REFUSED = 'Only an admin can change this.';

/** `email` (signed in by the fixture) at /console/, then on an administration screen. */
async function signInAndOpen(signedIn: SignedIn, email: string, path = ''): Promise<Page> {
  const page = await signedIn(email);
  await page.goto('/console/');
  await expect(page.getByRole('banner')).toContainText('Staff console');
  await page.goto(`/console/admin${path}`);
  return page;
}

/** A fresh suffix per run, so reruns against the same database do not collide. */
function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();
}


test.describe('console administration', () => {
  test('an admin adds a reason code and sees it listed', async ({ signedIn }) => {
    const page = await signInAndOpen(signedIn, ADMIN);
    await expect(page.getByRole('heading', { name: 'Administration', level: 1 })).toBeVisible();
    await page.getByRole('link', { name: 'Reason codes' }).click();
    await expect(page).toHaveURL(/\/console\/admin\/reason-codes$/);
    const table = page.getByRole('table', { name: 'Reason codes' });
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expect(page.getByText(READ_ONLY)).toHaveCount(0);

    const code = `E2E_${runId()}`;
    const label = `E2E reason ${code.slice(4)}`;
    await page.getByRole('button', { name: 'Add reason code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a reason code' });
    await dialog.getByRole('textbox', { name: 'Code' }).fill(code.toLowerCase());
    await expect(dialog.getByRole('textbox', { name: 'Code' })).toHaveValue(code);
    await dialog.getByRole('textbox', { name: 'Label' }).fill(label);
    await dialog.getByRole('combobox', { name: 'Category' }).selectOption('trade');
    await dialog.getByRole('textbox', { name: 'SLA (days)' }).fill('0');
    await dialog.getByRole('checkbox', { name: /^Active/ }).uncheck();
    await dialog.getByRole('button', { name: 'Add reason code' }).click();

    // The server's own rule, shown beside the field it is about.
    await expect(dialog.getByRole('textbox', { name: 'SLA (days)' })).toHaveAccessibleDescription(
      /between 1 and 365 days/,
    );
    await dialog.getByRole('textbox', { name: 'SLA (days)' }).fill('7');
    await dialog.getByRole('button', { name: 'Add reason code' }).click();
    await expect(dialog).toBeHidden();

    const row = table.locator('tbody tr', { hasText: code });
    await expect(row).toContainText(label);
    await expect(row).toContainText('Trade');
    await expect(row).toContainText('7 days');
    await expect(row).toContainText('Inactive');
  });

  test("an admin maps a retailer's remittance code, re-points it and removes it", async ({ signedIn }) => {
    const page = await signInAndOpen(signedIn, ADMIN);
    await page.getByRole('link', { name: 'Remittance codes' }).click();
    await expect(page).toHaveURL(/\/console\/admin\/external-codes$/);
    const table = page.getByRole('table', { name: 'Remittance codes' });
    // The seeded standard lists are there.
    await page.getByRole('textbox', { name: 'Find a code' }).fill('x12 04');
    await expect(table.locator('tbody tr', { hasText: '04' }).first()).toContainText('DAMAGED');

    const scheme = `e2e_${runId().toLowerCase()}`.slice(0, 16);
    await page.getByRole('button', { name: 'Map a code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Map a remittance code' });
    await dialog.getByRole('textbox', { name: 'Code list' }).fill(scheme);
    await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('otif');
    await dialog.getByRole('combobox', { name: 'Means' }).selectOption('COMPLIANCE');
    await dialog.getByRole('button', { name: 'Add mapping' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('textbox', { name: 'Find a code' }).fill(scheme);
    const row = table.locator('tbody tr', { hasText: scheme });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('OTIF');
    await expect(row).toContainText('COMPLIANCE');

    await row.getByRole('button', { name: `Change ${scheme} OTIF` }).click();
    const change = page.getByRole('dialog', { name: `Change ${scheme} OTIF` });
    await change.getByRole('combobox', { name: 'Means' }).selectOption('FREIGHT');
    await change.getByRole('button', { name: 'Save changes' }).click();
    await expect(change).toBeHidden();
    await expect(row).toContainText('FREIGHT');

    await row.getByRole('button', { name: `Remove ${scheme} OTIF` }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByText('No mapping matches.')).toBeVisible();
  });

  test('an admin creates a routing rule', async ({ signedIn }) => {
    const page = await signInAndOpen(signedIn, ADMIN, '/routing-rules');
    await expect(page.getByRole('heading', { name: 'Routing rules', level: 1 })).toBeVisible();

    const priority = String(9000 + Math.floor(Math.random() * 999));
    await page.getByRole('button', { name: 'New routing rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New routing rule' });
    await dialog.getByRole('textbox', { name: 'Priority' }).fill(priority);
    await dialog.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: 'Robin Credit' });
    await dialog.getByRole('combobox', { name: 'Reason' }).selectOption({ index: 1 });
    const customer = dialog.getByRole('combobox', { name: 'Customer' });
    await customer.selectOption({ index: 1 });
    const customerName = (await customer.locator('option:checked').textContent()) ?? '';
    expect(customerName).not.toBe('');
    await dialog.getByRole('textbox', { name: 'From amount' }).fill('2000.00');
    await dialog.getByRole('textbox', { name: 'Up to amount' }).fill('1000.00');
    await dialog.getByRole('checkbox', { name: /^Active/ }).uncheck();
    await dialog.getByRole('button', { name: 'Create rule' }).click();

    // A reversed band is refused by the server, beside the upper amount.
    const upTo = dialog.getByRole('textbox', { name: 'Up to amount' });
    await expect(upTo).toHaveAccessibleDescription(/upper amount is below its lower amount/);
    await upTo.fill('5000.00');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByRole('table', { name: 'Routing rules' }).locator('tbody tr', { hasText: priority });
    await expect(row).toContainText('Robin Credit');
    await expect(row).toContainText(customerName);
    await expect(row).toContainText(/2,000\.00 to 5,000\.00/);
    await expect(row).toContainText('Inactive');
  });

  test('a clerk sees the settings read-only and is refused changes', async ({ signedIn }) => {
    const page = await signInAndOpen(signedIn, CLERK);
    await page.getByRole('link', { name: 'Write-off limits' }).click();
    const limits = page.getByRole('table', { name: 'Write-off limits' });
    await expect(limits).toContainText('AR clerk');
    await expect(limits).toContainText('No limit');
    await expect(page.getByText(READ_ONLY)).toBeVisible();
    await expect(page.getByRole('button', { name: /^Change the limit/ })).toHaveCount(0);

    await page.getByRole('link', { name: '← Administration' }).click();
    await page.getByRole('link', { name: 'Reason codes' }).click();
    await expect(page.getByRole('table', { name: 'Reason codes' }).locator('tbody tr').first()).toBeVisible();
    await expect(page.getByText(READ_ONLY)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add reason code' })).toHaveCount(0);

    await page.goto('/console/admin/routing-rules');
    await expect(page.getByRole('heading', { name: 'Routing rules', level: 1 })).toBeVisible();
    await expect(page.getByText(READ_ONLY)).toBeVisible();
    await expect(page.getByRole('button', { name: 'New routing rule' })).toHaveCount(0);

    await page.goto('/console/admin/staff-users');
    const staff = page.getByRole('table', { name: 'Staff users' });
    await expect(staff).toContainText('Dana Admin');
    await expect(page.getByText(READ_ONLY)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Add a staff user' })).toHaveCount(0);
    await expect(staff.getByRole('combobox')).toHaveCount(0);
    await expect(staff.getByRole('button')).toHaveCount(0);

    // Even without the screens' controls, the server refuses and says why.
    const answer = await graphql(
      page,
      'mutation($role: String!, $maxAmount: Decimal) { setWriteOffLimit(role: $role, maxAmount: $maxAmount) { __typename ... on NotPermittedResult { message } } }',
      { role: 'ar_clerk', maxAmount: null },
    );
    expect(answer.data.setWriteOffLimit).toEqual({ __typename: 'NotPermittedResult', message: REFUSED });
  });

  test('a clerk opens one of their saved views in the queue and deletes it', async ({ signedIn }) => {
    const page = await signInAndOpen(signedIn, CLERK);
    const name = `E2E view ${runId()}`;
    const saved = await graphql(
      page,
      'mutation($name: String!, $filter: JSON!) { saveView(name: $name, filter: $filter) { __typename } }',
      { name, filter: { status: ['NEW', 'ASSIGNED'], mine: true } },
    );
    expect(saved.data.saveView).toEqual({ __typename: 'SettingSaved' });

    await page.getByRole('link', { name: 'Saved views' }).click();
    const link = page.getByRole('table', { name: 'Saved views' }).getByRole('link', { name });
    await expect(link).toHaveAttribute('href', '/console/queue?status=NEW&status=ASSIGNED&mine=true');
    await link.click();
    await expect(page).toHaveURL(/\/console\/queue\?status=NEW&status=ASSIGNED&mine=true$/);
    await page.goBack();

    await page.getByRole('button', { name: `Delete the view ${name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete view' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('link', { name })).toHaveCount(0);

    // An older link to the console's address keeps its filter too.
    await page.goto('/console/?status=IN_REVIEW');
    await expect(page).toHaveURL(/\/console\/queue\?status=IN_REVIEW$/);
  });
});
