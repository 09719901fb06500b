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
