import { expect, test } from './fixtures';
import { email, handIn } from './inboundMail';
import { CLERK, CUSTOMER } from './support';

// The console's Inbound mail page: a customer's message read and processed, and the review list — a message from
// an unknown sender assigned to its customer (then read as theirs), one with nothing usable dismissed.

const NORTHWIND = 'C-1001'; // the demo customer whose user is ap@northwind.example

test.use({ user: CLERK });

test('a clerk reads processed mail and clears the review list', async ({ page }) => {
  const run = Date.now().toString(36);
  await page.goto('/console/cash');
  await page.getByRole('link', { name: 'Inbound mail' }).click();
  await expect(page.getByRole('heading', { name: 'Inbound mail', level: 1 })).toBeVisible();

  // a customer's claim photo: kept in the archive as theirs
  await handIn(page, `claim-${run}.eml`, email(CUSTOMER, `Pallet damage ${run}`, run, true));
  const all = page.getByRole('list', { name: 'Inbound messages' });
  const processed = all.getByRole('listitem').filter({ hasText: `Pallet damage ${run}` });
  await expect(processed).toContainText('Processed', { timeout: 20_000 });
  await expect(processed).toContainText('Northwind Traders');
  await expect(processed.getByRole('list', { name: 'Attachments' })).toContainText('Document');
  await expect(processed.getByRole('list', { name: 'Attachments' })).toContainText('pallet-photo.png');

  // an unknown sender: waits for a person, who says whose it is
  const stranger = `treasury-${run}@holding-${run}.example`;
  await handIn(page, `unknown-${run}.eml`, email(stranger, `Payment ${run}`, run, true));
  const review = page.getByRole('list', { name: 'Review list' });
  const waiting = review.getByRole('listitem').filter({ hasText: `Payment ${run}` });
  await expect(waiting).toContainText('Unknown sender', { timeout: 20_000 });
  const assign = waiting.getByRole('form', { name: 'Assign to a customer' });
  await assign.getByRole('textbox', { name: 'Customer number' }).fill(NORTHWIND);
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(review.getByRole('listitem').filter({ hasText: `Payment ${run}` })).toHaveCount(0);
  const assigned = all.getByRole('listitem').filter({ hasText: `Payment ${run}` });
  await expect(assigned).toContainText('Processed', { timeout: 20_000 });
  await expect(assigned).toContainText('Northwind Traders');
  await expect(page.getByRole('list', { name: 'Known senders' })).toContainText(stranger);

  // nothing usable: dismissed with a note
  await handIn(page, `hello-${run}.eml`, email(CUSTOMER, `Hello ${run}`, run));
  const hello = review.getByRole('listitem').filter({ hasText: `Hello ${run}` });
  await expect(hello).toContainText('Nothing usable', { timeout: 20_000 });
  const dismiss = hello.getByRole('form', { name: 'Dismiss the message' });
  await dismiss.getByRole('textbox', { name: 'Note' }).fill('A greeting');
  await dismiss.getByRole('button', { name: 'Dismiss' }).click();
  await expect(review.getByRole('listitem').filter({ hasText: `Hello ${run}` })).toHaveCount(0);
  await expect(all.getByRole('listitem').filter({ hasText: `Hello ${run}` })).toContainText('Dismissed');
});
