import type { Page } from '@playwright/test';
import { expect, test, type SignedIn } from './fixtures';
import { CLERK, noBadgeCutOff } from './support';

// The staff console's work queue and dashboard against the demo backend. Nothing
// here changes a case (the write-offs are refused), so the tests run in any order
// and again against the same database.

const OPEN_STATUSES = 'status=NEW&status=ASSIGNED&status=IN_REVIEW&status=WAITING_ON_CUSTOMER&status=WAITING_ON_INTERNAL';

/** A clerk in the console, in a browser context of their own (signed in by the fixture). */
async function signedInClerk(signedIn: SignedIn): Promise<Page> {
  const page = await signedIn(CLERK);
  await page.goto('/console/');
  await expect(page.getByRole('banner')).toContainText('Staff console');
  // The console opens on the cases still to be worked.
  await expect(page).toHaveURL(new RegExp(`/console/queue\\?${OPEN_STATUSES}$`));
  return page;
}

test.describe('staff console: work queue and dashboard', () => {
  test("a clerk's write-off above the role's limit shows the limit, singly and in bulk", async ({ signedIn }) => {
    const clerk = await signedInClerk(signedIn);
    await clerk.goto(`/console/queue?${OPEN_STATUSES}&amountMin=250.01&sort=AMOUNT_HIGHEST`);
    const rows = clerk.getByRole('table', { name: 'Cases' }).locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    await expect(clerk.getByRole('textbox', { name: 'Amount from' })).toHaveValue('250.01');

    // In bulk: both cases are refused and listed with the reason.
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    const bar = clerk.getByRole('region', { name: 'Selected cases' });
    await expect(bar).toContainText('2 cases selected');
    await bar.getByRole('button', { name: 'Write off' }).click();
    const bulk = clerk.getByRole('dialog', { name: 'Write off 2 cases?' });
    await bulk.getByRole('textbox', { name: 'Reason' }).fill('Not worth pursuing.');
    await bulk.getByRole('combobox', { name: /Root cause/ }).selectOption({ label: 'Other' });
    await bulk.getByRole('button', { name: 'Write off 2 cases' }).click();
    const panel = clerk.getByRole('alert', { name: 'None of the 2 cases could be written off.' });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('listitem')).toHaveCount(2);
    await expect(panel.getByRole('listitem').first()).toContainText(/write off at most 250\.00 [A-Z]{3} per case/);

    // One case: the dialog shows the server's message. (The row's other link is the account's on-hold badge.)
    await rows.first().getByRole('link').filter({ hasNotText: 'Account on hold' }).click();
    await clerk.getByRole('button', { name: 'Write off…' }).click();
    const dialog = clerk.getByRole('dialog', { name: 'Write off the claim' });
    await dialog.getByRole('button', { name: 'Write off' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Reason' })).toHaveAccessibleDescription(/Say why this is written off/);
    await dialog.getByRole('textbox', { name: 'Internal reason (staff only)' }).fill('Small amount, not worth the research.');
    // What the customer reads is a field of its own: the internal reason never reaches them.
    await dialog.getByRole('textbox', { name: 'Message to the customer (optional)' }).fill('Credited as a goodwill gesture.');
    await dialog.getByRole('combobox', { name: /Root cause/ }).selectOption({ label: 'Other' });
    await dialog.getByRole('button', { name: 'Write off' }).click();
    await expect(dialog.getByRole('alert')).toContainText(/Your role may write off at most 250\.00 [A-Z]{3} per case\. Ask a credit manager\./);
    await expect(dialog).toBeVisible();
    await clerk.context().close();
  });

  test('the dashboard shows its numbers and a reason bar opens the queue filtered by that reason', async ({ signedIn }) => {
    const clerk = await signedInClerk(signedIn);
    await clerk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(clerk.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    await expect(clerk.getByRole('group', { name: 'Open cases' })).toContainText(/\d/);
    await expect(clerk.getByRole('group', { name: 'Open amount' })).toContainText(/\d[\d,]*\.\d{2}/);
    await expect(clerk.getByRole('table', { name: 'Open by reason: numbers' }).locator('tbody tr').first()).toBeVisible();

    // Automation: three rates over the last twelve ISO weeks (the demo book has deductions from remittances in them), the newest
    // week last, each rate with its counts; the customers' table or its empty state below.
    const automation = clerk.getByRole('region', { name: 'Automation' });
    await expect(automation.getByRole('group', { name: 'Cases closed by rule' })).toContainText(/(\d+\.\d %|—)/);
    const weeks = automation.getByRole('table', { name: 'Automation per week: numbers' }).locator('tbody tr');
    await expect(weeks).toHaveCount(12);
    await expect(weeks.last().locator('th')).toHaveText(/^\d{4}-W\d{2}$/);
    await expect(
      automation
        .getByRole('table', { name: 'By customer, most payment lines first' })
        .or(automation.getByText('No payment lines from a known customer in the last twelve weeks.')),
    ).toBeVisible();

    const bar = clerk.getByRole('list', { name: 'Open by reason: chart' }).getByRole('link').first();
    const label = (await bar.getAttribute('aria-label')) ?? '';
    const [, reason, count] = /^(.+): (\d+) cases?,/.exec(label) ?? [];
    expect(reason, label).toBeTruthy();
    await bar.click();

    await expect(clerk).toHaveURL(/\/console\/queue\?.*reasonCodes=[A-Z_]+/);
    await expect(clerk.getByRole('heading', { name: 'Work queue', level: 1 })).toBeVisible();
    await expect(clerk.getByText(count === '1' ? '1 case' : `${count} cases`, { exact: true })).toBeVisible();
    const reasons = clerk.getByRole('table', { name: 'Cases' }).locator('tbody tr td:nth-child(4)');
    await expect(reasons.first()).toHaveText(reason!);
    expect(new Set(await reasons.allTextContents())).toEqual(new Set([reason]));
    await clerk.context().close();
  });

  test("the open cases' status, on-hold and flag badges are read in full, never squeezed by the columns", async ({ signedIn }) => {
    const clerk = await signedInClerk(signedIn);
    await expect(clerk.getByRole('table', { name: 'Cases' }).locator('tbody tr').first()).toBeVisible();
    await noBadgeCutOff(clerk);
    await clerk.context().close();
  });

  test('queue filters live in the URL: status chips, my queue and clearing', async ({ signedIn }) => {
    const clerk = await signedInClerk(signedIn);
    // From the whole queue (the console opens on the open statuses, each chip on).
    await clerk.goto('/console/queue');
    await expect(clerk.getByRole('table', { name: 'Cases' })).toBeVisible();
    // The chip's checkbox is visually hidden behind its label, which is what a user clicks.
    const chips = clerk.getByRole('group', { name: 'Cases by status' });
    await chips.getByText(/^In review: \d+$/).click();
    await expect(chips.getByRole('checkbox', { name: /^In review: \d+$/ })).toBeChecked();
    await expect(clerk).toHaveURL(/status=IN_REVIEW/);
    // The switch shows what the URL holds, so it turns on once the URL has changed.
    await clerk.getByRole('switch', { name: 'My queue' }).click();
    await expect(clerk).toHaveURL(/mine=true/);
    await expect(clerk.getByRole('switch', { name: 'My queue' })).toBeChecked();
    const rows = clerk.getByRole('table', { name: 'Cases' }).locator('tbody tr');
    await expect(rows.locator('[data-status]:not([data-status="IN_REVIEW"])')).toHaveCount(0);
    await expect(rows.first()).toContainText('Alex Clerk');
    expect(new Set(await rows.locator('td:nth-child(7)').allTextContents())).toEqual(new Set(['Alex Clerk']));

    // The view survives a reload and can be cleared.
    await clerk.reload();
    await expect(clerk.getByRole('switch', { name: 'My queue' })).toBeChecked();
    await clerk.getByRole('button', { name: 'Clear filters' }).click();
    await expect(clerk).not.toHaveURL(/mine=true|status=/);
    await clerk.context().close();
  });
});
