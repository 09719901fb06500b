import { describe, expect, it } from 'vitest';
import { ACCEPT_ATTRIBUTE, MAX_UPLOAD_BYTES, fileProblem } from './fileChecks';

const file = (name: string, type: string, size = 1000) => ({ name, type, size });

describe('fileProblem', () => {
  it.each([
    ['proof-of-delivery.pdf', 'application/pdf'],
    ['photo.JPG', 'image/jpeg'],
    ['photo.jpeg', 'image/jpeg'],
    ['scan.png', 'image/png'],
    ['scan.tiff', 'image/tiff'],
  ])('accepts %s (%s)', (name, type) => {
    expect(fileProblem(file(name, type))).toBeNull();
  });

  it('judges by the extension when the browser gives no type', () => {
    expect(fileProblem(file('scan.TIF', ''))).toBeNull();
    expect(fileProblem(file('notes.txt', ''))).toMatch(/not accepted/);
    expect(fileProblem(file('no-extension', ''))).toMatch(/not accepted/);
  });

  it('refuses other types even with an accepted-looking name', () => {
    expect(fileProblem(file('invoice.pdf', 'application/x-msdownload'))).toMatch(/not accepted/);
    expect(fileProblem(file('sheet.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'))).toBe(
      'This type of file is not accepted. Use PDF, JPEG, PNG or TIFF.',
    );
  });

  it('allows exactly 25 MB and refuses one byte more', () => {
    expect(fileProblem(file('big.pdf', 'application/pdf', MAX_UPLOAD_BYTES))).toBeNull();
    expect(fileProblem(file('big.pdf', 'application/pdf', MAX_UPLOAD_BYTES + 1))).toBe(
      'This file is larger than 25 MB, the limit per file.',
    );
  });

  it('refuses empty files', () => {
    expect(fileProblem(file('empty.pdf', 'application/pdf', 0))).toBe('This file is empty.');
  });
});

describe('ACCEPT_ATTRIBUTE', () => {
  it('lists the types and extensions for the file picker', () => {
    expect(ACCEPT_ATTRIBUTE.split(',')).toEqual(
      expect.arrayContaining(['application/pdf', '.pdf', 'image/jpeg', '.jpg', 'image/png', 'image/tiff', '.tif']),
    );
  });
});
