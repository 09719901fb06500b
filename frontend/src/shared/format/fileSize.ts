import { userLocale } from './locale';

const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

/** A byte count for people: "1 byte", "512 bytes", "14.2 KB", "25 MB" (1 KB = 1024 bytes). */
export function formatFileSize(bytes: number, locale: string = userLocale()): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return bytes === 1 ? '1 byte' : `${new Intl.NumberFormat(locale).format(bytes)} bytes`;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  return `${number} ${UNITS[unit]}`;
}
