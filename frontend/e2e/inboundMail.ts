import type { Page } from '@playwright/test';
import { expect } from './fixtures';

// E-mails as the mailbox stores them, for the inbound mail specs: handed in on the console's Inbound mail page as
// a clerk does with a customer's message saved from their mail program.

/** A PNG's signature and nothing else: enough for the archive's check of what a file is. */
const PHOTO = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

/** An e-mail from `sender`, with a photo attached when `photo` is set. */
export function email(sender: string, subject: string, run: string, photo = false): Buffer {
  const boundary = `b-${run}`;
  const parts = [
    `From: Accounts Payable <${sender}>`,
    'To: remittances@seller.example',
    `Subject: ${subject}`,
    'Date: Fri, 20 Nov 2026 09:30:00 +0000',
    `Message-ID: <${run}-${subject.replace(/\W+/g, '-')}@e2e.example>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please see attached.',
  ];
  if (photo) {
    parts.push(
      `--${boundary}`,
      'Content-Type: image/png',
      'Content-Disposition: attachment; filename="pallet-photo.png"',
      'Content-Transfer-Encoding: base64',
      '',
      PHOTO.toString('base64'),
    );
  }
  parts.push(`--${boundary}--`, '');
  return Buffer.from(parts.join('\r\n'));
}

/** Hands `content` in on the Inbound mail page (open) and waits for the server to take it. */
export async function handIn(page: Page, name: string, content: Buffer) {
  const form = page.getByRole('form', { name: 'Hand in a message' });
  await form.locator('input[type="file"]').setInputFiles({ name, mimeType: 'message/rfc822', buffer: content });
  await form.getByRole('button', { name: 'Hand in' }).click();
  await expect(form.getByRole('status')).toContainText('being read');
}
