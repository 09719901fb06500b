import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = process.env.RECOUP_DEMO_PASSWORD ?? 'recoup-demo';

export const CUSTOMER = 'ap@northwind.example';
export const CLERK = 'clerk@recoup.example';
/**
 * For the wrong-password test only: the backend locks an address after a few
 * failed sign-ins, so failures must never be spent on the users other tests need.
 */
export const WRONG_PASSWORD_USER = 'ap@fabrikam.example';

/**
 * Fills in the sign-in form on the current page and submits it. Only for the tests about signing in (the form,
 * wrong passwords, signing out, sessions ending): every other test is signed in by the fixtures (fixtures.ts).
 */
export async function submitSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await expect(page.getByRole('heading', { name: 'Sign in to Recoup' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export function invoiceTable(page: Page) {
  return page.getByRole('table', { name: 'Invoices' });
}

/** The data rows of the invoice list (without the header row). */
export function invoiceRows(page: Page) {
  return invoiceTable(page).locator('tbody tr');
}

/** A tiny but valid one-page PDF 1.4, built with a correct cross-reference table. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** POSTs a GraphQL operation with the page's session and CSRF token, as the app does. */
export async function graphql(page: Page, query: string, variables: Record<string, unknown> = {}) {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'recoup_csrf')?.value ?? '';
  const response = await page.request.post('/graphql', {
    data: { query, variables },
    headers: { 'X-CSRF-Token': decodeURIComponent(csrf) },
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as { data: Record<string, Record<string, unknown>> };
}

/**
 * Every badge on the page shows its whole label: none is squeezed behind an ellipsis ("ASSIG…") or clipped. A label
 * is cut off when its text is wider than its box; the badges wait for the page to show them first.
 */
export async function noBadgeCutOff(page: Page) {
  const badges = page.locator('.mantine-Badge-root');
  await expect(badges.first()).toBeVisible();
  const cutOff = await badges.evaluateAll((roots) =>
    roots
      .filter((root) => root instanceof HTMLElement && root.offsetParent !== null)
      .filter((root) => {
        const label = root.querySelector('.mantine-Badge-label') ?? root;
        return [label, root].some((box) => box.scrollWidth > box.clientWidth + 1);
      })
      .map((root) => root.textContent?.trim() ?? ''),
  );
  expect(cutOff, 'no badge is cut off').toEqual([]);
}
