import { formatFileSize } from '../format/fileSize';

// What the document upload accepts. The server decides in the end; checking
// here first spares the customer a long upload that would be refused.

/** 25 MB, the server's limit per file. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const ACCEPTED_TYPES: Record<string, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/tiff': ['.tif', '.tiff'],
};

/** For the file picker's `accept` attribute: the MIME types and their extensions. */
export const ACCEPT_ATTRIBUTE = Object.entries(ACCEPTED_TYPES)
  .flatMap(([type, extensions]) => [type, ...extensions])
  .join(',');

/** Shown next to the drop zone. */
export const ACCEPTED_FILES_HINT = `PDF, JPEG, PNG or TIFF, up to ${formatFileSize(MAX_UPLOAD_BYTES, 'en-US')} each.`;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function isAcceptedType(file: Pick<File, 'name' | 'type'>): boolean {
  const extension = extensionOf(file.name);
  const type = file.type.toLowerCase();
  // Browsers leave the type empty when they don't know it (often TIFF): judge by the name then.
  if (type === '') return Object.values(ACCEPTED_TYPES).some((extensions) => extensions.includes(extension));
  return Object.hasOwn(ACCEPTED_TYPES, type);
}

/** Why this file can't be uploaded, in words for the customer, or null when it may be. */
export function fileProblem(file: Pick<File, 'name' | 'type' | 'size'>): string | null {
  if (!isAcceptedType(file)) return 'This type of file is not accepted. Use PDF, JPEG, PNG or TIFF.';
  if (file.size === 0) return 'This file is empty.';
  if (file.size > MAX_UPLOAD_BYTES) {
    return `This file is larger than ${formatFileSize(MAX_UPLOAD_BYTES, 'en-US')}, the limit per file.`;
  }
  return null;
}

/** The first bytes of each accepted type, as the server checks them (documents/file_types.py). */
const SIGNATURES: readonly (readonly number[])[] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // PNG
  [0x49, 0x49, 0x2a, 0x00], // TIFF, little-endian
  [0x4d, 0x4d, 0x00, 0x2a], // TIFF, big-endian
];

/** True when `head` (a file's first bytes) starts as a PDF, JPEG, PNG or TIFF does, whatever the file is called. */
export function startsAsAcceptedType(head: Uint8Array): boolean {
  return SIGNATURES.some((signature) => signature.every((byte, index) => head[index] === byte));
}

/** The first `count` bytes of a file (FileReader: every browser has it, and so does the test DOM). */
function firstBytes(file: Blob, count: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsArrayBuffer(file.slice(0, count));
  });
}

/**
 * fileProblem, then the file's own first bytes: a file named .pdf that is not
 * one is refused here, before it is ever listed as ready (the server checks
 * the same bytes again).
 */
export async function checkedFileProblem(file: File): Promise<string | null> {
  const problem = fileProblem(file);
  if (problem) return problem;
  const head = await firstBytes(file, 16);
  if (!startsAsAcceptedType(head)) {
    return 'This file is not really a PDF, JPEG, PNG or TIFF (its contents say otherwise). Choose another file.';
  }
  return null;
}
